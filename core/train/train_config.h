// The training settings of a project: plain values, so that the project file
// and every view of the settings can hold them without compiling the trainer
// (trainer.h runs them; run_setup.h checks them: validateTrainConfig). How the
// data is split into training and validation belongs to the data source
// (Preprocessing::validationSplit, splitSeed), not to these settings.
#pragma once

#include "core/common/result.h"
#include "core/losses/loss_kind.h"
#include "core/optim/optimizer_config.h"

#include <cstdint>

namespace layerlab::core {

struct TrainConfig {
    int epochs = 10;
    int batchSize = 32;
    std::uint64_t seed = 0;       // initial weights, shuffling, dropout
    LossKind loss = LossKind::SoftmaxCrossEntropy;
    OptimizerConfig optimizer;
    int earlyStoppingPatience = 0;   // 0 = off; else epochs without improvement of the monitored loss
    double earlyStoppingMinDelta = 0.0;
    bool restoreBestWeights = true;  // on early stop, go back to the best epoch's weights
    bool shuffle = true;
    int evalBatchSize = 1000;
    int threads = 1;              // 2 = data-parallel halves of each batch (BatchRunner)
};

// One check of the training settings for every caller (prepareRun and the trainer).
// ensures: an error naming the first setting out of range (epochs, batch
//          size, threads, learning rate, ...).
Status validateTrainConfig(const TrainConfig& config);

}  // namespace layerlab::core
