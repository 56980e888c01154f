#include "core/teach/gradient_check.h"

#include "core/common/random.h"
#include "core/layers/dropout.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace layerlab::core {

namespace {

constexpr int kMaxPerTensor = 400;
constexpr double kFloor = 1e-2;
constexpr double kRelativeFloor = 1e-2;

// Indices 0..n-1, or a seeded random subset of kMaxPerTensor of them.
std::vector<int> entriesToCheck(int n, Rng& rng) {
    std::vector<int> idx(static_cast<std::size_t>(n));
    std::iota(idx.begin(), idx.end(), 0);
    if (n > kMaxPerTensor) {
        shuffle(idx, rng);
        idx.resize(kMaxPerTensor);
        std::sort(idx.begin(), idx.end());
    }
    return idx;
}

struct Harness {
    Layer& layer;
    std::vector<Matrix> inputs;
    std::vector<const Matrix*> inPtrs;
    Matrix out, R;

    double loss() {
        layer.forward(inPtrs, out, Mode::Train);
        double sum = 0;
        for (Eigen::Index i = 0; i < out.size(); ++i)
            sum += static_cast<double>(out.data()[i]) * static_cast<double>(R.data()[i]);
        return sum;
    }

    // Central difference of the loss with respect to *v.
    double numeric(Scalar* v, double eps) {
        const Scalar orig = *v;
        const Scalar plus = static_cast<Scalar>(orig + eps);
        const Scalar minus = static_cast<Scalar>(orig - eps);
        *v = plus;
        const double lp = loss();
        *v = minus;
        const double lm = loss();
        *v = orig;
        return (lp - lm) / (static_cast<double>(plus) - static_cast<double>(minus));
    }
};

}  // namespace

GradCheckReport checkLayerGradients(Layer& layer, std::span<const Shape> inputShapes, const Shape& outputShape,
                                    int batch, std::uint64_t seed, double eps, double tolerance) {
    GradCheckReport report;
    Rng rng(seed);

    // Parameters, gradients, state.
    const std::size_t np = layer.paramCount(), ns = layer.stateCount();
    std::vector<Scalar> params(np), grads(np), state(ns);
    layer.bind(np ? params.data() : nullptr, np ? grads.data() : nullptr, ns ? state.data() : nullptr);
    layer.initialize(rng);
    for (Scalar& p : params) p += static_cast<Scalar>(uniform(rng, -0.25, 0.25));

    // Inputs: distinct, spaced values per column and, when batch <= size, per
    // row (see the header).
    Harness h{layer, {}, {}, {}, {}};
    for (const Shape& s : inputShapes) {
        const int n = s.size();
        const double delta = std::max(3 * eps, 2.0 / n);
        auto value = [&](int rank) { return static_cast<Scalar>((rank - n / 2 + 0.5) * delta); };
        Matrix x(n, batch);
        std::vector<int> perm(static_cast<std::size_t>(n)), shift(static_cast<std::size_t>(n));
        std::iota(perm.begin(), perm.end(), 0);
        std::iota(shift.begin(), shift.end(), 0);
        shuffle(perm, rng);
        shuffle(shift, rng);
        for (int j = 0; j < batch; ++j) {
            if (j >= n) shuffle(perm, rng);  // more samples than values: independent permutations
            const int offset = j < n ? shift[static_cast<std::size_t>(j)] : 0;
            for (int i = 0; i < n; ++i) x(i, j) = value((perm[static_cast<std::size_t>(i)] + offset) % n);
        }
        h.inputs.push_back(std::move(x));
    }
    for (const Matrix& x : h.inputs) h.inPtrs.push_back(&x);
    h.R.resize(outputShape.size(), batch);
    for (Eigen::Index i = 0; i < h.R.size(); ++i) h.R.data()[i] = static_cast<Scalar>(uniform(rng, -1, 1));

    // Analytic gradients, accumulated on top of random pre-filled values.
    layer.forward(h.inPtrs, h.out, Mode::Train);
    if (h.out.rows() != outputShape.size() || h.out.cols() != batch) {
        report.worst = "forward gave " + std::to_string(h.out.rows()) + "x" + std::to_string(h.out.cols()) +
                       " values, expected " + std::to_string(outputShape.size()) + "x" + std::to_string(batch);
        layer.bind(nullptr, nullptr, nullptr);
        return report;
    }
    auto* dropout = dynamic_cast<Dropout*>(&layer);
    if (dropout) dropout->setMaskFrozen(true);
    std::vector<Matrix> dIn, dInPrefill;
    for (const Matrix& x : h.inputs) {
        Matrix p(x.rows(), x.cols());
        for (Eigen::Index i = 0; i < p.size(); ++i) p.data()[i] = static_cast<Scalar>(uniform(rng, -1, 1));
        dIn.push_back(p);
        dInPrefill.push_back(std::move(p));
    }
    std::vector<Matrix*> dInPtrs;
    for (Matrix& d : dIn) dInPtrs.push_back(&d);
    std::vector<Scalar> gradPrefill(np);
    for (std::size_t i = 0; i < np; ++i) grads[i] = gradPrefill[i] = static_cast<Scalar>(uniform(rng, -1, 1));
    layer.backward(h.inPtrs, h.out, h.R, dInPtrs);

    // Per tensor: collect (analytic, numeric) pairs, then score them against a
    // floor that scales with the tensor's largest gradient (see the header).
    struct Pair {
        double analytic, numeric;
        std::string where;
    };
    auto score = [&](const std::vector<Pair>& pairs) {
        double largest = 0;
        for (const Pair& p : pairs) largest = std::max(largest, std::abs(p.analytic));
        const double floor = std::max(kFloor, kRelativeFloor * largest);
        for (const Pair& p : pairs) {
            const double err = std::abs(p.analytic - p.numeric) / std::max(floor, std::abs(p.analytic) + std::abs(p.numeric));
            if (report.checked++ == 0 || err > report.maxRelError) {
                report.maxRelError = err;
                report.worst = p.where;
            }
        }
    };

    for (std::size_t k = 0; k < h.inputs.size(); ++k) {
        Matrix& x = h.inputs[k];
        std::vector<Pair> pairs;
        for (int idx : entriesToCheck(static_cast<int>(x.size()), rng)) {
            const double analytic = static_cast<double>(dIn[k].data()[idx]) - dInPrefill[k].data()[idx];
            const Eigen::Index row = idx % x.rows(), col = idx / x.rows();
            pairs.push_back({analytic, h.numeric(x.data() + idx, eps),
                             "input " + std::to_string(k) + " [" + std::to_string(row) + "," + std::to_string(col) + "]"});
        }
        score(pairs);
    }
    std::vector<Pair> pairs;
    for (int idx : entriesToCheck(static_cast<int>(np), rng)) {
        const std::size_t i = static_cast<std::size_t>(idx);
        const double analytic = static_cast<double>(grads[i]) - gradPrefill[i];
        pairs.push_back({analytic, h.numeric(params.data() + i, eps), "param " + std::to_string(idx)});
    }
    score(pairs);
    if (dropout) dropout->setMaskFrozen(false);
    layer.bind(nullptr, nullptr, nullptr);  // the buffers die with this call
    report.passed = report.checked > 0 && report.maxRelError <= tolerance;
    return report;
}

}  // namespace layerlab::core
