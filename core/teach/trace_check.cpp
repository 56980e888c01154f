#include "core/teach/trace_check.h"

#include "core/teach/kink_watch.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace layerlab::core {

namespace {

constexpr double kAbsoluteFloor = 1e-5;
constexpr double kRelativeFloor = 1e-2;
constexpr std::size_t kProgressEvery = 256;
constexpr int kStepCuts = 3;  // eps, eps/4, eps/16, eps/64
constexpr double kLossRounding = 0x1p-23;  // relative rounding of a loss evaluated by a float forward

Matrix inputColumn(std::span<const float> input) {
    Matrix x(static_cast<Eigen::Index>(input.size()), 1);
    std::copy(input.begin(), input.end(), x.data());
    return x;
}

Status checkInput(const Network& net, std::span<const float> input) {
    const int inSize = net.inputShape().size();
    if (static_cast<int>(input.size()) != inSize)
        return makeError("the network's input takes " + std::to_string(inSize) + " values, the sample has " +
                         std::to_string(input.size()));
    if (!std::all_of(input.begin(), input.end(), [](float v) { return std::isfinite(v); }))
        return makeError("the sample's inputs must be finite numbers");
    return {};
}

}  // namespace

double sampleLossInDouble(LossKind loss, const Matrix& out, const ResolvedTarget& target) {
    const Eigen::Index K = out.rows();
    if (K == 0) return 0;
    switch (loss) {
        case LossKind::MeanSquaredError: {
            double s = 0;
            for (Eigen::Index k = 0; k < K; ++k) {
                const double d = static_cast<double>(out(k, 0)) - static_cast<double>(target.values(k, 0));
                s += d * d;
            }
            return s / static_cast<double>(K);
        }
        case LossKind::SoftmaxCrossEntropy: {
            double m = out(0, 0);
            for (Eigen::Index k = 1; k < K; ++k) m = std::max(m, static_cast<double>(out(k, 0)));
            double sum = 0;
            for (Eigen::Index k = 0; k < K; ++k) sum += std::exp(static_cast<double>(out(k, 0)) - m);
            return m + std::log(sum) - static_cast<double>(out(target.label, 0));
        }
        case LossKind::BinaryCrossEntropyLogits: {
            double s = 0;
            for (Eigen::Index k = 0; k < K; ++k) {
                const double z = out(k, 0), y = target.values(k, 0);
                s += std::max(z, 0.0) - z * y + std::log1p(std::exp(-std::abs(z)));
            }
            return s / static_cast<double>(K);
        }
    }
    return 0;
}

