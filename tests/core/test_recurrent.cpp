// Recurrent layers (SimpleRNN, LSTM, GRU, LastStep): shape rules and their
// refusals, hand-computed steps, the PyTorch weight layout, orthogonal
// initialisation, batch independence, no allocation per step, a
// finite-difference check of every cell and option, and parity with PyTorch
// over several Adam steps (tests/core/recurrent_parity.py; skipped without
// python3-torch).
#include "alloc_counter.h"
#include "core/layers/layer_registry.h"
#include "core/layers/recurrent.h"
#include "core/losses/loss.h"
#include "core/optim/optimizer.h"
#include "core/net/network.h"
#include "core/net/shape_inference.h"
#include "core/teach/gradient_check.h"

#include <nlohmann/json.hpp>

#include <QProcess>
#include <QTemporaryDir>
#include "registry_shape.h"

#include <QtTest>

#include <cmath>
#include <fstream>
#include <memory>

using namespace layerlab::core;

namespace {

using layerlab_test::reg;
using layerlab_test::shapeOf;

struct Made {
    std::unique_ptr<Layer> layer;
    Shape out;
    std::vector<Scalar> params, grads;
};

Made make(const std::string& type, const ParamMap& params, const Shape& in, std::uint64_t seed = 1) {
    const LayerInfo* info = reg().find(type);
    const ParamMap p = reg().withDefaults(*info, params);
    const std::vector<Shape> ins{in};
    auto out = info->shape(p, ins);
    if (!out) qFatal("shape rule refused %s: %s", type.c_str(), out.error().message.c_str());
    Made m{info->create(p, ins, *out, seed), *out, {}, {}};
    m.params.resize(m.layer->paramCount());
    m.grads.assign(m.layer->paramCount(), 0);
    m.layer->bind(m.params.data(), m.grads.data(), nullptr);
    Rng rng(seed);
    m.layer->initialize(rng);
    return m;
}

Matrix forward1(Layer& layer, const Matrix& x, Mode mode = Mode::Train) {
    const Matrix* in[] = {&x};
    Matrix out;
    layer.forward(in, out, mode);
    return out;
}

Matrix randomMatrix(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
    Rng rng(seed);
    Matrix m(rows, cols);
    for (Eigen::Index j = 0; j < cols; ++j)
        for (Eigen::Index i = 0; i < rows; ++i) m(i, j) = static_cast<Scalar>(uniform(rng, -1, 1));
    return m;
}

ParamMap P(std::initializer_list<std::pair<const std::string, ParamValue>> kv) { return ParamMap(kv); }

double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

}  // namespace

class TestRecurrent : public QObject {
    Q_OBJECT

private slots:
    void shapeRules() {
        QCOMPARE(*shapeOf("LSTM", P({{"units", std::int64_t{50}}}), {Shape{30, 1}}), Shape({50}));
        QCOMPARE(*shapeOf("GRU", P({{"units", std::int64_t{7}}, {"return_sequences", true}}), {Shape{30, 2}}),
                 Shape({30, 7}));
        QCOMPARE(*shapeOf("LastStep", {}, {Shape{30, 7}}), Shape({7}));
        QCOMPARE(*shapeOf("Flatten", {}, {Shape{30, 7}}), Shape({210}));
        QCOMPARE(*shapeOf("Dropout", {}, {Shape{30, 7}}), Shape({30, 7}));
        // A recurrent layer on a vector, and Dense on a sequence, are refused with the fix.
        auto onVector = shapeOf("LSTM", {}, {Shape{784}});
        QVERIFY(!onVector);
        QVERIFY2(onVector.error().message.find("needs a sequence") != std::string::npos &&
                     onVector.error().message.find("30x1") != std::string::npos,
                 onVector.error().message.c_str());
        auto dense = shapeOf("Dense", {}, {Shape{30, 7}});
        QVERIFY(!dense);
        QVERIFY2(dense.error().message.find("LastStep") != std::string::npos &&
                     dense.error().message.find("return_sequences") != std::string::npos,
                 dense.error().message.c_str());
        QVERIFY(!shapeOf("Concat", {}, {Shape{30, 7}, Shape{30, 7}}));
        QVERIFY(!shapeOf("LastStep", {}, {Shape{7}}));
        QVERIFY(!shapeOf("Conv2D", {}, {Shape{30, 7}}));
        // The Input accepts time steps x features.
        QCOMPARE(*shapeOf("Input", P({{"shape", std::string("30x1")}}), {}), Shape({30, 1}));
    }

