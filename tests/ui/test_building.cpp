// Building is quick, driven as a teacher drives the window: palette blocks
// add a layer with its activation in one gesture (one undo step, and the
// step-through still shows both); a layer dropped on an edge is inserted
// there (the edge lights up while hovered; shapes that do not fit are
// refused with the reason); Enter, double-click and Ctrl+D put the new layer
// below the selected one, connected to it, never on top of another; a stray
// layer does not block training or the step-through, and an ambiguous
// network offers a one-click fix in the status bar. (The right-click menus:
// test_canvas_menus.cpp.)
#include "test_building_support.h"
#include "test_user_settings.h"

#include <QTemporaryDir>

using namespace building_test;

class TestBuilding : public QObject {
    Q_OBJECT

    QTemporaryDir config_;
    QTemporaryDir autosaveDir_;

private slots:
    void initTestCase() { layerlab_test::isolateUserSettings(config_.path(), QStringLiteral("LayerLabBuildingTest")); }

    void paletteBlocksAddALayerWithItsActivation() {
        Window s(autosaveDir_.path());
        // The Blocks group, from the blocks table.
        QTreeWidgetItem* dr = s.w->palette()->itemForType(QStringLiteral("Dense+ReLU"));
        QVERIFY(dr);
        QCOMPARE(dr->parent()->text(0), layerlab::ui::blocksCategory());
        QCOMPARE(dr->parent()->childCount(), int(layerlab::ui::layerBlocks().size()));
        for (const char* key : {"Dense+ReLU", "Dense+Sigmoid", "Dense+Tanh", "Dense+Softmax", "Conv2D+ReLU"})
            QVERIFY2(s.w->palette()->itemForType(QString::fromLatin1(key)), key);
        QCOMPARE(dr->text(0), QStringLiteral("Dense + ReLU"));
        QVERIFY(dr->toolTip(0).contains(QStringLiteral("z and a")));

        // Input first (nothing selected: at the view's centre), then the block:
        // below the selected Input, connected from it, as ONE undo step.
        s.addFromPalette(QStringLiteral("Input"));
        QCOMPARE(s.doc().graph().nodes().size(), std::size_t{1});
        const NodeId input = s.doc().graph().nodes().front().id;
        QCOMPARE(s.w->scene()->selectedNodeIds(), QList<NodeId>{input});
        const int steps = s.doc().undoStack()->count();
        s.addFromPalette(QStringLiteral("Dense+ReLU"));
        QCOMPARE(s.doc().undoStack()->count(), steps + 1);
        QCOMPARE(s.doc().undoStack()->undoText(), QStringLiteral("Add Dense + ReLU"));
        const NodeId dense = byName(s.doc(), "dense_1");
        const NodeId relu = byName(s.doc(), "relu_1");
        QVERIFY(hasEdge(s.doc(), input, dense));
        QVERIFY(hasEdge(s.doc(), dense, relu));
        QVERIFY(box(s.doc(), dense).top() > box(s.doc(), input).bottom());
        QVERIFY(box(s.doc(), relu).top() > box(s.doc(), dense).bottom());
        QVERIFY(noOverlap(s.doc()));
        QCOMPARE(s.w->scene()->selectedNodeIds(), QList<NodeId>{relu});
        QVERIFY(s.visible(relu));
        shot(s.w.get(), "building-block.png");
        // The step-through shows z (the Dense) and a (its ReLU) for the block.
        s.showStepThrough();
        QTRY_VERIFY_WITH_TIMEOUT(s.w->teachView()->trace(), 5000);
        const auto& stages = s.w->teachView()->trace()->stages;
        QCOMPARE(stages.size(), std::size_t{2});
        QCOMPARE(stages[1].node, dense);
        QCOMPARE(stages[1].activationNode, relu);
        QVERIFY(stages[1].activation == layerlab::core::Activation::ReLU);
        QCOMPARE(stages[1].z.size(), std::size_t{16});
        QCOMPARE(stages[1].a.size(), std::size_t{16});
        // Undo removes the block whole.
        s.doc().undoStack()->undo();
        QCOMPARE(s.doc().graph().nodes().size(), std::size_t{1});
        QVERIFY(s.doc().graph().edges().empty());

        // Dragged onto the empty canvas: the block's first layer under the cursor.
        std::unique_ptr<QMimeData> data = paletteDrag(s.w->palette(), QStringLiteral("Dense+Softmax"));
        QCOMPARE(LayerPalette::typeFromMimeData(data.get()), QStringLiteral("Dense+Softmax"));
        const QPoint spot = s.emptySpot();
        QVERIFY(hover(s.viewport(), data.get(), spot));
        const QPointF target = s.w->view()->mapToScene(spot);
        drop(s.viewport(), data.get(), spot);
        QCOMPARE(s.doc().undoStack()->undoText(), QStringLiteral("Add Dense + Softmax"));
        const NodeId d2 = byName(s.doc(), "dense_1");
        const NodeId sm = byName(s.doc(), "softmax_1");
        QVERIFY(hasEdge(s.doc(), d2, sm));
        QVERIFY((box(s.doc(), d2).center() - target).manhattanLength() < 3);
    }

