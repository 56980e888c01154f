// After-epoch insight: tiny networks whose weights are set by hand, so every
// number computeInsight returns (confusion counts, per-sample predictions,
// boundary grid values, regression values, misclassified images) is known in
// advance; the weights and state are untouched; on the synthetic xor and blobs
// sets the grid covers the data and agrees with the hand-made classifier.
#include "core/layers/layer_registry.h"
#include "core/data/synthetic.h"
#include "core/io/project.h"
#include "core/io/project_data.h"
#include "core/net/network.h"
#include "core/train/insight.h"
#include "core/train/trainer.h"

#include <QtTest>

#include <cmath>
#include <numbers>

using namespace layerlab::core;

namespace {

struct LayerSpec {
    const char* type;
    ParamMap params;
};

// Input(shape) -> layers... in a chain, compiled for `loss` and initialised with seed 1.
Network chain(const std::string& shape, const std::vector<LayerSpec>& layers, LossKind loss) {
    Graph g{LayerRegistry::builtin()};
    NodeId prev = *g.addNode("Input", {{"shape", shape}});
    for (const LayerSpec& l : layers) {
        auto id = g.addNode(l.type, l.params);
        if (!id) qFatal("%s", id.error().message.c_str());
        if (!g.connect(prev, *id)) qFatal("connect");
        prev = *id;
    }
    auto net = compileNetwork(g, loss);
    if (!net) qFatal("%s", net.error().message.c_str());
    net->initialize(1);
    return std::move(net).value();
}

// Sets the parameters of the layer named `name` (Dense: W units x inputs column-major, then b).
void setParams(Network& net, const std::string& name, std::vector<float> values) {
    for (const CompiledLayer& l : net.layers()) {
        if (l.name != name) continue;
        if (l.paramCount != values.size()) qFatal("%s has %zu parameters", name.c_str(), l.paramCount);
        std::copy(values.begin(), values.end(), net.params().begin() + static_cast<std::ptrdiff_t>(l.paramOffset));
        return;
    }
    qFatal("no layer %s", name.c_str());
}

Dataset points2d(std::vector<std::pair<float, float>> xy, std::vector<int> labels, std::vector<std::string> names) {
    Dataset d;
    d.name = "points";
    d.inputShape = Shape{2};
    for (auto [x, y] : xy) {
        d.values.push_back(x);
        d.values.push_back(y);
    }
    d.labels = std::move(labels);
    d.classNames = std::move(names);
    return d;
}

float sigmoid(double z) { return static_cast<float>(1.0 / (1.0 + std::exp(-z))); }

bool near(double a, double b, double tol = 1e-5) { return std::abs(a - b) <= tol; }

}  // namespace

