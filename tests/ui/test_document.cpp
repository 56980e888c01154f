// GraphDocument: every edit is one undo step that restores the project
// exactly (compared as serialised text), refusals change nothing, merges,
// copy/paste, auto-layout, files, the modified flag and the id signals.
#include "ui/editor/GraphDocument.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <random>
#include <set>

using layerlab::core::Edge;
using layerlab::core::NodeId;
using layerlab::core::ParamMap;
using layerlab::ui::GraphDocument;

namespace {

NodeId add(GraphDocument& doc, const char* type, ParamMap params = {}, QPointF pos = {}) {
    auto r = doc.addNode(QString::fromLatin1(type), params, pos);
    if (!r) qFatal("addNode(%s): %s", type, r.error().message.c_str());
    return *r;
}

void link(GraphDocument& doc, NodeId from, NodeId to, int port = 0) {
    if (auto s = doc.connectNodes(from, to, port); !s) qFatal("connect: %s", s.error().message.c_str());
}

// input(4) -> dense_1(8) -> relu_1 -> dense_2(3) -> softmax_1
struct Chain {
    NodeId in, d1, relu, d2, soft;
    explicit Chain(GraphDocument& doc) {
        in = add(doc, "Input", {{"shape", std::string("4")}}, {0, 0});
        d1 = add(doc, "Dense", {{"units", std::int64_t{8}}}, {0, 100});
        relu = add(doc, "ReLU", {}, {0, 200});
        d2 = add(doc, "Dense", {{"units", std::int64_t{3}}}, {0, 300});
        soft = add(doc, "Softmax", {}, {0, 400});
        for (auto [from, to] : {std::pair{in, d1}, {d1, relu}, {relu, d2}, {d2, soft}}) link(doc, from, to);
    }
};

QString topText(const GraphDocument& doc) { return doc.undoStack()->text(doc.undoStack()->index() - 1); }

// Undo gives exactly `before` (serialised), redo exactly what was there.
bool undoRedoExact(GraphDocument& doc, const QString& before) {
    const QString after = doc.serialize();
    doc.undoStack()->undo();
    const bool undone = doc.serialize() == before;
    doc.undoStack()->redo();
    return undone && doc.serialize() == after;
}

// What a view that only follows the signals would believe the graph is.
struct Mirror {
    std::map<NodeId, QPointF> nodes;  // id -> position
    std::set<std::tuple<NodeId, NodeId, int>> edges;

    explicit Mirror(GraphDocument& doc) {
        QObject::connect(&doc, &GraphDocument::nodeAdded, [this, &doc](NodeId id) {
            QVERIFY(!nodes.count(id));
            nodes[id] = layerlab::ui::toQPointF(doc.graph().node(id)->position);
        });
        QObject::connect(&doc, &GraphDocument::nodeRemoved, [this](NodeId id) {
            QVERIFY(nodes.erase(id) == 1);
            for (const auto& e : edges) QVERIFY(std::get<0>(e) != id && std::get<1>(e) != id);
        });
        QObject::connect(&doc, &GraphDocument::nodeMoved, [this](NodeId id, QPointF p) {
            QVERIFY(nodes.count(id));
            nodes[id] = p;
        });
        QObject::connect(&doc, &GraphDocument::edgeAdded, [this](const Edge& e) {
            QVERIFY(nodes.count(e.from) && nodes.count(e.to) && edges.insert({e.from, e.to, e.toPort}).second);
        });
        QObject::connect(&doc, &GraphDocument::edgeRemoved,
                         [this](const Edge& e) { QVERIFY(edges.erase({e.from, e.to, e.toPort}) == 1); });
    }
    bool matches(const GraphDocument& doc) const {
        std::map<NodeId, QPointF> n;
        std::set<std::tuple<NodeId, NodeId, int>> e;
        for (const auto& node : doc.graph().nodes()) n[node.id] = layerlab::ui::toQPointF(node.position);
        for (const auto& edge : doc.graph().edges()) e.insert({edge.from, edge.to, edge.toPort});
        return n == nodes && e == edges;
    }
};

}  // namespace

