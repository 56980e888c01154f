// The optimizer's settings: plain values with no engine behind them, so the
// project file, the settings form and the command line can hold them without
// compiling the optimizer (optimizer.h has the Optimizer itself).
#pragma once

#include "core/common/result.h"

#include <string_view>

namespace layerlab::core {

enum class OptimizerKind { SGD, Momentum, Adam, RMSProp };
std::string_view optimizerName(OptimizerKind k);  // "sgd", "momentum", "adam", "rmsprop"
Result<OptimizerKind> optimizerFromName(std::string_view name);

enum class ScheduleKind { Constant, Step, Exponential, Cosine };
std::string_view scheduleName(ScheduleKind k);    // "constant", "step", "exponential", "cosine"
Result<ScheduleKind> scheduleFromName(std::string_view name);

struct ScheduleConfig {
    ScheduleKind kind = ScheduleKind::Constant;
    int stepEpochs = 10;     // Step: multiply by gamma every stepEpochs epochs
    double gamma = 0.5;      // Step and Exponential (lr * gamma^epoch)
    double minLr = 0.0;      // Cosine: lr goes from base to minLr over the run
};

// Learning rate for a 0-based epoch of a run of totalEpochs.
double scheduledLearningRate(const ScheduleConfig& s, double baseLr, int epoch, int totalEpochs);

struct OptimizerConfig {
    OptimizerKind kind = OptimizerKind::Adam;
    double learningRate = 0.001;
    double momentum = 0.9;    // Momentum
    bool nesterov = false;    // Momentum
    double beta1 = 0.9;       // Adam
    double beta2 = 0.999;     // Adam
    double epsilon = 1e-8;    // Adam, RMSProp
    double rho = 0.9;         // RMSProp decay of the squared-gradient average
    double weightDecay = 0.0; // L2: adds weightDecay * w to the gradient (masked)
    double l1 = 0.0;          // L1: adds l1 * sign(w) to the gradient (masked)
    double clipNorm = 0.0;    // > 0: scale the whole gradient so its L2 norm <= clipNorm
    ScheduleConfig schedule;
};

}  // namespace layerlab::core
