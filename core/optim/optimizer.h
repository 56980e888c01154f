// Optimizers over the Network's one flat parameter buffer. State (velocity,
// moments) is indexed by position in that buffer, never by address, and the
// step count moves once per step(), not per tensor. Each step is one fused
// pass over the buffer (decay, clipping scale and the update together).
#pragma once

#include "core/common/result.h"
#include "core/common/types.h"
#include "core/optim/optimizer_config.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace layerlab::core {

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