class DocumentTest : public QObject {
    Q_OBJECT

private slots:
    void startsEmptyThenAddUndoRedo() {
        GraphDocument doc;
        QVERIFY(doc.graph().nodes().empty() && !doc.isModified() && doc.filePath().isEmpty());
        QCOMPARE(doc.undoStack()->count(), 0);
        QVERIFY(!doc.summary().error.isEmpty());  // an empty network does not compile
        const QString s0 = doc.serialize();
        const NodeId id = add(doc, "Dense", {{"units", std::int64_t{5}}}, {10, 20});
        QCOMPARE(topText(doc), QStringLiteral("Add Dense"));
        QCOMPARE(doc.graph().node(id)->name, std::string("dense_1"));
        QVERIFY(undoRedoExact(doc, s0));
        QVERIFY(doc.graph().contains(id));
        QVERIFY(!doc.addNode(QStringLiteral("Quantum")).ok());
        QVERIFY(!doc.addNode(QStringLiteral("Dense"), {{"units", std::int64_t{0}}}).ok());
        QCOMPARE(doc.undoStack()->count(), 1);
    }

    void deleteRestoresNodesAndEdgesExactly() {
        GraphDocument doc;
        Chain c(doc);
        const QString before = doc.serialize();
        const int steps = doc.undoStack()->count();
        QVERIFY(doc.removeNodes({c.d1, c.relu, c.d1}).ok());
        QCOMPARE(doc.undoStack()->count(), steps + 1);
        QCOMPARE(topText(doc), QStringLiteral("Delete 2 layers"));
        QCOMPARE(doc.graph().nodes().size(), std::size_t{3});
        QCOMPARE(doc.graph().edges().size(), std::size_t{1});  // d2 -> soft
        QVERIFY(undoRedoExact(doc, before));
        QVERIFY(doc.removeNodes({c.in}).ok());
        QCOMPARE(topText(doc), QStringLiteral("Delete input_1"));
        QVERIFY(!doc.removeNodes({c.d2, 999}).ok());  // unknown id: nothing removed
        QVERIFY(doc.graph().contains(c.d2));
    }

    void refusedConnectChangesNothing() {
        GraphDocument doc;
        Chain c(doc);
        const QString before = doc.serialize();
        const int steps = doc.undoStack()->count();
        auto cycle = doc.connectNodes(c.soft, c.d1, 0);
        QVERIFY(!cycle.ok());
        auto taken = doc.connectNodes(c.in, c.relu, 0);
        QVERIFY(!taken.ok());
        QVERIFY(taken.error().message.find("already connected") != std::string::npos);
        QVERIFY(!doc.connectNodes(c.d1, c.d1, 0).ok());
        QVERIFY(!doc.connectNodes(c.in, c.d2, 1).ok());   // no second input
        QVERIFY(!doc.connectNodes(c.in, 4242, 0).ok());
        QVERIFY(!cycle.error().message.empty());
        QCOMPARE(doc.undoStack()->count(), steps);
        QCOMPARE(doc.serialize(), before);

        // A shape mismatch the connection causes is refused with shape
        // inference's reason; while a side has no shape yet it cannot be judged.
        const NodeId a = add(doc, "Dense", {{"units", std::int64_t{5}}});
        const NodeId sum = add(doc, "Add");
        link(doc, c.d1, sum, 0);
        link(doc, c.in, a, 0);  // a: 5 values, d1: a different size
        const int stepsBefore = doc.undoStack()->count();
        const QString beforeMismatch = doc.serialize();
        const auto mismatch = doc.connectNodes(a, sum, 1);
        QVERIFY(!mismatch.ok());
        QVERIFY2(mismatch.error().message.find("same shape") != std::string::npos, mismatch.error().message.c_str());
        QCOMPARE(doc.undoStack()->count(), stepsBefore);
        QCOMPARE(doc.serialize(), beforeMismatch);
        const NodeId loose = add(doc, "Dense", {{"units", std::int64_t{5}}});  // no input: no shape yet
        QVERIFY(doc.connectNodes(loose, sum, 1).ok());
    }

