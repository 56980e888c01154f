#include "core/teach/trace_stats.h"

#include "core/losses/loss.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace layerlab::core {

namespace {

double norm2(const float* v, std::size_t n) {
    double s = 0;
    for (std::size_t i = 0; i < n; ++i) s += static_cast<double>(v[i]) * static_cast<double>(v[i]);
    return std::sqrt(s);
}

void describeValues(const Matrix& m, int bins, LayerHealth& h) {
    const Eigen::Index n = m.size();
    if (n == 0) return;
    double lo = m.data()[0], hi = lo, sum = 0, zeros = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
        const double v = m.data()[i];
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        sum += v;
        zeros += v == 0;
    }
    h.lo = lo;
    h.hi = hi;
    h.mean = sum / static_cast<double>(n);
    double var = 0;
    for (Eigen::Index i = 0; i < n; ++i) var += (m.data()[i] - h.mean) * (m.data()[i] - h.mean);
    h.stddev = std::sqrt(var / static_cast<double>(n));
    h.zeroFraction = zeros / static_cast<double>(n);
    h.histogram.assign(static_cast<std::size_t>(bins), 0);
    const double width = hi > lo ? (hi - lo) / bins : 1.0;
    for (Eigen::Index i = 0; i < n; ++i) {
        const int b = std::clamp(static_cast<int>((m.data()[i] - lo) / width), 0, bins - 1);
        ++h.histogram[static_cast<std::size_t>(b)];
    }
    int dead = 0;
    for (Eigen::Index r = 0; r < m.rows(); ++r) dead += (m.row(r).array() == 0).all();
    h.deadFraction = static_cast<double>(dead) / static_cast<double>(m.rows());
}

}  // namespace

Result<NetworkHealth> networkHealth(Network& net, const Dataset& data, int maxSamples, int bins) {
    if (bins < 1) return makeError("the histogram needs at least one bin");
    const int count = maxSamples > 0 ? std::min(maxSamples, data.count()) : data.count();
    if (count <= 0) return makeError("the data set has no samples");
    if (data.featureCount() != net.inputShape().size())
        return makeError("the data has " + std::to_string(data.featureCount()) + " features, the network's input takes " +
                         std::to_string(net.inputShape().size()));
    const int outputs = net.outputShape().size();
    std::vector<int> idx(static_cast<std::size_t>(count));
    std::iota(idx.begin(), idx.end(), 0);
    Matrix x, y;
    std::vector<int> labels;
    data.gatherInputs(idx, x);
    Targets targets;
    if (net.loss() == LossKind::SoftmaxCrossEntropy) {
        if (data.task != TaskKind::Classification) return makeError("softmax cross-entropy needs class labels");
        data.gatherLabels(idx, labels);
        for (int l : labels)
            if (l < 0 || l >= outputs)
                return makeError("a class label (" + std::to_string(l) + ") is outside the network's " +
                                 std::to_string(outputs) + " outputs");
        targets.labels = labels;
    } else {
        data.gatherTargets(idx, y, outputs);
        if (y.rows() != outputs) return makeError("the targets have " + std::to_string(y.rows()) +
                                                  " values per sample, the network " + std::to_string(outputs) + " outputs");
        targets.values = &y;
    }

    const std::vector<float> params(net.params().begin(), net.params().end());
    const Matrix& out = net.forward(x, Mode::Inspect);
    auto loss = makeLoss(net.loss());
    Matrix dOut;
    NetworkHealth health;
    health.samples = count;
    health.loss = loss->compute(out, targets, &dOut);
    net.backward(dOut);

    const auto grads = net.grads();
    for (const CompiledLayer& cl : net.layers()) {
        LayerHealth h;
        h.node = cl.node;
        h.name = cl.name;
        h.type = cl.type;
        if (const Matrix* a = net.activationOf(cl.node)) describeValues(*a, bins, h);
        if (const Matrix* g = net.gradientOf(cl.node)) h.outputGradNorm = norm2(g->data(), static_cast<std::size_t>(g->size()));
        h.paramCount = cl.paramCount;
        h.paramNorm = norm2(params.data() + cl.paramOffset, cl.paramCount);
        h.paramGradNorm = norm2(grads.data() + cl.paramOffset, cl.paramCount);
        health.layers.push_back(std::move(h));
    }
    return health;
}

}  // namespace layerlab::core