    // The lesson's LSTM(50) on one feature: PyTorch's count (two biases per
    // gate; Keras has one: 10,400).
    void parameterCounts() {
        QCOMPARE(make("LSTM", P({{"units", std::int64_t{50}}}), Shape{30, 1}).layer->paramCount(),
                 std::size_t{4 * 50 * (1 + 50) + 2 * 4 * 50});
        QCOMPARE(make("GRU", P({{"units", std::int64_t{4}}}), Shape{5, 3}).layer->paramCount(),
                 std::size_t{3 * 4 * (3 + 4) + 2 * 3 * 4});
        QCOMPARE(make("SimpleRNN", P({{"units", std::int64_t{4}}, {"use_bias", false}}), Shape{5, 3}).layer->paramCount(),
                 std::size_t{4 * (3 + 4)});
        const LayerInfo* lstm = reg().find("LSTM");
        const ParamMap p = reg().withDefaults(*lstm, P({{"units", std::int64_t{50}}}));
        const std::vector<Shape> in{Shape{30, 1}};
        QVERIFY(lstm->flops(p, in, Shape{50}) > 30 * 2.0 * 4 * 50 * 51);
    }

    // SimpleRNN by hand: h0 = tanh(w x0 + b), h1 = tanh(w x1 + u h0 + b).
    void simpleRnnByHand() {
        Made m = make("SimpleRNN", P({{"units", std::int64_t{1}}, {"return_sequences", true}}), Shape{2, 1});
        // weight_ih, weight_hh, bias_ih, bias_hh
        m.params = {0.5f, -0.8f, 0.1f, 0.2f};
        m.layer->bind(m.params.data(), m.grads.data(), nullptr);
        Matrix x(2, 1);
        x << 1.0f, -2.0f;
        const Matrix y = forward1(*m.layer, x);
        const double h0 = std::tanh(0.5 * 1 + 0.3), h1 = std::tanh(0.5 * -2 - 0.8 * h0 + 0.3);
        QVERIFY(std::abs(y(0, 0) - h0) < 1e-6);
        QVERIFY(std::abs(y(1, 0) - h1) < 1e-6);
    }

    // One LSTM step by hand with PyTorch's gate order i, f, g, o in the rows.
    void lstmStepByHand() {
        Made m = make("LSTM", P({{"units", std::int64_t{1}}}), Shape{1, 1});
        // weight_ih (4x1) i f g o, weight_hh (4x1), bias_ih (4), bias_hh (4)
        m.params = {0.5f, -0.3f, 0.8f, 0.2f, 0, 0, 0, 0, 0.1f, 0.2f, -0.1f, 0.05f, 0, 0.1f, 0, 0};
        m.layer->bind(m.params.data(), m.grads.data(), nullptr);
        Matrix x(1, 1);
        x << 2.0f;
        const Matrix y = forward1(*m.layer, x);
        const double i = sigmoid(1.0 + 0.1), g = std::tanh(1.6 - 0.1), o = sigmoid(0.4 + 0.05);
        const double c = i * g;  // f * c_{-1} = 0
        QVERIFY2(std::abs(y(0, 0) - o * std::tanh(c)) < 1e-6, qPrintable(QString::number(y(0, 0))));
    }

    // GRU: the reset gate multiplies the hidden projection including b_hn.
    void gruResetGateOnHiddenBias() {
        Made m = make("GRU", P({{"units", std::int64_t{1}}}), Shape{2, 1});
        // weight_ih r z n, weight_hh r z n, bias_ih, bias_hh
        m.params = {0.4f, -0.6f, 0.9f, 0.3f, 0.2f, -0.5f, 0.1f, 0.0f, 0.05f, -0.2f, 0.1f, 0.7f};
        m.layer->bind(m.params.data(), m.grads.data(), nullptr);
        Matrix x(2, 1);
        x << 1.0f, 0.5f;
        const Matrix y = forward1(*m.layer, x);
        auto step = [](double xv, double h) {
            const double r = sigmoid(0.4 * xv + 0.1 + 0.3 * h - 0.2);
            const double z = sigmoid(-0.6 * xv + 0.0 + 0.2 * h + 0.1);
            const double n = std::tanh(0.9 * xv + 0.05 + r * (-0.5 * h + 0.7));
            return (1 - z) * n + z * h;
        };
        const double h1 = step(0.5, step(1.0, 0.0));
        QVERIFY2(std::abs(y(0, 0) - h1) < 1e-6, qPrintable(QString("%1 vs %2").arg(y(0, 0)).arg(h1)));
    }

