// Data-parallel training keeps the README's promise: `--threads 2` is the
// same training as one thread, up to float rounding, for EVERY layer type.
// BatchNorm computes the whole batch's statistics from both halves (forward
// and backward, running statistics updated once) and Dropout draws the whole
// batch's mask from one stream, so the two halves compute exactly what one
// thread computes; only the order of float sums differs.
//
// Tolerance: 2e-5 of the largest parameter (and of the largest state value).
// Float rounding of one step is ~1e-7 relative; over the ~20 optimizer steps
// here (Momentum SGD and Adam, whose 1/sqrt(v) scaling amplifies the rounding
// of small gradients) the measured differences stay below ~2e-6. The bugs this
// guards against are orders of magnitude larger: per-half batch statistics
// moved the weights by 2e-2..8e-2 of the largest, per-half dropout masks by 0.3..1.
//
// Under Adam the layer feeding a BatchNorm has no bias: BatchNorm removes the
// mean, so that bias's exact gradient is 0 and what backprop computes is pure
// rounding noise (~1e-9), which Adam divides by its own root mean square and
// turns into steps of +-lr in a direction rounding decides; one thread and two
// then differ by lr-sized amounts although both are right (it is also why such
// a bias is usually left out). The SGD rows keep that bias: there its noise
// stays rounding-sized.
#include "core/layers/layer_registry.h"
#include "core/net/network.h"
#include "core/train/trainer.h"

#include <QtTest>

#include <cmath>

using namespace layerlab::core;

