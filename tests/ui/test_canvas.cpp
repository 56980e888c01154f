// Canvas: GraphScene mirrors a GraphDocument (one item per node and edge,
// edge labels with shapes, error state from shape inference) and turns mouse
// and key gestures on a real GraphView into undoable document edits: drag to
// move (one undo step), port-to-port drag to connect (refusals change
// nothing and say why), Delete to remove. Also writes a screenshot.
#include "ui/editor/EdgeItem.h"
#include "ui/editor/GraphDocument.h"
#include "ui/editor/GraphScene.h"
#include "ui/editor/GraphView.h"
#include "ui/editor/NodeItem.h"
#include "ui/editor/PortItem.h"

#include <QApplication>
#include <QDir>
#include <QTest>
#include <QUndoStack>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

using layerlab::core::NodeId;
using layerlab::core::ParamMap;
using layerlab::ui::EdgeItem;
using layerlab::ui::GraphDocument;
using layerlab::ui::GraphScene;
using layerlab::ui::GraphView;
using layerlab::ui::NodeItem;

namespace {

NodeId add(GraphDocument& doc, const char* type, ParamMap params, QPointF pos) {
    auto r = doc.addNode(QString::fromLatin1(type), params, pos);
    if (!r) qFatal("addNode(%s): %s", type, r.error().message.c_str());
    return *r;
}

QString example(const char* name) {
    return QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/%1.layerlab").arg(QLatin1String(name));
}

// A document, its scene and a shown 1000x700 view, fitted.
struct Canvas {
    GraphDocument doc;
    GraphScene scene{&doc};
    GraphView view{&scene};
    Canvas() { view.resize(1000, 700); }
    bool show() {
        view.show();
        const bool ok = QTest::qWaitForWindowExposed(&view);
        view.fitToView();
        return ok;
    }
    QPoint at(QPointF scenePos) const { return view.mapFromScene(scenePos); }
    // Press at a, move in steps, release at b (scene coordinates).
    void drag(QPointF a, QPointF b) {
        QWidget* vp = view.viewport();
        QTest::mousePress(vp, Qt::LeftButton, {}, at(a));
        for (int i = 1; i <= 5; ++i) QTest::mouseMove(vp, at(a + (b - a) * i / 5.0));
        QTest::mouseRelease(vp, Qt::LeftButton, {}, at(b));
    }
    QPointF outPort(NodeId id) const { return scene.nodeItem(id)->outputPort()->sceneCentre(); }
    QPointF inPort(NodeId id, int port) const { return scene.nodeItem(id)->inputPort(port)->sceneCentre(); }
    QPointF centre(NodeId id) const { return scene.nodeItem(id)->sceneBoundingRect().center(); }
};

}  // namespace

class TestCanvas : public QObject {
    Q_OBJECT

private slots:
    void mirrorsExample() {
        Canvas c;
        QString error;
        QVERIFY2(c.doc.load(example("mnist_cnn"), &error), qPrintable(error));
        QCOMPARE(c.scene.nodeItemCount(), int(c.doc.graph().nodes().size()));
        QCOMPARE(c.scene.edgeItemCount(), int(c.doc.graph().edges().size()));
        QVERIFY(c.scene.nodeItemCount() >= 8);
        int nodes = 0, edges = 0;
        for (QGraphicsItem* item : c.scene.items()) {
            nodes += qgraphicsitem_cast<NodeItem*>(item) != nullptr;
            edges += qgraphicsitem_cast<EdgeItem*>(item) != nullptr;
        }
        QCOMPARE(nodes, c.scene.nodeItemCount());
        QCOMPARE(edges, c.scene.edgeItemCount());
        const NodeId conv = c.doc.graph().findByName("conv1")->id;
        const NodeId relu = c.doc.graph().findByName("relu1")->id;
        QCOMPARE(c.scene.edgeItem(relu, 0)->label(), QStringLiteral("32x26x26"));
        QCOMPARE(c.scene.nodeItem(conv)->paramsText(), QStringLiteral("32 filters, 3x3"));
        QCOMPARE(c.scene.nodeItem(conv)->shapeText(), QStringLiteral("→ 32x26x26"));
        const NodeItem* fc1 = c.scene.nodeItem(c.doc.graph().findByName("fc1")->id);
        QCOMPARE(fc1->paramsText(), QStringLiteral("128 units"));
        QVERIFY(!fc1->hasError());
        // Items sit at the document positions; a reset rebuilds them.
        QCOMPARE(c.scene.nodeItem(conv)->pos(), layerlab::ui::toQPointF(c.doc.graph().node(conv)->position));
        c.doc.newDocument();
        QCOMPARE(c.scene.nodeItemCount(), 0);
        QCOMPARE(c.scene.edgeItemCount(), 0);
    }

