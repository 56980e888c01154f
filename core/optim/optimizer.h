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

    // The same step in two phases, for callers that update disjoint ranges of
    // the buffer on several threads (BatchRunner with two threads):
    //   begin(grads, lr) counts the step and fixes its scalars; grads is the
    //     step's whole, final gradient, read only for the clipping norm (when
    //     clipNorm > 0; otherwise it may still be incomplete or empty).
    //   apply(plan, params, grads, first) updates the entries first ..
    //     first + params.size() of the buffer; params and grads are those
    //     entries. Ranges applied concurrently must not overlap.
    // step(p, g, lr) == apply(begin(g, lr), p, g, 0): same numbers bit for bit.
    // The update runs with subnormal floats flushed to zero (x86: FTZ and DAZ
    // for the call's duration; optimizer.cpp says why): a moment or update
    // below 1.2e-38 counts as 0.
    struct Plan {
        std::int64_t t = 0;  // the step number (1 for the first step)
        double lr = 0;
        double clip = 1;     // clipping scale, min(1, clipNorm / ||grads||)
        double correction1 = 1, correction2 = 1;  // Adam's 1 - beta1^t and 1 - beta2^t
    };
    // ensures: steps() incremented by exactly one.
    Plan begin(std::span<const Scalar> grads, double lr);
    // requires: plan from begin() of this optimizer; params.size() == grads.size();
    //           first + params.size() <= n.
    void apply(const Plan& plan, std::span<Scalar> params, std::span<const Scalar> grads, std::size_t first);

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
