// The trained path of a drawn graph: a stray layer (dropped and left alone)
// is left out of the compiled network, which is then exactly the network of
// the graph without it (layers, parameter layout, numbers after training);
// ambiguous graphs are refused with the layers named and one fixing edit.
#include "example_project.h"
#include "core/layers/layer_registry.h"
#include "core/io/project.h"
#include "core/io/project_data.h"
#include "core/net/network.h"
#include "core/net/network_path.h"
#include "core/train/trainer.h"

#include <QtTest>

using namespace layerlab::core;

namespace {

using layerlab_test::example;

NodeId add(Graph& g, const char* type, ParamMap params = {}) {
    auto id = g.addNode(type, params);
    if (!id) qFatal("%s", id.error().message.c_str());
    return *id;
}

NodeId byName(const Graph& g, const char* name) {
    const Node* n = g.findByName(name);
    if (!n) qFatal("no node %s", name);
    return n->id;
}

// The xor graph plus stray layers: a lone Dense, a Dense -> ReLU chain with
// no input, and a second Input that feeds nothing.
std::vector<NodeId> addStrays(Graph& g) {
    const NodeId lone = add(g, "Dense", {{"units", std::int64_t{7}}});
    const NodeId head = add(g, "Dense", {{"units", std::int64_t{3}}});
    const NodeId relu = add(g, "ReLU");
    if (!g.connect(head, relu).ok()) qFatal("connect");
    const NodeId input2 = add(g, "Input", {{"shape", std::string("5")}});
    return {lone, head, relu, input2};
}

std::vector<float> trainedParams(const Project& p) {
    auto net = compileNetwork(p.graph, p.training.loss);
    if (!net) qFatal("%s", net.error().message.c_str());
    auto data = loadProjectData(p, "");
    if (!data) qFatal("%s", data.error().toString().c_str());
    net->initialize(p.training.seed);
    Trainer t;
    const TrainResult r = t.run(*net, *data->train, data->validation.get(), p.training, {}, {});
    if (r.reason != StopReason::Completed) qFatal("training did not complete");
    return {net->params().begin(), net->params().end()};
}

}  // namespace

class NetworkPathTest : public QObject {
    Q_OBJECT

private slots:
    void strayLayersAreLeftOutAndNamed() {
        const Project plain = example("xor");
        Project withStray = plain;
        const std::vector<NodeId> strays = addStrays(withStray.graph);

        const NetworkPath path = findNetworkPath(withStray.graph);
        QVERIFY2(path.ok(), path.ok() ? "" : path.error->message.c_str());
        QCOMPARE(path.stray, strays);
        QCOMPARE(path.input, byName(withStray.graph, "input"));
        QCOMPARE(path.output, byName(withStray.graph, "output_sigmoid"));
        QCOMPARE(path.trained.size(), plain.graph.nodes().size());

        auto a = compileNetwork(plain.graph, plain.training.loss);
        auto b = compileNetwork(withStray.graph, withStray.training.loss);
        QVERIFY(a.ok());
        QVERIFY2(b.ok(), b.ok() ? "" : b.error().message.c_str());
        QVERIFY(a->strayLayers().empty());
        QCOMPARE(b->strayLayers().size(), strays.size());
        for (std::size_t i = 0; i < strays.size(); ++i) {
            QCOMPARE(b->strayLayers()[i].node, strays[i]);
            QCOMPARE(b->strayLayers()[i].name, withStray.graph.node(strays[i])->name);
        }
        QCOMPARE(b->strayLayers()[0].name, std::string("dense_1"));
        QCOMPARE(b->inputNode(), a->inputNode());
        // The same network: layers, parameter layout, decay mask, initial values.
        QCOMPARE(b->layers().size(), a->layers().size());
        for (std::size_t i = 0; i < a->layers().size(); ++i) {
            QCOMPARE(b->layers()[i].node, a->layers()[i].node);
            QCOMPARE(b->layers()[i].paramOffset, a->layers()[i].paramOffset);
            QCOMPARE(b->layers()[i].paramCount, a->layers()[i].paramCount);
        }
        QCOMPARE(b->paramCount(), a->paramCount());
        QCOMPARE(b->state().size(), a->state().size());
        QCOMPARE(b->decayMask(), a->decayMask());
        QCOMPARE(b->flopsPerSample(), a->flopsPerSample());
        a->initialize(5);
        b->initialize(5);
        QVERIFY(std::equal(a->params().begin(), a->params().end(), b->params().begin()));
    }