    void dragMovesWithOneUndoStep() {
        Canvas c;
        QVERIFY(c.doc.load(example("mnist_cnn")));
        QVERIFY(c.show());
        const NodeId fc1 = c.doc.graph().findByName("fc1")->id;
        const QPointF before = c.scene.nodeItem(fc1)->pos();
        const int steps = c.doc.undoStack()->count();
        c.drag(c.centre(fc1), c.centre(fc1) + QPointF(150, 40));
        const QPointF after = layerlab::ui::toQPointF(c.doc.graph().node(fc1)->position);
        QVERIFY2((after - before).manhattanLength() > 100, "the document position did not follow the drag");
        QCOMPARE(c.scene.nodeItem(fc1)->pos(), after);
        QCOMPARE(c.doc.undoStack()->count(), steps + 1);
        c.doc.undoStack()->undo();
        QCOMPARE(c.scene.nodeItem(fc1)->pos(), before);
        QCOMPARE(layerlab::ui::toQPointF(c.doc.graph().node(fc1)->position), before);
    }

    void portDragConnectsAndRefuses() {
        Canvas c;
        const NodeId in1 = add(c.doc, "Input", {{"shape", std::string("4")}}, {0, 0});
        const NodeId in2 = add(c.doc, "Input", {{"shape", std::string("4")}}, {300, 0});
        const NodeId dense = add(c.doc, "Dense", {{"units", std::int64_t{8}}}, {0, 200});
        const NodeId sum = add(c.doc, "Add", {}, {300, 400});
        const NodeId relu = add(c.doc, "ReLU", {}, {300, 600});
        QVERIFY(c.show());

        c.drag(c.outPort(in1), c.inPort(dense, 0));
        QVERIFY2(c.scene.lastRefusal().isEmpty(), qPrintable(c.scene.lastRefusal()));
        QVERIFY(c.doc.graph().inputEdge(dense, 0) && c.doc.graph().inputEdge(dense, 0)->from == in1);
        QVERIFY(c.scene.edgeItem(dense, 0));
        QCOMPARE(c.scene.edgeItem(dense, 0)->label(), QStringLiteral("4"));

        // The port is taken: refused, nothing changes.
        QString before = c.doc.serialize();
        c.drag(c.outPort(in2), c.inPort(dense, 0));
        QVERIFY2(c.scene.lastRefusal().contains(QLatin1String("already connected")), qPrintable(c.scene.lastRefusal()));
        QCOMPARE(c.doc.serialize(), before);
        QCOMPARE(c.scene.edgeItemCount(), 1);

        // dense -> add:0, add -> relu, then relu -> add:1 closes a cycle.
        c.drag(c.outPort(dense), c.inPort(sum, 0));
        c.drag(c.outPort(sum), c.inPort(relu, 0));
        QCOMPARE(c.scene.edgeItemCount(), 3);
        before = c.doc.serialize();
        c.drag(c.outPort(relu), c.inPort(sum, 1));
        QVERIFY2(c.scene.lastRefusal().contains(QLatin1String("cycle")), qPrintable(c.scene.lastRefusal()));
        QCOMPARE(c.doc.serialize(), before);
        QCOMPARE(c.scene.edgeItemCount(), 3);

        // A shape mismatch is refused: Add's first input has 8 values, in2 has 4.
        before = c.doc.serialize();
        c.drag(c.outPort(in2), c.inPort(sum, 1));
        QVERIFY2(c.scene.lastRefusal().contains(QLatin1String("same shape")), qPrintable(c.scene.lastRefusal()));
        QCOMPARE(c.doc.serialize(), before);
        QCOMPARE(c.scene.edgeItemCount(), 3);
        QVERIFY(c.doc.setParam(dense, "units", std::int64_t{4}));

        // Dropping on the node body picks the free input port.
        c.drag(c.outPort(in2), c.centre(sum));
        QVERIFY2(c.scene.lastRefusal().isEmpty(), qPrintable(c.scene.lastRefusal()));
        QVERIFY(c.scene.edgeItem(sum, 1));
        // Each connection is one undo step.
        c.doc.undoStack()->undo();
        QVERIFY(!c.scene.edgeItem(sum, 1));
    }