class InsightTest : public QObject {
    Q_OBJECT

private slots:
    // Softmax over logits (x, y): class 0 when x >= y (ties to the lowest index), else 1.
    void softmaxConfusionPredictionsAndBoundary() {
        Network net = chain("2", {{"Dense", {{"units", std::int64_t{2}}}}, {"Softmax", {}}},
                            LossKind::SoftmaxCrossEntropy);
        setParams(net, "dense_1", {1, 0, 0, 1, 0, 0});
        const Dataset d = points2d({{1, 0}, {0, 1}, {1, 0.5f}, {0.2f, 0.8f}, {0.9f, 0.1f}, {0, 0}},
                                   {0, 1, 1, 0, 0, 1}, {"cat", "dog"});
        InsightOptions o;
        o.boundaryResolution = 4;
        const EpochInsight in = computeInsight(net, d, "validation", 7, o);

        QCOMPARE(in.epoch, 7);
        QCOMPARE(in.datasetName, std::string("validation"));
        QCOMPARE(in.task, TaskKind::Classification);
        QCOMPARE(in.classNames, (std::vector<std::string>{"cat", "dog"}));
        QCOMPARE(in.truth, (std::vector<int>{0, 1, 1, 0, 0, 1}));
        QCOMPARE(in.predicted, (std::vector<int>{0, 1, 0, 1, 0, 0}));
        QCOMPARE(in.report.confusion.classes, 2);
        QCOMPARE(in.report.confusion.counts, (std::vector<long>{2, 1, 2, 1}));
        QCOMPARE(in.report.accuracy, 0.5);
        QCOMPARE(in.report.perClass[0].support, 3L);
        QVERIFY(near(in.report.perClass[0].precision, 0.5));  // 2 of the 4 predicted "cat"
        QVERIFY(near(in.report.perClass[1].recall, 1.0 / 3.0));
        QVERIFY(in.targetValues.empty() && in.predictedValues.empty());
        QVERIFY(in.misclassified.empty());  // not images

        QCOMPARE(in.pointX, (std::vector<float>{1, 0, 1, 0.2f, 0.9f, 0}));
        QCOMPARE(in.pointY, (std::vector<float>{0, 1, 0.5f, 0.8f, 0.1f, 0}));
        // Bounds [0, 1] + 10%: cell centres at -0.1 + (i + 0.5) * 0.3 = 0.05, 0.35, 0.65, 0.95.
        QCOMPARE(in.boundaryResolution, 4);
        QVERIFY(near(in.xMin, -0.1) && near(in.xMax, 1.1) && near(in.yMin, -0.1) && near(in.yMax, 1.1));
        QCOMPARE(in.boundaryValue.size(), std::size_t(16));
        QCOMPARE(in.boundaryConfidence.size(), std::size_t(16));
        for (int r = 0; r < 4; ++r) {
            for (int c = 0; c < 4; ++c) {
                const double x = -0.1 + (c + 0.5) * 0.3, y = -0.1 + (r + 0.5) * 0.3;
                const auto k = static_cast<std::size_t>(r * 4 + c);
                QCOMPARE(in.boundaryValue[k], r > c ? 1.0f : 0.0f);
                QVERIFY2(near(in.boundaryConfidence[k], sigmoid(std::abs(x - y))),
                         qPrintable(QString("cell %1,%2: %3").arg(r).arg(c).arg(in.boundaryConfidence[k])));
            }
        }
        QCOMPARE(in.boundaryConfidence[5], 0.5f);  // on the diagonal the two classes tie
    }

    void maxSamplesEvaluatesTheFirstOnes() {
        Network net = chain("2", {{"Dense", {{"units", std::int64_t{2}}}}}, LossKind::SoftmaxCrossEntropy);
        setParams(net, "dense_1", {1, 0, 0, 1, 0, 0});
        const Dataset d = points2d({{1, 0}, {0, 1}, {5, 5}, {-7, 3}}, {0, 1, 0, 1}, {"a", "b"});
        InsightOptions o;
        o.maxSamples = 2;
        o.boundaryResolution = 0;
        const EpochInsight in = computeInsight(net, d, "training", 1, o);
        QCOMPARE(in.truth.size(), std::size_t(2));
        QCOMPARE(in.report.accuracy, 1.0);
        QCOMPARE(in.pointX, (std::vector<float>{1, 0}));
        QCOMPARE(in.boundaryResolution, 0);  // switched off
        QVERIFY(in.boundaryValue.empty());
    }

    // One sigmoid output over logit x - y: class 1 only when p > 0.5 (p = 0.5 is class 0).
    void sigmoidBinaryThreshold() {
        Network net = chain("2", {{"Dense", {{"units", std::int64_t{1}}}}, {"Sigmoid", {}}},
                            LossKind::BinaryCrossEntropyLogits);
        QCOMPARE(net.outputActivation(), OutputActivation::Sigmoid);
        setParams(net, "dense_1", {1, -1, 0});
        const Dataset d = points2d({{1, 0}, {0, 1}, {0.5f, 0.5f}, {0.3f, 0.1f}}, {1, 0, 1, 0}, {"no", "yes"});
        InsightOptions o;
        o.boundaryResolution = 3;
        const EpochInsight in = computeInsight(net, d, "validation", 2, o);
        QCOMPARE(in.predicted, (std::vector<int>{1, 0, 0, 1}));
        QCOMPARE(in.report.confusion.counts, (std::vector<long>{1, 1, 1, 1}));
        // Grid over [-0.1, 1.1]: centres 0.1, 0.5, 0.9. Cell (r=0, c=2): x=0.9, y=0.1 -> class 1, p = s(0.8).
        QCOMPARE(in.boundaryValue[2], 1.0f);
        QVERIFY(near(in.boundaryConfidence[2], sigmoid(0.8)));
        // Cell (r=2, c=0): class 0 with confidence 1 - s(-0.8) = s(0.8).
        QCOMPARE(in.boundaryValue[6], 0.0f);
        QVERIFY(near(in.boundaryConfidence[6], sigmoid(0.8)));
    }

