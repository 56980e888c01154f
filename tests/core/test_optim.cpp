// Optimizers against steps computed by hand, schedules, names, and the weight
// initializers. The expected numbers are written out here in double, without
// calling into the implementation.
#include "core/common/random.h"
#include "core/layers/initializers.h"
#include "core/optim/optimizer.h"

#include <QtTest>

#if defined(__SSE__)
#include <xmmintrin.h>
#endif

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <vector>

using namespace layerlab::core;

#include "alloc_counter.h"

namespace {

// Two parameter tensors in one flat buffer: weights [1, -2] then bias [0.5].
const std::vector<Scalar> kParams = {1.0f, -2.0f, 0.5f};
const std::vector<Scalar> kGrad = {0.5f, -1.0f, 2.0f};

OptimizerConfig config(OptimizerKind kind, double lr) {
    OptimizerConfig c;
    c.kind = kind;
    c.learningRate = lr;
    return c;
}

// Runs `steps` steps with the same gradient; returns the parameters.
std::vector<Scalar> run(Optimizer& opt, std::vector<Scalar> params, const std::vector<Scalar>& grad, int steps) {
    for (int s = 0; s < steps; ++s) opt.step(params, grad, opt.config().learningRate);
    return params;
}

bool near(const std::vector<Scalar>& got, const std::vector<double>& want, double tol) {
    if (got.size() != want.size()) return false;
    for (std::size_t i = 0; i < got.size(); ++i) {
        if (!(std::abs(static_cast<double>(got[i]) - want[i]) <= tol)) {
            qWarning("element %zu: got %.9g, want %.9g", i, static_cast<double>(got[i]), want[i]);
            return false;
        }
    }
    return true;
}

double sampleStd(const std::vector<Scalar>& v, double* meanOut = nullptr) {
    double mean = 0;
    for (Scalar x : v) mean += x;
    mean /= static_cast<double>(v.size());
    double var = 0;
    for (Scalar x : v) var += (x - mean) * (x - mean);
    if (meanOut) *meanOut = mean;
    return std::sqrt(var / static_cast<double>(v.size() - 1));
}

}  // namespace

class OptimTest : public QObject {
    Q_OBJECT

private slots:
    void sgd() {
        // w -= 0.1 g, three times: w0 - 0.3 g.
        Optimizer opt(config(OptimizerKind::SGD, 0.1), 3);
        QVERIFY(near(run(opt, kParams, kGrad, 3), {1 - 0.15, -2 + 0.3, 0.5 - 0.6}, 1e-6));
        QCOMPARE(opt.steps(), std::int64_t(3));
    }

    void momentum() {
        // v1 = g, v2 = 0.9 g + g = 1.9 g, v3 = 0.9 * 1.9 g + g = 2.71 g;
        // w3 = w0 - 0.1 (1 + 1.9 + 2.71) g = w0 - 0.561 g.
        Optimizer opt(config(OptimizerKind::Momentum, 0.1), 3);
        QVERIFY(near(run(opt, kParams, kGrad, 3), {1 - 0.2805, -2 + 0.561, 0.5 - 1.122}, 1e-6));
    }

    void nesterov() {
        // Updates g + 0.9 v_t: 1.9 g, g + 0.9 * 1.9 g = 2.71 g, g + 0.9 * 2.71 g = 3.439 g;
        // w3 = w0 - 0.1 * 8.049 g.
        auto c = config(OptimizerKind::Momentum, 0.1);
        c.nesterov = true;
        Optimizer opt(c, 3);
        QVERIFY(near(run(opt, kParams, kGrad, 3), {1 - 0.40245, -2 + 0.8049, 0.5 - 1.6098}, 1e-6));
    }