    void connectDisconnectRename() {
        GraphDocument doc;
        const NodeId d = add(doc, "Dense");
        const NodeId r = add(doc, "ReLU");
        const QString s0 = doc.serialize();
        link(doc, d, r);
        QCOMPARE(topText(doc), QStringLiteral("Connect dense_1 \u2192 relu_1"));
        QVERIFY(undoRedoExact(doc, s0));
        const QString s1 = doc.serialize();
        QVERIFY(!doc.disconnectInput(d, 0).ok());
        QVERIFY(doc.disconnectInput(r, 0).ok());
        QCOMPARE(topText(doc), QStringLiteral("Disconnect dense_1 \u2192 relu_1"));
        QCOMPARE(doc.serialize(), s0);
        QVERIFY(undoRedoExact(doc, s1));
        QVERIFY(doc.renameNode(d, QStringLiteral("hidden")).ok());
        QCOMPARE(topText(doc), QStringLiteral("Rename dense_1 to hidden"));
        QVERIFY(undoRedoExact(doc, s0));
        QVERIFY(!doc.renameNode(d, QStringLiteral("relu_1")).ok());
        QVERIFY(!doc.renameNode(d, QString()).ok());
        QVERIFY(doc.renameNode(d, QStringLiteral("hidden")).ok());  // same name: no step
        QCOMPARE(doc.undoStack()->count(), 5);
    }

    void movesOfOneDragMerge() {
        GraphDocument doc;
        const NodeId a = add(doc, "Dense", {}, {0, 0});
        const NodeId b = add(doc, "ReLU", {}, {0, 100});
        const QString s0 = doc.serialize();
        const int steps = doc.undoStack()->count();
        const int drag = doc.newDragId();
        for (int i = 1; i <= 3; ++i)
            QVERIFY(doc.moveNodes({{a, QPointF(10 * i, 0)}, {b, QPointF(10 * i, 100)}}, drag).ok());
        QCOMPARE(doc.undoStack()->count(), steps + 1);
        QCOMPARE(topText(doc), QStringLiteral("Move 2 layers"));
        QCOMPARE(doc.graph().node(b)->position.x, 30.0);
        QVERIFY(undoRedoExact(doc, s0));
        // A new drag is a new step; a no-op move pushes nothing; unknown ids are refused.
        QVERIFY(doc.moveNodes({{a, QPointF(5, 5)}}, doc.newDragId()).ok());
        QCOMPARE(doc.undoStack()->count(), steps + 2);
        QCOMPARE(topText(doc), QStringLiteral("Move dense_1"));
        QVERIFY(doc.moveNodes({{a, QPointF(5, 5)}}, doc.newDragId()).ok());
        QCOMPARE(doc.undoStack()->count(), steps + 2);
        QVERIFY(!doc.moveNodes({{77, QPointF(5, 5)}}).ok());
        // dragId -1 never merges.
        QVERIFY(doc.moveNodes({{a, QPointF(6, 6)}}).ok());
        QVERIFY(doc.moveNodes({{a, QPointF(7, 7)}}).ok());
        QCOMPARE(doc.undoStack()->count(), steps + 4);
    }

    void paramEditsMergeWhileTyping() {
        GraphDocument doc;
        const NodeId d = add(doc, "Dense");
        const QString s0 = doc.serialize();
        const int steps = doc.undoStack()->count();
        for (std::int64_t v : {1, 12, 128}) QVERIFY(doc.setParam(d, QStringLiteral("units"), v).ok());
        QCOMPARE(doc.undoStack()->count(), steps + 1);
        QCOMPARE(topText(doc), QStringLiteral("Change units of dense_1"));
        QVERIFY(undoRedoExact(doc, s0));  // "units" is unset again, not 16
        QCOMPARE(std::get<std::int64_t>(doc.graph().node(d)->params.at("units")), std::int64_t{128});
        // Same value: nothing; bad value, unknown key: refused; new session: new step.
        QVERIFY(doc.setParam(d, QStringLiteral("units"), std::int64_t{128}).ok());
        QVERIFY(!doc.setParam(d, QStringLiteral("units"), std::int64_t{-1}).ok());
        QVERIFY(!doc.setParam(d, QStringLiteral("colour"), std::int64_t{1}).ok());
        QCOMPARE(doc.undoStack()->count(), steps + 1);
        doc.closeEditSession();
        QVERIFY(doc.setParam(d, QStringLiteral("units"), std::int64_t{7}).ok());
        QCOMPARE(doc.undoStack()->count(), steps + 2);
        // Another key is another step.
        QVERIFY(doc.setParam(d, QStringLiteral("use_bias"), false).ok());
        QCOMPARE(doc.undoStack()->count(), steps + 3);
    }