    void dropOnAnEdgeInserts() {
        Window s(autosaveDir_.path(), "xor.layerlab");
        const NodeId hidden = byName(s.doc(), "hidden");
        const NodeId act = byName(s.doc(), "hidden_sigmoid");
        const QString before = s.doc().serialize();
        const int steps = s.doc().undoStack()->count();
        const QPoint onEdge = s.at(s.edgeMiddle(act));
        layerlab::ui::EdgeItem* edge = s.w->scene()->edgeItem(act, 0);

        // Conv2D cannot take the flat vector: the edge turns red, the drop is refused with the reason.
        std::unique_ptr<QMimeData> conv = paletteDrag(s.w->palette(), QStringLiteral("Conv2D"));
        QVERIFY(!hover(s.viewport(), conv.get(), onEdge));
        QCOMPARE(edge->highlight(), layerlab::ui::EdgeItem::Highlight::Refuse);
        shot(s.w.get(), "building-edge-refuse.png");
        drop(s.viewport(), conv.get(), onEdge);
        QCOMPARE(s.doc().serialize(), before);
        QCOMPARE(s.doc().undoStack()->count(), steps);
        QVERIFY2(s.w->scene()->lastRefusal().contains(QStringLiteral("conv2d")), qPrintable(s.w->scene()->lastRefusal()));
        QVERIFY(s.w->statusBar()->currentMessage().contains(QStringLiteral("conv2d")));
        QCOMPARE(edge->highlight(), layerlab::ui::EdgeItem::Highlight::None);

        // ReLU fits: the edge is highlighted while hovered, the drop inserts it.
        std::unique_ptr<QMimeData> relu = paletteDrag(s.w->palette(), QStringLiteral("ReLU"));
        QVERIFY(hover(s.viewport(), relu.get(), onEdge));
        QCOMPARE(edge->highlight(), layerlab::ui::EdgeItem::Highlight::Accept);
        shot(s.w.get(), "building-edge-accept.png");
        // Moving off the edge clears it.
        QVERIFY(hover(s.viewport(), relu.get(), s.emptySpot()));
        QCOMPARE(edge->highlight(), layerlab::ui::EdgeItem::Highlight::None);
        QVERIFY(hover(s.viewport(), relu.get(), onEdge));
        drop(s.viewport(), relu.get(), onEdge);
        QCOMPARE(s.doc().undoStack()->count(), steps + 1);
        QCOMPARE(s.doc().undoStack()->undoText(), QStringLiteral("Insert ReLU"));
        const NodeId r = byName(s.doc(), "relu_1");
        QVERIFY(hasEdge(s.doc(), hidden, r));
        QVERIFY(hasEdge(s.doc(), r, act));
        QVERIFY(!hasEdge(s.doc(), hidden, act));
        QString overlap;
        QVERIFY2(noOverlap(s.doc(), &overlap), qPrintable(overlap));  // what was below moved down
        QVERIFY(s.doc().summary().error.isEmpty());
        s.doc().undoStack()->undo();
        QCOMPARE(s.doc().serialize(), before);

        // A block on an edge: both layers go in.
        std::unique_ptr<QMimeData> block = paletteDrag(s.w->palette(), QStringLiteral("Dense+Tanh"));
        QVERIFY(hover(s.viewport(), block.get(), onEdge));
        drop(s.viewport(), block.get(), onEdge);
        QCOMPARE(s.doc().undoStack()->undoText(), QStringLiteral("Insert Dense + Tanh"));
        QVERIFY(hasEdge(s.doc(), hidden, byName(s.doc(), "dense_1")));
        QVERIFY(hasEdge(s.doc(), byName(s.doc(), "tanh_1"), act));
        QVERIFY(noOverlap(s.doc()));
    }