    void deleteKeyRemovesAndUndoRestores() {
        Canvas c;
        QVERIFY(c.doc.load(example("mnist_cnn")));
        QVERIFY(c.show());
        const QString before = c.doc.serialize();
        const NodeId pool = c.doc.graph().findByName("pool1")->id;
        const int nodes = c.scene.nodeItemCount(), edges = c.scene.edgeItemCount();
        QTest::mouseClick(c.view.viewport(), Qt::LeftButton, {}, c.at(c.centre(pool)));
        QCOMPARE(c.scene.selectedNodeIds(), QList<NodeId>{pool});
        QTest::keyClick(&c.view, Qt::Key_Delete);
        QVERIFY(!c.doc.graph().contains(pool));
        QVERIFY(!c.scene.nodeItem(pool));
        QCOMPARE(c.scene.nodeItemCount(), nodes - 1);
        QCOMPARE(c.scene.edgeItemCount(), edges - 2);
        c.doc.undoStack()->undo();
        QCOMPARE(c.doc.serialize(), before);
        QCOMPARE(c.scene.nodeItemCount(), nodes);
        QCOMPARE(c.scene.edgeItemCount(), edges);

        // A selected edge: Delete disconnects it.
        EdgeItem* edge = c.scene.edgeItem(pool, 0);
        QVERIFY(edge);
        c.scene.clearSelection();
        edge->setSelected(true);
        QTest::keyClick(&c.view, Qt::Key_Backspace);
        QVERIFY(!c.doc.graph().inputEdge(pool, 0));
        QVERIFY(!c.scene.edgeItem(pool, 0));
        QVERIFY(c.doc.graph().contains(pool));
    }

