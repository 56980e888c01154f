// Losses: values by hand, finite-difference gradient checks (which must also
// catch a wrong gradient), stability on huge logits, activations, names.
#include "core/common/random.h"
#include "core/losses/loss.h"

#include <QtTest>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <vector>

using namespace layerlab::core;

#include "alloc_counter.h"

namespace {

// Central differences in double around float inputs: each element is moved to
// float(x + h) and float(x - h) and the slope uses the exact distance between
// those two floats. Returns max_i |analytic_i - numeric_i| / max_i |numeric_i|:
// the largest error relative to the gradient's scale. (The losses compute in
// float, so an error relative to each tiny component would measure float noise.)
double maxGradientError(Loss& loss, const Matrix& pred, const Targets& t, const Matrix& analytic, double h = 1e-2) {
    Matrix p = pred;
    double worstAbs = 0, scale = 0;
    for (Eigen::Index i = 0; i < p.size(); ++i) {
        const float x = pred(i);
        const float xp = static_cast<float>(static_cast<double>(x) + h);
        const float xm = static_cast<float>(static_cast<double>(x) - h);
        p(i) = xp;
        const double lp = loss.compute(p, t, nullptr);
        p(i) = xm;
        const double lm = loss.compute(p, t, nullptr);
        p(i) = x;
        const double numeric = (lp - lm) / (static_cast<double>(xp) - static_cast<double>(xm));
        worstAbs = std::max(worstAbs, std::abs(static_cast<double>(analytic(i)) - numeric));
        scale = std::max(scale, std::abs(numeric));
    }
    return worstAbs / std::max(scale, 1e-30);
}

Matrix randomMatrix(Eigen::Index rows, Eigen::Index cols, double scale, Rng& rng) {
    Matrix m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) m(i) = static_cast<Scalar>(scale * normal(rng));
    return m;
}

// A gradient passes the check when maxGradientError <= kTolerance.
constexpr double kTolerance = 1e-3;
bool gradientOk(double error) { return error <= kTolerance; }

}  // namespace

