// The single-sample trace (core/teach): on a 2-2-2 network with hand-set
// weights every recorded number equals the arithmetic written out below, and
// the update equals one real training step (Trainer, batch 1, plain SGD);
// formulas, CSV and Markdown carry those numbers; the whole-network gradient
// check passes on correct gradients (also through Conv2D, BatchNorm, MaxPool
// and Dropout in evaluation mode) and catches a wrong one; layer health
// counts dead ReLUs and agrees with the trace's gradient norms.
//
// Parameter layout relied on (Network::params(), CompiledLayer offsets): each
// Dense layer's block starts at its paramOffset and holds W (units x inputs,
// column-major: W[j][k] at offset + j + k * units) followed by b (units).
#include "core/layers/layer_registry.h"
#include "core/net/network.h"
#include "core/teach/trace.h"
#include "core/teach/trace_check.h"
#include "core/teach/trace_export.h"
#include "core/teach/trace_formulas.h"
#include "core/teach/trace_stats.h"
#include "core/train/trainer.h"

#include <QtTest>

#include <cmath>
#include <sstream>

using namespace layerlab::core;

namespace {

double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// Input 2 -> Dense "hidden" 2 -> Sigmoid -> Dense "out" 2 -> outAct, for `loss`.
Network twoTwoTwo(LossKind loss, const std::string& outAct) {
    Graph g{LayerRegistry::builtin()};
    const NodeId in = *g.addNode("Input", {{"shape", std::string("2")}}, {}, "input");
    const NodeId h = *g.addNode("Dense", {{"units", std::int64_t{2}}}, {}, "hidden");
    const NodeId hs = *g.addNode("Sigmoid", {}, {}, "hidden_sigmoid");
    const NodeId o = *g.addNode("Dense", {{"units", std::int64_t{2}}}, {}, "out");
    const NodeId os = *g.addNode(outAct, {}, {}, "out_act");
    if (!g.connect(in, h).ok() || !g.connect(h, hs).ok() || !g.connect(hs, o).ok() || !g.connect(o, os).ok())
        qFatal("connect failed");
    auto net = compileNetwork(g, loss);
    if (!net) qFatal("%s", net.error().message.c_str());
    return std::move(net).value();
}

// The hand-set weights, as rows W[j][k] (neuron j, input k).
constexpr double W1[2][2] = {{0.1, 0.2}, {-0.3, 0.4}}, B1[2] = {0.1, -0.2};
constexpr double W2[2][2] = {{0.5, -0.6}, {0.7, 0.8}}, B2[2] = {0.05, -0.05};
constexpr double X[2] = {1.0, 0.5};
constexpr double kLr = 0.5;

void setDense(Network& net, std::size_t layer, const double (&W)[2][2], const double (&b)[2]) {
    const CompiledLayer& cl = net.layers()[layer];
    QCOMPARE(cl.type, std::string("Dense"));
    QCOMPARE(cl.paramCount, std::size_t{6});
    auto p = net.params().subspan(cl.paramOffset, cl.paramCount);
    for (int j = 0; j < 2; ++j) {
        for (int k = 0; k < 2; ++k) p[static_cast<std::size_t>(j + k * 2)] = static_cast<float>(W[j][k]);
        p[static_cast<std::size_t>(4 + j)] = static_cast<float>(b[j]);
    }
}

void setHandWeights(Network& net) {
    // layers(): hidden (Dense), hidden_sigmoid, out (Dense)[, out_act when not folded]
    setDense(net, 0, W1, B1);
    setDense(net, 2, W2, B2);
}

bool near(double a, double b, double tol = 2e-6) { return std::abs(a - b) <= tol * std::max(1.0, std::abs(b)); }
#define CHECK_NEAR(a, b) QVERIFY2(near((a), (b)), qPrintable(QString("%1 = %2, expected %3").arg(#a).arg(a, 0, 'g', 9).arg(b, 0, 'g', 9)))

// The hand computation of the forward pass shared by both losses.
struct Hidden {
    double z1[2], a1[2], z2[2];
};
Hidden forwardByHand(const double (&w1)[2][2], const double (&b1)[2], const double (&w2)[2][2], const double (&b2)[2]) {
    Hidden h{};
    // z1_j = W1[j][0]*x_0 + W1[j][1]*x_1 + b1_j:  z1 = (0.1*1 + 0.2*0.5 + 0.1, -0.3*1 + 0.4*0.5 - 0.2) = (0.3, -0.3)
    h.z1[0] = w1[0][0] * X[0] + w1[0][1] * X[1] + b1[0];
    h.z1[1] = w1[1][0] * X[0] + w1[1][1] * X[1] + b1[1];
    // a1 = sigmoid(z1) = (0.574443, 0.425557)
    h.a1[0] = sigmoid(h.z1[0]);
    h.a1[1] = sigmoid(h.z1[1]);
    // z2_j = W2[j][0]*a1_0 + W2[j][1]*a1_1 + b2_j = (0.0818868, 0.692556)
    h.z2[0] = w2[0][0] * h.a1[0] + w2[0][1] * h.a1[1] + b2[0];
    h.z2[1] = w2[1][0] * h.a1[0] + w2[1][1] * h.a1[1] + b2[1];
    return h;
}

// Backward of both Dense layers from delta2 = dL/dz2, by hand.
struct Grads {
    double dW2[2][2], db2[2], dA1[2], delta1[2], dW1[2][2], db1[2];
};
Grads backwardByHand(const Hidden& h, const double (&delta2)[2]) {
    Grads g{};
    for (int j = 0; j < 2; ++j) {
        // dL/dW2[j][k] = delta2_j * a1_k ; dL/db2_j = delta2_j
        g.dW2[j][0] = delta2[j] * h.a1[0];
        g.dW2[j][1] = delta2[j] * h.a1[1];
        g.db2[j] = delta2[j];
    }
    // dL/da1_k = W2[0][k]*delta2_0 + W2[1][k]*delta2_1
    g.dA1[0] = W2[0][0] * delta2[0] + W2[1][0] * delta2[1];
    g.dA1[1] = W2[0][1] * delta2[0] + W2[1][1] * delta2[1];
    // delta1_k = dL/da1_k * a1_k * (1 - a1_k)   (sigmoid')
    g.delta1[0] = g.dA1[0] * h.a1[0] * (1 - h.a1[0]);
    g.delta1[1] = g.dA1[1] * h.a1[1] * (1 - h.a1[1]);
    for (int j = 0; j < 2; ++j) {
        // dL/dW1[j][k] = delta1_j * x_k ; dL/db1_j = delta1_j
        g.dW1[j][0] = g.delta1[j] * X[0];
        g.dW1[j][1] = g.delta1[j] * X[1];
        g.db1[j] = g.delta1[j];
    }
    return g;
}

void compareDense(const TraceStage& s, const double (&W)[2][2], const double (&b)[2], const double (&dW)[2][2],
                  const double (&db)[2]) {
    QCOMPARE(s.kind, StageKind::Dense);
    QCOMPARE(s.units, 2);
    QCOMPARE(s.fanIn, 2);
    for (int j = 0; j < 2; ++j) {
        for (int k = 0; k < 2; ++k) {
            const std::size_t i = static_cast<std::size_t>(j + 2 * k);
            CHECK_NEAR(s.W[i], W[j][k]);
            CHECK_NEAR(s.dW[i], dW[j][k]);
            // w <- w - alpha * dL/dw
            CHECK_NEAR(s.newW[i], W[j][k] - kLr * dW[j][k]);
        }
        CHECK_NEAR(s.b[j], b[j]);
        CHECK_NEAR(s.db[j], db[j]);
        CHECK_NEAR(s.newB[j], b[j] - kLr * db[j]);
    }
}

// One real training step: Trainer, one sample, batch 1, plain SGD.
std::vector<float> oneTrainerStep(LossKind loss, const std::string& outAct, const Dataset& data) {
    Network net = twoTwoTwo(loss, outAct);
    setHandWeights(net);
    TrainConfig c;
    c.epochs = 1;
    c.batchSize = 1;
    c.loss = loss;
    c.shuffle = false;
    c.optimizer.kind = OptimizerKind::SGD;
    c.optimizer.learningRate = kLr;
    Trainer trainer;
    const TrainResult r = trainer.run(net, data, nullptr, c);
    if (r.reason != StopReason::Completed || r.steps != 1) qFatal("training step failed: %s", r.message.c_str());
    return {net.params().begin(), net.params().end()};
}

std::vector<float> traceUpdatedParams(const Trace& t, std::size_t paramCount) {
    std::vector<float> p(paramCount, -999);
    for (const TraceStage& s : t.stages) {
        if (s.kind != StageKind::Dense) continue;
        std::copy(s.newW.begin(), s.newW.end(), p.begin() + static_cast<std::ptrdiff_t>(s.paramOffset));
        std::copy(s.newB.begin(), s.newB.end(), p.begin() + static_cast<std::ptrdiff_t>(s.paramOffset + s.newW.size()));
    }
    return p;
}

// Parses the value of the CSV row (layer, neuron, kind, input); NaN if absent.
double csvValue(const std::string& csv, const std::string& layer, const std::string& neuron, const std::string& kind,
                const std::string& input) {
    std::istringstream in(csv);
    std::string line;
    const std::string key = "," + layer + "," + neuron + "," + kind + "," + input + ",";
    while (std::getline(in, line)) {
        const auto pos = line.find(key);
        if (pos != std::string::npos && line.find(',') == pos) return std::stod(line.substr(pos + key.size()));
    }
    return std::nan("");
}

}  // namespace

