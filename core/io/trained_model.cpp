#include "core/io/trained_model.h"

namespace layerlab::core {

Result<TrainedModel> loadTrainedModel(const Project& project, const std::string& projectDir, SavedWeights policy) {
    if (policy == SavedWeights::Require && !project.weights)
        return makeError("the project holds no trained weights; train it first (in the window, or with "
                         "'layerlab train FILE --save-weights FILE') and save it");
    auto data = loadProjectData(project, projectDir);
    if (!data) return data.error();
    auto schema = rawInputSchema(project, *data, projectDir);
    if (!schema) return schema.error();
    auto prepared = prepareRun(project, policy, &*data);
    if (!prepared) return prepared.error();
    TrainedModel m;
    m.data = std::move(*data);
    m.schema = std::move(*schema);
    m.net = std::move(prepared->net);
    m.origin = prepared->origin;
    return m;
}

}  // namespace layerlab::core

#include <cstdio>

namespace layerlab::core {

bool predictsClasses(const Network& net) { return net.loss() != LossKind::MeanSquaredError; }

std::string predictionsCsv(Network& net, const RawInput& input, int batchSize) {
    const int per = net.inputShape().size();
    const int k = net.outputShape().size();
    const bool classes = predictsClasses(net);
    std::string out = "sample,predicted";
    for (int j = 0; j < k; ++j) out += ",out_" + std::to_string(j);
    out += '\n';
    Matrix x, y;
    char buf[32];
    for (int start = 0; start < input.count; start += batchSize) {
        const int n = std::min(batchSize, input.count - start);
        x = Eigen::Map<const Matrix>(input.values.data() + static_cast<std::size_t>(start) * per, per, n);
        net.predict(x, y);
        for (int i = 0; i < n; ++i) {
            out += std::to_string(start + i);
            if (classes) {
                int best = 0;
                if (k == 1) best = y(0, i) >= 0.5f ? 1 : 0;
                else
                    for (int j = 1; j < k; ++j)
                        if (y(j, i) > y(best, i)) best = j;
                out += ',' + std::to_string(best);
            } else {
                std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(y(0, i)));
                out += ',';
                out += buf;
            }
            for (int j = 0; j < k; ++j) {
                std::snprintf(buf, sizeof buf, ",%.9g", static_cast<double>(y(j, i)));
                out += buf;
            }
            out += '\n';
        }
    }
    return out;
}

}  // namespace layerlab::core
