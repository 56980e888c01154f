// The step-through unrolled in time (core/teach/trace_recurrent): a traced
// sample through an LSTM, a GRU and a SimpleRNN records every time step's
// gates, cell and hidden state consistently with the layer's output and the
// formulas, the gradient reaching every step, and the SGD update; a long
// SimpleRNN with small recurrent weights shows the vanishing gradient.
#include "core/layers/layer_registry.h"
#include "core/net/network.h"
#include "core/teach/trace.h"
#include "core/teach/trace_formulas.h"
#include "core/teach/trace_recurrent.h"

#include <QtTest>

#include <cmath>

using namespace layerlab::core;

namespace {

Network recurrentNet(const std::string& cell, int steps, const ParamMap& extra = {}) {
    Graph g{LayerRegistry::builtin()};
    const NodeId in = *g.addNode("Input", {{"shape", std::to_string(steps) + "x2"}});
    ParamMap p = {{"units", std::int64_t{3}}};
    for (const auto& [k, v] : extra) p[k] = v;
    const NodeId rnn = *g.addNode(cell, p);
    const NodeId out = *g.addNode("Dense", {{"units", std::int64_t{1}}});
    if (!g.connect(in, rnn).ok() || !g.connect(rnn, out).ok()) qFatal("connect");
    auto net = compileNetwork(g, LossKind::MeanSquaredError);
    if (!net) qFatal("%s", net.error().message.c_str());
    net->initialize(5);
    return std::move(net).value();
}

std::vector<float> input(int steps) {
    std::vector<float> x;
    for (int i = 0; i < steps * 2; ++i) x.push_back(std::sin(0.7f * static_cast<float>(i)));
    return x;
}

const TraceStage& recurrentStage(const Trace& t) {
    for (const TraceStage& s : t.stages)
        if (!s.recurrent.empty()) return s;
    qFatal("no recurrent stage");
}

}  // namespace

class TestTraceRecurrent : public QObject {
    Q_OBJECT

private slots:
    void lstmUnrolled() {
        Network net = recurrentNet("LSTM", 5);
        TraceTarget target;
        target.values = {0.5f};
        auto t = traceSample(net, input(5), target);
        QVERIFY2(t, t ? "" : t.error().message.c_str());
        const TraceStage& s = recurrentStage(*t);
        const RecurrentTrace& r = s.recurrent.front();
        QCOMPARE(r.cell, std::string("LSTM"));
        QCOMPARE(r.gates, (std::vector<std::string>{"i", "f", "g", "o"}));
        QCOMPARE(int(r.unrolled.size()), 5);
        for (int step = 0; step < 5; ++step) {
            const RecurrentStep& st = r.unrolled[static_cast<std::size_t>(step)];
            QCOMPARE(st.x[0], input(5)[static_cast<std::size_t>(2 * step)]);
            for (int j = 0; j < 3; ++j) {
                const auto u = static_cast<std::size_t>(j);
                const double c = st.gate[1][u] * st.cPrev[u] + st.gate[0][u] * st.gate[2][u];
                QVERIFY(std::abs(c - st.c[u]) < 1e-6);
                QVERIFY(std::abs(st.gate[3][u] * std::tanh(st.c[u]) - st.h[u]) < 1e-6);
                QVERIFY(std::abs(1 / (1 + std::exp(-st.pre[0][u])) - st.gate[0][u]) < 1e-6);
            }
            if (step > 0) QCOMPARE(st.hPrev, r.unrolled[static_cast<std::size_t>(step - 1)].h);
            QVERIFY(st.dhNorm > 0);
        }
        // The last hidden state is the layer's output; dL/dh at the last
        // step is the gradient the Dense layer sent back.
        QCOMPARE(r.unrolled.back().h, s.z);
        for (std::size_t j = 0; j < 3; ++j) QVERIFY(std::abs(r.unrolled.back().dh[j] - s.delta[j]) < 1e-6);
        // The update is SGD with the trace's rate.
        for (std::size_t k = 0; k < r.Whh.size(); ++k)
            QVERIFY(std::abs(r.newWhh[k] - (r.Whh[k] - t->learningRate * r.dWhh[k])) < 1e-6);
        const auto fwd = recurrentForwardFormulas(r, 2, 1);
        QCOMPARE(int(fwd.size()), 6);
        QVERIFY2(fwd[0].rfind("i = σ(W_ii x₂", 0) == 0, fwd[0].c_str());
        QVERIFY2(fwd[4].find("c₂ = f ⊙ c₁ + i ⊙ g") == 0, fwd[4].c_str());
        QVERIFY(fwd[5].find(formatNumber(r.unrolled[2].h[1])) != std::string::npos);
        // Quiz mode: the results become "?", the operands (the pre-activation) stay.
        FormulaOptions quiz;
        quiz.hideResults = true;
        const auto hidden = recurrentForwardFormulas(r, 2, 1, quiz);
        QVERIFY2(hidden[0].find(") = ?") != std::string::npos, hidden[0].c_str());
        QVERIFY(hidden[0].find(formatNumber(r.unrolled[2].pre[0][1])) != std::string::npos);
        QVERIFY(hidden[5].find(formatNumber(r.unrolled[2].h[1])) == std::string::npos);
        QVERIFY(recurrentBackwardFormulas(r, 4, 0, quiz)[1].find("= ?") != std::string::npos);
        const auto back = recurrentBackwardFormulas(r, 4, 0);
        QVERIFY2(back[0].find("only the last step is output") != std::string::npos, back[0].c_str());
        QCOMPARE(int(back.size()), 1 + 4 + 2);
    }