class TraceTest : public QObject {
    Q_OBJECT

private slots:
    void softmaxCrossEntropyByHand() {
        Network net = twoTwoTwo(LossKind::SoftmaxCrossEntropy, "Softmax");
        setHandWeights(net);
        const std::vector<float> before(net.params().begin(), net.params().end());
        const float x[2] = {1.0f, 0.5f};
        auto t = traceSample(net, x, TraceTarget{1, {}}, TraceOptions{kLr});
        QVERIFY2(t.ok(), t.ok() ? "" : t.error().message.c_str());
        QCOMPARE(t->stages.size(), std::size_t{3});  // input, hidden (+sigmoid), out (softmax folded in the loss)
        QCOMPARE(t->stages[1].activation, Activation::Sigmoid);
        QCOMPARE(t->stages[2].activation, Activation::Identity);
        QCOMPARE(t->outputActivation, OutputActivation::Softmax);

        const Hidden h = forwardByHand(W1, B1, W2, B2);
        for (int j = 0; j < 2; ++j) {
            CHECK_NEAR(t->stages[0].a[j], X[j]);
            CHECK_NEAR(t->stages[1].z[j], h.z1[j]);
            CHECK_NEAR(t->stages[1].a[j], h.a1[j]);
            CHECK_NEAR(t->stages[2].z[j], h.z2[j]);
        }
        // p = softmax(z2): p_j = e^z2_j / (e^z2_0 + e^z2_1)
        const double e0 = std::exp(h.z2[0]), e1 = std::exp(h.z2[1]);
        const double p[2] = {e0 / (e0 + e1), e1 / (e0 + e1)};
        // L = -log p_label, label 1
        CHECK_NEAR(t->lossValue, -std::log(p[1]));
        CHECK_NEAR(t->prediction[0], p[0]);
        CHECK_NEAR(t->prediction[1], p[1]);
        // delta2 = p - y with y = (0, 1)
        const double delta2[2] = {p[0] - 0, p[1] - 1};
        CHECK_NEAR(t->stages[2].delta[0], delta2[0]);
        CHECK_NEAR(t->stages[2].delta[1], delta2[1]);
        const Grads g = backwardByHand(h, delta2);
        for (int k = 0; k < 2; ++k) {
            CHECK_NEAR(t->stages[1].dA[k], g.dA1[k]);
            CHECK_NEAR(t->stages[1].delta[k], g.delta1[k]);
        }
        compareDense(t->stages[1], W1, B1, g.dW1, g.db1);
        compareDense(t->stages[2], W2, B2, g.dW2, g.db2);

        // The loss after the update: the same forward with the new weights.
        double w1n[2][2], b1n[2], w2n[2][2], b2n[2];
        for (int j = 0; j < 2; ++j) {
            for (int k = 0; k < 2; ++k) {
                w1n[j][k] = W1[j][k] - kLr * g.dW1[j][k];
                w2n[j][k] = W2[j][k] - kLr * g.dW2[j][k];
            }
            b1n[j] = B1[j] - kLr * g.db1[j];
            b2n[j] = B2[j] - kLr * g.db2[j];
        }
        const Hidden h2 = forwardByHand(w1n, b1n, w2n, b2n);
        const double lossAfter = std::log(std::exp(h2.z2[0]) + std::exp(h2.z2[1])) - h2.z2[1];
        CHECK_NEAR(t->lossAfter, lossAfter);
        QVERIFY(t->lossAfter < t->lossValue);

        // The trace leaves the network as it was.
        QVERIFY(std::equal(before.begin(), before.end(), net.params().begin()));

        // One real training step gives exactly the trace's updated parameters.
        Dataset d;
        d.inputShape = Shape{2};
        d.values = {1.0f, 0.5f};
        d.labels = {1};
        d.classNames = {"a", "b"};
        QCOMPARE(oneTrainerStep(LossKind::SoftmaxCrossEntropy, "Softmax", d), traceUpdatedParams(*t, net.paramCount()));
    }