    // y = 2x + 1 on a 1-D input: values per sample and the report; no grid for 1-D.
    void regressionValues() {
        Network net = chain("1", {{"Dense", {{"units", std::int64_t{1}}}}}, LossKind::MeanSquaredError);
        setParams(net, "dense_1", {2, 1});
        Dataset d;
        d.inputShape = Shape{1};
        d.task = TaskKind::Regression;
        d.values = {0, 1, 2, 3};
        d.targets = {1, 3, 6, 7};
        d.targetDim = 1;
        const EpochInsight in = computeInsight(net, d, "validation", 3);
        QCOMPARE(in.task, TaskKind::Regression);
        QCOMPARE(in.predictedValues, (std::vector<float>{1, 3, 5, 7}));
        QCOMPARE(in.targetValues, (std::vector<float>{1, 3, 6, 7}));
        // Residuals 0 0 -1 0: MSE 1/4; mean target 4.25, SS_tot 22.75.
        QVERIFY(near(in.regression.mse, 0.25));
        QVERIFY(near(in.regression.mae, 0.25));
        QVERIFY(near(in.regression.r2, 1.0 - 1.0 / 22.75));
        QVERIFY(in.truth.empty() && in.predicted.empty());
        QCOMPARE(in.report.confusion.classes, 0);
        QCOMPARE(in.boundaryResolution, 0);
        QVERIFY(in.pointX.empty());
    }

    // 2-D regression x + 2y: the grid holds values, no confidence.
    void regressionBoundaryValues() {
        Network net = chain("2", {{"Dense", {{"units", std::int64_t{1}}}}}, LossKind::MeanSquaredError);
        setParams(net, "dense_1", {1, 2, 0});
        Dataset d;
        d.inputShape = Shape{2};
        d.task = TaskKind::Regression;
        d.values = {0, 0, 10, 0, 0, 10};
        d.targets = {0, 10, 20};
        d.targetDim = 1;
        InsightOptions o;
        o.boundaryResolution = 6;
        const EpochInsight in = computeInsight(net, d, "validation", 1, o);
        QCOMPARE(in.regression.r2, 1.0);
        QVERIFY(near(in.xMin, -1) && near(in.xMax, 11) && near(in.yMin, -1) && near(in.yMax, 11));
        QCOMPARE(in.boundaryValue.size(), std::size_t(36));
        QVERIFY(in.boundaryConfidence.empty());
        for (int r = 0; r < 6; ++r)
            for (int c = 0; c < 6; ++c) {
                const double x = -1 + (c + 0.5) * 2, y = -1 + (r + 0.5) * 2;
                QVERIFY(near(in.boundaryValue[static_cast<std::size_t>(r * 6 + c)], x + 2 * y, 1e-4));
            }
    }

    // 1x2x2 images, logits = (pixel 0, pixel 1): the misclassified ones in sample order, with pixels.
    void misclassifiedImages() {
        Network net = chain("1x2x2", {{"Dense", {{"units", std::int64_t{2}}}}, {"Softmax", {}}},
                            LossKind::SoftmaxCrossEntropy);
        setParams(net, "dense_1", {1, 0, 0, 1, 0, 0, 0, 0, 0, 0});
        Dataset d;
        d.inputShape = Shape{1, 2, 2};
        d.bytes = {255, 0, 9, 9, /**/ 0, 255, 1, 2, /**/ 200, 100, 3, 4, /**/ 0, 50, 5, 6, /**/ 10, 0, 7, 7};
        d.labels = {0, 0, 1, 1, 1};
        d.classNames = {"zero", "one"};
        InsightOptions o;
        o.maxMisclassified = 2;
        const EpochInsight in = computeInsight(net, d, "validation", 4, o);
        QCOMPARE(in.predicted, (std::vector<int>{0, 1, 0, 1, 0}));
        QCOMPARE(in.boundaryResolution, 0);  // 4 features: no grid
        QCOMPARE(in.misclassified.size(), std::size_t(2));
        const MisclassifiedImage& a = in.misclassified[0];
        QCOMPARE(a.index, 1);
        QCOMPARE(a.truth, 0);
        QCOMPARE(a.predicted, 1);
        QVERIFY(near(a.confidence, sigmoid(1.0)));
        QCOMPARE(a.pixels, (std::vector<std::uint8_t>{0, 255, 1, 2}));
        const MisclassifiedImage& b = in.misclassified[1];
        QCOMPARE(b.index, 2);
        QCOMPARE(b.predicted, 0);
        QVERIFY(near(b.confidence, sigmoid(100.0 / 255.0)));
        QCOMPARE(b.pixels, (std::vector<std::uint8_t>{200, 100, 3, 4}));

        o.maxMisclassified = 32;
        QCOMPARE(computeInsight(net, d, "validation", 4, o).misclassified.size(), std::size_t(3));
        o.maxMisclassified = 0;
        QVERIFY(computeInsight(net, d, "validation", 4, o).misclassified.empty());
    }