    void adamConstantGradient() {
        // With a constant g the bias-corrected moments are exactly g and g^2, so
        // every step moves lr * g / (|g| + eps) = lr * sign(g) (eps/|g| <= 2e-8).
        // A step count advanced per tensor (twice per step here) would break this.
        Optimizer opt(config(OptimizerKind::Adam, 0.01), 3);
        QVERIFY(near(run(opt, kParams, kGrad, 1), {0.99, -1.99, 0.49}, 1e-6));
        opt.reset();
        QVERIFY(near(run(opt, kParams, kGrad, 3), {0.97, -1.97, 0.47}, 1e-6));
        QCOMPARE(opt.steps(), std::int64_t(3));
    }

    void adamVaryingGradient() {
        // Three different gradients; reference arithmetic per element, with the
        // bias corrections 1 - 0.9^t = 0.1, 0.19, 0.271 and
        // 1 - 0.999^t = 0.001, 0.001999, 0.002997001.
        const std::vector<std::vector<Scalar>> g = {{0.1f, -0.2f, 0.3f}, {0.4f, 0.0f, -0.1f}, {-0.3f, 0.2f, 0.2f}};
        auto reference = [&](std::size_t i) {
            const double g1 = g[0][i], g2 = g[1][i], g3 = g[2][i];
            double w = kParams[i];
            double m = 0.1 * g1;
            double v = 0.001 * g1 * g1;
            w -= 0.01 * (m / 0.1) / (std::sqrt(v / 0.001) + 1e-8);
            m = 0.9 * m + 0.1 * g2;
            v = 0.999 * v + 0.001 * g2 * g2;
            w -= 0.01 * (m / 0.19) / (std::sqrt(v / 0.001999) + 1e-8);
            m = 0.9 * m + 0.1 * g3;
            v = 0.999 * v + 0.001 * g3 * g3;
            w -= 0.01 * (m / 0.271) / (std::sqrt(v / 0.002997001) + 1e-8);
            return w;
        };
        Optimizer opt(config(OptimizerKind::Adam, 0.01), 3);
        std::vector<Scalar> p = kParams;
        for (const auto& gs : g) opt.step(p, gs, 0.01);
        QVERIFY(near(p, {reference(0), reference(1), reference(2)}, 1e-6));
        QCOMPARE(opt.steps(), std::int64_t(3));
    }

    void rmsprop() {
        // v1 = 0.1 g^2, v2 = 0.19 g^2, v3 = 0.271 g^2; each step moves
        // lr * g / sqrt(v_t) = lr * sign(g) / sqrt(0.1 | 0.19 | 0.271).
        const double total = 0.01 * (1 / std::sqrt(0.1) + 1 / std::sqrt(0.19) + 1 / std::sqrt(0.271));
        Optimizer opt(config(OptimizerKind::RMSProp, 0.01), 3);
        QVERIFY(near(run(opt, kParams, kGrad, 3), {1 - total, -2 + total, 0.5 - total}, 1e-6));
    }

    void weightDecayMasked() {
        // Zero gradient, L2 0.01, lr 0.1: each step w *= 1 - 0.001 where the mask is 1.
        auto c = config(OptimizerKind::SGD, 0.1);
        c.weightDecay = 0.01;
        const std::vector<Scalar> zero = {0, 0, 0};
        Optimizer masked(c, 3);
        masked.setDecayMask({1, 1, 0});
        QVERIFY(near(run(masked, kParams, zero, 3), {0.997002999, -1.994005998, 0.5}, 1e-6));
        Optimizer all(c, 3);
        QVERIFY(near(run(all, kParams, zero, 3), {0.997002999, -1.994005998, 0.4985014995}, 1e-6));
        // With a gradient: w -= 0.1 (g + 0.01 w) -> [1 - 0.051, -2 + 0.102, 0.5 - 0.2] after one step.
        Optimizer one(c, 3);
        one.setDecayMask({1, 1, 0});
        QVERIFY(near(run(one, kParams, kGrad, 1), {0.949, -1.898, 0.3}, 1e-6));
        // Adam: the decay term alone drives a masked weight by lr * sign(w); the bias
        // sees g = 0 and must stay put (no 0/0).
        auto a = config(OptimizerKind::Adam, 0.01);
        a.weightDecay = 0.01;
        Optimizer adam(a, 3);
        adam.setDecayMask({1, 1, 0});
        QVERIFY(near(run(adam, kParams, zero, 1), {0.99, -1.99, 0.5}, 1e-6));
    }