    void mseByHand() {
        Network net = twoTwoTwo(LossKind::MeanSquaredError, "Sigmoid");
        setHandWeights(net);
        const float x[2] = {1.0f, 0.5f};
        auto t = traceSample(net, x, TraceTarget{-1, {1.0f, 0.0f}}, TraceOptions{kLr});
        QVERIFY2(t.ok(), t.ok() ? "" : t.error().message.c_str());
        QCOMPARE(t->stages.size(), std::size_t{3});
        QCOMPARE(t->stages[2].activation, Activation::Sigmoid);  // not folded under MSE: merged as a = f(z)
        const Hidden h = forwardByHand(W1, B1, W2, B2);
        // a2 = sigmoid(z2); L = ((a2_0 - 1)^2 + (a2_1 - 0)^2) / 2
        const double a2[2] = {sigmoid(h.z2[0]), sigmoid(h.z2[1])};
        const double y[2] = {1, 0};
        CHECK_NEAR(t->stages[2].a[0], a2[0]);
        CHECK_NEAR(t->stages[2].a[1], a2[1]);
        CHECK_NEAR(t->lossValue, ((a2[0] - y[0]) * (a2[0] - y[0]) + (a2[1] - y[1]) * (a2[1] - y[1])) / 2);
        // dL/da2_j = 2 (a2_j - y_j) / 2 ; delta2_j = dL/da2_j * a2_j (1 - a2_j)
        double delta2[2];
        for (int j = 0; j < 2; ++j) {
            const double dA = 2 * (a2[j] - y[j]) / 2;
            CHECK_NEAR(t->stages[2].dA[j], dA);
            delta2[j] = dA * a2[j] * (1 - a2[j]);
            CHECK_NEAR(t->stages[2].delta[j], delta2[j]);
        }
        const Grads g = backwardByHand(h, delta2);
        compareDense(t->stages[1], W1, B1, g.dW1, g.db1);
        compareDense(t->stages[2], W2, B2, g.dW2, g.db2);

        Dataset d;
        d.inputShape = Shape{2};
        d.values = {1.0f, 0.5f};
        d.task = TaskKind::Regression;
        d.targets = {1.0f, 0.0f};
        d.targetDim = 2;
        QCOMPARE(oneTrainerStep(LossKind::MeanSquaredError, "Sigmoid", d), traceUpdatedParams(*t, net.paramCount()));
    }