    void copyPasteWithEdgesAndFreshIds() {
        GraphDocument doc;
        Chain c(doc);
        const QString before = doc.serialize();
        const QString clip = doc.copy({c.d1, c.relu, c.d2});
        auto pasted = doc.paste(clip, QPointF(300, 10));
        QVERIFY2(pasted.ok(), pasted.ok() ? "" : pasted.error().message.c_str());
        QCOMPARE(pasted->size(), 3);
        QCOMPARE(topText(doc), QStringLiteral("Paste 3 layers"));
        std::set<std::string> names;
        for (const auto& n : doc.graph().nodes()) QVERIFY(names.insert(n.name).second);  // unique names
        for (NodeId id : *pasted) QVERIFY(id != c.d1 && id != c.relu && id != c.d2 && id != c.in && id != c.soft);
        const auto* p0 = doc.graph().node((*pasted)[0]);
        QCOMPARE(p0->type, std::string("Dense"));
        QCOMPARE(p0->params, doc.graph().node(c.d1)->params);
        QVERIFY(p0->position == (layerlab::core::Point{300, 110}));
        // Edges among the copied nodes come along; edges to the rest do not.
        const auto& e = doc.graph().edges();
        QCOMPARE(e.size(), std::size_t{6});
        QCOMPARE(e[4], (Edge{(*pasted)[0], (*pasted)[1], 0}));
        QCOMPARE(e[5], (Edge{(*pasted)[1], (*pasted)[2], 0}));
        QVERIFY(undoRedoExact(doc, before));

        // Pasting into another document keeps the names when they are free.
        GraphDocument other;
        auto into = other.paste(clip);
        QVERIFY(into.ok() && other.graph().node((*into)[0])->name == "dense_1");

        // Not a clipboard of layers: refused, nothing pushed.
        const int steps = doc.undoStack()->count();
        auto bad = doc.paste(QStringLiteral("hello"));
        QVERIFY(!bad.ok() && bad.error().message.find("clipboard") != std::string::npos);
        QCOMPARE(doc.undoStack()->count(), steps);

        auto dup = doc.duplicate({c.relu});
        QVERIFY(dup.ok() && dup->size() == 1);
        QVERIFY(topText(doc).startsWith(QStringLiteral("Duplicate relu_")));
    }

    void autoLayoutIsOneStep() {
        GraphDocument doc;
        Chain c(doc);
        QVERIFY(doc.moveNodes({{c.in, {}}, {c.d1, {}}, {c.relu, {}}, {c.d2, {}}, {c.soft, {}}}).ok());
        const QString before = doc.serialize();
        const int steps = doc.undoStack()->count();
        QVERIFY(doc.autoLayout().ok());
        QCOMPARE(doc.undoStack()->count(), steps + 1);
        QCOMPARE(topText(doc), QStringLiteral("Auto-layout"));
        const auto& g = doc.graph();
        QVERIFY(g.node(c.d1)->position.y > g.node(c.in)->position.y);
        QVERIFY(g.node(c.soft)->position.y > g.node(c.d2)->position.y);
        QVERIFY(undoRedoExact(doc, before));
        QVERIFY(doc.autoLayout().ok());  // already laid out: nothing to push
        QCOMPARE(doc.undoStack()->count(), steps + 1);
    }