    void enterDoubleClickGoBelowTheSelection() {
        Window s(autosaveDir_.path());
        s.addFromPalette(QStringLiteral("Input"));
        const NodeId input = byName(s.doc(), "input_1");
        // One selected, feeding nothing: below it, connected, one step.
        int steps = s.doc().undoStack()->count();
        s.addFromPalette(QStringLiteral("Dense"));
        QCOMPARE(s.doc().undoStack()->count(), steps + 1);
        QCOMPARE(s.doc().undoStack()->undoText(), QStringLiteral("Add Dense"));
        const NodeId dense = byName(s.doc(), "dense_1");
        QVERIFY(hasEdge(s.doc(), input, dense));
        QCOMPARE(box(s.doc(), dense).left(), box(s.doc(), input).left());
        QVERIFY(box(s.doc(), dense).top() > box(s.doc(), input).bottom());
        QCOMPARE(s.w->scene()->selectedNodeIds(), QList<NodeId>{dense});

        // Enter in the palette with the Input selected (it feeds the Dense):
        // the ReLU goes in between, the Dense moves down.
        s.select(input);
        QTreeWidget* tree = s.w->palette()->tree();
        tree->setCurrentItem(s.w->palette()->itemForType(QStringLiteral("ReLU")));
        QTest::keyClick(tree, Qt::Key_Return);
        QCOMPARE(s.doc().undoStack()->undoText(), QStringLiteral("Insert ReLU"));
        const NodeId relu = byName(s.doc(), "relu_1");
        QVERIFY(hasEdge(s.doc(), input, relu));
        QVERIFY(hasEdge(s.doc(), relu, dense));
        QVERIFY(noOverlap(s.doc()));
        QVERIFY(box(s.doc(), dense).top() > box(s.doc(), relu).bottom());

        // Shapes that do not fit (Conv2D after a flat vector): below, not
        // connected, and the status bar says why.
        s.select(dense);
        s.addFromPalette(QStringLiteral("Conv2D"));
        const NodeId conv = byName(s.doc(), "conv2d_1");
        QVERIFY(!hasEdge(s.doc(), dense, conv));
        QVERIFY(box(s.doc(), conv).top() > box(s.doc(), dense).bottom());
        QVERIFY2(s.w->statusBar()->currentMessage().contains(QStringLiteral("Not connected")),
                 qPrintable(s.w->statusBar()->currentMessage()));
        QVERIFY(noOverlap(s.doc()));

        // Nothing selected: the old place (the view's centre), never on top of another.
        for (int i = 0; i < 4; ++i) {
            s.w->scene()->clearSelection();
            s.addFromPalette(QStringLiteral("Dropout"));
        }
        QString overlap;
        QVERIFY2(noOverlap(s.doc(), &overlap), qPrintable(overlap));
        QVERIFY(s.visible(byName(s.doc(), "dropout_4")));
    }