    void orthogonalInitAndForgetBias() {
        Made m = make("LSTM", P({{"units", std::int64_t{6}}}), Shape{4, 3}, 9);
        // weight_hh is 24 x 6 row-major: its columns are orthonormal.
        const Eigen::Map<const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> whh(
            m.params.data() + 24 * 3, 24, 6);
        const Matrix gram = whh.transpose() * whh;
        QVERIFY2((gram - Matrix::Identity(6, 6)).cwiseAbs().maxCoeff() < 1e-5, "W_hh columns not orthonormal");
        const Scalar* bias = m.params.data() + 24 * 3 + 24 * 6;
        for (int j = 0; j < 24; ++j) QCOMPARE(bias[j], (j >= 6 && j < 12) ? 1.0f : 0.0f);  // b_if = 1
        for (int j = 24; j < 48; ++j) QCOMPARE(bias[j], 0.0f);
        // Same seed, same weights; another seed, other weights.
        QVERIFY(make("LSTM", P({{"units", std::int64_t{6}}}), Shape{4, 3}, 9).params == m.params);
        QVERIFY(make("LSTM", P({{"units", std::int64_t{6}}}), Shape{4, 3}, 10).params != m.params);
    }

    // A sample's output does not depend on the other samples of its batch.
    void batchIndependent() {
        for (const char* type : {"SimpleRNN", "LSTM", "GRU"}) {
            Made m = make(type, P({{"units", std::int64_t{5}}, {"return_sequences", true}}), Shape{7, 3});
            const Matrix x = randomMatrix(21, 6, 3);
            const Matrix all = forward1(*m.layer, x, Mode::Eval);
            for (int j = 0; j < 6; ++j) {
                const Matrix one = forward1(*m.layer, x.col(j), Mode::Eval);
                QVERIFY2((one - all.col(j)).cwiseAbs().maxCoeff() < 1e-6, type);
            }
        }
    }

    // Once the buffers are sized, forward and backward allocate nothing.
    void noAllocationPerStep() {
#ifdef LAYERLAB_COUNT_ALLOCATIONS
        for (const char* type : {"SimpleRNN", "LSTM", "GRU"}) {
            Made m = make(type, P({{"units", std::int64_t{50}}, {"return_sequences", true}}), Shape{30, 2});
            const Matrix x = randomMatrix(60, 32, 4);
            Matrix out, dx = Matrix::Zero(60, 32);
            const Matrix dOut = randomMatrix(30 * 50, 32, 5);
            const Matrix* in[] = {&x};
            Matrix* dIn[] = {&dx};
            m.layer->forward(in, out, Mode::Train);
            m.layer->backward(in, out, dOut, dIn);
            const long before = gAllocations.load();
            for (int k = 0; k < 3; ++k) {
                m.layer->forward(in, out, Mode::Train);
                m.layer->backward(in, out, dOut, dIn);
            }
            QVERIFY2(gAllocations.load() == before,
                     qPrintable(QString("%1 allocated %2 times").arg(type).arg(gAllocations.load() - before)));
        }
#else
        QSKIP("allocation counting is off under sanitizers");
#endif
    }

    void gradientCheck_data() {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("activation");
        QTest::addColumn<QString>("gate");
        QTest::addColumn<bool>("sequences");
        QTest::addColumn<bool>("bias");
        for (const char* type : {"SimpleRNN", "LSTM", "GRU"}) {
            for (const char* act : {"tanh", "relu", "sigmoid"})
                for (bool seq : {false, true})
                    QTest::addRow("%s %s%s", type, act, seq ? " sequences" : "")
                        << QString(type) << QString(act) << QString("sigmoid") << seq << true;
            QTest::addRow("%s no bias", type) << QString(type) << QString("tanh") << QString("sigmoid") << true << false;
            if (std::string(type) != "SimpleRNN")
                QTest::addRow("%s hard_sigmoid gates", type)
                    << QString(type) << QString("tanh") << QString("hard_sigmoid") << true << true;
        }
    }

