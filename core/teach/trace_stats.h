// Layer health of a network on a batch of samples: per compiled layer, a
// histogram of its output values with their mean, spread and the share of
// exact zeros (and of units that are zero for every sample: dead ReLUs), and
// the L2 norms of dL/d(output) and of dL/d(parameters). Taken after every
// epoch (or whenever the weights change) they show vanishing or exploding
// gradients and dying units as training goes.
//
// Uses Mode::Inspect (the evaluation-mode function, nothing updated) with the
// engine's loss; the network's parameters and state are not changed.
// Thread: the network's thread; the result is a value.
#pragma once

#include "core/common/result.h"
#include "core/data/dataset.h"
#include "core/net/network.h"

#include <cstddef>
#include <string>
#include <vector>

namespace layerlab::core {

struct LayerHealth {
    NodeId node = 0;
    std::string name, type;
    // Output values over the batch: `histogram` counts them in equal bins over [lo, hi].
    double lo = 0, hi = 0;
    std::vector<int> histogram;
    double mean = 0, stddev = 0;
    double zeroFraction = 0;   // values exactly 0
    double deadFraction = 0;   // units (rows) that are 0 for every sample of the batch
    double outputGradNorm = 0; // ‖dL/d(output)‖ (the loss is the batch mean)
    std::size_t paramCount = 0;
    double paramNorm = 0, paramGradNorm = 0;
};

struct NetworkHealth {
    std::vector<LayerHealth> layers;  // in the network's layer order
    double loss = 0;                  // mean loss of the batch
    int samples = 0;
};

// requires: net compiled; data.featureCount() == net.inputShape().size(); bins >= 1.
// ensures: health on the first min(maxSamples, data.count()) samples (all when maxSamples <= 0).
// errors: no samples, a size mismatch (both sizes named), targets that do not fit the outputs.
Result<NetworkHealth> networkHealth(Network& net, const Dataset& data, int maxSamples = 256, int bins = 24);

}  // namespace layerlab::core