    void ctrlDStacksConnectedCopies() {
        Window s(autosaveDir_.path(), "xor.layerlab");
        const NodeId out = byName(s.doc(), "output_sigmoid");
        s.select(out);
        s.addFromPalette(QStringLiteral("Dense"));  // below the end, connected
        const NodeId d1 = byName(s.doc(), "dense_1");
        QVERIFY(s.doc().setParam(d1, QStringLiteral("units"), std::int64_t{8}).ok());
        s.select(d1);
        s.w->view()->setFocus();
        QTest::keySequence(s.viewport(), QKeySequence(Qt::CTRL | Qt::Key_D));
        QCOMPARE(s.doc().undoStack()->undoText(), QStringLiteral("Duplicate dense_1"));
        const NodeId d2 = byName(s.doc(), "dense_2");
        QTest::keySequence(s.viewport(), QKeySequence(Qt::CTRL | Qt::Key_D));
        const NodeId d3 = byName(s.doc(), "dense_3");
        QVERIFY(hasEdge(s.doc(), d1, d2));
        QVERIFY(hasEdge(s.doc(), d2, d3));
        for (NodeId id : {d2, d3})
            QCOMPARE(std::get<std::int64_t>(s.doc().graph().node(id)->params.at("units")), std::int64_t{8});
        QVERIFY(box(s.doc(), d3).top() > box(s.doc(), d2).bottom());
        QCOMPARE(s.w->scene()->selectedNodeIds(), QList<NodeId>{d3});
        QVERIFY(s.visible(d3));
        QVERIFY(s.doc().summary().error.isEmpty());
        // Two undos take the copies away again, one each.
        s.doc().undoStack()->undo();
        s.doc().undoStack()->undo();
        QVERIFY(!s.doc().graph().contains(d2));
        QVERIFY(s.doc().graph().consumers(d1).empty());

        // Several selected: the copies land beside the originals, on nothing.
        QTest::keySequence(s.viewport(), QKeySequence::SelectAll);
        const int n = int(s.doc().graph().nodes().size());
        QTest::keySequence(s.viewport(), QKeySequence(Qt::CTRL | Qt::Key_D));
        QCOMPARE(int(s.doc().graph().nodes().size()), 2 * n);
        QString overlap;
        QVERIFY2(noOverlap(s.doc(), &overlap), qPrintable(overlap));
    }

    void strayLayerDoesNotBlockTrainingOrTheStepThrough() {
        QTemporaryDir dir;
        Window s(autosaveDir_.path(), "xor.layerlab");
        QTRY_VERIFY_WITH_TIMEOUT(s.dataLoaded(), 10000);
        s.w->scene()->clearSelection();
        s.addFromPalette(QStringLiteral("Dense"));  // dropped and left alone
        const NodeId stray = byName(s.doc(), "dense_1");
        QVERIFY(s.doc().summary().error.isEmpty());
        QCOMPARE(s.doc().summary().stray, QStringList{QStringLiteral("dense_1")});
        NodeItem* item = s.w->scene()->nodeItem(stray);
        QVERIFY(item->isStray());
        QVERIFY(item->opacity() < 1.0);
        QVERIFY(item->toolTip().contains(QStringLiteral("not connected to the network: not trained")));
        QVERIFY(!s.w->scene()->nodeItem(byName(s.doc(), "hidden"))->isStray());
        auto* summary = s.w->findChild<QLabel*>(QStringLiteral("modelSummary"));
        QVERIFY2(summary->text().contains(QStringLiteral("not trained (not connected): dense_1")), qPrintable(summary->text()));
        QVERIFY(!summary->text().contains(QStringLiteral("not trainable")));
        QVERIFY(!s.w->canvasActions()->fixButton()->isVisible());
        shot(s.w.get(), "building-stray.png");

        // Train works; the step-through traces the connected network.
        s.w->action(QStringLiteral("actionTrain"))->trigger();
        auto* training = s.w->trainingController();
        QTRY_VERIFY_WITH_TIMEOUT(training->lastRun() && !training->isRunning(), 20000);
        QVERIFY2(!training->lastRun()->epochs.empty(), qPrintable(s.w->statusBar()->currentMessage()));
        QVERIFY(s.doc().project().weights.has_value());
        s.showStepThrough();
        QTRY_VERIFY_WITH_TIMEOUT(s.w->teachView()->trace(), 5000);
        QVERIFY(s.w->teachView()->problem().isEmpty());
        for (const auto& stage : s.w->teachView()->trace()->stages) QVERIFY(stage.node != stray);
        QCOMPARE(s.w->teachView()->trace()->stages.back().name, std::string("output"));

        // The weights belong to the connected network: saved and opened again with the stray layer, they fit.
        const QString path = dir.filePath(QStringLiteral("stray.layerlab"));
        QVERIFY(s.w->saveTo(path));
        QVERIFY(s.w->openFile(path));
        QVERIFY(s.doc().graph().findByName("dense_1"));
        auto traced = layerlab::ui::compileForTrace(s.doc().project());
        QVERIFY(traced.ok());
        QVERIFY(traced->trainedWeights);
        QTRY_VERIFY_WITH_TIMEOUT(s.dataLoaded(), 10000);
        s.w->action(QStringLiteral("actionTrain"))->trigger();
        QVERIFY2(training->startNote().contains(QStringLiteral("continued from")), qPrintable(training->startNote()));
        QTRY_VERIFY_WITH_TIMEOUT(!training->isRunning(), 20000);

        // Connecting the stray layer changes the network: fresh weights, said so.
        const NodeId strayAgain = byName(s.doc(), "dense_1");
        const NodeId act = byName(s.doc(), "hidden_sigmoid");
        QVERIFY(s.doc().disconnectInput(byName(s.doc(), "output"), 0).ok());
        QVERIFY(s.doc().connectNodes(act, strayAgain).ok());
        QVERIFY(s.doc().connectNodes(strayAgain, byName(s.doc(), "output")).ok());
        QVERIFY(s.doc().summary().stray.isEmpty());
        QVERIFY(!s.w->scene()->nodeItem(strayAgain)->isStray());
        s.w->action(QStringLiteral("actionTrain"))->trigger();
        QVERIFY2(training->startNote().contains(QStringLiteral("do not fit")), qPrintable(training->startNote()));
        QTRY_VERIFY_WITH_TIMEOUT(!training->isRunning(), 20000);
    }

