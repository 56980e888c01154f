// Graphviz auto-layout of the model graph and its DOT text.
#include "core/layers/layer_registry.h"
#include "core/viz/graph_layout.h"

#include <QtTest>

#include <thread>

using namespace layerlab::core;

namespace {

NodeId add(Graph& g, const std::string& type, ParamMap p = {}) {
    auto r = g.addNode(type, p);
    if (!r) qFatal("addNode(%s) failed: %s", type.c_str(), r.error().message.c_str());
    return *r;
}

void link(Graph& g, NodeId from, NodeId to, int port = 0) {
    if (auto s = g.connect(from, to, port); !s) qFatal("connect failed: %s", s.error().message.c_str());
}

bool overlap(Point a, Point b) {
    return a.x < b.x + kNodeBoxWidth && b.x < a.x + kNodeBoxWidth && a.y < b.y + kNodeBoxHeight &&
           b.y < a.y + kNodeBoxHeight;
}

// input -> dense -> (relu_a, relu_b) -> add -> dense
struct Diamond {
    Graph g{LayerRegistry::builtin()};
    NodeId in, dense, a, b, sum, out;
    Diamond() {
        in = add(g, "Input", {{"shape", std::string("4")}});
        dense = add(g, "Dense");
        a = add(g, "ReLU");
        b = add(g, "Tanh");
        sum = add(g, "Add");
        out = add(g, "Dense", {{"units", std::int64_t{3}}});
        link(g, in, dense);
        link(g, dense, a);
        link(g, dense, b);
        link(g, a, sum, 0);
        link(g, b, sum, 1);
        link(g, sum, out);
    }
};

}  // namespace

class VizLayoutTest : public QObject {
    Q_OBJECT

private slots:
    void emptyGraphGivesEmptyMap() {
        Graph g{LayerRegistry::builtin()};
        auto r = layoutGraph(g);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QVERIFY(r->empty());
    }

    void chainFlowsTopToBottom() {
        Graph g{LayerRegistry::builtin()};
        std::vector<NodeId> ids{add(g, "Input", {{"shape", std::string("8")}})};
        for (const char* t : {"Dense", "ReLU", "Dense", "Softmax"}) {
            ids.push_back(add(g, t));
            link(g, ids[ids.size() - 2], ids.back());
        }
        auto r = layoutGraph(g);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(r->size(), ids.size());
        for (std::size_t i = 1; i < ids.size(); ++i) {
            const Point prev = r->at(ids[i - 1]), cur = r->at(ids[i]);
            QVERIFY2(cur.y >= prev.y + kNodeBoxHeight, qPrintable(QString("y %1 then %2").arg(prev.y).arg(cur.y)));
            QCOMPARE(cur.x, prev.x);  // a straight chain stays in one column
        }
        QCOMPARE(r->at(ids.front()).y, 0.0);  // the layout starts at the top
        QCOMPARE(r->at(ids.front()).x, 0.0);
    }

    void chainLeftToRight() {
        Graph g{LayerRegistry::builtin()};
        const NodeId a = add(g, "Input", {{"shape", std::string("8")}});
        const NodeId b = add(g, "Dense");
        link(g, a, b);
        auto r = layoutGraph(g, LayoutDirection::LeftToRight);
        QVERIFY(r.ok());
        QVERIFY(r->at(b).x >= r->at(a).x + kNodeBoxWidth);
        QCOMPARE(r->at(b).y, r->at(a).y);
    }

    // The canvas reads the direction back from the positions: a laid-out
    // chain flows the way it was laid out; most edges decide a mixed graph.
    void flowDirectionFollowsThePositions() {
        Diamond d;
        QCOMPARE(flowDirection(d.g), LayoutDirection::TopToBottom);  // all at (0, 0): no edge runs sideways
        for (LayoutDirection dir : {LayoutDirection::LeftToRight, LayoutDirection::TopToBottom}) {
            auto r = layoutGraph(d.g, dir);
            QVERIFY(r.ok());
            for (const auto& [id, p] : *r) QVERIFY(d.g.setPosition(id, p).ok());
            QCOMPARE(flowDirection(d.g), dir);
        }
        // Three of four edges of a chain run right, one runs down: left to right.
        Graph g{LayerRegistry::builtin()};
        NodeId prev = add(g, "Input", {{"shape", std::string("2")}});
        const Point at[] = {{200, 0}, {400, 0}, {400, 200}, {600, 200}};
        for (const Point& p : at) {
            const NodeId n = add(g, "ReLU");
            QVERIFY(g.setPosition(n, p).ok());
            link(g, prev, n);
            prev = n;
        }
        QCOMPARE(flowDirection(g), LayoutDirection::LeftToRight);
        QVERIFY(g.setPosition(prev, {400, 400}).ok());  // now two right, two down: not a majority
        QCOMPARE(flowDirection(g), LayoutDirection::TopToBottom);
    }