    void gradientCheck() {
        QFETCH(QString, type);
        QFETCH(QString, activation);
        QFETCH(QString, gate);
        QFETCH(bool, sequences);
        QFETCH(bool, bias);
        ParamMap p = P({{"units", std::int64_t{4}},
                        {"activation", activation.toStdString()},
                        {"return_sequences", sequences},
                        {"use_bias", bias}});
        if (type != "SimpleRNN") p["recurrent_activation"] = gate.toStdString();
        const Shape in{5, 3};
        Made m = make(type.toStdString(), p, in);
        const std::vector<Shape> ins{in};
        // ReLU inside the recurrence: pre-activations near 0 are not kept
        // away from the kink (only the inputs are), so a smaller step.
        const double eps = activation == "relu" ? 1e-3 : 1e-2;
        const GradCheckReport r = checkLayerGradients(*m.layer, ins, m.out, 3, 11, eps);
        QVERIFY2(r.passed && r.checked > 0,
                 qPrintable(QString("max relative error %1 at %2").arg(r.maxRelError).arg(r.worst.c_str())));
    }

    void lastStepGradient() {
        Made m = make("LastStep", {}, Shape{4, 3});
        const std::vector<Shape> ins{Shape{4, 3}};
        const GradCheckReport r = checkLayerGradients(*m.layer, ins, m.out, 3, 5);
        QVERIFY2(r.passed && r.checked > 0, r.worst.c_str());
    }

    // The gradient reaching each step is recorded (vanishing/exploding view).
    void stepGradientNorms() {
        Made m = make("LSTM", P({{"units", std::int64_t{4}}}), Shape{6, 2});
        auto& rnn = static_cast<Recurrent&>(*m.layer);
        const Matrix x = randomMatrix(12, 2, 8);
        Matrix out;
        const Matrix* in[] = {&x};
        rnn.forward(in, out, Mode::Train);
        Matrix dx = Matrix::Zero(12, 2);
        Matrix* dIn[] = {&dx};
        rnn.backward(in, out, Matrix::Ones(4, 2), dIn);
        QCOMPARE(rnn.stepGradNorm().size(), std::size_t{6});
        QVERIFY(std::abs(rnn.stepGradNorm().back() - std::sqrt(8.0)) < 1e-6);  // dL/dh_T = the ones
        for (double n : rnn.stepGradNorm()) QVERIFY(n > 0 && std::isfinite(n));
        QCOMPARE(rnn.hiddenStates().cols(), Eigen::Index{7 * 2});
        QCOMPARE(rnn.cellStates().cols(), Eigen::Index{7 * 2});
        QCOMPARE(rnn.gateValues().rows(), Eigen::Index{16});
    }

    void pytorchParity();
};


namespace {

struct ParityCase {
    const char* name;
    std::vector<std::pair<std::string, ParamMap>> layers;  // after Input 8x2
};

// Trains the case for 5 full-batch Adam steps (MSE) and writes what
// recurrent_parity.py needs: each layer's options and its parameters before
// and after, the data, the losses.
nlohmann::json runParityCase(const ParityCase& c) {
    const int T = 8, F = 2, B = 16;
    Graph g{reg()};
    NodeId prev = *g.addNode("Input", {{"shape", std::to_string(T) + "x" + std::to_string(F)}});
    std::vector<NodeId> ids;
    for (const auto& [type, params] : c.layers) {
        const NodeId id = *g.addNode(type, params);
        if (!g.connect(prev, id).ok()) qFatal("connect %s", type.c_str());
        ids.push_back(prev = id);
    }
    auto net = compileNetwork(g, LossKind::MeanSquaredError);
    if (!net) qFatal("%s", net.error().message.c_str());
    net->initialize(21);
    const int outputs = net->outputShape().size();
    const Matrix x = randomMatrix(T * F, B, 31), y = randomMatrix(outputs, B, 32);
    nlohmann::json j;
    j["name"] = c.name;
    j["T"] = T;
    j["F"] = F;
    j["x"] = std::vector<float>(x.data(), x.data() + x.size());
    j["y"] = std::vector<float>(y.data(), y.data() + y.size());
    j["outputs"] = outputs;
    j["lr"] = 0.01;
    j["steps"] = 5;
    const std::vector<Scalar> before(net->params().begin(), net->params().end());
    OptimizerConfig oc;
    oc.kind = OptimizerKind::Adam;
    oc.learningRate = 0.01;
    Optimizer opt(oc, net->paramCount());
    auto loss = makeLoss(LossKind::MeanSquaredError);
    std::vector<double> losses;
    Matrix dPred;
    for (int s = 0; s < 5; ++s) {
        const Matrix& pred = net->forward(x, Mode::Train);
        Targets t;
        t.values = &y;
        losses.push_back(loss->compute(pred, t, &dPred));
        net->backward(dPred);
        opt.step(net->params(), net->grads(), oc.learningRate);
    }
    j["losses"] = losses;
    // Every layer of the case in order (the compiler may leave out a layer
    // that computes nothing, e.g. Flatten): its options, its input shape and
    // its parameters from the compiled layer of the same node.
    std::vector<Shape> shapes = {Shape{T, F}};
    for (std::size_t k = 0; k < c.layers.size(); ++k) {
        const auto& [type, params] = c.layers[k];
        const LayerInfo* info = reg().find(type);
        const ParamMap p = reg().withDefaults(*info, params);
        const std::vector<Shape> in{shapes.back()};
        shapes.push_back(*info->shape(p, in));
        CompiledLayer l;
        for (const CompiledLayer& cl : net->layers())
            if (cl.node == ids[k]) l = cl;
        nlohmann::json lj;
        lj["type"] = type;
        for (const char* key : {"units", "activation", "recurrent_activation", "return_sequences", "use_bias"}) {
            if (!p.count(key)) continue;
            std::visit([&](const auto& v) { lj[key] = v; }, p.at(key));
        }
        lj["in"] = in[0].dims;
        lj["before"] = std::vector<float>(before.begin() + l.paramOffset,
                                          before.begin() + l.paramOffset + l.paramCount);
        lj["after"] = std::vector<float>(net->params().begin() + l.paramOffset,
                                         net->params().begin() + l.paramOffset + l.paramCount);
        j["layers"].push_back(lj);
    }
    return j;
}

}  // namespace

