#include "core/teach/trace_check.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace layerlab::core {

namespace {

constexpr double kAbsoluteFloor = 1e-5;
constexpr double kRelativeFloor = 1e-2;
constexpr std::size_t kProgressEvery = 256;

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
                                                      const GradCheckProgress& progress) {
    if (auto s = checkInput(net, input); !s) return s.error();
    auto resolved = resolveTarget(net, target);
    if (!resolved) return resolved.error();
    if (analytic.size() != net.paramCount())
        return makeError("the gradient has " + std::to_string(analytic.size()) + " entries, the network " +
                         std::to_string(net.paramCount()) + " parameters");
    if (!(options.eps > 0)) return makeError("the finite-difference step must be > 0");

    const Matrix x = inputColumn(input);
    auto lossAt = [&] { return sampleLossInDouble(net.loss(), net.forward(x, Mode::Inspect), *resolved); };

    NetworkGradCheck report;
    report.total = net.paramCount();
    double largest = 0;
    for (float a : analytic) largest = std::max(largest, std::abs(static_cast<double>(a)));
    const double floor = std::max(kAbsoluteFloor, kRelativeFloor * largest);

    std::span<Scalar> p = net.params();
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (progress && i % kProgressEvery == 0 && !progress(i, p.size())) {
            report.cancelled = true;
            break;
        }
        const Scalar orig = p[i];
        const Scalar plus = static_cast<Scalar>(orig + options.eps);
        const Scalar minus = static_cast<Scalar>(orig - options.eps);
        p[i] = plus;
        const double lp = lossAt();
        p[i] = minus;
        const double lm = lossAt();
        p[i] = orig;
        const double numeric = (lp - lm) / (static_cast<double>(plus) - static_cast<double>(minus));
        const double a = analytic[i];
        const double err = std::abs(a - numeric) / std::max(floor, std::abs(a) + std::abs(numeric));
        const bool nan = !std::isfinite(err);
        if (report.checked++ == 0 || err > report.maxRelError || nan) {
            report.maxRelError = nan ? std::numeric_limits<double>::infinity() : err;
            report.worstIndex = i;
            report.worstAnalytic = a;
            report.worstNumeric = numeric;
        }
    }
    if (progress && !report.cancelled) progress(p.size(), p.size());
    if (report.checked > 0) report.worst = describeParameter(net, report.worstIndex);
    report.passed = !report.cancelled && report.checked == report.total && report.maxRelError <= options.tolerance;
    return report;
}

Result<NetworkGradCheck> gradientCheckAll(Network& net, std::span<const float> input, const TraceTarget& target,
                                          const NetworkGradCheckOptions& options, const GradCheckProgress& progress) {
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
    return compareWithFiniteDifferences(net, input, target, analytic, options, progress);
}

}  // namespace layerlab::core
