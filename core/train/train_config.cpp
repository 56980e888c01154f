#include "core/train/train_config.h"

#include "core/common/text.h"

#include <limits>

namespace layerlab::core {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Range {
    const char* field;
    const char* label;
    double value;
    double lo, hi;
    bool loOpen = false, hiOpen = false;
};

}  // namespace

std::optional<SettingProblem> checkTrainConfig(const TrainConfig& c) {
    const OptimizerConfig& o = c.optimizer;
    const ScheduleConfig& s = o.schedule;
    const Range ranges[] = {
        {"training.epochs", "number of epochs", double(c.epochs), 1, kMaxEpochs},
        {"training.batchSize", "batch size", double(c.batchSize), 1, kMaxBatchSize},
        {"training.threads", "number of threads", double(c.threads), 1, 2},
        {"training.evalBatchSize", "evaluation batch size", double(c.evalBatchSize), 1, kMaxBatchSize},
        {"training.optimizer.learningRate", "learning rate", o.learningRate, 0, kInf, true},
        {"training.optimizer.momentum", "momentum", o.momentum, 0, 1, false, true},
        {"training.optimizer.beta1", "Adam's beta1", o.beta1, 0, 1, false, true},
        {"training.optimizer.beta2", "Adam's beta2", o.beta2, 0, 1, false, true},
        {"training.optimizer.epsilon", "epsilon", o.epsilon, 0, 1, true},
        {"training.optimizer.rho", "RMSprop's rho", o.rho, 0, 1, false, true},
        {"training.optimizer.weightDecay", "weight decay", o.weightDecay, 0, kInf},
        {"training.optimizer.l1", "L1 penalty", o.l1, 0, kInf},
        {"training.optimizer.clipNorm", "gradient clipping norm", o.clipNorm, 0, kInf},
        {"training.schedule.stepEpochs", "schedule's step (epochs)", double(s.stepEpochs), 1, kMaxEpochs},
        {"training.schedule.gamma", "schedule's gamma", s.gamma, 0, kInf, true},
        {"training.schedule.minLr", "schedule's minimum learning rate", s.minLr, 0, kInf},
        {"training.earlyStopping.patience", "early stopping patience", double(c.earlyStoppingPatience), 0, kMaxPatience},
        {"training.earlyStopping.minDelta", "early stopping's minimum improvement", c.earlyStoppingMinDelta, 0, kInf},
    };
    for (const Range& r : ranges) {
        if (auto rule = outOfRange(r.value, r.lo, r.hi, r.loOpen, r.hiOpen)) return SettingProblem{r.field, r.label, *rule};
    }
    return std::nullopt;
}

Status validateTrainConfig(const TrainConfig& c) {
    if (auto p = checkTrainConfig(c)) return makeError("the " + p->label + " " + p->rule);
    return {};
}

}  // namespace layerlab::core