namespace {

// Builds a graph from a chain description; returns the node ids.
struct Builder {
    Graph g{LayerRegistry::builtin()};
    NodeId add(const std::string& type, const ParamMap& params = {}) {
        auto id = g.addNode(type, params);
        if (!id) qFatal("%s", id.error().message.c_str());
        return *id;
    }
    void link(NodeId from, NodeId to, int port = 0) {
        if (auto s = g.connect(from, to, port); !s) qFatal("%s", s.error().message.c_str());
    }
    NodeId chain(NodeId from, std::initializer_list<std::pair<std::string, ParamMap>> layers) {
        for (const auto& [type, params] : layers) {
            const NodeId id = add(type, params);
            link(from, id);
            from = id;
        }
        return from;
    }
};

ParamMap units(int n, bool bias = true) { return {{"units", std::int64_t{n}}, {"use_bias", bias}}; }

Graph vectorBatchNorm(bool bias) {  // the Dense-BatchNorm-ReLU-Dense
    Builder b;
    b.chain(b.add("Input", {{"shape", std::string("8")}}),
            {{"Dense", units(16, bias)}, {"BatchNorm", {}}, {"ReLU", {}}, {"Dense", units(3)}});
    return b.g;
}

Graph activations() {  // every activation, the final Softmax folded into the loss
    Builder b;
    b.chain(b.add("Input", {{"shape", std::string("8")}}),
            {{"Dense", units(12)}, {"LeakyReLU", {{"alpha", 0.1}}}, {"Dense", units(12)}, {"Sigmoid", {}},
             {"Dense", units(12)}, {"Tanh", {}}, {"Dense", units(12)}, {"ReLU", {}}, {"Dense", units(3)},
             {"Softmax", {}}});
    return b.g;
}

Graph dropout() {  // 15 units: the second half's mask starts at an odd value offset (17 * 15)
    Builder b;
    b.chain(b.add("Input", {{"shape", std::string("8")}}),
            {{"Dense", units(15)}, {"ReLU", {}}, {"Dropout", {{"rate", 0.3}}}, {"Dense", units(16)},
             {"Dropout", {{"rate", 0.5}}}, {"Dense", units(3)}});
    return b.g;
}

Graph convolutional(bool bias) {  // Conv2D, BatchNorm on images, both pools, Flatten
    Builder b;
    b.chain(b.add("Input", {{"shape", std::string("2x8x8")}}),
            {{"Conv2D",
              {{"filters", std::int64_t{4}}, {"kernel", std::int64_t{3}}, {"padding", std::string("same")},
               {"use_bias", bias}}},
             {"BatchNorm", {{"momentum", 0.8}}},
             {"ReLU", {}},
             {"MaxPool2D", {{"size", std::int64_t{2}}}},
             {"Conv2D", {{"filters", std::int64_t{5}}, {"kernel", std::int64_t{3}}}},
             {"AvgPool2D", {{"size", std::int64_t{2}}}},
             {"Flatten", {}},
             {"Dense", units(3)}});
    return b.g;
}

Graph dag(bool bias) {  // fan-out, Add, Concat, BatchNorm after the merge
    Builder b;
    const NodeId in = b.add("Input", {{"shape", std::string("8")}});
    const NodeId left = b.chain(in, {{"Dense", units(8)}, {"ReLU", {}}});
    const NodeId right = b.chain(in, {{"Dense", units(8, bias)}});
    const NodeId sum = b.add("Add");
    b.link(left, sum, 0);
    b.link(right, sum, 1);
    const NodeId t = b.chain(sum, {{"Tanh", {}}});
    const NodeId side = b.chain(left, {{"Dense", units(6, bias)}});
    const NodeId cat = b.add("Concat");
    b.link(t, cat, 0);
    b.link(side, cat, 1);
    b.chain(cat, {{"BatchNorm", {}}, {"Dense", units(3)}});
    return b.g;
}

Graph recurrent(const char* cell, const char* second) {  // sequences: stacked recurrent layers, Dropout between
    Builder b;
    b.chain(b.add("Input", {{"shape", std::string("6x3")}}),
            {{cell, {{"units", std::int64_t{8}}, {"return_sequences", true}}},
             {"Dropout", {{"rate", 0.2}}},
             {second, {{"units", std::int64_t{5}}}},
             {"Dense", units(3)}});
    return b.g;
}

// 70 seeded samples in 3 classes; batches of 33 split 17/16, and the last
// batch of 4 runs on one thread even with two (too small to split).
Dataset data(const Shape& shape) {
    Dataset d;
    d.name = "random";
    d.inputShape = shape;
    d.classNames = {"a", "b", "c"};
    Rng rng(42);
    std::uniform_real_distribution<float> u(-1.5f, 2.0f);
    const int n = 70;
    d.values.resize(static_cast<std::size_t>(shape.size() * n));
    for (float& v : d.values) v = u(rng);
    for (int i = 0; i < n; ++i) d.labels.push_back(static_cast<int>(rng() % 3));
    return d;
}

struct Trained {
    std::vector<Scalar> params, state;
};

Trained train(const Graph& g, const Dataset& d, int threads, OptimizerKind optimizer) {
    auto net = compileNetwork(g, LossKind::SoftmaxCrossEntropy);
    if (!net) qFatal("%s", net.error().message.c_str());
    net->initialize(7);
    TrainConfig c;
    c.epochs = 7;
    c.batchSize = 33;
    c.seed = 7;
    c.threads = threads;
    c.optimizer.kind = optimizer;
    c.optimizer.learningRate = optimizer == OptimizerKind::Adam ? 0.01 : 0.05;
    Trainer t;
    const TrainResult r = t.run(*net, d, nullptr, c);
    if (r.reason != StopReason::Completed) qFatal("%s", r.message.c_str());
    return {{net->params().begin(), net->params().end()}, {net->state().begin(), net->state().end()}};
}

double largest(const std::vector<Scalar>& v) {
    double m = 0;
    for (Scalar x : v) m = std::max(m, static_cast<double>(std::abs(x)));
    return m;
}

double maxDiff(const std::vector<Scalar>& a, const std::vector<Scalar>& b) {
    double m = 0;
    for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, static_cast<double>(std::abs(a[i] - b[i])));
    return m;
}

