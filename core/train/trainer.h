// Trainer: runs epochs of mini-batch training of a Network on a Dataset with
// seeded shuffling, an optional validation set evaluated every epoch, early
// stopping, progress callbacks and cancellation through std::stop_token, and
// returns why it stopped. It never throws: failures come back in the result.
//
// Thread: run() executes on the calling thread (the GUI puts it on a worker).
// Callbacks are invoked on that thread with values, never references to
// trainer state.
#pragma once

#include "core/data/dataset.h"
#include "core/losses/loss.h"
#include "core/net/network.h"
#include "core/optim/optimizer.h"
#include "core/train/train_config.h"

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace layerlab::core {

enum class StopReason { Completed, Cancelled, Diverged, EarlyStopped, Failed };
std::string_view stopReasonName(StopReason r);  // "completed", "cancelled", ...

struct EpochStats {
    int epoch = 0;               // 1-based
    double trainLoss = 0;        // mean data loss over the epoch's samples (no regularisation term)
    // The L2/L1 term of the objective at the epoch's end: (weightDecay/2)*sum w^2
    // + l1*sum |w| over the decayed weights (not biases or BatchNorm); 0 without
    // them. The objective that training minimises is trainLoss + penalty.
    double penalty = 0;
    double trainMetric = 0;      // accuracy (classification) or R^2 (regression), on the fly during the epoch
    bool hasValidation = false;
    double valLoss = 0, valMetric = 0;
    double seconds = 0;          // training time of the epoch (without validation)
    double samplesPerSecond = 0;
    double learningRate = 0;
};

struct BatchProgress {
    int epoch = 0;               // 1-based
    int batch = 0;               // 1-based within the epoch
    int batchesPerEpoch = 0;
    double loss = 0;
    double learningRate = 0;
    std::int64_t step = 0;       // optimizer steps so far in this run
    double epochSeconds = 0;     // training time so far in this epoch, as EpochStats::seconds counts it
};

struct TrainCallbacks {
    std::function<void(const BatchProgress&)> onBatch;  // may be empty
    std::function<void(const EpochStats&)> onEpoch;     // may be empty
};

struct TrainResult {
    StopReason reason = StopReason::Completed;
    std::string message;          // for Diverged/Failed/EarlyStopped: what happened and what to try
    std::vector<EpochStats> history;
    std::int64_t steps = 0;
    int bestEpoch = 0;            // 1-based epoch with the lowest monitored loss
};

struct EvalResult {
    double loss = 0;
    double metric = 0;            // accuracy or R^2
    std::vector<int> predicted;   // classification: predicted class per sample
};

class Trainer {
public:
    // requires: net compiled for config.loss; train.count() >= 1;
    //           inputs match net.inputShape(); validation may be null.
    // ensures: net holds the trained (or best, on early stop) weights. The
    //          optimizer starts fresh: weights are NOT re-initialised here (call
    //          net.initialize(seed) first for a fresh run).
    TrainResult run(Network& net, const Dataset& train, const Dataset* validation, const TrainConfig& config,
                    std::stop_token stop = {}, const TrainCallbacks& callbacks = {});
};

// Loss and metric of net on a whole data set (Mode::Eval), in batches.
EvalResult evaluate(Network& net, const Dataset& data, LossKind loss, int batchSize = 1000);

// Checks that a data set fits a network: input size, and the output size the
// loss needs (classes for softmax CE, 1 or classes for BCE, targetDim for MSE
// regression). Message says both numbers and how to fix the graph.
Status checkCompatible(const Network& net, const Dataset& data);

}  // namespace layerlab::core