    void summaryAndShapes() {
        GraphDocument doc;
        Chain c(doc);
        QVERIFY2(doc.summary().error.isEmpty(), qPrintable(doc.summary().error));
        QCOMPARE(doc.summary().parameters, qint64{4 * 8 + 8 + 8 * 3 + 3});
        QVERIFY(doc.summary().layers == 4 && doc.summary().flopsPerSample > 0);
        QVERIFY(doc.paramCountOf(c.d1) == 40 && doc.paramCountOf(c.relu) == 0);
        QVERIFY(doc.shapes().shapeOf(c.d2) && *doc.shapes().shapeOf(c.d2) == layerlab::core::Shape{3});
        QSignalSpy shapes(&doc, &GraphDocument::shapesChanged);
        QSignalSpy summary(&doc, &GraphDocument::summaryChanged);
        // A cut edge leaves a stray tail: the rest is still the network.
        QVERIFY(doc.disconnectInput(c.d2, 0).ok());
        QVERIFY(shapes.count() == 1 && summary.count() == 1);
        QVERIFY2(doc.summary().error.isEmpty(), qPrintable(doc.summary().error));
        QCOMPARE(doc.summary().stray, (QStringList{QStringLiteral("dense_2"), QStringLiteral("softmax_1")}));
        QVERIFY(doc.networkPath().isStray(c.d2) && doc.networkPath().isStray(c.soft));
        QCOMPARE(doc.summary().parameters, qint64{40});  // the connected part
        QCOMPARE(doc.paramCountOf(c.d2), qint64{-1});
        doc.undoStack()->undo();
        QCOMPARE(shapes.count(), 2);
        QVERIFY(doc.summary().error.isEmpty());
        QVERIFY(doc.summary().stray.isEmpty());
        // An Input that feeds nothing: the network cannot train, and the fix is named.
        QVERIFY(doc.disconnectInput(c.d1, 0).ok());
        QVERIFY(!doc.summary().error.isEmpty());
        QCOMPARE(doc.summary().fix.kind, layerlab::core::PathFix::Kind::Connect);
        QCOMPARE(doc.summary().fix.edge, (layerlab::core::Edge{c.in, c.d1, 0}));
    }

    void projectSettingsAreCommands() {
        GraphDocument doc;
        const QString s0 = doc.serialize();
        QSignalSpy training(&doc, &GraphDocument::trainingChanged);
        auto config = doc.project().training;
        config.epochs = 3;
        doc.setTrainingConfig(config);
        QVERIFY(doc.project().training.epochs == 3 && training.count() == 1);
        auto data = doc.project().data;
        data.kind = layerlab::core::DataKind::Synthetic;
        const QString s1 = doc.serialize();
        doc.setDataSource(data);
        QCOMPARE(doc.undoStack()->count(), 2);
        QVERIFY(undoRedoExact(doc, s1));
        doc.undoStack()->undo();
        doc.undoStack()->undo();
        QCOMPARE(doc.serialize(), s0);
    }

