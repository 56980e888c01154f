// Legible from the back of the room (issue 13, point 6), driven through the
// real window: View > Presentation Mode scales the window's fonts and every
// view (canvas, plots, boundary, step-through, concept map), hides the
// palette, inspector and toolbar, lets one view fill the window (View > Show,
// the Presentation toolbar, dock tabs), gives everything back exactly when
// turned off and is remembered across starts. Outside it: a deep network
// (the CNN example) opens at a readable zoom at 1280x800 and 16:9, lays out
// left to right in one undo step with its ports on the sides, the
// step-through diagram zooms and fits like the canvas, the decision boundary
// has large outlined points, axes in the data's own units and a legend, and
// the confusion matrix's counts stay legible in a small panel.
#include "ui/MainWindow.h"
#include "test_user_settings.h"

#include "ui/PresentationMode.h"
#include "ui/concepts/ConceptCanvas.h"
#include "ui/concepts/ConceptMapView.h"
#include "ui/data/DataManager.h"
#include "ui/editor/GraphDocument.h"
#include "ui/editor/GraphScene.h"
#include "ui/editor/GraphView.h"
#include "ui/editor/NodeItem.h"
#include "ui/editor/PortItem.h"
#include "ui/teach/BackpropView.h"
#include "ui/teach/NeuronDiagram.h"
#include "ui/training/BoundaryView.h"
#include "ui/training/ConfusionMatrixView.h"
#include "ui/training/InsightView.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"
#include "ui/training/TrainingPlots.h"
#include "ui/training/TrainingSettingsForm.h"

#include <qcustomplot.h>

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QUndoStack>
#include <QWheelEvent>

#include <algorithm>
#include <memory>

using layerlab::ui::MainWindow;
using layerlab::ui::PresentationMode;
using Stage = PresentationMode::Stage;

namespace {

QString example(const char* name) {
    return QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/") + QLatin1String(name);
}

// Saves the window when LAYERLAB_SHOT_DIR is set (for looking at, not for checking).
void shot(QWidget* w, const QString& file) {
    const QString dir = qEnvironmentVariable("LAYERLAB_SHOT_DIR");
    if (dir.isEmpty()) return;
    QDir().mkpath(dir);
    QTest::qWait(60);  // queued replots land first
    w->grab().save(dir + QLatin1Char('/') + file);
}

QDockWidget* dock(MainWindow& w, const char* name) { return w.findChild<QDockWidget*>(QLatin1String(name)); }

// A two-feature flowers project (sepal length and width, in cm) with z-scored
// inputs: a 2-8-3 network, no validation split.
const char* kFlowersProject = R"({
  "format": "layerlab", "version": 1, "name": "Flowers by the sepals",
  "graph": {
    "nodes": [
      {"id": 1, "type": "Input", "name": "input", "params": {"shape": "2"}, "position": [0, 0]},
      {"id": 2, "type": "Dense", "name": "hidden", "params": {"units": 8}, "position": [0, 110]},
      {"id": 3, "type": "ReLU", "name": "relu", "params": {}, "position": [0, 220]},
      {"id": 4, "type": "Dense", "name": "output", "params": {"units": 3}, "position": [0, 330]}
    ],
    "edges": [{"from": 1, "to": 2, "toPort": 0}, {"from": 2, "to": 3, "toPort": 0}, {"from": 3, "to": 4, "toPort": 0}]
  },
  "training": {"epochs": 20, "batchSize": 16, "seed": 1, "loss": "softmax_cross_entropy",
               "optimizer": {"type": "adam", "learningRate": 0.02}, "validationSplit": 0},
  "data": {"kind": "csv", "path": "%1", "options": {"targetName": "species", "featureColumns": [0, 1]},
           "preprocessing": {"normalization": "zscore"}}
})";