    void penaltyIsTheRegularisationTerm() {
        // kParams = weights [1, -2], bias [0.5]; mask {1, 1, 0}.
        // L2 0.1: 0.1/2 * (1 + 4) = 0.25. L1 0.2 on top: 0.2 * (1 + 2) = 0.6.
        auto c = config(OptimizerKind::SGD, 0.1);
        Optimizer none(c, 3);
        QCOMPARE(none.penalty(kParams), 0.0);
        c.weightDecay = 0.1;
        Optimizer l2(c, 3);
        l2.setDecayMask({1, 1, 0});
        QVERIFY(std::abs(l2.penalty(kParams) - 0.25) < 1e-12);
        c.l1 = 0.2;
        Optimizer both(c, 3);
        both.setDecayMask({1, 1, 0});
        QVERIFY(std::abs(both.penalty(kParams) - 0.85) < 1e-12);
        // Without a mask the bias counts too: + 0.05 * 0.25 + 0.2 * 0.5.
        Optimizer all(c, 3);
        QVERIFY(std::abs(all.penalty(kParams) - (0.85 + 0.0125 + 0.1)) < 1e-9);
    }

    void l1() {
        // Zero gradient, L1 0.1, lr 0.1: w -= 0.01 sign(w); sign(0) = 0.
        auto c = config(OptimizerKind::SGD, 0.1);
        c.l1 = 0.1;
        const std::vector<Scalar> zero = {0, 0, 0, 0};
        const std::vector<Scalar> p = {1.0f, -2.0f, 0.0f, 0.5f};
        Optimizer all(c, 4);
        QVERIFY(near(run(all, p, zero, 3), {0.97, -1.97, 0.0, 0.47}, 1e-6));
        Optimizer masked(c, 4);
        masked.setDecayMask({1, 1, 1, 0});
        QVERIFY(near(run(masked, p, zero, 3), {0.97, -1.97, 0.0, 0.5}, 1e-6));
    }

    void clipping() {
        // ||[3, 4]|| = 5 > 1: the gradient is scaled to [0.6, 0.8].
        auto c = config(OptimizerKind::SGD, 1.0);
        c.clipNorm = 1.0;
        const std::vector<Scalar> g = {3.0f, 4.0f};
        Optimizer opt(c, 2);
        std::vector<Scalar> p = {0.0f, 0.0f};
        opt.step(p, g, 1.0);
        QVERIFY(near(p, {-0.6, -0.8}, 1e-6));
        QCOMPARE(g[0], 3.0f);  // the gradient itself is not modified
        QCOMPARE(g[1], 4.0f);
        // A norm below the limit is left alone.
        c.clipNorm = 10.0;
        Optimizer loose(c, 2);
        p = {0.0f, 0.0f};
        loose.step(p, g, 1.0);
        QVERIFY(near(p, {-3.0, -4.0}, 1e-6));
        // Decay is added after clipping and is not part of the norm:
        // w = [1, 1], g_eff = [0.6 + 0.5, 0.8 + 0.5].
        c.clipNorm = 1.0;
        c.weightDecay = 0.5;
        Optimizer decayed(c, 2);
        p = {1.0f, 1.0f};
        decayed.step(p, g, 1.0);
        QVERIFY(near(p, {-0.1, -0.3}, 1e-6));
    }