    void formulasCarryTheNumbers() {
        Network net = twoTwoTwo(LossKind::SoftmaxCrossEntropy, "Softmax");
        setHandWeights(net);
        const float x[2] = {1.0f, 0.5f};
        const Trace t = *traceSample(net, x, TraceTarget{1, {}}, TraceOptions{kLr});
        const auto fwd = forwardFormulas(t, 1, 0);
        QCOMPARE(fwd.size(), std::size_t{2});
        QCOMPARE(fwd[0], std::string("z⁽¹⁾₁ = w⁽¹⁾₁₁·x₁ + w⁽¹⁾₁₂·x₂ + b⁽¹⁾₁ = 0.1·1 + 0.2·0.5 + 0.1 = 0.3"));
        QCOMPARE(fwd[1], std::string("a⁽¹⁾₁ = σ(z⁽¹⁾₁) = 1 / (1 + e^-z⁽¹⁾₁) = 1 / (1 + e^(-0.3)) = 0.5744"));
        const auto fwd2 = forwardFormulas(t, 1, 1);
        QCOMPARE(fwd2[0], std::string("z⁽¹⁾₂ = w⁽¹⁾₂₁·x₁ + w⁽¹⁾₂₂·x₂ + b⁽¹⁾₂ = -0.3·1 + 0.4·0.5 - 0.2 = -0.3"));
        const auto out = forwardFormulas(t, 2, 1);  // z line and the folded softmax's p line
        QCOMPARE(out.size(), std::size_t{2});
        QVERIFY(out[1].starts_with("p₂ = e^z⁽²⁾₂ / Σₖ e^z⁽²⁾ₖ = e^0.6926 / (e^0.08189 + e^0.6926) = " +
                                   formatNumber(t.prediction[1])));
        const auto loss = lossFormulas(t);
        QCOMPARE(loss.back(), "L = -log p₂ = -log(" + formatNumber(t.prediction[1]) + ") = " + formatNumber(t.lossValue) +
                                  "   (natural log)");
        const auto d1 = deltaFormulas(t, 1, 0);
        QCOMPARE(d1.size(), std::size_t{2});
        QVERIFY(t.stages[1].dA[0] < 0);  // 0.5·0.35 + 0.7·(-0.35): written in parentheses below
        QVERIFY2(d1[0].starts_with("∂L/∂a⁽¹⁾₁ = Σₖ w⁽²⁾ₖ₁·δ⁽²⁾ₖ = 0.5·" + formatNumber(t.stages[2].delta[0]) + " + 0.7·(" +
                                   formatNumber(t.stages[2].delta[1]) + ") = "), d1[0].c_str());
        QCOMPARE(d1[1], "δ⁽¹⁾₁ = ∂L/∂a⁽¹⁾₁ · a⁽¹⁾₁·(1 - a⁽¹⁾₁) = (" + formatNumber(t.stages[1].dA[0]) + ") · 0.5744·(1 - 0.5744) = " +
                            formatNumber(t.stages[1].delta[0]));
        QCOMPARE(weightGradientFormula(t, 2, 0, 1),
                 "∂L/∂w⁽²⁾₁₂ = δ⁽²⁾₁ · a⁽¹⁾₂ = " + formatNumber(t.stages[2].delta[0]) + " · 0.4256 = " +
                     formatNumber(t.stages[2].dW[2]));
        QCOMPARE(updateFormula(t, 2, 0, 1), "w⁽²⁾₁₂ ← w⁽²⁾₁₂ - α·∂L/∂w⁽²⁾₁₂ = -0.6 - 0.5·" + formatNumber(t.stages[2].dW[2]) +
                                                " = " + formatNumber(t.stages[2].newW[2]));
        FormulaOptions hide;
        hide.hideResults = true;
        QCOMPARE(forwardFormulas(t, 1, 0, hide)[0],
                 std::string("z⁽¹⁾₁ = w⁽¹⁾₁₁·x₁ + w⁽¹⁾₁₂·x₂ + b⁽¹⁾₁ = 0.1·1 + 0.2·0.5 + 0.1 = ?"));
        // Steps: input, 2 forward, loss, 2 backward, update.
        const auto steps = traceSteps(t);
        QCOMPARE(steps.size(), std::size_t{7});
        QCOMPARE(steps[3].phase, TracePhase::Loss);
        QCOMPARE(steps[4], (TraceStep{TracePhase::Backward, 2}));
    }