// The wine-sized network of the issue: 13 inputs, 16 hidden, 3 outputs, no data.
const char* kWineNetwork = R"({
  "format": "layerlab", "version": 1, "name": "13-16-3",
  "graph": {
    "nodes": [
      {"id": 1, "type": "Input", "name": "input", "params": {"shape": "13"}, "position": [0, 0]},
      {"id": 2, "type": "Dense", "name": "hidden", "params": {"units": 16}, "position": [0, 110]},
      {"id": 3, "type": "ReLU", "name": "relu", "params": {}, "position": [0, 220]},
      {"id": 4, "type": "Dense", "name": "output", "params": {"units": 3}, "position": [0, 330]}
    ],
    "edges": [{"from": 1, "to": 2, "toPort": 0}, {"from": 2, "to": 3, "toPort": 0}, {"from": 3, "to": 4, "toPort": 0}]
  },
  "training": {"epochs": 1, "batchSize": 8, "seed": 3, "loss": "softmax_cross_entropy",
               "optimizer": {"type": "sgd", "learningRate": 0.1}}
})";

struct Window {
    std::unique_ptr<MainWindow> w;
    explicit Window(const QString& autosaveDir, QSize size = {1280, 800}, bool clearSettings = true) {
        if (clearSettings) QSettings().clear();  // the default layout, not the last test's
        w = std::make_unique<MainWindow>(nullptr, autosaveDir);
        w->setErrorDialogsEnabled(false);
        w->resize(size);
        w->show();
        if (!QTest::qWaitForWindowExposed(w.get())) qFatal("window not exposed");
    }
    bool open(const QString& path) {
        if (!w->openFile(path)) return false;
        QTest::qWait(20);
        return QTest::qWaitFor([&] { return !w->dataManager()->isLoading(); }, 10000);
    }
    // Train for `epochs` with the Train button and wait for the last insight.
    bool train(int epochs) {
        auto* spin = qobject_cast<QSpinBox*>(w->trainingPanel()->settingsForm()->field(QStringLiteral("epochs")));
        if (!spin) return false;
        spin->setValue(epochs);
        auto* train = w->trainingPanel()->findChild<QPushButton*>(QStringLiteral("trainButton"));
        QTest::mouseClick(train, Qt::LeftButton);
        layerlab::ui::TrainingController* c = w->trainingController();
        return QTest::qWaitFor([&] { return c->lastRun() && !c->isRunning(); }, 30000) &&
               QTest::qWaitFor([&] { return w->trainingPanel()->insightView()->insight().epoch == epochs; }, 5000);
    }
    QAction* action(const char* name) const { return w->action(QLatin1String(name)); }
};

QString writeFile(const QTemporaryDir& dir, const QString& name, const QString& text) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text.toUtf8()) < 0) qFatal("cannot write %s", qPrintable(path));
    return path;
}

// Visible docks and their geometry, the canvas's and the toolbars' visibility.
QString layoutOf(MainWindow& w) {
    QStringList parts;
    for (QDockWidget* d : w.findChildren<QDockWidget*>()) {
        if (d->isVisible() && (d->x() < 0 || d->y() < 0)) {  // a tab not raised: parked out of sight
            parts << d->objectName() + QStringLiteral(": behind a tab");
            continue;
        }
        parts << QStringLiteral("%1:%2:%3,%4 %5x%6")
                     .arg(d->objectName())
                     .arg(d->isVisible())
                     .arg(d->x())
                     .arg(d->y())
                     .arg(d->width())
                     .arg(d->height());
    }
    for (QToolBar* t : w.findChildren<QToolBar*>()) parts << QStringLiteral("%1:%2").arg(t->objectName()).arg(t->isVisible());
    for (QWidget* c : {static_cast<QWidget*>(w.statusBar()), static_cast<QWidget*>(w.menuBar())})
        parts << QStringLiteral("%1: %2,%3 %4x%5").arg(QString::fromLatin1(c->metaObject()->className())).arg(c->x()).arg(c->y()).arg(c->width()).arg(c->height());
    const QWidget* c = w.centralWidget();
    parts << QStringLiteral("canvas:%1:%2x%3").arg(c->isVisible()).arg(c->width()).arg(c->height());
    parts.sort();
    return parts.join(QLatin1Char('\n'));
}

double smoothedPenWidth(MainWindow& w) {
    QCPGraph* g = w.trainingPanel()->plots().series(layerlab::ui::TrainingPlots::Loss,
                                                    QString::fromLatin1(layerlab::ui::TrainingPlots::kNameSmoothedLoss));
    return g ? g->pen().widthF() : -1;
}

}  // namespace

