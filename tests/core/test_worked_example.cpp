// The bundled worked example (resources/examples/worked_example.layerlab), the
// textbook's one SGD step: x = (1, 2), y = (3, 4), Dense(2) + ReLU -> Dense(2)
// + ReLU, every weight and bias 0.5 from the constant initializers, MSE, plain
// SGD with alpha = 0.01. Its data (a one-row CSV with two target columns) loads
// as one regression sample; the trace's forward, loss, backward and update
// equal the arithmetic written out below, and one real Trainer step (the
// project's own settings) lands on the trace's updated weights.
#include "core/io/project.h"
#include "core/io/project_data.h"
#include "core/net/network.h"
#include "core/teach/trace.h"
#include "core/teach/trace_formulas.h"
#include "core/train/trainer.h"

#include <QtTest>

#include <cmath>

using namespace layerlab::core;

namespace {

const std::string kExamples = std::string(LAYERLAB_SOURCE_DIR) + "/resources/examples";

bool near(double a, double b, double tol = 1e-6) { return std::abs(a - b) <= tol * std::max(1.0, std::abs(b)); }
#define CHECK_NEAR(a, b) \
    QVERIFY2(near((a), (b)), qPrintable(QString("%1 = %2, expected %3").arg(#a).arg(a, 0, 'g', 9).arg(b, 0, 'g', 9)))

Project loadExample() {
    auto p = loadProject(kExamples + "/worked_example.layerlab");
    if (!p) qFatal("%s", p.error().toString().c_str());
    return std::move(p).value();
}

}  // namespace

class WorkedExampleTest : public QObject {
    Q_OBJECT

private slots:
    void projectSettings() {
        const Project p = loadExample();
        QCOMPARE(p.training.loss, LossKind::MeanSquaredError);
        QCOMPARE(p.training.optimizer.kind, OptimizerKind::SGD);
        QCOMPARE(p.training.optimizer.learningRate, 0.01);
        QCOMPARE(p.training.optimizer.momentum, 0.0);
        QCOMPARE(p.training.batchSize, 1);
        QCOMPARE(p.data.preprocessing.validationSplit, 0.0);
        QCOMPARE(p.data.preprocessing.normalization, Normalization::None);
        QCOMPARE(p.data.preprocessing.testSplit, 0.0);
        QVERIFY(!p.weights);  // the constant initializers give the numbers, so Reset weights gives them back
    }

    void dataIsOneSampleWithTwoTargets() {
        const Project p = loadExample();
        auto d = loadProjectData(p, kExamples);
        QVERIFY2(d.ok(), d.ok() ? "" : d.error().toString().c_str());
        QVERIFY(!d->validation);
        QVERIFY(!d->test);
        const Dataset& train = *d->train;
        QCOMPARE(train.count(), 1);
        QCOMPARE(train.task, TaskKind::Regression);
        QCOMPARE(train.featureCount(), 2);
        QCOMPARE(train.sample(0), (std::vector<float>{1, 2}));
        QCOMPARE(train.targetDim, 2);
        QCOMPARE(train.targets, (std::vector<float>{3, 4}));
    }

    void oneStepByHand() {
        const Project p = loadExample();
        auto compiled = compileNetwork(p.graph, p.training.loss);
        QVERIFY2(compiled.ok(), compiled.ok() ? "" : compiled.error().message.c_str());
        Network net = std::move(compiled).value();
        net.initialize(p.training.seed);
        QCOMPARE(net.paramCount(), std::size_t{12});
        for (float v : net.params()) QCOMPARE(v, 0.5f);  // every weight and bias

        const float x[2] = {1, 2};
        auto traced = traceSample(net, x, TraceTarget{-1, {3, 4}}, TraceOptions{p.training.optimizer.learningRate});
        QVERIFY2(traced.ok(), traced.ok() ? "" : traced.error().message.c_str());
        const Trace& t = *traced;
        QCOMPARE(t.stages.size(), std::size_t{3});  // input, hidden (+ReLU), output (+ReLU)
        const TraceStage &h = t.stages[1], &o = t.stages[2];
        QCOMPARE(h.activation, Activation::ReLU);
        QCOMPARE(o.activation, Activation::ReLU);

        // Forward: z1_j = 0.5*1 + 0.5*2 + 0.5 = 2 = a1_j; z2_j = 0.5*2 + 0.5*2 + 0.5 = 2.5 = a2_j.
        for (int j = 0; j < 2; ++j) {
            CHECK_NEAR(h.z[j], 2.0);
            CHECK_NEAR(h.a[j], 2.0);
            CHECK_NEAR(o.z[j], 2.5);
            CHECK_NEAR(o.a[j], 2.5);
        }
        // Loss: the engine's MSE is the mean over the K = 2 outputs (no extra 1/2):
        // L = ((2.5 - 3)^2 + (2.5 - 4)^2) / 2 = (0.25 + 2.25) / 2 = 1.25.
        CHECK_NEAR(t.lossValue, 1.25);
        QCOMPARE(lossConvention(t), std::string("mean over the 2 outputs = ½·Σ"));
        QVERIFY(lossFormulas(t).back().ends_with("= 1.25   (mean over the 2 outputs = ½·Σ)"));

        // Backward. dL/da2_j = 2 (a2_j - y_j) / 2 = (-0.5, -1.5); ReLU' = 1 (z2 > 0), so delta2 = the same.
        const double delta2[2] = {-0.5, -1.5};
        for (int j = 0; j < 2; ++j) {
            CHECK_NEAR(o.dA[j], delta2[j]);
            CHECK_NEAR(o.delta[j], delta2[j]);
        }
        // dL/dW2[j][k] = delta2_j * a1_k = delta2_j * 2; dL/db2_j = delta2_j.
        // dL/da1_k = sum_j W2[j][k] delta2_j = 0.5 * (-0.5 - 1.5) = -1; delta1_k = -1 (z1 > 0).
        // dL/dW1[j][k] = delta1_j * x_k = (-1, -2) per neuron; dL/db1_j = -1.
        // Update (alpha = 0.01): w <- w - 0.01 * dL/dw.
        for (int j = 0; j < 2; ++j) {
            CHECK_NEAR(h.dA[j], -1.0);
            CHECK_NEAR(h.delta[j], -1.0);
            for (int k = 0; k < 2; ++k) {
                const std::size_t i = static_cast<std::size_t>(j + 2 * k);  // W[j + k * units]
                CHECK_NEAR(o.dW[i], delta2[j] * 2);
                CHECK_NEAR(o.newW[i], 0.5 - 0.01 * delta2[j] * 2);  // 0.51 (neuron 1), 0.53 (neuron 2)
                CHECK_NEAR(h.dW[i], -1.0 * x[k]);
                CHECK_NEAR(h.newW[i], 0.5 + 0.01 * x[k]);            // 0.51 (from x1), 0.52 (from x2)
            }
            CHECK_NEAR(o.db[j], delta2[j]);
            CHECK_NEAR(o.newB[j], 0.5 - 0.01 * delta2[j]);  // 0.505, 0.515
            CHECK_NEAR(h.db[j], -1.0);
            CHECK_NEAR(h.newB[j], 0.51);
        }
        // After the update: z1_j = 0.51*1 + 0.52*2 + 0.51 = 2.06; z2_1 = 0.51*2.06*2 + 0.505 = 2.6062,
        // z2_2 = 0.53*2.06*2 + 0.515 = 2.6986; L = ((2.6062 - 3)^2 + (2.6986 - 4)^2) / 2.
        const double z21 = 0.51 * 2.06 * 2 + 0.505, z22 = 0.53 * 2.06 * 2 + 0.515;
        CHECK_NEAR(t.lossAfter, ((z21 - 3) * (z21 - 3) + (z22 - 4) * (z22 - 4)) / 2);
        QVERIFY(t.lossAfter < t.lossValue);

        // One real training step with the project's own settings gives the trace's update.
        auto data = loadProjectData(p, kExamples);
        QVERIFY(data.ok());
        Network trained = std::move(compileNetwork(p.graph, p.training.loss)).value();
        trained.initialize(p.training.seed);
        Trainer trainer;
        const TrainResult r = trainer.run(trained, *data->train, nullptr, p.training);
        QCOMPARE(r.reason, StopReason::Completed);
        QCOMPARE(r.steps, std::int64_t{1});  // 1 epoch of 1 sample: exactly the step the trace shows
        for (const TraceStage* s : {&h, &o})
            for (std::size_t i = 0; i < 6; ++i) {
                const float want = i < 4 ? s->newW[i] : s->newB[i - 4];
                QCOMPARE(trained.params()[s->paramOffset + i], want);
            }
    }
};

QTEST_APPLESS_MAIN(WorkedExampleTest)
#include "test_worked_example.moc"