    void ambiguousNetworkOffersOneClickFix() {
        Window s(autosaveDir_.path(), "xor.layerlab");
        // A second branch from the hidden layer: two outputs.
        s.select(byName(s.doc(), "hidden_sigmoid"));
        QMenu* menu = s.rightClick(s.emptySpot());
        pick(menu, nullptr, QStringLiteral("Dense"), "menuAddHere");
        const NodeId extra = byName(s.doc(), "dense_1");
        QVERIFY(s.doc().connectNodes(byName(s.doc(), "hidden_sigmoid"), extra).ok());
        QVERIFY(s.doc().summary().error.contains(QStringLiteral("2 outputs")));
        QToolButton* fix = s.w->canvasActions()->fixButton();
        QVERIFY(fix->isVisible());
        QCOMPARE(fix->text(), QStringLiteral("Delete dense_1"));
        shot(s.w.get(), "building-two-outputs.png");
        auto* summary = s.w->findChild<QLabel*>(QStringLiteral("modelSummary"));
        QVERIFY(summary->text().contains(QStringLiteral("not trainable yet")));
        const int steps = s.doc().undoStack()->count();
        QTest::mouseClick(fix, Qt::LeftButton);
        QCOMPARE(s.doc().undoStack()->count(), steps + 1);
        QVERIFY(!s.doc().graph().contains(extra));
        QVERIFY(s.doc().summary().error.isEmpty());
        QVERIFY(!fix->isVisible());

        // No Input: one click adds one above the first layer, connected.
        s.w->document()->newDocument();
        s.addFromPalette(QStringLiteral("Dense+ReLU"));
        QVERIFY(fix->isVisible());
        QCOMPARE(fix->text(), QStringLiteral("Add an Input above dense_1"));
        QTest::mouseClick(fix, Qt::LeftButton);
        QCOMPARE(s.doc().undoStack()->undoText(), QStringLiteral("Add Input"));
        const NodeId in = byName(s.doc(), "input_1");
        QVERIFY(hasEdge(s.doc(), in, byName(s.doc(), "dense_1")));
        QVERIFY(box(s.doc(), in).bottom() < box(s.doc(), byName(s.doc(), "dense_1")).top());
        QVERIFY(s.doc().summary().error.isEmpty());
        QVERIFY(noOverlap(s.doc()));

        // Input not connected: one click connects it.
        QVERIFY(s.doc().disconnectInput(byName(s.doc(), "dense_1"), 0).ok());
        QCOMPARE(fix->text(), QStringLiteral("Connect input_1 \u2192 dense_1"));
        QTest::mouseClick(fix, Qt::LeftButton);
        QVERIFY(hasEdge(s.doc(), in, byName(s.doc(), "dense_1")));
        QVERIFY(s.doc().summary().error.isEmpty());
        s.w->statusBar()->clearMessage();
        shot(s.w.get(), "building-fixed.png");
    }
};

QTEST_MAIN(TestBuilding)
#include "test_building.moc"