class PresentationTest : public QObject {
    Q_OBJECT

    QTemporaryDir config_;
    QTemporaryDir autosave_;
    QTemporaryDir files_;

private slots:
    void initTestCase() { layerlab_test::isolateUserSettings(config_.path(), QStringLiteral("LayerLabPresentation")); }

    void presentationModeScalesEverythingAndGivesItBack() {
        Window s(autosave_.path());
        MainWindow& w = *s.w;
        QVERIFY(s.open(example("spiral.layerlab")));
        QVERIFY(s.train(3));
        QTest::qWait(50);

        // View > Presentation Mode, with a free shortcut shown in the menu.
        QAction* toggle = s.action("actionPresentationMode");
        QVERIFY(toggle);
        QCOMPARE(toggle->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
        auto* viewMenu = w.menuBar()->findChild<QMenu*>(QStringLiteral("menuView"));
        QVERIFY(viewMenu->actions().contains(toggle));
        int uses = 0;
        for (QAction* a : w.findChildren<QAction*>())
            if (a->shortcuts().contains(toggle->shortcut())) ++uses;
        QCOMPARE(uses, 1);

        const QString layoutBefore = layoutOf(w);
        const double windowFont = w.font().pointSizeF();
        auto* status = w.trainingPanel()->findChild<QLabel*>(QStringLiteral("statusLabel"));
        auto* stepLabel = w.teachView()->findChild<QLabel*>(QStringLiteral("stepLabel"));  // sets a size of its own
        const double statusFont = status->font().pointSizeF(), stepFont = stepLabel->font().pointSizeF();
        // The insight's header sets bold only: it takes the window's size.
        QLabel* header = w.trainingPanel()->insightView()->findChildren<QLabel*>(QString(), Qt::FindDirectChildrenOnly).value(0);
        QVERIFY(header && header->font().bold());
        const double headerFont = header->font().pointSizeF();
        QCustomPlot* loss = w.trainingPanel()->plots().plot(layerlab::ui::TrainingPlots::Loss);
        const double tickFont = loss->xAxis->tickLabelFont().pointSizeF();
        const double legendFont = loss->legend->font().pointSizeF();
        const double pen = smoothedPenWidth(w);
        QVERIFY(pen > 0);
        layerlab::ui::BoundaryView* boundary = w.trainingPanel()->insightView()->boundaryView();
        const double points = boundary->pointSize();
        QVERIFY(points >= 9);
        layerlab::ui::GraphView* canvas = w.view();
        const double zoom = canvas->zoom();
        const QPointF centre = canvas->centre();
        QVERIFY(dock(w, "paletteDock")->isVisible());

        toggle->trigger();
        QTest::qWait(50);
        QVERIFY(w.presentationMode()->isOn());
        QVERIFY(toggle->isChecked());
        constexpr double k = PresentationMode::kScale;
        QCOMPARE(w.font().pointSizeF(), windowFont * k);
        QCOMPARE(status->font().pointSizeF(), statusFont * k);
        QCOMPARE(stepLabel->font().pointSizeF(), stepFont * k);
        QCOMPARE(header->font().pointSizeF(), headerFont * k);
        QCOMPARE(loss->xAxis->tickLabelFont().pointSizeF(), tickFont * k);
        QCOMPARE(loss->legend->font().pointSizeF(), legendFont * k);
        QCOMPARE(smoothedPenWidth(w), pen * k);
        QCOMPARE(boundary->pointSize(), points * k);
        QVERIFY(std::abs(canvas->zoom() - zoom * k) < 1e-9);
        QCOMPARE(w.teachView()->diagram()->displayScale(), k);
        QCOMPARE(w.conceptMap()->canvas()->displayScale(), k);
        QVERIFY(!dock(w, "paletteDock")->isVisible());
        QVERIFY(!dock(w, "inspectorDock")->isVisible());
        QVERIFY(!w.findChild<QToolBar*>(QStringLiteral("mainToolBar"))->isVisible());
        QVERIFY(w.presentationMode()->toolBar()->isVisible());
        // A menu opened now is as large as the rest.
        QVERIFY(viewMenu->font().pointSizeF() >= windowFont * k - 1e-9);
        shot(&w, QStringLiteral("presentation_canvas.png"));

        // The same training run keeps its new series at the larger scale.
        QVERIFY(s.train(2));
        QCOMPARE(smoothedPenWidth(w), pen * k);

        // Off again: every size and every dock as before.
        toggle->trigger();
        QTest::qWait(50);
        QVERIFY(!w.presentationMode()->isOn());
        QCOMPARE(w.font().pointSizeF(), windowFont);
        QVERIFY(!w.testAttribute(Qt::WA_SetFont));
        QCOMPARE(status->font().pointSizeF(), statusFont);
        QCOMPARE(stepLabel->font().pointSizeF(), stepFont);
        QCOMPARE(header->font().pointSizeF(), headerFont);
        QCOMPARE(loss->xAxis->tickLabelFont().pointSizeF(), tickFont);
        QCOMPARE(smoothedPenWidth(w), pen);
        QCOMPARE(boundary->pointSize(), points);
        QCOMPARE(w.teachView()->diagram()->displayScale(), 1.0);
        QVERIFY(std::abs(canvas->zoom() - zoom) < 1e-9);
        const QPointF moved = (canvas->centre() - centre) * canvas->zoom();  // in screen pixels; scroll bars step by one
        QVERIFY2(std::abs(moved.x()) <= 1.5 && std::abs(moved.y()) <= 1.5,
                 qPrintable(QStringLiteral("%1,%2 vs %3,%4").arg(canvas->centre().x()).arg(canvas->centre().y()).arg(centre.x()).arg(centre.y())));
        QCOMPARE(layoutOf(w), layoutBefore);
    }

    // The Show actions (Alt+1 ... Alt+5, the Presentation toolbar) let the view being taught fill the window.
    void oneViewFillsTheWindow() {
        Window s(autosave_.path());
        MainWindow& w = *s.w;
        QVERIFY(s.open(example("xor.layerlab")));
        PresentationMode* mode = w.presentationMode();
        QAction* showCanvas = s.action("actionShowCanvas");
        QAction* showTraining = s.action("actionShowTraining");
        QAction* showTeach = s.action("actionShowStepThrough");
        QAction* showConcepts = s.action("actionShowConceptMap");
        QVERIFY(showCanvas && showTraining && showTeach && showConcepts && s.action("actionShowData"));
        QCOMPARE(showTeach->shortcut(), QKeySequence(Qt::ALT | Qt::Key_4));
        QVERIFY(mode->toolBar()->actions().contains(showTeach));

        // Outside presentation mode Show raises the panel and gives it the focus.
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        showTeach->trigger();
        QTest::qWait(20);
        QVERIFY(dock(w, "teachDock")->isVisible());
        QVERIFY(w.teachView()->isVisible());
        QVERIFY(w.centralWidget()->isVisible());
        const QString layoutBefore = layoutOf(w);

        s.action("actionPresentationMode")->trigger();
        QTest::qWait(50);
        QCOMPARE(mode->stage(), Stage::StepThrough);  // the panel with the focus is the one taught
        QVERIFY(!w.centralWidget()->isVisible());
        QVERIFY2(dock(w, "teachDock")->height() > 0.75 * w.height(), qPrintable(layoutOf(w)));
        QVERIFY(showTeach->isChecked());
        shot(&w, QStringLiteral("presentation_step_through.png"));

        showCanvas->trigger();
        QTest::qWait(50);
        QVERIFY(w.centralWidget()->isVisible());
        QVERIFY(showCanvas->isChecked());
        const int bottom = dock(w, "teachDock")->height();
        QVERIFY2(bottom < 0.4 * w.height() && bottom > 0.15 * w.height(), qPrintable(layoutOf(w)));
        QVERIFY(w.centralWidget()->height() > bottom);

        // Keyboard: Alt+2 is the Training panel, filling the window.
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(&w, Qt::Key_2, Qt::AltModifier);
        QTest::qWait(50);
        QCOMPARE(mode->stage(), Stage::Training);
        QVERIFY(!w.centralWidget()->isVisible());
        QVERIFY(w.trainingPanel()->isVisible());
        // Clicking another panel's tab follows along (as raising it does).
        dock(w, "conceptDock")->raise();
        QTest::qWait(20);
        QCOMPARE(mode->stage(), Stage::ConceptMap);
        QVERIFY(showConcepts->isChecked());

        // The key turns it off; the layout is back.
        QTest::keyClick(&w, Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
        QTest::qWait(50);
        QVERIFY(!mode->isOn());
        QCOMPARE(layoutOf(w), layoutBefore);
    }

    void presentationModeIsRemembered() {
        {
            Window s(autosave_.path());
            QVERIFY(!s.w->presentationMode()->isOn());
            s.action("actionPresentationMode")->trigger();
            QVERIFY(s.w->close());  // an unmodified empty project: no question
        }
        Window again(autosave_.path(), {1280, 800}, false);
        MainWindow& w = *again.w;
        QTest::qWait(50);
        QVERIFY(w.presentationMode()->isOn());
        QVERIFY(again.action("actionPresentationMode")->isChecked());
        QVERIFY(!dock(w, "paletteDock")->isVisible());
        QCOMPARE(w.view()->displayScale(), PresentationMode::kScale);
        // The layout it goes back to is the normal one, not the presentation one.
        again.action("actionPresentationMode")->trigger();
        QTest::qWait(50);
        QVERIFY(dock(w, "paletteDock")->isVisible());
        QVERIFY(dock(w, "inspectorDock")->isVisible());
        QVERIFY(w.findChild<QToolBar*>(QStringLiteral("mainToolBar"))->isVisible());
        QVERIFY(w.close());
        Window third(autosave_.path(), {1280, 800}, false);
        QTest::qWait(50);
        QVERIFY(!third.w->presentationMode()->isOn());
    }

    // The CNN example opens readable at 1280x800 and at 16:9, and lays out left to right.
    void deepNetworkOpensReadable() {
        for (QSize size : {QSize(1280, 800), QSize(1280, 720), QSize(1600, 1000)}) {
            Window s(autosave_.path(), size);
            MainWindow& w = *s.w;
            QVERIFY(s.open(example("mnist_cnn.layerlab")));
            QTest::qWait(50);
            w.view()->fitToView();
            layerlab::ui::GraphView* v = w.view();
            const double textPx = layerlab::ui::NodeItem::kSmallestTextPx * v->zoom();
            QVERIFY2(textPx >= layerlab::ui::GraphView::kReadableTextPx - 1e-9,
                     qPrintable(QStringLiteral("%1x%2: node text %3 px").arg(size.width()).arg(size.height()).arg(textPx)));
            // It does not fit whole at that size: the start of the network is in view.
            const auto& nodes = w.document()->graph().nodes();
            const QRectF input = w.scene()->nodeItem(nodes.front().id)->sceneBoundingRect();
            QCOMPARE(nodes.front().type, std::string("Input"));
            QVERIFY(v->mapToScene(v->viewport()->rect()).boundingRect().contains(input));
            if (size == QSize(1280, 800)) shot(&w, QStringLiteral("cnn_opened.png"));

            // View > Auto-Layout Left to Right: one undo step, ports on the sides, still readable.
            QAction* lr = s.action("actionLayoutLeftToRight");
            QVERIFY(lr);
            QCOMPARE(lr->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
            const int steps = w.document()->undoStack()->count();
            lr->trigger();
            QCOMPARE(w.document()->undoStack()->count(), steps + 1);
            QCOMPARE(w.scene()->flow(), layerlab::core::LayoutDirection::LeftToRight);
            layerlab::ui::NodeItem* second = w.scene()->nodeItem(nodes[1].id);
            const QRectF box = second->sceneBoundingRect().adjusted(4, 4, -4, -4);  // (the bounding rect has a margin)
            QVERIFY(std::abs(second->outputPort()->sceneCentre().x() - box.right()) < 1);
            QVERIFY(std::abs(second->inputPort(0)->sceneCentre().x() - box.left()) < 1);
            QVERIFY(w.scene()->nodeItem(nodes[1].id)->pos().x() > w.scene()->nodeItem(nodes[0].id)->pos().x());
            QVERIFY(layerlab::ui::NodeItem::kSmallestTextPx * v->zoom() >= layerlab::ui::GraphView::kReadableTextPx - 1e-9);
            QVERIFY(v->mapToScene(v->viewport()->rect()).boundingRect().contains(
                w.scene()->nodeItem(nodes.front().id)->sceneBoundingRect()));
            if (size == QSize(1280, 800)) shot(&w, QStringLiteral("cnn_left_to_right.png"));
            // Auto-Layout (Ctrl+L) keeps the direction; undo goes back to top to bottom.
            s.action("actionAutoLayout")->trigger();
            QCOMPARE(w.scene()->flow(), layerlab::core::LayoutDirection::LeftToRight);
            QCOMPARE(w.document()->undoStack()->count(), steps + 1);  // already laid out so: nothing to undo
            w.document()->undoStack()->undo();
            QCOMPARE(w.scene()->flow(), layerlab::core::LayoutDirection::TopToBottom);
            const QRectF back = second->sceneBoundingRect().adjusted(4, 4, -4, -4);
            QVERIFY(std::abs(second->outputPort()->sceneCentre().y() - back.bottom()) < 1);
            QVERIFY(std::abs(second->inputPort(0)->sceneCentre().y() - back.top()) < 1);
        }
        // A small network fits whole (in a window with room for its five layers).
        Window s(autosave_.path(), {1600, 1000});
        QVERIFY(s.open(example("xor.layerlab")));
        QTest::qWait(50);
        s.w->view()->fitToView();
        layerlab::ui::GraphView* v = s.w->view();
        QVERIFY(v->mapToScene(v->viewport()->rect()).boundingRect().contains(s.w->scene()->itemsBoundingRect()));
    }

    // The step-through of a 13-16-3 network zooms and fits like the canvas.
    void stepThroughZoomsAndFits() {
        Window s(autosave_.path());
        MainWindow& w = *s.w;
        QVERIFY(s.open(writeFile(files_, QStringLiteral("wine_net.layerlab"), QString::fromLatin1(kWineNetwork))));
        s.action("actionShowStepThrough")->trigger();
        QTRY_VERIFY(w.teachView()->trace());
        layerlab::ui::NeuronDiagram* d = w.teachView()->diagram();
        QTest::qWait(50);
        QVERIFY(d->mapToScene(d->viewport()->rect()).boundingRect().adjusted(-2, -2, 2, 2).contains(d->sceneRect()));

        // Ctrl+= / Ctrl+- / Ctrl+0 go to the diagram when it has the focus, not to the canvas.
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        d->setFocus();
        QTRY_VERIFY(d->hasFocus());
        const double canvasZoom = w.view()->zoom();
        const double before = d->zoom();
        QTest::keyClick(d, Qt::Key_Equal, Qt::ControlModifier);
        QVERIFY2(std::abs(d->zoom() - before * 1.2) < 1e-9,
                 qPrintable(QStringLiteral("zoom %1 -> %2, canvas %3 -> %4, focus %5").arg(before).arg(d->zoom()).arg(canvasZoom)
                                .arg(w.view()->zoom()).arg(QApplication::focusWidget() ? QApplication::focusWidget()->metaObject()->className() : "none")));
        QVERIFY(d->userZoomed());
        QCOMPARE(w.view()->zoom(), canvasZoom);
        QTest::keyClick(d, Qt::Key_Minus, Qt::ControlModifier);
        QVERIFY(std::abs(d->zoom() - before) < 1e-9);
        d->zoomBy(3);
        QTest::keyClick(d, Qt::Key_0, Qt::ControlModifier);
        QVERIFY(!d->userZoomed());
        QVERIFY(d->mapToScene(d->viewport()->rect()).boundingRect().adjusted(-2, -2, 2, 2).contains(d->sceneRect()));
        QCOMPARE(w.view()->zoom(), canvasZoom);

        // Zoomed in until the diagram is larger than the view, the wheel zooms around the cursor.
        QWidget* vp = d->viewport();
        for (int i = 0; i < 40 && (d->sceneRect().width() * d->zoom() < vp->width() * 1.2 ||
                                   d->sceneRect().height() * d->zoom() < vp->height() * 1.2); ++i)
            QTest::keyClick(d, Qt::Key_Equal, Qt::ControlModifier);
        const QPoint cursor(vp->width() / 3, vp->height() / 2);
        QTest::mouseMove(vp, cursor);
        const QPointF under = d->mapToScene(cursor);
        const double z = d->zoom();
        QWheelEvent wheel(cursor, vp->mapToGlobal(cursor), {}, QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(vp, &wheel);
        QVERIFY(d->zoom() > z * 1.3);
        QVERIFY2((d->mapFromScene(under) - cursor).manhattanLength() <= 2,
                 qPrintable(QStringLiteral("the point under the cursor moved from %1,%2 to %3,%4 (zoom %5 -> %6, scene %7x%8, port %9x%10)")
                                .arg(cursor.x()).arg(cursor.y()).arg(d->mapFromScene(under).x()).arg(d->mapFromScene(under).y())
                                .arg(z).arg(d->zoom()).arg(d->sceneRect().width()).arg(d->sceneRect().height())
                                .arg(vp->width()).arg(vp->height())));
        shot(&w, QStringLiteral("step_through_zoomed.png"));

        // Stepping keeps the user's zoom; the Fit button fits the whole diagram again.
        const double zoomed = d->zoom();
        QTest::mouseClick(w.teachView()->findChild<QPushButton*>(QStringLiteral("stepButton")), Qt::LeftButton);
        QCOMPARE(w.teachView()->stepIndex(), 1);
        QVERIFY(std::abs(d->zoom() - zoomed) < 1e-9);
        QTest::mouseClick(w.teachView()->findChild<QPushButton*>(QStringLiteral("fitButton")), Qt::LeftButton);
        QVERIFY(!d->userZoomed());
        QVERIFY(d->zoom() < zoomed / 4);
        QTest::qWait(50);  // a resize still on its way refits too
        const QRectF seen = d->mapToScene(d->viewport()->rect()).boundingRect();
        QVERIFY2(seen.adjusted(-2, -2, 2, 2).contains(d->sceneRect()),
                 qPrintable(QStringLiteral("seen %1,%2 %3x%4 of %5,%6 %7x%8").arg(seen.x()).arg(seen.y()).arg(seen.width()).arg(seen.height())
                                .arg(d->sceneRect().x()).arg(d->sceneRect().y()).arg(d->sceneRect().width()).arg(d->sceneRect().height())));
    }

    // Points large with a dark outline, axes in centimetres (not z-scores), a legend of the classes.
    void boundaryInTheDataUnits() {
        const QString csv = example("data/flowers.csv");
        Window s(autosave_.path());
        MainWindow& w = *s.w;
        QVERIFY(s.open(writeFile(files_, QStringLiteral("sepals.layerlab"), QString::fromLatin1(kFlowersProject).arg(csv))));
        auto data = w.dataManager()->data();
        QVERIFY(data && data->train);
        QVERIFY(data->preprocessing.fitted());
        QVERIFY(s.train(20));
        layerlab::ui::InsightView* insight = w.trainingPanel()->insightView();
        QVERIFY(insight->pageVisible(layerlab::ui::InsightView::BoundaryPage));
        layerlab::ui::BoundaryView* b = insight->boundaryView();
        QCustomPlot* plot = b->plot();

        // The sepal lengths of flowers.csv lie in 4.3 .. 7.9 cm, the widths in 2.0 .. 4.4 cm.
        QCOMPARE(plot->xAxis->label(), QStringLiteral("sepal_length"));
        QCOMPARE(plot->yAxis->label(), QStringLiteral("sepal_width"));
        QVERIFY2(plot->xAxis->range().lower > 3.5 && plot->xAxis->range().upper < 8.8,
                 qPrintable(QStringLiteral("%1 .. %2").arg(plot->xAxis->range().lower).arg(plot->xAxis->range().upper)));
        QVERIFY(plot->yAxis->range().lower > 1.5 && plot->yAxis->range().upper < 5.0);
        double lo = 1e9, hi = -1e9;
        int drawn = 0;
        for (int i = 0; i < plot->graphCount(); ++i)
            for (auto it = plot->graph(i)->data()->constBegin(); it != plot->graph(i)->data()->constEnd(); ++it) {
                lo = std::min(lo, it->key);
                hi = std::max(hi, it->key);
                ++drawn;
            }
        QCOMPARE(drawn, data->train->count());
        // ...exactly the file's own smallest and largest sepal length.
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
        double fileLo = 1e9, fileHi = -1e9;
        file.readLine();  // the header
        while (!file.atEnd()) {
            bool ok = false;
            const double v = QString::fromUtf8(file.readLine()).section(QLatin1Char(','), 0, 0).toDouble(&ok);
            if (!ok) continue;
            fileLo = std::min(fileLo, v);
            fileHi = std::max(fileHi, v);
        }
        QVERIFY2(std::abs(lo - fileLo) < 1e-4 && std::abs(hi - fileHi) < 1e-4,
                 qPrintable(QStringLiteral("%1 .. %2, the file: %3 .. %4").arg(lo).arg(hi).arg(fileLo).arg(fileHi)));

        // Large points with a dark rim, one legend entry per class, named.
        QVERIFY(b->pointSize() >= 9);
        QCOMPARE(plot->graphCount(), 3);
        const QCPScatterStyle style = plot->graph(0)->scatterStyle();
        QVERIFY(style.pen().color().lightness() < 60);
        QVERIFY(style.pen().widthF() >= 1);
        QVERIFY(plot->legend->visible());
        QCOMPARE(plot->legend->itemCount(), 3);
        QStringList names;
        for (int i = 0; i < plot->graphCount(); ++i) names << plot->graph(i)->name();
        names.sort();
        QCOMPARE(names, (QStringList{QStringLiteral("setosa"), QStringLiteral("versicolor"), QStringLiteral("virginica")}));
        insight->setCurrentPage(layerlab::ui::InsightView::BoundaryPage);
        shot(&w, QStringLiteral("boundary_sepals.png"));
    }

    // Ten classes in a low panel: the cells fill the width and the counts stay legible.
    void confusionMatrixCountsStayLegible() {
        layerlab::core::ConfusionMatrix m;
        m.classes = 10;
        m.counts.assign(100, 0);
        QStringList names;
        for (int k = 0; k < 10; ++k) {
            names << QStringLiteral("class name %1").arg(k);
            m.counts[static_cast<std::size_t>(k * 10 + k)] = 900 + k;
            m.counts[static_cast<std::size_t>(k * 10 + (k + 3) % 10)] = 37;
        }
        layerlab::ui::ConfusionMatrixView view;
        view.resize(560, 230);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setMatrix(m, names);
        QVERIFY2(view.countPixelSize() >= layerlab::ui::ConfusionMatrixView::kMinCountPx,
                 qPrintable(QString::number(view.countPixelSize())));
        QCOMPARE(view.cellText(3, 3), QStringLiteral("903"));
        // Wider than high: the cells use the width they have.
        const QRect cell = view.cellRect(0, 0);
        QVERIFY2(cell.width() > cell.height(), qPrintable(QStringLiteral("%1x%2").arg(cell.width()).arg(cell.height())));
        QVERIFY(view.cellRect(0, 9).right() - view.cellRect(0, 0).left() > view.width() / 2);
        QVERIFY(view.cellRect(9, 9).bottom() < view.height());
        // Clicks still map to cells.
        QCOMPARE(view.cellAt(view.cellRect(4, 7).center()), std::make_pair(4, 7));
        view.grab().save(QDir::tempPath() + QStringLiteral("/confusion_small.png"));

        // With room, the counts grow, and more so for a projector.
        view.resize(900, 700);
        QTest::qWait(20);
        const int roomy = view.countPixelSize();
        QVERIFY(roomy > layerlab::ui::ConfusionMatrixView::kMinCountPx + 4);
        view.setDisplayScale(PresentationMode::kScale);
        QVERIFY(view.countPixelSize() > roomy);
    }
};

QTEST_MAIN(PresentationTest)
#include "test_presentation.moc"
