// Graph editing rules, topological order, shape inference and compilation refusals.
#include "core/graph/graph.h"
#include "core/layers/layer_registry.h"
#include "core/net/network.h"
#include "core/net/shape_inference.h"

#include <QtTest>

using namespace layerlab::core;

class GraphTest : public QObject {
    Q_OBJECT

    static NodeId add(Graph& g, const std::string& type, ParamMap p = {}) {
        auto r = g.addNode(type, p);
        if (!r) qFatal("addNode(%s) failed: %s", type.c_str(), r.error().message.c_str());
        return *r;
    }

private slots:
    void addsNodesWithUniqueNamesAndIds() {
        Graph g{LayerRegistry::builtin()};
        const NodeId a = add(g, "Dense");
        const NodeId b = add(g, "Dense");
        QVERIFY(a != b);
        QCOMPARE(QString::fromStdString(g.node(a)->name), QString("dense_1"));
        QCOMPARE(QString::fromStdString(g.node(b)->name), QString("dense_2"));
        auto dup = g.addNode("Dense", {}, {}, "dense_1");
        QVERIFY(!dup.ok());
        auto sameId = g.addNode("ReLU", {}, {}, {}, a);
        QVERIFY(!sameId.ok());
    }

    void refusesUnknownTypeAndBadParams() {
        Graph g{LayerRegistry::builtin()};
        auto r = g.addNode("Quantum");
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.find("unknown layer type") != std::string::npos);
        QVERIFY(r.error().message.find("Dense") != std::string::npos);  // lists the known ones
        auto bad = g.addNode("Dense", {{"units", std::int64_t{0}}});
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().message.find("units") != std::string::npos);
        auto unknownParam = g.addNode("Dense", {{"colour", std::string("red")}});
        QVERIFY(!unknownParam.ok());
        const NodeId d = add(g, "Dense");
        QVERIFY(!g.setParam(d, "units", std::int64_t{-3}).ok());
        QVERIFY(g.setParam(d, "units", std::int64_t{7}).ok());
        QCOMPARE(paramInt(g.node(d)->params, "units"), std::int64_t{7});
    }

    void connectRefusals() {
        Graph g{LayerRegistry::builtin()};
        const NodeId in = add(g, "Input");
        const NodeId d1 = add(g, "Dense");
        const NodeId d2 = add(g, "Dense");
        QVERIFY(g.connect(in, d1).ok());
        QVERIFY(g.connect(d1, d2).ok());
        // input taken
        auto taken = g.connect(in, d2);
        QVERIFY(!taken.ok());
        QVERIFY(taken.error().message.find("already connected") != std::string::npos);
        QCOMPARE(taken.error().node, d2);
        // cycle
        const Graph before = g;
        auto cyc = g.connect(d2, d1, 0);  // port taken first...
        QVERIFY(!cyc.ok());
        QVERIFY(g.disconnect(d1, 0).ok());
        auto cycle = g.connect(d2, d1, 0);
        QVERIFY(!cycle.ok());
        QVERIFY(cycle.error().message.find("cycle") != std::string::npos);
        // self loop, unknown port, unknown node
        QVERIFY(!g.connect(d1, d1).ok());
        QVERIFY(!g.connect(in, d1, 1).ok());
        QVERIFY(!g.connect(in, 999).ok());
        QVERIFY(!g.disconnect(d2, 3).ok());
        // refused edits leave the graph unchanged
        QVERIFY(g.connect(in, d1).ok());
        QVERIFY(g == before);
    }

    void removeNodeRemovesEdges() {
        Graph g{LayerRegistry::builtin()};
        const NodeId in = add(g, "Input");
        const NodeId d = add(g, "Dense");
        const NodeId r = add(g, "ReLU");
        QVERIFY(g.connect(in, d).ok());
        QVERIFY(g.connect(d, r).ok());
        QVERIFY(g.removeNode(d).ok());
        QCOMPARE(g.edges().size(), std::size_t{0});
        QVERIFY(!g.removeNode(d).ok());
    }

    void topologicalOrderIsStable() {
        Graph g{LayerRegistry::builtin()};
        const NodeId r = add(g, "ReLU");
        const NodeId in = add(g, "Input");
        const NodeId d = add(g, "Dense");
        QVERIFY(g.connect(in, d).ok());
        QVERIFY(g.connect(d, r).ok());
        auto order = g.topologicalOrder();
        QVERIFY(order.ok());
        QCOMPARE(order->size(), std::size_t{3});
        QCOMPARE((*order)[0], in);
        QCOMPARE((*order)[1], d);
        QCOMPARE((*order)[2], r);
    }

    void shapeInferenceAndDiagnostics() {
        Graph g{LayerRegistry::builtin()};
        const NodeId in = add(g, "Input", {{"shape", std::string("1x28x28")}});
        const NodeId conv = add(g, "Conv2D", {{"filters", std::int64_t{8}}, {"kernel", std::int64_t{3}}});
        const NodeId pool = add(g, "MaxPool2D");
        const NodeId flat = add(g, "Flatten");
        const NodeId dense = add(g, "Dense", {{"units", std::int64_t{10}}});
        QVERIFY(g.connect(in, conv).ok());
        QVERIFY(g.connect(conv, pool).ok());
        QVERIFY(g.connect(pool, flat).ok());
        QVERIFY(g.connect(flat, dense).ok());
        ShapeReport r = inferShapes(g);
        QVERIFY2(r.ok(), r.diagnostics.empty() ? "" : r.diagnostics[0].message.c_str());
        QCOMPARE(r.shapeOf(conv)->dims, (std::vector<int>{8, 26, 26}));
        QCOMPARE(r.shapeOf(pool)->dims, (std::vector<int>{8, 13, 13}));
        QCOMPARE(r.shapeOf(flat)->dims, (std::vector<int>{8 * 13 * 13}));
        QCOMPARE(r.shapeOf(dense)->dims, (std::vector<int>{10}));

        // A Conv2D fed with a flat vector: one diagnostic on that node, none downstream.
        Graph h{LayerRegistry::builtin()};
        const NodeId i2 = add(h, "Input", {{"shape", std::string("784")}});
        const NodeId c2 = add(h, "Conv2D");
        const NodeId d2 = add(h, "Dense");
        QVERIFY(h.connect(i2, c2).ok());
        QVERIFY(h.connect(c2, d2).ok());
        ShapeReport bad = inferShapes(h);
        QCOMPARE(bad.diagnostics.size(), std::size_t{1});
        QCOMPARE(bad.diagnostics[0].node, c2);
        QVERIFY(bad.diagnostics[0].message.find("conv2d_1") != std::string::npos);
        QVERIFY(bad.shapeOf(d2) == nullptr);

        // Missing input is named.
        Graph m{LayerRegistry::builtin()};
        add(m, "Input");
        const NodeId lone = add(m, "Dense");
        ShapeReport missing = inferShapes(m);
        QVERIFY(missing.diagnosticFor(lone) != nullptr);
        QVERIFY(missing.diagnosticFor(lone)->message.find("not connected") != std::string::npos);
    }

    void addShapeMismatchNamesBothShapes() {
        Graph g{LayerRegistry::builtin()};
        const NodeId in = add(g, "Input", {{"shape", std::string("4")}});
        const NodeId a = add(g, "Dense", {{"units", std::int64_t{3}}});
        const NodeId b = add(g, "Dense", {{"units", std::int64_t{5}}});
        const NodeId sum = add(g, "Add");
        QVERIFY(g.connect(in, a).ok());
        QVERIFY(g.connect(in, b).ok());
        QVERIFY(g.connect(a, sum, 0).ok());
        QVERIFY(g.connect(b, sum, 1).ok());
        ShapeReport r = inferShapes(g);
        const Diagnostic* d = r.diagnosticFor(sum);
        QVERIFY(d != nullptr);
        QVERIFY2(d->message.find('3') != std::string::npos && d->message.find('5') != std::string::npos,
                 d->message.c_str());
    }

    void compileRefusals() {
        Graph empty{LayerRegistry::builtin()};
        QVERIFY(!compileNetwork(empty, LossKind::MeanSquaredError).ok());
        Graph noInput{LayerRegistry::builtin()};
        add(noInput, "Dense");
        auto r1 = compileNetwork(noInput, LossKind::MeanSquaredError);
        QVERIFY(!r1.ok());
        Graph twoOutputs{LayerRegistry::builtin()};
        const NodeId in = add(twoOutputs, "Input");
        const NodeId a = add(twoOutputs, "Dense");
        const NodeId b = add(twoOutputs, "Dense");
        QVERIFY(twoOutputs.connect(in, a).ok());
        QVERIFY(twoOutputs.connect(in, b).ok());
        auto r2 = compileNetwork(twoOutputs, LossKind::MeanSquaredError);
        QVERIFY(!r2.ok());
        QVERIFY(r2.error().message.find("2 outputs") != std::string::npos);
    }

    void compileFoldsFinalSoftmaxAndCountsParams() {
        Graph g{LayerRegistry::builtin()};
        const NodeId in = add(g, "Input", {{"shape", std::string("4")}});
        const NodeId d = add(g, "Dense", {{"units", std::int64_t{3}}});
        const NodeId s = add(g, "Softmax");
        QVERIFY(g.connect(in, d).ok());
        QVERIFY(g.connect(d, s).ok());
        auto net = compileNetwork(g, LossKind::SoftmaxCrossEntropy);
        QVERIFY2(net.ok(), net.ok() ? "" : net.error().message.c_str());
        QCOMPARE(net->paramCount(), std::size_t{4 * 3 + 3});
        QCOMPARE(net->layers().size(), std::size_t{1});  // the Softmax is inside the loss
        QVERIFY(net->outputActivation() == OutputActivation::Softmax);
        // decay applies to the 12 weights, not the 3 biases
        const auto& mask = net->decayMask();
        QCOMPARE(std::count(mask.begin(), mask.end(), 1), 12L);
        net->initialize(7);
        Matrix x = Matrix::Random(4, 5), p;
        net->predict(x, p);
        for (Eigen::Index j = 0; j < p.cols(); ++j) QVERIFY(std::abs(p.col(j).sum() - 1.0f) < 1e-5f);
        // With MSE the Softmax stays a layer.
        auto mse = compileNetwork(g, LossKind::MeanSquaredError);
        QVERIFY(mse.ok());
        QCOMPARE(mse->layers().size(), std::size_t{2});
    }
};

QTEST_APPLESS_MAIN(GraphTest)
#include "test_graph.moc"