    void sameNumbersAfterTraining() {
        const Project plain = example("xor");
        Project withStray = plain;
        addStrays(withStray.graph);
        const std::vector<float> a = trainedParams(plain);
        const std::vector<float> b = trainedParams(withStray);
        QCOMPARE(b.size(), a.size());
        QVERIFY(a == b);  // bit for bit
    }

    void savedWeightsStillFitAndConnectingMakesThemStale() {
        Project p = example("xor");
        addStrays(p.graph);
        const std::vector<float> trained = trainedParams(p);
        p.weights = Weights{trained, {}};
        // Save and load: the stray layers and the weights come back; the weights fit.
        auto loaded = parseProject(serializeProject(p), "stray.layerlab");
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message.c_str());
        QCOMPARE(loaded->graph.nodes().size(), p.graph.nodes().size());
        QVERIFY(loaded->weights.has_value());
        auto net = compileNetwork(loaded->graph, loaded->training.loss);
        QVERIFY(net.ok());
        QCOMPARE(loaded->weights->params.size(), net->paramCount());
        QVERIFY(loaded->weights->params == trained);
        // Connecting the lone Dense into the path changes the network: the
        // saved weights no longer fit (callers then start from fresh weights).
        Graph& g = loaded->graph;
        const NodeId lone = byName(g, "dense_1");
        const NodeId hiddenAct = byName(g, "hidden_sigmoid");
        const NodeId output = byName(g, "output");
        QVERIFY(g.disconnect(output, 0).ok());
        QVERIFY(g.connect(hiddenAct, lone).ok());
        QVERIFY(g.connect(lone, output).ok());
        auto grown = compileNetwork(g, loaded->training.loss);
        QVERIFY2(grown.ok(), grown.ok() ? "" : grown.error().message.c_str());
        QCOMPARE(grown->strayLayers().size(), std::size_t{3});
        QVERIFY(grown->paramCount() != loaded->weights->params.size());
    }

    void twoOutputsAreRefusedWithTheLooseBranchToDelete() {
        Project p = example("xor");
        Graph& g = p.graph;
        // A Dense -> ReLU branch hung off the hidden layer: two outputs.
        const NodeId d = add(g, "Dense", {{"units", std::int64_t{4}}});
        const NodeId r = add(g, "ReLU");
        QVERIFY(g.connect(byName(g, "hidden_sigmoid"), d).ok());
        QVERIFY(g.connect(d, r).ok());
        const NetworkPath path = findNetworkPath(g);
        QVERIFY(!path.ok());
        const std::string& m = path.error->message;
        QVERIFY2(m.find("2 outputs") != std::string::npos, m.c_str());
        QVERIFY2(m.find("output_sigmoid") != std::string::npos && m.find("relu_1") != std::string::npos, m.c_str());
        QCOMPARE(path.fix.kind, PathFix::Kind::Remove);
        QCOMPARE(path.fix.nodes, (std::vector<NodeId>{d, r}));
        QCOMPARE(path.fix.label, std::string("Delete dense_1, relu_1"));
        auto net = compileNetwork(g, p.training.loss);
        QVERIFY(!net.ok());
        QCOMPARE(net.error().message, m);
        for (NodeId id : path.fix.nodes) QVERIFY(g.removeNode(id).ok());
        QVERIFY(compileNetwork(g, p.training.loss).ok());
    }

    void noInputAndUnconnectedInputOfferTheConnection() {
        Graph g{LayerRegistry::builtin()};
        const NodeId d1 = add(g, "Dense");
        const NodeId r1 = add(g, "ReLU");
        const NodeId d2 = add(g, "Dense");
        QVERIFY(g.connect(d1, r1).ok());
        QVERIFY(g.connect(r1, d2).ok());
        NetworkPath path = findNetworkPath(g);
        QVERIFY(!path.ok());
        QVERIFY(path.error->message.find("no Input") != std::string::npos);
        QCOMPARE(path.fix.kind, PathFix::Kind::AddInput);
        QCOMPARE(path.fix.edge.to, d1);  // the head of the longest chain
        QCOMPARE(path.fix.label, std::string("Add an Input above dense_1"));

        const NodeId in = add(g, "Input");
        path = findNetworkPath(g);
        QVERIFY(!path.ok());
        QVERIFY2(path.error->message.find("not connected") != std::string::npos, path.error->message.c_str());
        QCOMPARE(path.fix.kind, PathFix::Kind::Connect);
        QCOMPARE(path.fix.edge, (Edge{in, d1, 0}));
        QCOMPARE(path.fix.label, std::string("Connect input_1 \u2192 dense_1"));
        QVERIFY(g.connect(path.fix.edge.from, path.fix.edge.to, path.fix.edge.toPort).ok());
        QVERIFY(compileNetwork(g, LossKind::MeanSquaredError).ok());
    }

    void aLayerFeedingThePathIsNotStray() {
        // Input -> dense -> Add(port 0); Add's port 1 comes from a Dense with no
        // input: that Dense feeds the network, so it must be connected.
        Graph g{LayerRegistry::builtin()};
        const NodeId in = add(g, "Input", {{"shape", std::string("3")}});
        const NodeId a = add(g, "Dense", {{"units", std::int64_t{2}}});
        const NodeId b = add(g, "Dense", {{"units", std::int64_t{2}}});
        const NodeId sum = add(g, "Add");
        QVERIFY(g.connect(in, a).ok());
        QVERIFY(g.connect(a, sum, 0).ok());
        QVERIFY(g.connect(b, sum, 1).ok());
        const NetworkPath path = findNetworkPath(g);
        QVERIFY(path.ok());
        QVERIFY(path.stray.empty());
        auto net = compileNetwork(g, LossKind::MeanSquaredError);
        QVERIFY(!net.ok());
        QCOMPARE(net.error().node, b);
        QVERIFY2(net.error().message.find("not connected") != std::string::npos, net.error().message.c_str());
    }

    void inputsOnThePath() {
        Graph g{LayerRegistry::builtin()};
        const NodeId in1 = add(g, "Input", {{"shape", std::string("3")}});
        const NodeId in2 = add(g, "Input", {{"shape", std::string("3")}});
        const NodeId d = add(g, "Dense");
        QVERIFY(g.connect(in1, d).ok());
        // A second Input feeding nothing is stray.
        auto net = compileNetwork(g, LossKind::MeanSquaredError);
        QVERIFY2(net.ok(), net.ok() ? "" : net.error().message.c_str());
        QCOMPARE(net->strayLayers().size(), std::size_t{1});
        QCOMPARE(net->strayLayers()[0].node, in2);
        QCOMPARE(net->inputNode(), in1);
        // Two Inputs both feeding the network: still refused, with the reason.
        const NodeId cat = add(g, "Concat");
        QVERIFY(g.connect(d, cat, 0).ok());
        QVERIFY(g.connect(in2, cat, 1).ok());
        auto two = compileNetwork(g, LossKind::MeanSquaredError);
        QVERIFY(!two.ok());
        QVERIFY2(two.error().message.find("2 Input layers") != std::string::npos, two.error().message.c_str());
    }

    void aCutTailIsStrayAndTheRestTrains() {
        Project p = example("xor");
        Graph& g = p.graph;
        QVERIFY(g.disconnect(byName(g, "output"), 0).ok());
        const NetworkPath path = findNetworkPath(g);
        QVERIFY(path.ok());
        QCOMPARE(path.output, byName(g, "hidden_sigmoid"));
        QCOMPARE(path.stray, (std::vector<NodeId>{byName(g, "output"), byName(g, "output_sigmoid")}));
    }
};

QTEST_APPLESS_MAIN(NetworkPathTest)
#include "test_network_path.moc"