    void csvAndMarkdownCarryTheNumbers() {
        Network net = twoTwoTwo(LossKind::SoftmaxCrossEntropy, "Softmax");
        setHandWeights(net);
        const float x[2] = {1.0f, 0.5f};
        const Trace t = *traceSample(net, x, TraceTarget{1, {}}, TraceOptions{kLr});
        const Hidden h = forwardByHand(W1, B1, W2, B2);
        const double e0 = std::exp(h.z2[0]), e1 = std::exp(h.z2[1]);
        const double delta2[2] = {e0 / (e0 + e1), e1 / (e0 + e1) - 1};
        const Grads g = backwardByHand(h, delta2);

        const std::string csv = traceToCsv(t);
        QVERIFY(csv.starts_with("stage,layer,neuron,kind,input,value\n"));
        CHECK_NEAR(csvValue(csv, "input", "2", "input", ""), 0.5);
        CHECK_NEAR(csvValue(csv, "hidden", "1", "w", "2"), W1[0][1]);
        CHECK_NEAR(csvValue(csv, "hidden", "2", "b", ""), B1[1]);
        CHECK_NEAR(csvValue(csv, "hidden", "1", "z", ""), h.z1[0]);
        CHECK_NEAR(csvValue(csv, "hidden", "2", "a", ""), h.a1[1]);
        CHECK_NEAR(csvValue(csv, "hidden", "1", "delta", ""), g.delta1[0]);
        CHECK_NEAR(csvValue(csv, "out", "2", "dw", "1"), g.dW2[1][0]);
        CHECK_NEAR(csvValue(csv, "out", "1", "db", ""), g.db2[0]);
        CHECK_NEAR(csvValue(csv, "out", "1", "new_w", "2"), W2[0][1] - kLr * g.dW2[0][1]);
        CHECK_NEAR(csvValue(csv, "hidden", "2", "new_w", "1"), W1[1][0] - kLr * g.dW1[1][0]);
        CHECK_NEAR(csvValue(csv, "out", "", "loss", ""), t.lossValue);
        CHECK_NEAR(csvValue(csv, "out", "", "learning_rate", ""), kLr);

        const std::string md = traceToMarkdown(t);
        for (const std::string& line : {forwardFormulas(t, 1, 0)[0], forwardFormulas(t, 2, 1)[0], lossFormulas(t).back(),
                                        deltaFormulas(t, 1, 1).back(), weightGradientFormula(t, 1, 1, 0),
                                        updateFormula(t, 2, 1, 1), updateFormula(t, 1, 0, -1)})
            QVERIFY2(md.find("- " + line + "\n") != std::string::npos, line.c_str());
        QVERIFY(md.find("| neuron 2 | -0.3 | 0.4 | -0.2 |") != std::string::npos);  // the given weights
        QVERIFY(md.find(formatNumber(t.lossAfter)) != std::string::npos);

        MarkdownOptions quiz;
        quiz.hideNumbers = true;
        const std::string blank = traceToMarkdown(t, quiz);
        QVERIFY(blank.find("= 0.1·1 + 0.2·0.5 + 0.1 = ____") != std::string::npos);
        QVERIFY(blank.find("| neuron 2 | -0.3 | 0.4 | -0.2 |") != std::string::npos);  // given values stay
        QVERIFY(blank.find("= " + formatNumber(t.lossValue)) == std::string::npos);    // results do not
        QVERIFY(blank.find("= " + formatNumber(t.stages[2].newW[2])) == std::string::npos);
    }

