// Optimizers over the Network's one flat parameter buffer. State (velocity,
// moments) is indexed by position in that buffer, never by address, and the
// step count moves once per step(), not per tensor. Each step is one fused
// pass over the buffer (decay, clipping scale and the update together).
#pragma once

#include "core/common/result.h"
#include "core/common/types.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

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

class Optimizer {
public:
    // requires: n = size of the flat parameter buffer.
    Optimizer(const OptimizerConfig& config, std::size_t n);

    // decay[i] != 0 where L2/L1 apply (weights), 0 where not (biases, BN).
    // Empty (the default) = apply everywhere. requires: empty or size n.
    void setDecayMask(std::vector<std::uint8_t> mask);

    // requires: params.size() == grads.size() == n.
    // ensures: params updated in place using lr (the scheduled rate for this
    //          step); internal step count incremented by exactly one.
    //          grads are not modified.
    void step(std::span<Scalar> params, std::span<const Scalar> grads, double lr);

    // The regularisation term that the gradient of step() follows on top of
    // the data loss: (weightDecay / 2) * sum w^2 + l1 * sum |w| over the
    // masked (decayed) entries. The loss values the trainer reports exclude it.
    // requires: params.size() == n. ensures: >= 0; 0 when weightDecay == l1 == 0.
    double penalty(std::span<const Scalar> params) const;

    std::int64_t steps() const { return t_; }
    const OptimizerConfig& config() const { return config_; }
    void reset();  // forget state and step count

private:
    OptimizerConfig config_;
    std::size_t n_;
    std::int64_t t_ = 0;
    std::vector<Scalar> m_, v_;   // first/second moment or velocity, by position
    std::vector<std::uint8_t> decayMask_;
};

}  // namespace layerlab::core
