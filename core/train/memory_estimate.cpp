#include "core/train/memory_estimate.h"

#include "core/common/memory.h"
#include "core/common/text.h"
#include "core/layers/layer_registry.h"

#include <algorithm>

namespace layerlab::core {

namespace {

int optimizerSlots(OptimizerKind k) {
    switch (k) {
    case OptimizerKind::SGD: return 0;
    case OptimizerKind::Momentum: return 1;
    case OptimizerKind::RMSProp: return 1;
    case OptimizerKind::Adam: return 2;
    }
    return 2;
}

}  // namespace

MemoryEstimate estimateTrainingMemory(const Network& net, const TrainConfig& config) {
    constexpr double f = sizeof(Scalar);
    MemoryEstimate m;
    const double params = static_cast<double>(net.paramCount());
    const double state = static_cast<double>(net.state().size());
    // Parameters and gradients, the optimizer's moments; with 2 threads the
    // second keeps its own parameters and gradients (BatchRunner's replica).
    m.weights = f * (params * (2.0 + optimizerSlots(config.optimizer.kind)) + state) +
                f * (config.threads - 1) * (2.0 * params + state);
    // Per sample: every layer's output (forward) and its gradient (backward);
    // Conv2D also unfolds its input patches (im2col): output positions x C*k*k.
    double outputs = 0, workspace = 0;
    for (const CompiledLayer& l : net.layers()) {
        outputs += static_cast<double>(l.outputShape.elements());
        if (l.type != "Conv2D") continue;
        const Node* node = net.graph().node(l.node);
        const LayerInfo* info = net.graph().registry().find(l.type);
        const double k = node && info ? static_cast<double>(paramInt(net.graph().registry().withDefaults(*info, node->params),
                                                                       "kernel"))
                                      : 3.0;
        const double channels = l.inputShapes.empty() ? 1.0 : l.inputShapes.front().channels();
        workspace += static_cast<double>(l.outputShape.height()) * l.outputShape.width() * channels * k * k;
    }
    const double train = config.batchSize * (2.0 * outputs + workspace);
    const double eval = std::min(config.evalBatchSize, kMaxBatchSize) * (outputs + workspace);
    m.activations = f * std::max(train, eval);
    return m;
}

Status checkTrainingMemory(const Network& net, const TrainConfig& config) {
    const MemoryEstimate m = estimateTrainingMemory(net, config);
    return checkMemory(m.total(), "this network needs",
                       " for a batch of " + std::to_string(config.batchSize) + " (weights " + formatBytes(m.weights) +
                           ", activations " + formatBytes(m.activations) + ")");
}

}  // namespace layerlab::core