Result<NetworkGradCheck> compareWithFiniteDifferences(Network& net, std::span<const float> input,
                                                      const TraceTarget& target, std::span<const float> analytic,
                                                      const NetworkGradCheckOptions& options,
                                                      std::stop_token stop, const GradCheckProgress& progress) {
    if (auto s = checkInput(net, input); !s) return s.error();
    auto resolved = resolveTarget(net, target);
    if (!resolved) return resolved.error();
    if (analytic.size() != net.paramCount())
        return makeError("the gradient has " + std::to_string(analytic.size()) + " entries, the network " +
                         std::to_string(net.paramCount()) + " parameters");
    if (!(options.eps > 0)) return makeError("the finite-difference step must be > 0");

    const Matrix x = inputColumn(input);
    auto lossAt = [&] { return sampleLossInDouble(net.loss(), net.forward(x, Mode::Inspect), *resolved); };
    lossAt();
    const KinkWatch kinks(net);
    std::vector<int> pattern, crossing;  // the last nudge's pattern; the last one that left the base's
    auto smooth = [&] {
        if (kinks.empty()) return true;
        kinks.capture(pattern);
        if (pattern == kinks.base()) return true;
        crossing.swap(pattern);
        return false;
    };

    NetworkGradCheck report;
    report.total = net.paramCount();
    double largest = 0;
    for (float a : analytic) largest = std::max(largest, std::abs(static_cast<double>(a)));
    const double floor = std::max(kAbsoluteFloor, kRelativeFloor * largest);
    // Float rounding of one loss evaluation, bounded (measured on the CNN example:
    // about 2.5e-8 |L|); a difference quotient with step h inherits c * epsL / h.
    double epsL = 0;
    // Relative error of estimate n, less what the estimate's own rounding (noise) can explain.
    auto relError = [&](double a, double n, double noise) {
        return std::max(0.0, std::abs(a - n) - noise) / std::max(floor, std::abs(a) + std::abs(n));
    };

    std::span<Scalar> p = net.params();
    const double base = lossAt();
    epsL = kLossRounding * std::max(1.0, std::abs(base));
    // L at w_i + step (the actual float step in `taken`); crossed |= the nudge left the base's smooth piece.
    auto nudged = [&](std::size_t i, double step, double& taken, bool& crossed) {
        const Scalar orig = p[i];
        const Scalar moved = static_cast<Scalar>(orig + step);
        p[i] = moved;
        const double l = lossAt();
        crossed = crossed || !smooth();
        p[i] = orig;
        taken = static_cast<double>(moved) - static_cast<double>(orig);
        return l;
    };
    // Central difference with step h. crossed: a nudge left the smooth piece.
    auto central = [&](std::size_t i, double h, bool& crossed) {
        double up = 0, down = 0;
        const double lp = nudged(i, h, up, crossed), lm = nudged(i, -h, down, crossed);
        return (lp - lm) / (up - down);
    };
    // One-sided, for a kink on the other side: forward differences with steps s and
    // s/2 (s < 0: backward), Richardson-combined (the O(s) terms cancel).
    auto oneSided = [&](std::size_t i, double s, double lFull, double full, bool& crossed) {
        double half = 0;
        const double lHalf = nudged(i, s / 2, half, crossed);
        const double dFull = (lFull - base) / full, dHalf = (lHalf - base) / half;
        return 2 * dHalf - dFull;
    };

    for (std::size_t i = 0; i < p.size(); ++i) {
        if (stop.stop_requested()) {
            report.cancelled = true;
            break;
        }
        if (progress && i % kProgressEvery == 0) progress(i, p.size());
        double h = options.eps, numeric = 0, noise = 0;
        bool crossed = true;
        int side = 0;  // 0: central difference; +1 / -1: one-sided, the kink on the other side
        for (int cut = 0; crossed && cut <= kStepCuts; ++cut, h /= 4) {
            bool upCrossed = false, downCrossed = false;
            double up = 0, down = 0;
            const double lp = nudged(i, h, up, upCrossed), lm = nudged(i, -h, down, downCrossed);
            crossed = false;
            // Noise: central (2 epsL) / (2h); one-sided 2 (2 epsL) / (h/2) + (2 epsL) / h.
            if (!upCrossed && !downCrossed) numeric = (lp - lm) / (up - down), noise = epsL / h;
            else if (!upCrossed) numeric = oneSided(i, h, lp, up, crossed), side = 1, noise = 10 * epsL / h;
            else if (!downCrossed) numeric = oneSided(i, -h, lm, down, crossed), side = -1, noise = 10 * epsL / h;
            else crossed = true;
            if (!crossed && (upCrossed || downCrossed || cut > 0)) ++report.refined;
            if (!crossed) break;
        }
        if (crossed) {
            // Every step crossed a kink: the derivative is not what any difference measures.
            const KinkWatch::Change c = kinks.describeChange(crossing);
            ++report.skipped;
            ++(c.kind == KinkKind::Relu ? report.skippedRelu : report.skippedMaxPool);
            if (report.firstSkipped.empty())
                report.firstSkipped = describeParameter(net, i) + ": not differentiable here: " + c.what;
            continue;
        }
        const double a = analytic[i];
        double err = relError(a, numeric, noise);
        if (!(err <= options.tolerance)) {
            // Re-measure before calling it wrong: half the step and Richardson's
            // extrapolation (the h^2 term cancelled), twice the step (half the
            // float rounding), each only where it stays on the smooth piece.
            auto consider = [&](double n, double nNoise) {
                if (relError(a, n, nNoise) < err) {
                    err = relError(a, n, nNoise);
                    numeric = n;
                }
            };
            const double first = numeric;
            ++report.refined;
            if (side == 0) {
                bool c = false;
                const double half = central(i, h / 2, c);
                if (!c) {
                    consider(half, 2 * epsL / h);
                    consider((4 * half - first) / 3, (8 + 1) * epsL / (3 * h));
                }
                c = false;
                const double twice = central(i, 2 * h, c);
                if (!c) consider(twice, epsL / (2 * h));
            } else {
                bool c = false;
                double full = 0;
                const double lFull = nudged(i, side * 2 * h, full, c);
                const double twice = c ? 0 : oneSided(i, side * 2 * h, lFull, full, c);
                if (!c) consider(twice, 5 * epsL / h);
            }
        }
        const bool nan = !std::isfinite(err);
        if (report.checked++ == 0 || err > report.maxRelError || nan) {
            report.maxRelError = nan ? std::numeric_limits<double>::infinity() : err;
            report.worstIndex = i;
            report.worstAnalytic = a;
            report.worstNumeric = numeric;
        }
    }
    lossAt();  // the activations of the unperturbed parameters again
    if (progress && !report.cancelled) progress(p.size(), p.size());
    if (report.checked > 0) report.worst = describeParameter(net, report.worstIndex);
    report.passed = !report.cancelled && report.checked > 0 && report.checked + report.skipped == report.total &&
                    report.maxRelError <= options.tolerance;
    return report;
}

Result<NetworkGradCheck> gradientCheckAll(Network& net, std::span<const float> input, const TraceTarget& target,
                                          const NetworkGradCheckOptions& options, std::stop_token stop,
                                          const GradCheckProgress& progress) {
    if (auto s = checkInput(net, input); !s) return s.error();
    auto resolved = resolveTarget(net, target);
    if (!resolved) return resolved.error();
    const Matrix x = inputColumn(input);
    const Matrix& out = net.forward(x, Mode::Inspect);
    auto loss = makeLoss(net.loss());
    const Targets targets = resolved->targetsFor(net.loss());
    Matrix dOut;
    loss->compute(out, targets, &dOut);
    net.backward(dOut);
    const std::vector<float> analytic(net.grads().begin(), net.grads().end());
    return compareWithFiniteDifferences(net, input, target, analytic, options, stop, progress);
}

}  // namespace layerlab::core
