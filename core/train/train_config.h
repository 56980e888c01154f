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
#include <optional>
#include <string>

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

inline constexpr int kMaxEpochs = 100000;
inline constexpr int kMaxBatchSize = 1000000;
inline constexpr int kMaxPatience = 100000;

// A setting out of range: its field in the project file ("training.optimizer.momentum"),
// its name for people ("momentum") and the rule with the value ("must be at least 0
// and below 1, found -0.5").
struct SettingProblem {
    std::string field;
    std::string label;
    std::string rule;
};

// One table of ranges for every caller: the project file's reader (messages with
// the field), prepareRun and the trainer (validateTrainConfig), the settings form.
// ensures: the first setting out of range, or none. Every number is also finite.
std::optional<SettingProblem> checkTrainConfig(const TrainConfig& config);

// ensures: checkTrainConfig's problem as "the momentum must be at least 0 and below 1, found -0.5".
Status validateTrainConfig(const TrainConfig& config);

}  // namespace layerlab::core