    void diamondBranchesSideBySide() {
        Diamond d;
        auto r = layoutGraph(d.g);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(r->size(), d.g.nodes().size());
        QVERIFY(r->at(d.a).x != r->at(d.b).x);
        QCOMPARE(r->at(d.a).y, r->at(d.b).y);  // same rank
        QVERIFY(r->at(d.sum).y > r->at(d.a).y);
        QVERIFY(r->at(d.out).y > r->at(d.sum).y);
        QVERIFY(r->at(d.dense).y > r->at(d.in).y);
    }

    void noBoxesOverlap() {
        // A wide graph: one input feeding eight branches, plus loose nodes.
        Graph g{LayerRegistry::builtin()};
        const NodeId in = add(g, "Input", {{"shape", std::string("8")}});
        const NodeId cat = add(g, "Concat", {{"inputs", std::int64_t{8}}});
        for (int i = 0; i < 8; ++i) {
            const NodeId d = add(g, "Dense");
            link(g, in, d);
            link(g, d, cat, i);
        }
        for (int i = 0; i < 4; ++i) add(g, "ReLU");
        Diamond d;
        for (const auto* graph : {&g, &d.g}) {
            auto r = layoutGraph(*graph);
            QVERIFY(r.ok());
            QCOMPARE(r->size(), graph->nodes().size());
            for (auto i = r->begin(); i != r->end(); ++i)
                for (auto j = std::next(i); j != r->end(); ++j)
                    QVERIFY2(!overlap(i->second, j->second),
                             qPrintable(QString("nodes %1 and %2 overlap").arg(i->first).arg(j->first)));
        }
    }

    void dotTextHasEveryNodeAndEdge() {
        Diamond d;
        QVERIFY(d.g.rename(d.out, "say \"hi\"").ok());
        const std::string dot = modelToDot(d.g);
        QVERIFY(dot.rfind("digraph model {", 0) == 0);
        for (const Node& n : d.g.nodes()) {
            std::string decl = "n";
            decl += std::to_string(n.id) + " [label=\"" + n.type + "\\n";
            QVERIFY2(dot.find(decl) != std::string::npos, decl.c_str());
        }
        QVERIFY(dot.find("dense_1") != std::string::npos);
        QVERIFY(dot.find("say \\\"hi\\\"") != std::string::npos);  // quotes escaped
        for (const Edge& e : d.g.edges()) {
            std::string edge = "n";
            edge += std::to_string(e.from) + " -> n" + std::to_string(e.to);
            QVERIFY2(dot.find(edge) != std::string::npos, edge.c_str());
        }
        QVERIFY(dot.find("headlabel=\"2\"") != std::string::npos);  // second input of Add
        QVERIFY(modelToDot(d.g, LayoutDirection::LeftToRight).find("rankdir=LR") != std::string::npos);
        // Graphviz accepts the quoted name.
        QVERIFY(layoutGraph(d.g).ok());
    }

    void deterministic() {
        Diamond d;
        auto first = layoutGraph(d.g);
        auto second = layoutGraph(d.g);
        QVERIFY(first.ok() && second.ok());
        QVERIFY(*first == *second);
        QCOMPARE(modelToDot(d.g), modelToDot(d.g));
    }

    void concurrentCallsAreSerialised() {
        Diamond d;
        const auto expected = layoutGraph(d.g);
        QVERIFY(expected.ok());
        std::vector<std::map<NodeId, Point>> results(4);
        std::vector<std::thread> threads;
        for (std::size_t t = 0; t < results.size(); ++t)
            threads.emplace_back([&, t] {
                for (int k = 0; k < 5; ++k)
                    if (auto r = layoutGraph(d.g); r) results[t] = *r;
            });
        for (auto& t : threads) t.join();
        for (const auto& r : results) QVERIFY(r == *expected);
    }
};

QTEST_APPLESS_MAIN(VizLayoutTest)
#include "test_viz_layout.moc"