void TestRecurrent::pytorchParity() {
    // Debian's python3-torch lives under /usr/bin/python3 (a python3 earlier on
    // PATH, e.g. pyenv's, does not see it).
    const QString python = QFile::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    if (QProcess::execute(python, {"-c", "import torch"}) != 0)
        QSKIP("python3-torch is not installed (scripts/install-deps.sh installs it)");
    const ParamMap seq = P({{"units", std::int64_t{6}}, {"return_sequences", true}});
    auto with = [](ParamMap p, std::initializer_list<std::pair<const std::string, ParamValue>> kv) {
        for (const auto& [k, v] : kv) p[k] = v;
        return p;
    };
    const ParamMap dense1 = P({{"units", std::int64_t{1}}});
    const std::vector<ParityCase> cases = {
        {"LSTM(6) -> Dense(1)", {{"LSTM", P({{"units", std::int64_t{6}}})}, {"Dense", dense1}}},
        {"LSTM(6, relu, sequences) -> LSTM(5, relu) -> Dense(1): the stacked lesson",
         {{"LSTM", with(seq, {{"activation", std::string("relu")}})},
          {"LSTM", P({{"units", std::int64_t{5}}, {"activation", std::string("relu")}})},
          {"Dense", dense1}}},
        {"GRU(6, sequences) -> LastStep -> Dense(2)", {{"GRU", seq}, {"LastStep", {}}, {"Dense", P({{"units", std::int64_t{2}}})}}},
        {"GRU(5, hard_sigmoid, no bias) -> Dense(1)",
         {{"GRU", P({{"units", std::int64_t{5}}, {"recurrent_activation", std::string("hard_sigmoid")}, {"use_bias", false}})},
          {"Dense", dense1}}},
        {"SimpleRNN(6, relu, sequences) -> Flatten -> Dense(1)",
         {{"SimpleRNN", with(seq, {{"activation", std::string("relu")}})}, {"Flatten", {}}, {"Dense", dense1}}},
        {"SimpleRNN(6) -> Dense(1)", {{"SimpleRNN", P({{"units", std::int64_t{6}}})}, {"Dense", dense1}}},
    };
    nlohmann::json all = nlohmann::json::array();
    for (const ParityCase& c : cases) all.push_back(runParityCase(c));
    QTemporaryDir dir;
    const QString file = dir.filePath("parity.json");
    std::ofstream(file.toStdString()) << all.dump();
    QProcess py;
    py.start(python, {QStringLiteral(LAYERLAB_SOURCE_DIR "/tests/core/recurrent_parity.py"), file});
    QVERIFY(py.waitForFinished(120000));
    const QString report = QString::fromUtf8(py.readAllStandardOutput() + py.readAllStandardError());
    qInfo().noquote() << report;
    QVERIFY2(py.exitStatus() == QProcess::NormalExit && py.exitCode() == 0, qPrintable(report));
}

QTEST_APPLESS_MAIN(TestRecurrent)
#include "test_recurrent.moc"