    void randomEditsUndoAndRedoExactly() {
        GraphDocument doc;
        Mirror mirror(doc);
        std::mt19937 rng(20240611);
        auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
        auto anyNode = [&]() -> NodeId {  // 999: an unknown id, to be refused
            const auto& ns = doc.graph().nodes();
            return ns.empty() ? NodeId{999} : ns[static_cast<std::size_t>(pick(static_cast<int>(ns.size())))].id;
        };
        const char* types[] = {"Input", "Dense", "ReLU", "Tanh", "Add", "Concat", "Dropout", "Softmax"};
        std::map<int, QString> stateAt{{0, doc.serialize()}};
        int lastDrag = doc.newDragId();
        // Random edits (refused ones included) until 200 undo steps are on the stack.
        for (int step = 0; doc.undoStack()->index() < 200 && step < 5000; ++step) {
            const NodeId a = anyNode(), b = anyNode(), c = anyNode();
            const QPointF where(pick(800), pick(800));
            const auto* n = doc.graph().node(a);
            const auto& edges = doc.graph().edges();
            switch (pick(10)) {
            case 0: (void)doc.addNode(QString::fromLatin1(types[pick(8)]), {}, where); break;
            case 1: (void)doc.removeNodes({a, b}); break;
            case 2: case 3: (void)doc.connectNodes(a, b, pick(2)); break;
            case 4:
                if (!edges.empty()) {
                    const Edge e = edges[static_cast<std::size_t>(pick(static_cast<int>(edges.size())))];
                    QVERIFY(doc.disconnectInput(e.to, e.toPort).ok());
                }
                break;
            case 5: (void)doc.moveNodes({{a, where}}, pick(2) ? lastDrag : (lastDrag = doc.newDragId())); break;
            case 6:
                if (n && n->type == "Dense") (void)doc.setParam(a, QStringLiteral("units"), std::int64_t{1 + pick(64)});
                if (n && (n->type == "Add" || n->type == "Concat"))
                    (void)doc.setParam(a, QStringLiteral("inputs"), std::int64_t{2 + pick(3)});
                if (n && n->type == "Dropout") (void)doc.setParam(a, QStringLiteral("rate"), 0.1 * pick(9));
                if (pick(3) == 0) doc.closeEditSession();
                break;
            case 7: (void)doc.renameNode(a, QStringLiteral("layer_%1").arg(pick(20))); break;
            case 8: (void)doc.paste(doc.copy({a, b, c}), where / 8); break;
            case 9:
                if (pick(4) == 0) QVERIFY(doc.autoLayout().ok());
                else (void)doc.removeNodes({a});
                break;
            }
            QVERIFY2(mirror.matches(doc), qPrintable(QStringLiteral("signals diverged at step %1").arg(step)));
            stateAt[doc.undoStack()->index()] = doc.serialize();
        }
        QCOMPARE(doc.undoStack()->index(), 200);
        QVERIFY(doc.graph().nodes().size() >= 3);  // the run built something
        std::map<QString, int> kinds;  // every kind of edit made it onto the stack
        for (int i = 0; i < 200; ++i) ++kinds[doc.undoStack()->text(i).section(u' ', 0, 0)];
        for (const char* k : {"Add", "Delete", "Connect", "Disconnect", "Move", "Change", "Rename", "Paste", "Auto-layout"})
            QVERIFY2(kinds[QString::fromLatin1(k)] > 0, k);
        const QString end = doc.serialize();
        // 200 undos back to the start, then 200 redos to the end, exact at every step.
        for (const bool undo : {true, false}) {
            for (int i = 0; i < 200; ++i) {
                undo ? doc.undoStack()->undo() : doc.undoStack()->redo();
                QCOMPARE(doc.serialize(), stateAt[doc.undoStack()->index()]);
                QVERIFY(mirror.matches(doc));
            }
            QCOMPARE(doc.undoStack()->index(), undo ? 0 : 200);
        }
        QCOMPARE(doc.serialize(), end);
    }

    void saveThenLoadGivesTheSameDocument() {
        QTemporaryDir dir;
        GraphDocument doc;
        Chain c(doc);
        QVERIFY(doc.renameNode(c.d1, QStringLiteral("hidden \u00e9")).ok());
        const QString path = dir.filePath(QStringLiteral("model.layerlab"));
        QSignalSpy pathSpy(&doc, &GraphDocument::filePathChanged);
        QString error;
        QVERIFY2(doc.save(path, &error), qPrintable(error));
        QVERIFY(!doc.isModified() && pathSpy.count() == 1);
        QCOMPARE(doc.filePath(), QFileInfo(path).absoluteFilePath());

        GraphDocument loaded;
        QSignalSpy reset(&loaded, &GraphDocument::reset);
        QVERIFY2(loaded.load(path, &error), qPrintable(error));
        QCOMPARE(loaded.serialize(), doc.serialize());
        QVERIFY(reset.count() == 1 && !loaded.isModified() && loaded.undoStack()->count() == 0);
        QCOMPARE(loaded.summary(), doc.summary());
    }

    void malformedLoadLeavesDocumentUntouched() {
        QTemporaryDir dir;
        GraphDocument doc;
        Chain c(doc);
        const QString good = dir.filePath(QStringLiteral("good.layerlab"));
        QVERIFY(doc.save(good));
        QVERIFY(doc.moveNodes({{c.in, QPointF(1, 2)}}).ok());
        const QString before = doc.serialize();
        const int steps = doc.undoStack()->count();
        const QString bad = dir.filePath(QStringLiteral("bad.layerlab"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write("{\"format\": \"layerlab\",\n \"graph\": {\"nodes\": [") > 0);
        f.close();
        QSignalSpy reset(&doc, &GraphDocument::reset);
        QString error;
        QVERIFY(!doc.load(bad, &error));
        QVERIFY2(error.contains(QStringLiteral("bad.layerlab")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("line 2")) || error.contains(QStringLiteral(":2:")), qPrintable(error));
        QVERIFY(!doc.load(dir.filePath(QStringLiteral("missing.layerlab")), &error));
        QVERIFY2(error.contains(QStringLiteral("missing.layerlab")), qPrintable(error));
        QCOMPARE(doc.serialize(), before);
        QCOMPARE(doc.undoStack()->count(), steps);
        QCOMPARE(doc.filePath(), QFileInfo(good).absoluteFilePath());
        QVERIFY(doc.isModified() && reset.count() == 0);
    }

    void saveToUnwritablePathFails() {
        QTemporaryDir dir;
        GraphDocument doc;
        add(doc, "Dense");
        QString error;
        const QString nowhere = dir.filePath(QStringLiteral("no/such/dir/x.layerlab"));
        QVERIFY(!doc.save(nowhere, &error));
        QVERIFY2(error.contains(nowhere), qPrintable(error));
        QVERIFY(!QFileInfo::exists(nowhere));
        QVERIFY(!doc.save(dir.path(), &error));  // a directory
        QVERIFY(error.contains(dir.path()));
        QVERIFY(doc.isModified() && doc.filePath().isEmpty());
        QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList{});
    }

