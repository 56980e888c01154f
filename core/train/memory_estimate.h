// The memory a training run of a compiled network takes, estimated before the
// batch buffers are allocated, so that prepareRun refuses a run that cannot fit
// with figures instead of failing halfway (bad_alloc, or the kernel's OOM killer).
// Counts what the engine allocates per run; small bookkeeping is left out.
#pragma once

#include "core/common/result.h"
#include "core/net/network.h"
#include "core/train/train_config.h"

namespace layerlab::core {

struct MemoryEstimate {
    double weights = 0;      // bytes: parameters, gradients, optimizer moments, state, a 2nd thread's copies
    double activations = 0;  // bytes: a batch's outputs and their gradients, convolution workspaces
    double total() const { return weights + activations; }
};

// requires: config valid (checkTrainConfig).
// ensures: training needs at most about this much besides the data set: weights
//          as above; activations the larger of a training batch (forward and
//          backward) and an evaluation batch (forward).
MemoryEstimate estimateTrainingMemory(const Network& net, const TrainConfig& config);

// ensures: ok, or "this network needs 26 GB for a batch of 100000 (weights 1.2 MB,
//          activations 26 GB); 20 GB of memory are available" (checkMemory).
Status checkTrainingMemory(const Network& net, const TrainConfig& config);

}  // namespace layerlab::core