    void gradientCheckPassesAndCatchesAWrongGradient() {
        Network net = twoTwoTwo(LossKind::SoftmaxCrossEntropy, "Softmax");
        setHandWeights(net);
        const float x[2] = {1.0f, 0.5f};
        auto ok = gradientCheckAll(net, x, TraceTarget{1, {}});
        QVERIFY(ok.ok());
        QVERIFY2(ok->passed, qPrintable(QString("%1 at %2").arg(ok->maxRelError).arg(ok->worst.c_str())));
        QCOMPARE(ok->checked, std::size_t{12});
        QVERIFY(ok->maxRelError < 1e-3);

        // The trace's own gradient, one entry perturbed: out W[1,2] (index 6 + 0 + 1*2).
        const Trace t = *traceSample(net, x, TraceTarget{1, {}});
        std::vector<float> grad(net.paramCount());
        for (const TraceStage& s : t.stages) {
            if (s.kind != StageKind::Dense) continue;
            std::copy(s.dW.begin(), s.dW.end(), grad.begin() + static_cast<std::ptrdiff_t>(s.paramOffset));
            std::copy(s.db.begin(), s.db.end(), grad.begin() + static_cast<std::ptrdiff_t>(s.paramOffset + s.dW.size()));
        }
        auto same = compareWithFiniteDifferences(net, x, TraceTarget{1, {}}, grad);
        QVERIFY(same.ok() && same->passed);
        grad[8] *= 1.3f;
        auto wrong = compareWithFiniteDifferences(net, x, TraceTarget{1, {}}, grad);
        QVERIFY(wrong.ok());
        QVERIFY(!wrong->passed);
        QCOMPARE(wrong->worstIndex, std::size_t{8});
        QCOMPARE(wrong->worst, std::string("out W[1,2]"));
        QVERIFY(wrong->maxRelError > 0.1);

        // MSE network too.
        Network mse = twoTwoTwo(LossKind::MeanSquaredError, "Sigmoid");
        setHandWeights(mse);
        auto m = gradientCheckAll(mse, x, TraceTarget{-1, {1.0f, 0.0f}});
        QVERIFY(m.ok() && m->passed);
    }

