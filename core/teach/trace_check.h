// Gradient check of a whole network on one sample: the backprop gradient of
// the loss with respect to EVERY parameter against a central finite
// difference (L(w + h) - L(w - h)) / (actual float step). Both sides use
// the function the trace shows (Mode::Inspect: evaluation-mode BatchNorm and
// Dropout); the loss of each nudged forward is computed in double from the
// float outputs so that rounding does not drown the difference.
//
// The function has kinks (a ReLU input at 0, a max-pool window whose winner
// changes). A step that crosses one measures a mixture of two slopes, not the
// derivative, so each nudged forward is watched (KinkWatch): when one nudge
// changes which side of a kink the network is on, the other side is measured
// alone (forward differences with steps h and h/2, Richardson-combined:
// 2 D(h/2) - D(h)); when both do, the step is cut by 4 (down to eps / 64)
// and tried again. Where even the
// smallest step crosses, the entry is not differentiable at this sample for
// the check's purpose: it is SKIPPED, counted and named ("not differentiable
// here: ReLU input 0.003 at conv1[5,3,2]"), never an error. An entry whose
// estimate disagrees is re-measured with half the step and by Richardson
// extrapolation ((4 D(h/2) - D(h)) / 3, which cancels the h^2 error term);
// the best agreeing estimate counts, so only a gradient that no estimate of
// the derivative supports is called wrong.
//
// Relative error per parameter: max(0, |a - n| - r) / max(|a| + |n|, floor),
// where r is what float rounding of the loss (2^-23 |L| per evaluation, about 5x
// what was measured) can put into that estimate n (r = c 2^-23 |L| / step), and
// floor = max(1e-5, 1e-2 * largest |a| of the network): float rounding in
// near-zero gradients does not count as an error, a wrong gradient that
// matters does.
//
// Thread: uses the network on the calling thread; the progress callback is
// called on it too. Cancellation is a stop request on the std::stop_token
// (any thread may request it); the check then ends early with
// report.cancelled, which is a result, not an error.
#pragma once

#include "core/common/result.h"
#include "core/net/network.h"
#include "core/teach/trace.h"

#include <cstddef>
#include <functional>
#include <span>
#include <stop_token>
#include <string>

namespace layerlab::core {

struct NetworkGradCheckOptions {
    double eps = 1e-2;        // first nudge of each parameter (cut to eps / 64 near kinks)
    double tolerance = 2e-2;  // passed when every relative error is at most this
};

struct NetworkGradCheck {
    double maxRelError = 0;
    std::size_t worstIndex = 0;       // flat parameter index of the largest error
    std::string worst;                // describeParameter(net, worstIndex): "hidden W[1,2]"
    double worstAnalytic = 0, worstNumeric = 0;
    std::size_t checked = 0;          // parameters compared (all but the skipped unless cancelled)
    std::size_t total = 0;            // parameters of the network
    // Entries skipped as not differentiable at this sample (every step crossed a
    // kink), by reason, and the first one: "conv1 W[1,2]: not differentiable
    // here: ReLU input 0.003 at conv1[5,3,2]".
    std::size_t skipped = 0, skippedRelu = 0, skippedMaxPool = 0;
    std::string firstSkipped;
    std::size_t refined = 0;          // entries that needed a smaller step or Richardson's estimate
    bool passed = false;              // checked > 0, checked + skipped == total, maxRelError <= tolerance
    bool cancelled = false;
};

// Called every few hundred parameters with (done, total), on the checking thread.
// It only reports: stopping is the stop token's job.
using GradCheckProgress = std::function<void(std::size_t done, std::size_t total)>;

// The loss of one sample in double precision (the same formulas as
// core::Loss, accumulated in double). requires: out is outputs x 1.
double sampleLossInDouble(LossKind loss, const Matrix& out, const ResolvedTarget& target);

// requires: analytic.size() == net.paramCount(); input and target as for traceSample.
// ensures: compares analytic with finite differences for every parameter, in
//          index order, until stop is requested (checked before each parameter):
//          then report.cancelled, report.passed false and report.checked the
//          parameters compared so far (0 when stop was requested before the call).
//          progress (optional) gets (i, total) before parameter i = 0, 256, 512, ...
//          while not stopped, and (total, total) at the end unless cancelled.
//          net's parameters and state are unchanged afterwards.
Result<NetworkGradCheck> compareWithFiniteDifferences(Network& net, std::span<const float> input,
                                                      const TraceTarget& target, std::span<const float> analytic,
                                                      const NetworkGradCheckOptions& options = {},
                                                      std::stop_token stop = {},
                                                      const GradCheckProgress& progress = {});

// Backprop (forward in Mode::Inspect, the engine's loss gradient, backward)
// then compareWithFiniteDifferences (stop and progress as there). Errors as
// traceSample's; a stop request is never an error.
Result<NetworkGradCheck> gradientCheckAll(Network& net, std::span<const float> input, const TraceTarget& target,
                                          const NetworkGradCheckOptions& options = {}, std::stop_token stop = {},
                                          const GradCheckProgress& progress = {});

}  // namespace layerlab::core