class LossesTest : public QObject {
    Q_OBJECT

private slots:
    void crossEntropyByHand() {
        auto loss = makeLoss(LossKind::SoftmaxCrossEntropy);
        Matrix z(2, 1);
        z << 0, 0;
        std::vector<int> labels = {0};
        Matrix d;
        QCOMPARE_LE(std::abs(loss->compute(z, {labels, nullptr}, &d) - std::log(2.0)), 1e-6);
        // softmax = [0.5, 0.5]; d = [0.5 - 1, 0.5] / 1
        QCOMPARE_LE(std::abs(d(0, 0) - (-0.5f)), 1e-7f);
        QCOMPARE_LE(std::abs(d(1, 0) - 0.5f), 1e-7f);

        // Two samples: logits [1,2,3] label 2 -> ln(e + e^2 + e^3) - 3;
        //              logits [0,0,0] label 1 -> ln 3. The loss is their mean.
        Matrix z2(3, 2);
        z2 << 1, 0, 2, 0, 3, 0;
        std::vector<int> l2 = {2, 1};
        const double a = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0)) - 3.0;  // 0.40760596...
        const double b = std::log(3.0);
        QCOMPARE_LE(std::abs(loss->compute(z2, {l2, nullptr}, &d) - (a + b) / 2.0), 1e-6);
        // Sample 2's gradient: (1/3 - onehot(1)) / 2.
        QCOMPARE_LE(std::abs(d(0, 1) - static_cast<float>(1.0 / 6.0)), 1e-7f);
        QCOMPARE_LE(std::abs(d(1, 1) - static_cast<float>((1.0 / 3.0 - 1.0) / 2.0)), 1e-7f);
        // Each column of the gradient sums to 0.
        QCOMPARE_LE(std::abs(d.col(0).sum()), 1e-6f);
    }

    void bceByHand() {
        auto loss = makeLoss(LossKind::BinaryCrossEntropyLogits);
        Matrix z(1, 1), y(1, 1);
        z << 0;
        y << 1;
        Matrix d;
        QCOMPARE_LE(std::abs(loss->compute(z, {{}, &y}, &d) - std::log(2.0)), 1e-6);
        QCOMPARE_LE(std::abs(d(0, 0) - (-0.5f)), 1e-7f);  // sigmoid(0) - 1

        // 2 outputs x 1 sample: z = [2, -1], y = [0, 0.25].
        // l1 = -log(1 - s(2)) = 2 + ln(1 + e^-2);  l2 = -0.25 ln s(-1) - 0.75 ln(1 - s(-1)).
        Matrix z2(2, 1), y2(2, 1);
        z2 << 2, -1;
        y2 << 0, 0.25f;
        const double s2 = 1.0 / (1.0 + std::exp(-2.0)), sm1 = 1.0 / (1.0 + std::exp(1.0));
        const double l1 = -std::log(1.0 - s2);
        const double l2 = -0.25 * std::log(sm1) - 0.75 * std::log(1.0 - sm1);
        QCOMPARE_LE(std::abs(loss->compute(z2, {{}, &y2}, &d) - (l1 + l2) / 2.0), 1e-6);
        QCOMPARE_LE(std::abs(d(0, 0) - static_cast<float>(s2 / 2.0)), 1e-7f);
        QCOMPARE_LE(std::abs(d(1, 0) - static_cast<float>((sm1 - 0.25) / 2.0)), 1e-7f);
    }

    void mseByHand() {
        // 2 outputs x 2 samples; differences 1, 2 | 0, 3 -> squares 1+4+0+9 = 14; mean 14/4.
        auto loss = makeLoss(LossKind::MeanSquaredError);
        Matrix p(2, 2), y(2, 2);
        p << 1, 2, 3, 4;
        y << 0, 2, 1, 1;
        Matrix d;
        QCOMPARE(loss->compute(p, {{}, &y}, &d), 3.5);
        // d = 2 (p - y) / 4
        Matrix expected(2, 2);
        expected << 0.5f, 0.0f, 1.0f, 1.5f;
        QCOMPARE_LE((d - expected).cwiseAbs().maxCoeff(), 1e-7f);
    }

    void gradientCheckCrossEntropy() {
        Rng rng(1);
        auto loss = makeLoss(LossKind::SoftmaxCrossEntropy);
        for (int trial = 0; trial < 5; ++trial) {
            const Eigen::Index k = 2 + trial, b = 1 + 2 * trial;
            const Matrix z = randomMatrix(k, b, 2.0, rng);
            std::vector<int> labels(static_cast<std::size_t>(b));
            for (auto& l : labels) l = static_cast<int>(uniformInt(rng, static_cast<std::uint64_t>(k)));
            Matrix d;
            loss->compute(z, {labels, nullptr}, &d);
            QCOMPARE_LE(maxGradientError(*loss, z, {labels, nullptr}, d), kTolerance);
        }
    }

    void gradientCheckBce() {
        Rng rng(2);
        auto loss = makeLoss(LossKind::BinaryCrossEntropyLogits);
        for (int trial = 0; trial < 5; ++trial) {
            const Eigen::Index k = 1 + trial, b = 2 + trial;
            const Matrix z = randomMatrix(k, b, 3.0, rng);
            Matrix y(k, b);
            for (Eigen::Index i = 0; i < y.size(); ++i) y(i) = static_cast<Scalar>(uniform01(rng));
            Matrix d;
            loss->compute(z, {{}, &y}, &d);
            QCOMPARE_LE(maxGradientError(*loss, z, {{}, &y}, d), kTolerance);
        }
    }

    void gradientCheckMse() {
        Rng rng(3);
        auto loss = makeLoss(LossKind::MeanSquaredError);
        for (int trial = 0; trial < 5; ++trial) {
            const Eigen::Index k = 1 + trial, b = 3 + trial;
            const Matrix p = randomMatrix(k, b, 1.0, rng);
            const Matrix y = randomMatrix(k, b, 1.0, rng);
            Matrix d;
            loss->compute(p, {{}, &y}, &d);
            QCOMPARE_LE(maxGradientError(*loss, p, {{}, &y}, d), kTolerance);
        }
    }

    // The checker must fail a gradient that is 10% off, or a transposed one.
    void gradientCheckCatchesWrongGradient() {
        Rng rng(4);
        for (LossKind kind : {LossKind::MeanSquaredError, LossKind::SoftmaxCrossEntropy,
                              LossKind::BinaryCrossEntropyLogits}) {
            auto loss = makeLoss(kind);
            const Matrix z = randomMatrix(3, 4, 1.5, rng);
            Matrix y(3, 4);
            for (Eigen::Index i = 0; i < y.size(); ++i) y(i) = static_cast<Scalar>(uniform01(rng));
            std::vector<int> labels = {0, 2, 1, 2};
            const Targets t{labels, &y};
            Matrix d;
            loss->compute(z, t, &d);
            QCOMPARE_LE(maxGradientError(*loss, z, t, d), kTolerance);
            const Matrix scaled = d * 1.1f;
            const double scaledError = maxGradientError(*loss, z, t, scaled);
            QVERIFY2(!gradientOk(scaledError), lossName(kind).data());
            QCOMPARE_GE(scaledError, 0.09);  // 10% off at the largest component, found as such
            Matrix swapped = d;
            swapped.col(0).swap(swapped.col(1));
            QVERIFY(!gradientOk(maxGradientError(*loss, z, t, swapped)));
        }
    }

    void stableOnHugeLogits() {
        auto ce = makeLoss(LossKind::SoftmaxCrossEntropy);
        Matrix z(2, 3);
        z << 1e4f, -1e4f, 1e4f, -1e4f, 1e4f, 1e4f;
        std::vector<int> labels = {1, 1, 0};
        Matrix d;
        const double l = ce->compute(z, {labels, nullptr}, &d);
        // Sample 0: wrong by 2e4; sample 1: right (0); sample 2: tie -> ln 2.
        QVERIFY(std::isfinite(l));
        QCOMPARE_LE(std::abs(l - (2e4 + 0.0 + std::log(2.0)) / 3.0), 1e-6);
        QVERIFY(d.allFinite());
        QCOMPARE_LE(std::abs(d(0, 0) - static_cast<float>(1.0 / 3.0)), 1e-7f);
        QCOMPARE_LE(std::abs(d(1, 0) - static_cast<float>(-1.0 / 3.0)), 1e-7f);

        auto bce = makeLoss(LossKind::BinaryCrossEntropyLogits);
        Matrix zb(1, 4), yb(1, 4);
        zb << 1e4f, -1e4f, 1e4f, -1e4f;
        yb << 0, 1, 1, 0;
        const double lb = bce->compute(zb, {{}, &yb}, &d);
        QVERIFY(std::isfinite(lb));
        QCOMPARE_LE(std::abs(lb - (1e4 + 1e4 + 0 + 0) / 4.0), 1e-6);
        QVERIFY(d.allFinite());
        QCOMPARE(d(0, 0), 0.25f);
        QCOMPARE(d(0, 1), -0.25f);

        Matrix a;
        ce->activate(z, a);
        QVERIFY(a.allFinite());
        QCOMPARE(a(0, 0), 1.0f);
        bce->activate(zb, a);
        QVERIFY(a.allFinite());
        QCOMPARE(a(0, 0), 1.0f);
        QCOMPARE(a(0, 1), 0.0f);
    }

    void activations() {
        Matrix z(3, 1);
        z << 1, 2, 3;
        Matrix a;
        makeLoss(LossKind::SoftmaxCrossEntropy)->activate(z, a);
        const double s = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
        QCOMPARE_LE(std::abs(a(2, 0) - static_cast<float>(std::exp(3.0) / s)), 1e-7f);
        QCOMPARE_LE(std::abs(a.sum() - 1.0f), 1e-6f);
        makeLoss(LossKind::BinaryCrossEntropyLogits)->activate(z, a);
        QCOMPARE_LE(std::abs(a(0, 0) - static_cast<float>(1.0 / (1.0 + std::exp(-1.0)))), 1e-7f);
        makeLoss(LossKind::MeanSquaredError)->activate(z, a);
        QCOMPARE(a, z);
    }

    // Reusing a loss object with another batch size gives the right answer.
    void reuseAcrossShapes() {
        auto loss = makeLoss(LossKind::SoftmaxCrossEntropy);
        Matrix d;
        Matrix z1(2, 3);
        z1.setZero();
        std::vector<int> l1 = {0, 1, 0};
        QCOMPARE_LE(std::abs(loss->compute(z1, {l1, nullptr}, &d) - std::log(2.0)), 1e-6);
        Matrix z2(4, 1);
        z2.setZero();
        std::vector<int> l2 = {3};
        QCOMPARE_LE(std::abs(loss->compute(z2, {l2, nullptr}, &d) - std::log(4.0)), 1e-6);
        QCOMPARE(d.rows(), Eigen::Index(4));
        QCOMPARE(d.cols(), Eigen::Index(1));
    }

    // Once the scratch is sized for a batch shape, compute() does not allocate.
    void noAllocationOnceSized() {
#ifndef LAYERLAB_COUNT_ALLOCATIONS
        QSKIP("allocation counting is off under sanitizers");
#else
        const long probe = gAllocations.load();
        { Matrix m(7, 9); m.setZero(); QVERIFY(m.sum() == 0); }
        QVERIFY(gAllocations.load() > probe);  // the counter does see Eigen's allocations
        Rng rng(9);
        const Matrix z = randomMatrix(10, 64, 2.0, rng);
        Matrix y(10, 64);
        for (Eigen::Index i = 0; i < y.size(); ++i) y(i) = static_cast<Scalar>(uniform01(rng));
        std::vector<int> labels(64);
        for (std::size_t j = 0; j < labels.size(); ++j) labels[j] = static_cast<int>(j % 10);
        const Targets t{labels, &y};
        for (LossKind kind : {LossKind::MeanSquaredError, LossKind::SoftmaxCrossEntropy,
                              LossKind::BinaryCrossEntropyLogits}) {
            auto loss = makeLoss(kind);
            Matrix d;
            double sum = loss->compute(z, t, &d);
            const long before = gAllocations.load();
            for (int i = 0; i < 3; ++i) sum += loss->compute(z, t, &d) + loss->compute(z, t, nullptr);
            QCOMPARE(gAllocations.load() - before, 0L);
            QVERIFY(std::isfinite(sum));
        }
#endif
    }

    void names() {
        for (LossKind k : {LossKind::MeanSquaredError, LossKind::SoftmaxCrossEntropy,
                           LossKind::BinaryCrossEntropyLogits}) {
            auto r = lossFromName(lossName(k));
            QVERIFY(r.ok());
            QCOMPARE(*r, k);
        }
        QCOMPARE(lossName(LossKind::MeanSquaredError), std::string_view("mse"));
        QCOMPARE(lossName(LossKind::SoftmaxCrossEntropy), std::string_view("softmax_cross_entropy"));
        QCOMPARE(lossName(LossKind::BinaryCrossEntropyLogits), std::string_view("bce_with_logits"));
        auto bad = lossFromName("crossentropy");
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().message.find("\"crossentropy\"") != std::string::npos);
        QVERIFY(bad.error().message.find("softmax_cross_entropy") != std::string::npos);
        QVERIFY(bad.error().message.find("bce_with_logits") != std::string::npos);
        QVERIFY(bad.error().message.find("mse") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(LossesTest)
#include "test_losses.moc"