    // Conv2D, BatchNorm (running statistics), ReLU, MaxPool, Flatten, Dropout
    // (off), Dense, softmax CE: the trace is the evaluation-mode function and
    // backprop through it matches finite differences for every parameter.
    void evaluationModeLayersTraceAndCheck() {
        Graph g{LayerRegistry::builtin()};
        const NodeId in = *g.addNode("Input", {{"shape", std::string("1x6x6")}}, {}, "image");
        const NodeId conv = *g.addNode("Conv2D", {{"filters", std::int64_t{2}}, {"kernel", std::int64_t{3}}}, {}, "conv");
        const NodeId bn = *g.addNode("BatchNorm", {}, {}, "bn");
        const NodeId relu = *g.addNode("ReLU", {}, {}, "relu");
        const NodeId pool = *g.addNode("MaxPool2D", {}, {}, "pool");
        const NodeId flat = *g.addNode("Flatten", {}, {}, "flat");
        const NodeId drop = *g.addNode("Dropout", {{"rate", 0.5}}, {}, "drop");
        const NodeId dense = *g.addNode("Dense", {{"units", std::int64_t{3}}}, {}, "dense");
        for (auto [a, b] : std::vector<std::pair<NodeId, NodeId>>{
                 {in, conv}, {conv, bn}, {bn, relu}, {relu, pool}, {pool, flat}, {flat, drop}, {drop, dense}})
            QVERIFY(g.connect(a, b).ok());
        auto compiled = compileNetwork(g, LossKind::SoftmaxCrossEntropy);
        QVERIFY2(compiled.ok(), compiled.ok() ? "" : compiled.error().message.c_str());
        Network net = std::move(compiled).value();
        net.initialize(7);
        // Running statistics that are not the initial 0 / 1.
        auto state = net.state();
        state[0] = 0.1f, state[1] = -0.2f, state[2] = 0.8f, state[3] = 1.5f;
        std::vector<float> x(36);
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(std::sin(0.7 * static_cast<double>(i)) * 0.9);

        auto t = traceSample(net, x, TraceTarget{2, {}}, TraceOptions{0.1});
        QVERIFY2(t.ok(), t.ok() ? "" : t.error().message.c_str());
        // input, conv, bn, relu, pool, drop, dense (Flatten is a view: no stage)
        QCOMPARE(t->stages.size(), std::size_t{7});
        QCOMPARE(t->stages[1].kind, StageKind::Block);
        QCOMPARE(t->stages[6].kind, StageKind::Dense);
        QCOMPARE(t->stages[6].fanIn, 8);
        QCOMPARE(t->stages[6].inputStages, std::vector<int>{5});
        QCOMPARE(t->notes.size(), std::size_t{2});
        // The same output as prediction (Mode::Eval).
        Matrix xm(36, 1), probs;
        std::copy(x.begin(), x.end(), xm.data());
        net.predict(xm, probs);
        for (int k = 0; k < 3; ++k) QCOMPARE(t->prediction[static_cast<std::size_t>(k)], probs(k, 0));
        // Dropout off: its output is its input; its gradient passes unchanged.
        QCOMPARE(t->stages[5].a, t->stages[4].a);
        QCOMPARE(t->stages[5].delta.size(), std::size_t{8});
        QVERIFY(t->stages[1].gradNorm > 0);

        auto check = gradientCheckAll(net, x, TraceTarget{2, {}});
        QVERIFY(check.ok());
        QCOMPARE(check->checked, net.paramCount());
        QVERIFY2(check->passed, qPrintable(QString("%1 at %2 (%3 vs %4)").arg(check->maxRelError).arg(check->worst.c_str())
                                               .arg(check->worstAnalytic).arg(check->worstNumeric)));
        // BatchNorm's running statistics are untouched by tracing and checking.
        QCOMPARE(net.state()[3], 1.5f);
    }