    void gruAndSimpleRnn() {
        Graph g{LayerRegistry::builtin()};
        const NodeId in = *g.addNode("Input", {{"shape", std::string("4x2")}});
        const NodeId gru = *g.addNode("GRU", {{"units", std::int64_t{3}}, {"return_sequences", true}});
        const NodeId last = *g.addNode("LastStep", {});
        const NodeId out = *g.addNode("Dense", {{"units", std::int64_t{1}}});
        QVERIFY(g.connect(in, gru).ok() && g.connect(gru, last).ok() && g.connect(last, out).ok());
        auto net = compileNetwork(g, LossKind::MeanSquaredError);
        QVERIFY(net);
        net->initialize(3);
        TraceTarget target;
        target.values = {0.2f};
        auto t = traceSample(*net, input(4), target);
        QVERIFY(t);
        const RecurrentTrace& r = recurrentStage(*t).recurrent.front();
        QCOMPARE(r.gates, (std::vector<std::string>{"r", "z", "n"}));
        for (const RecurrentStep& st : r.unrolled)
            for (std::size_t j = 0; j < 3; ++j)
                QVERIFY(std::abs((1 - st.gate[1][j]) * st.gate[2][j] + st.gate[1][j] * st.hPrev[j] - st.h[j]) < 1e-6);
        // return_sequences through LastStep: only the last step gets a gradient from the output.
        const auto back = recurrentBackwardFormulas(r, 1, 0);
        QVERIFY2(back[0].find("from step 2") != std::string::npos, back[0].c_str());
        QVERIFY(recurrentForwardFormulas(r, 0, 0).back().find("zero state") != std::string::npos);
    }

    // Small recurrent weights over 30 steps: the gradient reaching step 0 is
    // orders of magnitude below the last step's (the vanishing gradient the
    // view shows); the LSTM's forget gate near 1 keeps far more of it.
    void vanishingGradientVisible() {
        ParamMap small = {{"recurrent_init", std::string("constant")}, {"init_value", 0.05}, {"init", std::string("xavier_uniform")}};
        Network rnn = recurrentNet("SimpleRNN", 30, small);
        TraceTarget target;
        target.values = {1.0f};
        auto t = traceSample(rnn, input(30), target);
        QVERIFY(t);
        const RecurrentTrace& r = recurrentStage(*t).recurrent.front();
        qInfo("SimpleRNN: ||dL/dh|| at step 29 = %g, at step 0 = %g, ratio %g", r.unrolled.back().dhNorm,
              r.unrolled.front().dhNorm, r.gradientRatio());
        QVERIFY(r.gradientRatio() > 1e6);
        QVERIFY(r.unrolled.front().dhNorm < r.unrolled.back().dhNorm * 1e-6);
        Network lstm = recurrentNet("LSTM", 30, small);
        auto tl = traceSample(lstm, input(30), target);
        QVERIFY(tl);
        const RecurrentTrace& rl = recurrentStage(*tl).recurrent.front();
        qInfo("LSTM: ratio %g", rl.gradientRatio());
        QVERIFY(rl.gradientRatio() * 1e6 < r.gradientRatio());
    }
};

QTEST_APPLESS_MAIN(TestTraceRecurrent)
#include "test_trace_recurrent.moc"