// FNV-1a over the bytes: one-thread results must stay bit-identical.
std::uint64_t fingerprint(const Trained& t) {
    std::uint64_t h = 1469598103934665603ull;
    auto mixIn = [&](const std::vector<Scalar>& v) {
        const auto* p = reinterpret_cast<const unsigned char*>(v.data());
        for (std::size_t i = 0; i < v.size() * sizeof(Scalar); ++i) h = (h ^ p[i]) * 1099511628211ull;
    };
    mixIn(t.params);
    mixIn(t.state);
    return h;
}

}  // namespace

Q_DECLARE_METATYPE(layerlab::core::Graph)
Q_DECLARE_METATYPE(layerlab::core::Shape)

class ThreadsTest : public QObject {
    Q_OBJECT

private slots:
    void twoThreadsTrainLikeOne_data() {
        QTest::addColumn<Graph>("graph");
        QTest::addColumn<Shape>("shape");
        QTest::addColumn<int>("optimizer");
        const auto sgd = static_cast<int>(OptimizerKind::Momentum), adam = static_cast<int>(OptimizerKind::Adam);
        QTest::newRow("Dense-BatchNorm-ReLU-Dense") << vectorBatchNorm(true) << Shape{8} << sgd;
        QTest::newRow("Dense-BatchNorm-ReLU-Dense, Adam") << vectorBatchNorm(false) << Shape{8} << adam;
        QTest::newRow("activations") << activations() << Shape{8} << adam;
        QTest::newRow("Dropout") << dropout() << Shape{8} << sgd;
        QTest::newRow("Dropout, Adam") << dropout() << Shape{8} << adam;
        QTest::newRow("Conv2D-BatchNorm-pools-Flatten") << convolutional(true) << Shape{2, 8, 8} << sgd;
        QTest::newRow("Conv2D-BatchNorm-pools-Flatten, Adam") << convolutional(false) << Shape{2, 8, 8} << adam;
        QTest::newRow("Add/Concat DAG with BatchNorm") << dag(true) << Shape{8} << sgd;
        QTest::newRow("Add/Concat DAG with BatchNorm, Adam") << dag(false) << Shape{8} << adam;
        QTest::newRow("LSTM-Dropout-GRU, Adam") << recurrent("LSTM", "GRU") << Shape{6, 3} << adam;
        QTest::newRow("SimpleRNN-Dropout-LSTM") << recurrent("SimpleRNN", "LSTM") << Shape{6, 3} << sgd;
    }

    void twoThreadsTrainLikeOne() {
        QFETCH(Graph, graph);
        QFETCH(Shape, shape);
        QFETCH(int, optimizer);
        const Dataset d = data(shape);
        const auto kind = static_cast<OptimizerKind>(optimizer);
        const Trained one = train(graph, d, 1, kind), two = train(graph, d, 2, kind);
        qInfo("one-thread fingerprint %016llx", static_cast<unsigned long long>(fingerprint(one)));
        QCOMPARE(one.params.size(), two.params.size());
        QCOMPARE(one.state.size(), two.state.size());
        const double dp = maxDiff(one.params, two.params) / largest(one.params);
        qInfo("max parameter difference %.3g of the largest", dp);
        QVERIFY2(dp <= 2e-5, qPrintable(QString("parameters differ by %1 of the largest").arg(dp)));
        if (!one.state.empty()) {
            const double ds = maxDiff(one.state, two.state) / largest(one.state);
            qInfo("max state difference %.3g of the largest", ds);
            QVERIFY2(ds <= 2e-5, qPrintable(QString("running statistics differ by %1 of the largest").arg(ds)));
        }
        // Same thread count, same numbers, bit for bit.
        const Trained again = train(graph, d, 2, kind);
        QVERIFY(again.params == two.params && again.state == two.state);
    }
};

QTEST_APPLESS_MAIN(ThreadsTest)
#include "test_threads.moc"