    void shapeErrorIsShown() {
        Canvas c;
        const NodeId in = add(c.doc, "Input", {{"shape", std::string("1x28x28")}}, {0, 0});
        const NodeId conv = add(c.doc, "Conv2D", {}, {0, 150});
        // Connecting a flat input to Conv2D is refused with the reason...
        QVERIFY(c.doc.setParam(in, "shape", std::string("784")));
        const auto refused = c.doc.connectNodes(in, conv, 0);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.find("Conv2D") != std::string::npos, refused.error().message.c_str());
        QVERIFY(!c.doc.graph().inputEdge(conv, 0));
        // ...but an edit that breaks an existing connection marks the node red.
        QVERIFY(c.doc.setParam(in, "shape", std::string("1x28x28")));
        QVERIFY(c.doc.connectNodes(in, conv, 0));
        QVERIFY(c.doc.setParam(in, "shape", std::string("784")));
        const auto* diag = c.doc.shapes().diagnosticFor(conv);
        QVERIFY(diag);
        const NodeItem* item = c.scene.nodeItem(conv);
        QVERIFY(item->hasError());
        QVERIFY(item->toolTip().contains(QString::fromStdString(diag->message)));
        QVERIFY(!c.scene.nodeItem(in)->hasError());
        // Fixing it clears the error state.
        QVERIFY(c.doc.setParam(in, "shape", std::string("1x28x28")));
        QVERIFY(!item->hasError());
    }

    void addNodeAtCentresTheBox() {
        Canvas c;
        QCOMPARE(c.scene.addNodeAt(QStringLiteral("Dense"), {500, 300}), QString());
        QCOMPARE(c.scene.nodeItemCount(), 1);
        const NodeId id = c.doc.graph().nodes().front().id;
        QCOMPARE(c.scene.nodeItem(id)->sceneBoundingRect().center(), QPointF(500, 300));
        QCOMPARE(c.scene.selectedNodeIds(), QList<NodeId>{id});
        QVERIFY(!c.scene.addNodeAt(QStringLiteral("NoSuchLayer"), {0, 0}).isEmpty());
    }

    // Wheel zoom around the cursor, middle-button and Space+drag panning,
    // rubber-band selection on empty canvas, and Ctrl+0 fit, with the mouse.
    void viewNavigation() {
        Canvas c;
        QVERIFY(c.doc.load(example("mnist_cnn")));
        QVERIFY(c.show());
        QWidget* vp = c.view.viewport();

        // Wheel: zooms in, keeping the scene point under the cursor in place
        // (once the graph is larger than the window; a smaller one stays centred).
        QTest::keyClick(&c.view, Qt::Key_Equal, Qt::ControlModifier);
        QTest::keyClick(&c.view, Qt::Key_Equal, Qt::ControlModifier);
        QTest::keyClick(&c.view, Qt::Key_Equal, Qt::ControlModifier);
        const QPoint cursor(400, 300);
        const QPointF under = c.view.mapToScene(cursor);
        const double z = c.view.zoom();
        QTest::mouseMove(vp, cursor);  // the view zooms around the last mouse position
        QWheelEvent wheel(cursor, vp->mapToGlobal(cursor), {}, QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(vp, &wheel);
        QVERIFY(c.view.zoom() > z);
        const QPoint after = c.view.mapFromScene(under);
        QVERIFY2((after - cursor).manhattanLength() <= 2,
                 qPrintable(QStringLiteral("the point under the cursor moved to %1,%2").arg(after.x()).arg(after.y())));

        // Middle-button drag pans by the distance moved.
        const QPointF centreBefore = c.view.mapToScene(vp->rect().center());
        QTest::mousePress(vp, Qt::MiddleButton, {}, QPoint(500, 400));
        QMouseEvent move(QEvent::MouseMove, QPointF(440, 350), vp->mapToGlobal(QPointF(440, 350)), Qt::NoButton,
                         Qt::MiddleButton, Qt::NoModifier);
        QApplication::sendEvent(vp, &move);
        QTest::mouseRelease(vp, Qt::MiddleButton, {}, QPoint(440, 350));
        const QPointF moved = c.view.mapToScene(vp->rect().center()) - centreBefore;
        QVERIFY2(std::abs(moved.x() * c.view.zoom() - 60) < 3 && std::abs(moved.y() * c.view.zoom() - 50) < 3,
                 qPrintable(QStringLiteral("panned %1,%2").arg(moved.x()).arg(moved.y())));
        QCOMPARE(c.doc.undoStack()->count(), 0);  // panning is not an edit

        // Space + left drag pans too, and selects nothing.
        QTest::keyPress(&c.view, Qt::Key_Space);
        const QPointF centre2 = c.view.mapToScene(vp->rect().center());
        QTest::mousePress(vp, Qt::LeftButton, {}, QPoint(300, 300));
        QMouseEvent move2(QEvent::MouseMove, QPointF(300, 380), vp->mapToGlobal(QPointF(300, 380)), Qt::NoButton,
                          Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(vp, &move2);
        QTest::mouseRelease(vp, Qt::LeftButton, {}, QPoint(300, 380));
        QTest::keyRelease(&c.view, Qt::Key_Space);
        QVERIFY(c.view.mapToScene(vp->rect().center()).y() < centre2.y() - 20 / c.view.zoom());
        QVERIFY(c.scene.selectedNodeIds().isEmpty());

        // Ctrl+0 fits, but never below the readable zoom: the CNN's nine layers do not
        // fit 700 px at that size, so its start (the Input layer) is in view.
        QTest::keyClick(&c.view, Qt::Key_0, Qt::ControlModifier);
        const QRectF visible = c.view.mapToScene(vp->rect()).boundingRect();
        QVERIFY(std::abs(c.view.zoom() - c.view.readableZoom()) < 1e-9);
        QVERIFY(visible.contains(c.scene.nodeItem(c.doc.graph().nodes().front().id)->sceneBoundingRect()));
        const QRectF all = c.scene.itemsBoundingRect();
        QVERIFY(visible.left() <= all.left() && visible.right() >= all.right());  // as wide as it is: all across

        // Rubber band from empty canvas around the first two layers selects exactly them.
        const auto& nodes = c.doc.graph().nodes();
        const NodeId first = nodes[0].id, second = nodes[1].id;
        const QRectF both = c.scene.nodeItem(first)->sceneBoundingRect().united(c.scene.nodeItem(second)->sceneBoundingRect());
        const QPoint from = c.at(both.topLeft() - QPointF(25, 25)), to = c.at(both.bottomRight() + QPointF(25, 5));
        QVERIFY(!c.scene.itemAt(c.view.mapToScene(from), c.view.transform()));  // starts on empty canvas
        QTest::mousePress(vp, Qt::LeftButton, {}, from);
        for (int i = 1; i <= 5; ++i) {
            const QPoint p = from + (to - from) * i / 5;
            QMouseEvent m(QEvent::MouseMove, p, vp->mapToGlobal(p), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(vp, &m);
        }
        QTest::mouseRelease(vp, Qt::LeftButton, {}, to);
        QList<NodeId> selected = c.scene.selectedNodeIds();
        std::sort(selected.begin(), selected.end());
        QList<NodeId> expected{first, second};
        std::sort(expected.begin(), expected.end());
        QCOMPARE(selected, expected);
    }

    void viewZooms() {
        Canvas c;
        QVERIFY(c.doc.load(example("mnist_cnn")));
        QVERIFY(c.show());
        const double z = c.view.zoom();
        QTest::keyClick(&c.view, Qt::Key_Equal, Qt::ControlModifier);
        QVERIFY(c.view.zoom() > z);
        QTest::keyClick(&c.view, Qt::Key_Minus, Qt::ControlModifier);
        QVERIFY(qAbs(c.view.zoom() - z) < 1e-6);
    }

    void screenshot() {
        Canvas c;
        QVERIFY(c.doc.load(example("mnist_cnn")));
        QVERIFY(c.show());
        const QString path = QDir::current().absoluteFilePath(QStringLiteral("canvas_mnist_cnn.png"));
        QVERIFY(c.view.grab().save(path));
        qInfo("screenshot: %s", qPrintable(path));

        // The error state: a Conv2D after a flat input.
        Canvas e;
        const NodeId in = add(e.doc, "Input", {{"shape", std::string("1x28x28")}}, {0, 0});
        const NodeId conv = add(e.doc, "Conv2D", {}, {0, 130});
        const NodeId dense = add(e.doc, "Dense", {}, {240, 130});
        QVERIFY(e.doc.connectNodes(in, conv, 0));
        QVERIFY(e.doc.connectNodes(in, dense, 0));
        QVERIFY(e.doc.setParam(in, "shape", std::string("784")));
        e.view.resize(600, 320);
        QVERIFY(e.show());
        e.scene.nodeItem(dense)->setSelected(true);
        const QString errorPath = QDir::current().absoluteFilePath(QStringLiteral("canvas_shape_error.png"));
        QVERIFY(e.view.grab().save(errorPath));
        qInfo("screenshot: %s", qPrintable(errorPath));
    }
};

QTEST_MAIN(TestCanvas)
#include "test_canvas.moc"