    // Input 2 -> Dense 3 -> ReLU -> Dense 2 (softmax CE). Unit 3's bias of -10
    // keeps it at 0 for every sample: a dead ReLU.
    void layerHealthFindsDeadUnits() {
        Graph g{LayerRegistry::builtin()};
        const NodeId in = *g.addNode("Input", {{"shape", std::string("2")}}, {}, "input");
        const NodeId h = *g.addNode("Dense", {{"units", std::int64_t{3}}}, {}, "hidden");
        const NodeId r = *g.addNode("ReLU", {}, {}, "relu");
        const NodeId o = *g.addNode("Dense", {{"units", std::int64_t{2}}}, {}, "out");
        QVERIFY(g.connect(in, h).ok() && g.connect(h, r).ok() && g.connect(r, o).ok());
        Network net = std::move(compileNetwork(g, LossKind::SoftmaxCrossEntropy)).value();
        net.initialize(3);
        net.params()[6 + 2] = -10;  // hidden b[3]
        Dataset d;
        d.inputShape = Shape{2};
        d.values = {1, 0.5f, -1, 2, 0.3f, -0.7f, 0.9f, 0.9f};
        d.labels = {0, 1, 1, 0};
        d.classNames = {"a", "b"};
        auto health = networkHealth(net, d, 0, 10);
        QVERIFY2(health.ok(), health.ok() ? "" : health.error().message.c_str());
        QCOMPARE(health->samples, 4);
        QCOMPARE(health->layers.size(), std::size_t{3});
        const LayerHealth& relu = health->layers[1];
        QCOMPARE(relu.name, std::string("relu"));
        QVERIFY(std::abs(relu.deadFraction - 1.0 / 3.0) < 1e-12);  // unit 3 of 3 (units 1, 2 may die per sample only)
        QVERIFY(relu.zeroFraction >= 1.0 / 3.0);
        int total = 0;
        for (int c : relu.histogram) total += c;
        QCOMPARE(total, 12);  // 3 units x 4 samples
        QCOMPARE(relu.lo, 0.0);
        QVERIFY(health->layers[0].paramGradNorm > 0);
        QCOMPARE(health->layers[1].paramCount, std::size_t{0});

        // One sample: the same gradient norms as the trace of that sample.
        auto one = networkHealth(net, d, 1);
        const float x[2] = {1, 0.5f};
        const Trace t = *traceSample(net, x, TraceTarget{0, {}});
        QVERIFY(std::abs(one->layers[0].paramGradNorm - t.stages[1].gradNorm) < 1e-6);
        QVERIFY(std::abs(one->layers[2].paramGradNorm - t.stages[2].gradNorm) < 1e-6);
        QVERIFY(std::abs(one->loss - t.lossValue) < 1e-6);

        Dataset wrong = d;
        wrong.inputShape = Shape{1};
        wrong.values.resize(4);
        auto e = networkHealth(net, wrong);
        QVERIFY(!e.ok() && e.error().message.find("1 features") != std::string::npos);
    }

    void errorsSayWhatToFix() {
        Network net = twoTwoTwo(LossKind::SoftmaxCrossEntropy, "Softmax");
        const float three[3] = {1, 2, 3}, two[2] = {1, 2};
        auto e1 = traceSample(net, three, TraceTarget{0, {}});
        QVERIFY(!e1.ok());
        QVERIFY(e1.error().message.find("takes 2 values, the sample has 3") != std::string::npos);
        auto e2 = traceSample(net, two, TraceTarget{5, {}});
        QVERIFY(!e2.ok() && e2.error().message.find("outside 0..1") != std::string::npos);
        auto e3 = traceSample(net, two, TraceTarget{});
        QVERIFY(!e3.ok() && e3.error().message.find("give the sample's class") != std::string::npos);
        Network mse = twoTwoTwo(LossKind::MeanSquaredError, "Sigmoid");
        auto e4 = traceSample(mse, two, TraceTarget{-1, {1.0f}});
        QVERIFY(!e4.ok() && e4.error().message.find("expected 2 target values") != std::string::npos);
        auto oneHot = traceSample(mse, two, TraceTarget{1, {}});  // a class stands for one-hot
        QVERIFY(oneHot.ok());
        QCOMPARE(oneHot->target, (std::vector<float>{0, 1}));
        QCOMPARE(describeParameter(net, 5), std::string("hidden b[2]"));
        QCOMPARE(describeParameter(net, 1), std::string("hidden W[2,1]"));
        QCOMPARE(describeParameter(net, 12), std::string());
    }
};

QTEST_APPLESS_MAIN(TraceTest)
#include "test_trace.moc"
