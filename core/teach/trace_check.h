// Gradient check of a whole network on one sample: the backprop gradient of
// the loss with respect to EVERY parameter against the central finite
// difference (L(w + eps) - L(w - eps)) / (actual float step). Both sides use
// the function the trace shows (Mode::Inspect: evaluation-mode BatchNorm and
// Dropout); the loss of each nudged forward is computed in double from the
// float outputs so that rounding does not drown the difference.
//
// Relative error per parameter: |a - n| / max(|a| + |n|, floor) with
// floor = max(1e-5, 1e-2 * largest |a| of the network): float rounding in
// near-zero gradients does not count as an error, a wrong gradient that
// matters does. A nudge that crosses a ReLU kink or changes a max-pool winner
// can make one entry disagree although backprop is right (the report says where).
//
// Thread: uses the network on the calling thread; the progress callback is
// called on it too.
#pragma once

#include "core/common/result.h"
#include "core/net/network.h"
#include "core/teach/trace.h"

#include <cstddef>
#include <functional>
#include <span>
#include <string>

namespace layerlab::core {

struct NetworkGradCheckOptions {
    double eps = 1e-2;        // nudge of each parameter
    double tolerance = 2e-2;  // passed when every relative error is at most this
};

struct NetworkGradCheck {
    double maxRelError = 0;
    std::size_t worstIndex = 0;       // flat parameter index of the largest error
    std::string worst;                // describeParameter(net, worstIndex): "hidden W[1,2]"
    double worstAnalytic = 0, worstNumeric = 0;
    std::size_t checked = 0;          // parameters compared (all of them unless cancelled)
    std::size_t total = 0;            // parameters of the network
    bool passed = false;              // checked == total and maxRelError <= tolerance
    bool cancelled = false;
};

// Called every few hundred parameters with (done, total); return false to stop.
using GradCheckProgress = std::function<bool(std::size_t done, std::size_t total)>;

// The loss of one sample in double precision (the same formulas as
// core::Loss, accumulated in double). requires: out is outputs x 1.
double sampleLossInDouble(LossKind loss, const Matrix& out, const ResolvedTarget& target);

// requires: analytic.size() == net.paramCount(); input and target as for traceSample.
// ensures: compares analytic with finite differences for every parameter;
//          net's parameters and state are unchanged afterwards.
Result<NetworkGradCheck> compareWithFiniteDifferences(Network& net, std::span<const float> input,
                                                      const TraceTarget& target, std::span<const float> analytic,
                                                      const NetworkGradCheckOptions& options = {},
                                                      const GradCheckProgress& progress = {});

// Backprop (forward in Mode::Inspect, the engine's loss gradient, backward)
// then compareWithFiniteDifferences. Errors as traceSample's.
Result<NetworkGradCheck> gradientCheckAll(Network& net, std::span<const float> input, const TraceTarget& target,
                                          const NetworkGradCheckOptions& options = {},
                                          const GradCheckProgress& progress = {});

}  // namespace layerlab::core