    // Dropout and batch-norm in the network: weights and running statistics are
    // not touched, and two calls give the same numbers (Mode::Eval).
    void weightsAndStateUnchanged() {
        Network net = chain("2",
                            {{"Dense", {{"units", std::int64_t{8}}}},
                             {"BatchNorm", {}},
                             {"ReLU", {}},
                             {"Dropout", {{"rate", 0.5}}},
                             {"Dense", {{"units", std::int64_t{3}}}}},
                            LossKind::SoftmaxCrossEntropy);
        SyntheticOptions so;
        so.kind = SyntheticKind::Spirals;
        so.classes = 3;
        so.samples = 600;
        auto d = makeSynthetic(so);
        QVERIFY(d.ok());
        // Non-trivial running statistics so that a write to them would show.
        for (std::size_t i = 0; i < net.state().size(); ++i) net.state()[i] = 0.5f + 0.01f * static_cast<float>(i);
        const std::vector<float> params(net.params().begin(), net.params().end());
        const std::vector<float> state(net.state().begin(), net.state().end());
        const EpochInsight a = computeInsight(net, *d, "training", 1);
        const EpochInsight b = computeInsight(net, *d, "training", 1);
        QVERIFY(std::equal(params.begin(), params.end(), net.params().begin(), net.params().end()));
        QVERIFY(std::equal(state.begin(), state.end(), net.state().begin(), net.state().end()));
        QCOMPARE(a.predicted, b.predicted);
        QCOMPARE(a.boundaryValue, b.boundaryValue);
        QCOMPARE(a.boundaryConfidence, b.boundaryConfidence);
        QCOMPARE(a.truth.size(), std::size_t(600));
        QCOMPARE(a.boundaryValue.size(), std::size_t(80 * 80));  // default resolution
        long total = 0;
        for (long c : a.report.confusion.counts) total += c;
        QCOMPARE(total, 600L);
    }

    // XOR truth table with a hand-made 2-2-1 ReLU network: h = relu(x+y), relu(x+y-1);
    // out = sigmoid(10 (h1 - 2 h2) - 5). Class 1 exactly when 0.5 < x + y < 1.5.
    void xorBoundaryMatchesTheNetwork() {
        Network net = chain("2",
                            {{"Dense", {{"units", std::int64_t{2}}}},
                             {"ReLU", {}},
                             {"Dense", {{"units", std::int64_t{1}}}},
                             {"Sigmoid", {}}},
                            LossKind::BinaryCrossEntropyLogits);
        setParams(net, "dense_1", {1, 1, 1, 1, 0, -1});
        setParams(net, "dense_2", {10, -20, -5});
        SyntheticOptions so;
        so.kind = SyntheticKind::Xor;
        so.samples = 4;
        so.noise = 0;
        auto d = makeSynthetic(so);
        QVERIFY(d.ok());
        const EpochInsight in = computeInsight(net, *d, "training", 10);
        QCOMPARE(in.report.accuracy, 1.0);
        QCOMPARE(in.report.confusion.counts, (std::vector<long>{2, 0, 0, 2}));
        QVERIFY(near(in.xMin, -0.1) && near(in.xMax, 1.1) && near(in.yMin, -0.1) && near(in.yMax, 1.1));
        const int res = in.boundaryResolution;
        QCOMPARE(res, 80);
        const double step = 1.2 / res;
        int ones = 0;
        for (int r = 0; r < res; ++r) {
            for (int c = 0; c < res; ++c) {
                const double s = (-0.1 + (c + 0.5) * step) + (-0.1 + (r + 0.5) * step);
                if (std::abs(s - 0.5) < 1e-3 || std::abs(s - 1.5) < 1e-3) continue;
                const float expected = (s > 0.5 && s < 1.5) ? 1.0f : 0.0f;
                QCOMPARE(in.boundaryValue[static_cast<std::size_t>(r * res + c)], expected);
                ones += expected > 0;
            }
        }
        QVERIFY(ones > res * res / 3);  // the band is a real part of the map
    }