    void modifiedFollowsCleanState() {
        GraphDocument doc;
        QSignalSpy spy(&doc, &GraphDocument::modifiedChanged);
        add(doc, "Dense");
        QVERIFY(doc.isModified() && spy.count() == 1 && spy.last().at(0).toBool());
        doc.undoStack()->undo();
        QVERIFY(!doc.isModified() && !spy.last().at(0).toBool());
        doc.undoStack()->redo();
        QVERIFY(doc.isModified());
        doc.setClean();
        QVERIFY(!doc.isModified());
        QCOMPARE(spy.count(), 4);
        doc.setWeights(layerlab::core::Weights{{1.f, 2.f}, {}});
        QVERIFY(doc.isModified());
        doc.setClean();
        QVERIFY(!doc.isModified());
        add(doc, "ReLU");
        doc.newDocument();
        QVERIFY(!doc.isModified() && doc.graph().nodes().empty());
        QCOMPARE(spy.last().at(0).toBool(), false);
    }

    void signalsCarryIds() {
        GraphDocument doc;
        QSignalSpy added(&doc, &GraphDocument::nodeAdded), removed(&doc, &GraphDocument::nodeRemoved),
            changed(&doc, &GraphDocument::nodeChanged), moved(&doc, &GraphDocument::nodeMoved),
            edgeAdded(&doc, &GraphDocument::edgeAdded), edgeRemoved(&doc, &GraphDocument::edgeRemoved);
        auto ids = [](const QSignalSpy& spy) {
            QList<NodeId> out;
            for (const auto& args : spy) out << args.at(0).value<NodeId>();
            return out;
        };
        const NodeId a = add(doc, "Dense"), b = add(doc, "ReLU");
        QCOMPARE(ids(added), (QList<NodeId>{a, b}));
        link(doc, a, b);
        QVERIFY(edgeAdded.count() == 1 && edgeAdded.at(0).at(0).value<Edge>() == (Edge{a, b, 0}));
        QVERIFY(doc.moveNodes({{b, QPointF(3, 4)}}).ok());
        QCOMPARE(ids(moved), QList<NodeId>{b});
        QCOMPARE(moved.at(0).at(1).toPointF(), QPointF(3, 4));
        QVERIFY(doc.setParam(a, QStringLiteral("units"), std::int64_t{9}).ok());
        QVERIFY(doc.renameNode(b, QStringLiteral("act")).ok());
        QCOMPARE(ids(changed), (QList<NodeId>{a, b}));
        QVERIFY(doc.removeNodes({a}).ok());
        QVERIFY(edgeRemoved.count() == 1 && edgeRemoved.at(0).at(0).value<Edge>() == (Edge{a, b, 0}));
        QCOMPARE(ids(removed), QList<NodeId>{a});
        doc.undoStack()->undo();  // restored from the snapshot: node, then its edge
        QCOMPARE(ids(added), (QList<NodeId>{a, b, a}));
        QCOMPARE(edgeAdded.count(), 2);
        doc.undoStack()->undo();  // rename back
        QCOMPARE(ids(changed), (QList<NodeId>{a, b, b}));
    }
};

QTEST_GUILESS_MAIN(DocumentTest)
#include "test_document.moc"
