// The canvas's right-click menus, opened as a window system opens them (a
// QContextMenuEvent on the viewport at the item's position): on a layer
// (Delete, Duplicate, Insert after, Disconnect, Rename...), on an edge
// (Delete connection, Insert layer here) and on the empty canvas (Add layer
// here, Paste, Select All, Auto-Layout, Fit). Each entry is one undo step.
#include "test_building_support.h"
#include "test_user_settings.h"

#include <QTemporaryDir>

using namespace building_test;

class TestCanvasMenus : public QObject {
    Q_OBJECT

    QTemporaryDir config_;
    QTemporaryDir autosaveDir_;

private slots:
    void initTestCase() { layerlab_test::isolateUserSettings(config_.path(), QStringLiteral("LayerLabMenusTest")); }

    void layerMenu() {
        Window s(autosaveDir_.path(), "xor.layerlab");
        const NodeId hidden = byName(s.doc(), "hidden");
        const NodeId act = byName(s.doc(), "hidden_sigmoid");
        QMenu* menu = s.rightClick(s.at(s.centre(hidden)));
        QCOMPARE(menu->objectName(), QStringLiteral("nodeMenu"));
        shot(menu, "building-node-menu.png");
        shot(menu->findChild<QMenu*>(QStringLiteral("menuInsertAfter")), "building-insert-menu.png");
        QCOMPARE(s.w->scene()->selectedNodeIds(), QList<NodeId>{hidden});  // right-click selects
        for (const char* name : {"menuDelete", "menuDuplicate", "menuDisconnect", "menuRename"})
            QVERIFY2(menu->findChild<QAction*>(QString::fromLatin1(name)), name);
        QVERIFY(menu->findChild<QMenu*>(QStringLiteral("menuInsertAfter")));
        // Insert after ▸ ReLU: hidden -> relu -> hidden_sigmoid, one step.
        int steps = s.doc().undoStack()->count();
        pick(menu, nullptr, QStringLiteral("ReLU"), "menuInsertAfter");
        QCOMPARE(s.doc().undoStack()->count(), steps + 1);
        QCOMPARE(s.doc().undoStack()->undoText(), QStringLiteral("Insert ReLU"));
        const NodeId relu = byName(s.doc(), "relu_1");
        QVERIFY(hasEdge(s.doc(), hidden, relu) && hasEdge(s.doc(), relu, act));
        QVERIFY(noOverlap(s.doc()));

        // Disconnect: every edge of the layer, one step; undo puts them back.
        const QString connected = s.doc().serialize();
        pick(s.rightClick(s.at(s.centre(relu))), "menuDisconnect");
        QCOMPARE(s.doc().undoStack()->undoText(), QStringLiteral("Disconnect relu_1"));
        QVERIFY(!hasEdge(s.doc(), hidden, relu) && !hasEdge(s.doc(), relu, act));
        s.doc().undoStack()->undo();
        QCOMPARE(s.doc().serialize(), connected);

        // Rename...: a dialog with the name; typing a new one renames.
        pick(s.rightClick(s.at(s.centre(relu))), "menuRename");
        QInputDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = s.w->findChild<QInputDialog*>(QStringLiteral("renameDialog"))));
        QCOMPARE(dialog->textValue(), QStringLiteral("relu_1"));
        dialog->setTextValue(QStringLiteral("hidden_relu"));
        dialog->accept();
        QCOMPARE(s.doc().graph().node(relu)->name, std::string("hidden_relu"));

        // Duplicate: the copy below, connected the same way (inserted after it).
        pick(s.rightClick(s.at(s.centre(relu))), "menuDuplicate");
        QCOMPARE(s.doc().undoStack()->undoText(), QStringLiteral("Duplicate hidden_relu"));
        const NodeId copy = byName(s.doc(), "relu_1");
        QVERIFY(hasEdge(s.doc(), relu, copy) && hasEdge(s.doc(), copy, act));

        // Delete.
        pick(s.rightClick(s.at(s.centre(copy))), "menuDelete");
        QVERIFY(!s.doc().graph().contains(copy));
        QCOMPARE(s.doc().undoStack()->undoText(), QStringLiteral("Delete relu_1"));
    }

    void edgeMenu() {
        Window s(autosaveDir_.path(), "xor.layerlab");
        const NodeId hidden = byName(s.doc(), "hidden");
        const NodeId act = byName(s.doc(), "hidden_sigmoid");
        const QString before = s.doc().serialize();
        QMenu* menu = s.rightClick(s.at(s.edgeMiddle(act)));
        QCOMPARE(menu->objectName(), QStringLiteral("edgeMenu"));
        shot(menu, "building-edge-menu.png");
        pick(menu, "menuDeleteConnection");
        QVERIFY(!hasEdge(s.doc(), hidden, act));
        s.doc().undoStack()->undo();
        QCOMPARE(s.doc().serialize(), before);

        pick(s.rightClick(s.at(s.edgeMiddle(act))), nullptr, QStringLiteral("Dropout"), "menuInsertHere");
        QCOMPARE(s.doc().undoStack()->undoText(), QStringLiteral("Insert Dropout"));
        const NodeId drop = byName(s.doc(), "dropout_1");
        QVERIFY(hasEdge(s.doc(), hidden, drop) && hasEdge(s.doc(), drop, act));
        QVERIFY(noOverlap(s.doc()));
    }

    void canvasMenu() {
        Window s(autosaveDir_.path(), "xor.layerlab");
        const QPoint spot = s.emptySpot();
        QMenu* menu = s.rightClick(spot);
        QCOMPARE(menu->objectName(), QStringLiteral("canvasMenu"));
        shot(menu, "building-canvas-menu.png");
        QVERIFY(menu->actions().contains(s.w->action(QStringLiteral("actionSelectAll"))));
        QVERIFY(menu->actions().contains(s.w->action(QStringLiteral("actionAutoLayout"))));
        QVERIFY(menu->actions().contains(s.w->action(QStringLiteral("actionFit"))));
        // Add layer here ▸ Dense: centred at the click.
        const QPointF target = s.w->view()->mapToScene(spot);
        pick(menu, nullptr, QStringLiteral("Dense"), "menuAddHere");
        const NodeId dense = byName(s.doc(), "dense_1");
        QVERIFY((box(s.doc(), dense).center() - target).manhattanLength() < 3);
        QVERIFY(!hasEdge(s.doc(), byName(s.doc(), "output_sigmoid"), dense));

        // Select all, copy, and Paste at another empty spot.
        pick(s.rightClick(s.emptySpot()), "actionSelectAll");
        QCOMPARE(int(s.w->scene()->selectedNodeIds().size()), 6);
        s.w->scene()->clearSelection();
        s.select(dense);
        s.w->view()->setFocus();
        QTest::keySequence(s.viewport(), QKeySequence::Copy);
        const QPoint spot2 = s.emptySpot();
        const QPointF target2 = s.w->view()->mapToScene(spot2);
        pick(s.rightClick(spot2), "menuPaste");
        QCOMPARE(s.doc().undoStack()->undoText(), QStringLiteral("Paste dense_2"));
        QVERIFY((box(s.doc(), byName(s.doc(), "dense_2")).topLeft() - target2).manhattanLength() < 3);

        // Auto-layout.
        pick(s.rightClick(s.emptySpot()), "actionAutoLayout");
        QCOMPARE(s.doc().undoStack()->undoText(), QStringLiteral("Auto-layout"));
        QVERIFY(noOverlap(s.doc()));
        // Zoomed in first, so Fit has something to undo.
        s.w->view()->zoomIn();
        s.w->view()->zoomIn();
        s.w->view()->zoomIn();
        // Fit: everything in view, or (when that would make node text smaller
        // than readable) the readable zoom showing the selected layer.
        s.w->scene()->clearSelection();
        s.select(dense);
        pick(s.rightClick(s.emptySpot()), "actionFit");
        bool all = true;
        for (const auto& n : s.doc().graph().nodes()) all = all && s.visible(n.id);
        if (!all) {
            QCOMPARE(s.w->view()->zoom(), s.w->view()->readableZoom());
            QVERIFY(s.visible(dense));
        }
    }

};

QTEST_MAIN(TestCanvasMenus)
#include "test_canvas_menus.moc"