    // A buffer long enough for the vectorised body and chunks plus a tail, with
    // a random mask, L2, L1 and clipping, against a plain double loop per rule.
    void longBufferMatchesReference_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("nesterov");
        QTest::newRow("sgd") << int(OptimizerKind::SGD) << false;
        QTest::newRow("momentum") << int(OptimizerKind::Momentum) << false;
        QTest::newRow("nesterov") << int(OptimizerKind::Momentum) << true;
        QTest::newRow("adam") << int(OptimizerKind::Adam) << false;
        QTest::newRow("rmsprop") << int(OptimizerKind::RMSProp) << false;
    }

    void longBufferMatchesReference() {
        QFETCH(int, kind);
        QFETCH(bool, nesterov);
        const std::size_t n = 1037;
        Rng rng(7);
        std::vector<Scalar> p(n), g(n);
        std::vector<std::uint8_t> mask(n);
        for (std::size_t i = 0; i < n; ++i) {
            p[i] = static_cast<Scalar>(normal(rng));
            g[i] = static_cast<Scalar>(0.1 * normal(rng));
            mask[i] = uniform01(rng) < 0.7 ? 1 : 0;
        }
        auto c = config(static_cast<OptimizerKind>(kind), 0.003);
        c.nesterov = nesterov;
        c.weightDecay = 0.01;
        c.l1 = 0.001;
        c.clipNorm = 0.5;
        Optimizer opt(c, n);
        opt.setDecayMask(mask);
        std::vector<double> w(p.begin(), p.end()), m(n, 0.0), v(n, 0.0);
        std::vector<Scalar> pf = p;
        for (int t = 1; t <= 4; ++t) {
            double norm = 0;
            for (Scalar x : g) norm += static_cast<double>(x) * x;
            norm = std::sqrt(norm);
            const double scale = norm > 0.5 ? 0.5 / norm : 1.0;
            for (std::size_t i = 0; i < n; ++i) {
                const double sign = w[i] > 0 ? 1.0 : (w[i] < 0 ? -1.0 : 0.0);
                const double ge = g[i] * scale + (mask[i] ? 0.01 * w[i] + 0.001 * sign : 0.0);
                switch (static_cast<OptimizerKind>(kind)) {
                    case OptimizerKind::SGD: w[i] -= 0.003 * ge; break;
                    case OptimizerKind::Momentum:
                        m[i] = 0.9 * m[i] + ge;
                        w[i] -= 0.003 * (nesterov ? ge + 0.9 * m[i] : m[i]);
                        break;
                    case OptimizerKind::Adam: {
                        m[i] = 0.9 * m[i] + 0.1 * ge;
                        v[i] = 0.999 * v[i] + 0.001 * ge * ge;
                        const double mhat = m[i] / (1 - std::pow(0.9, t)), vhat = v[i] / (1 - std::pow(0.999, t));
                        w[i] -= 0.003 * mhat / (std::sqrt(vhat) + 1e-8);
                        break;
                    }
                    case OptimizerKind::RMSProp:
                        v[i] = 0.9 * v[i] + 0.1 * ge * ge;
                        w[i] -= 0.003 * ge / (std::sqrt(v[i]) + 1e-8);
                        break;
                }
            }
            opt.step(pf, g, 0.003);
        }
        QVERIFY(near(pf, w, 2e-5));
        QCOMPARE(opt.steps(), std::int64_t(4));
    }

    // step() allocates nothing, for every rule, with clipping and a decay mask.
    void stepDoesNotAllocate() {
#ifndef LAYERLAB_COUNT_ALLOCATIONS
        QSKIP("allocation counting is off under sanitizers");
#else
        const long probe = gAllocations.load();
        { std::vector<Scalar> probeVector(100, 1.0f); QVERIFY(probeVector[99] == 1.0f); }
        QVERIFY(gAllocations.load() > probe);  // the counter does see allocations
        const std::size_t n = 3000;
        std::vector<Scalar> p(n, 0.5f), g(n, 0.01f);
        for (auto kind : {OptimizerKind::SGD, OptimizerKind::Momentum, OptimizerKind::Adam, OptimizerKind::RMSProp}) {
            auto c = config(kind, 0.01);
            c.clipNorm = 0.1;
            c.weightDecay = 1e-4;
            Optimizer opt(c, n);
            opt.setDecayMask(std::vector<std::uint8_t>(n, 1));
            const long before = gAllocations.load();
            for (int s = 0; s < 3; ++s) opt.step(p, g, 0.01);
            QCOMPARE(gAllocations.load() - before, 0L);
        }
#endif
    }

    void resetForgetsState() {
        Optimizer opt(config(OptimizerKind::Momentum, 0.1), 3);
        run(opt, kParams, kGrad, 3);
        opt.reset();
        QCOMPARE(opt.steps(), std::int64_t(0));
        // First step after reset: velocity starts at 0 again, so w = w0 - 0.1 g.
        QVERIFY(near(run(opt, kParams, kGrad, 1), {0.95, -1.9, 0.3}, 1e-6));
        QCOMPARE(opt.steps(), std::int64_t(1));
    }

    void schedules() {
        ScheduleConfig s;
        QCOMPARE(scheduledLearningRate(s, 0.1, 7, 10), 0.1);
        s.kind = ScheduleKind::Step;
        s.stepEpochs = 10;
        s.gamma = 0.5;
        QCOMPARE(scheduledLearningRate(s, 0.1, 0, 50), 0.1);
        QCOMPARE(scheduledLearningRate(s, 0.1, 9, 50), 0.1);
        QCOMPARE(scheduledLearningRate(s, 0.1, 10, 50), 0.05);
        QCOMPARE(scheduledLearningRate(s, 0.1, 25, 50), 0.025);
        s.kind = ScheduleKind::Exponential;
        s.gamma = 0.9;
        QCOMPARE(scheduledLearningRate(s, 0.1, 0, 50), 0.1);
        QCOMPARE(scheduledLearningRate(s, 0.1, 2, 50), 0.1 * 0.81);
        s.kind = ScheduleKind::Cosine;
        s.minLr = 0.0;
        QCOMPARE(scheduledLearningRate(s, 0.1, 0, 10), 0.1);
        QCOMPARE(scheduledLearningRate(s, 0.1, 5, 10), 0.05);
        QVERIFY(std::abs(scheduledLearningRate(s, 0.1, 10, 10)) < 1e-15);
        s.minLr = 0.01;
        QCOMPARE(scheduledLearningRate(s, 0.1, 5, 10), 0.055);
        // 1/4 of the way: 0.01 + 0.09 * (1 + cos(pi/4)) / 2.
        QCOMPARE(scheduledLearningRate(s, 0.1, 1, 4), 0.01 + 0.09 * (1 + std::sqrt(0.5)) / 2);
    }

    void names() {
        for (auto k : {OptimizerKind::SGD, OptimizerKind::Momentum, OptimizerKind::Adam, OptimizerKind::RMSProp}) {
            auto r = optimizerFromName(optimizerName(k));
            QVERIFY(r.ok());
            QCOMPARE(*r, k);
        }
        QCOMPARE(optimizerName(OptimizerKind::RMSProp), std::string_view("rmsprop"));
        for (auto k : {ScheduleKind::Constant, ScheduleKind::Step, ScheduleKind::Exponential, ScheduleKind::Cosine}) {
            auto r = scheduleFromName(scheduleName(k));
            QVERIFY(r.ok());
            QCOMPARE(*r, k);
        }
        for (auto k : {InitKind::HeNormal, InitKind::HeUniform, InitKind::XavierNormal, InitKind::XavierUniform,
                       InitKind::Constant, InitKind::Zeros}) {
            auto r = initFromName(initName(k));
            QVERIFY(r.ok());
            QCOMPARE(*r, k);
        }
        QCOMPARE(initName(InitKind::XavierUniform), std::string_view("xavier_uniform"));
        auto bad = optimizerFromName("adamw");
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().message.find("sgd, momentum, adam, rmsprop") != std::string::npos);
        QVERIFY(!scheduleFromName("linear").ok());
        QVERIFY(initFromName("glorot").error().message.find("he_normal") != std::string::npos);
    }

    void initSameSeedSameValues() {
        for (auto k : {InitKind::HeNormal, InitKind::HeUniform, InitKind::XavierNormal, InitKind::XavierUniform}) {
            std::vector<Scalar> a(257), b(257), c(257);
            Rng r1(42), r2(42), r3(43);
            initialize(k, a, 20, 10, r1);
            initialize(k, b, 20, 10, r2);
            initialize(k, c, 20, 10, r3);
            QVERIFY(a == b);
            QVERIFY(a != c);
        }
    }

    void initStatistics() {
        const std::size_t n = 100000;
        std::vector<Scalar> v(n);
        Rng rng(5);
        double mean = 0;

        initialize(InitKind::HeNormal, v, 50, 10, rng);  // std sqrt(2/50) = 0.2
        QCOMPARE_LE(std::abs(sampleStd(v, &mean) / 0.2 - 1), 0.05);
        QCOMPARE_LE(std::abs(mean), 0.005);

        initialize(InitKind::XavierNormal, v, 100, 300, rng);  // std sqrt(2/400)
        QCOMPARE_LE(std::abs(sampleStd(v, &mean) / std::sqrt(2.0 / 400) - 1), 0.05);

        const double heLimit = std::sqrt(6.0 / 50);  // uniform std = limit / sqrt(3)
        initialize(InitKind::HeUniform, v, 50, 10, rng);
        QCOMPARE_LE(std::abs(sampleStd(v, &mean) / (heLimit / std::sqrt(3.0)) - 1), 0.05);
        for (Scalar x : v) QVERIFY(std::abs(x) <= heLimit);

        const double xLimit = std::sqrt(6.0 / 400);
        initialize(InitKind::XavierUniform, v, 100, 300, rng);
        QCOMPARE_LE(std::abs(sampleStd(v, &mean) / (xLimit / std::sqrt(3.0)) - 1), 0.05);
        for (Scalar x : v) QVERIFY(std::abs(x) <= xLimit);
    }

    void initConstantAndZeros() {
        std::vector<Scalar> v(10, 3.0f);
        Rng rng(1);
        initialize(InitKind::Constant, v, 5, 5, rng, 0.25f);
        for (Scalar x : v) QCOMPARE(x, 0.25f);
        initialize(InitKind::Zeros, v, 5, 5, rng);
        for (Scalar x : v) QCOMPARE(x, 0.0f);
    }

    // The update flushes subnormals (optimizer.h): a moment that decays below
    // FLT_MIN is 0, the update stays what double arithmetic gives up to float
    // rounding, and the caller's floating-point mode is left as it was.
    void flushingSubnormalsChangesNoUpdate() {
        OptimizerConfig c = config(OptimizerKind::Adam, 1e-3);
        Optimizer opt(c, 1);
        std::vector<Scalar> w = {1.0f};
#if defined(__SSE__)
        const unsigned before = _mm_getcsr();
#endif
        opt.step(w, std::vector<Scalar>{1e-3f}, 1e-3);
        double m = 0.1 * 1e-3, v = 0.001 * 1e-6, want = 1.0;
        want -= 1e-3 * (m / 0.1) / (std::sqrt(v / 0.001) + 1e-8);
        // 900 zero gradients: m = 1e-4 * 0.9^900 ~ 1e-45 passes below FLT_MIN (1.2e-38).
        for (int t = 2; t <= 901; ++t) {
            opt.step(w, std::vector<Scalar>{0.0f}, 1e-3);
            m *= 0.9;
            v *= 0.999;
            const double mhat = m / (1 - std::pow(0.9, t)), vhat = v / (1 - std::pow(0.999, t));
            if (m > 1.2e-38) want -= 1e-3 * mhat / (std::sqrt(vhat) + 1e-8);
        }
        QVERIFY2(std::abs(w[0] - want) < 1e-6, qPrintable(QString::number(w[0] - want, 'g', 9)));
#if defined(__SSE__)
        QCOMPARE(_mm_getcsr(), before);
#endif
    }
};

QTEST_APPLESS_MAIN(OptimTest)
#include "test_optim.moc"