    // After real training on the spiral example, the insight's accuracy is the
    // trainer's own validation accuracy (same predictions, other code path).
    void accuracyMatchesTheTrainersEvaluation() {
        auto p = loadProject(std::string(LAYERLAB_SOURCE_DIR) + "/resources/examples/spiral.layerlab");
        QVERIFY(p.ok());
        p->training.epochs = 15;
        auto data = loadProjectData(*p, "");
        QVERIFY(data.ok() && data->validation);
        auto net = compileNetwork(p->graph, p->training.loss);
        QVERIFY(net.ok());
        net->initialize(p->training.seed);
        const TrainResult r = Trainer().run(*net, *data->train, data->validation.get(), p->training, {}, {});
        QCOMPARE(r.reason, StopReason::Completed);
        const EpochInsight in = computeInsight(*net, *data->validation, "validation", 15);
        QCOMPARE(in.report.accuracy, r.history.back().valMetric);
        QVERIFY(in.report.accuracy > 0.5);
    }

    // Three Gaussian blobs around centres 2 (cos a, sin a); logits = centre . x
    // picks the nearest direction: every sample right, every grid cell at a
    // centre predicts that centre's class with high confidence.
    void blobsGridCoversTheData() {
        SyntheticOptions so;
        so.kind = SyntheticKind::Blobs;
        so.classes = 3;
        so.samples = 300;
        so.noise = 0.2;
        auto d = makeSynthetic(so);
        QVERIFY(d.ok());
        Network net = chain("2", {{"Dense", {{"units", std::int64_t{3}}}}}, LossKind::SoftmaxCrossEntropy);
        std::vector<float> w(9, 0.0f);
        for (int k = 0; k < 3; ++k) {
            const double a = 2 * std::numbers::pi * k / 3;
            w[static_cast<std::size_t>(k)] = static_cast<float>(2 * std::cos(a));      // W(k, 0)
            w[static_cast<std::size_t>(3 + k)] = static_cast<float>(2 * std::sin(a));  // W(k, 1)
        }
        setParams(net, "dense_1", w);
        InsightOptions o;
        o.boundaryResolution = 50;
        const EpochInsight in = computeInsight(net, *d, "training", 5, o);
        QCOMPARE(in.report.accuracy, 1.0);
        for (int k = 0; k < 3; ++k) QCOMPARE(in.report.confusion.at(k, k), in.report.perClass[k].support);

        float lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
        for (int i = 0; i < d->count(); ++i) {
            const auto s = d->sample(i);
            QCOMPARE(in.pointX[static_cast<std::size_t>(i)], s[0]);
            QCOMPARE(in.pointY[static_cast<std::size_t>(i)], s[1]);
            for (int j = 0; j < 2; ++j) {
                lo[j] = std::min(lo[j], s[static_cast<std::size_t>(j)]);
                hi[j] = std::max(hi[j], s[static_cast<std::size_t>(j)]);
            }
        }
        QVERIFY(near(in.xMin, lo[0] - 0.1 * (hi[0] - lo[0]), 1e-4));
        QVERIFY(near(in.xMax, hi[0] + 0.1 * (hi[0] - lo[0]), 1e-4));
        QVERIFY(near(in.yMin, lo[1] - 0.1 * (hi[1] - lo[1]), 1e-4));
        QVERIFY(near(in.yMax, hi[1] + 0.1 * (hi[1] - lo[1]), 1e-4));

        const int res = in.boundaryResolution;
        for (int k = 0; k < 3; ++k) {
            const double a = 2 * std::numbers::pi * k / 3;
            const int c = static_cast<int>((2 * std::cos(a) - in.xMin) / (in.xMax - in.xMin) * res);
            const int r = static_cast<int>((2 * std::sin(a) - in.yMin) / (in.yMax - in.yMin) * res);
            const auto cell = static_cast<std::size_t>(r * res + c);
            QCOMPARE(in.boundaryValue[cell], static_cast<float>(k));
            QVERIFY(in.boundaryConfidence[cell] > 0.99f);
        }
    }
};

QTEST_APPLESS_MAIN(InsightTest)
#include "test_insight.moc"
