#include "core/io/run_setup.h"

#include "core/train/memory_estimate.h"
#include "core/train/trainer.h"

#include <string>

namespace layerlab::core {

Result<PreparedRun> prepareRun(const Project& project, SavedWeights policy, const ProjectData* data) {
    const TrainConfig& config = project.training;
    auto compiled = compileNetwork(project.graph, config.loss);
    if (!compiled) return compiled.error();
    if (auto s = validateTrainConfig(config); !s) return s.error();
    // Before the first batch buffer: a run that cannot fit is refused with figures.
    if (auto s = checkTrainingMemory(*compiled, config); !s) return s.error();
    PreparedRun run{std::move(compiled).value(), WeightsOrigin::Seed};
    Network& net = run.net;
    if (data) {
        if (!data->train || data->train->count() == 0) return makeError("there is no training data");
        if (auto s = checkCompatible(net, *data->train); !s) return s.error();
        if (data->validation && data->validation->count() > 0)
            if (auto s = checkCompatible(net, *data->validation); !s) return makeError("validation data: " + s.error().message);
        if (data->test && data->test->count() > 0)
            if (auto s = checkCompatible(net, *data->test); !s) return makeError("test data: " + s.error().message);
    }
    net.initialize(config.seed);
    if (!project.weights || policy == SavedWeights::Ignore) return run;
    if (net.fits(*project.weights)) {
        (void)net.setWeights(*project.weights);
        run.origin = WeightsOrigin::Saved;
        return run;
    }
    if (policy == SavedWeights::Require) {
        const Weights& w = *project.weights;
        auto count = [](std::size_t n, const char* what) {
            return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
        };
        // State is BatchNorm's running statistics: say so, a bare count means nothing to a learner.
        std::string message = "the saved weights have " + count(w.params.size(), "parameter") + " and " +
                              count(w.state.size(), "state value") + " but the network needs " +
                              count(net.paramCount(), "parameter") + " and " + count(net.state().size(), "state value");
        if (!net.state().empty() || !w.state.empty())
            message += " (state values are the running mean and variance of each BatchNorm layer)";
        return makeError(message + "; they belong to a different graph (use --fresh to start from new weights)");
    }
    run.origin = WeightsOrigin::SeedNotFitting;
    return run;
}

}  // namespace layerlab::core
