// The main window's bottom panels, driven as a user drives them: the docks
// and import actions exist, opening an example loads its data, Train in the
// window trains and puts the weights in the document, a sample chosen in the
// dataset panel is traced in the step-through view, a concept clicked on the
// map selects its layers on the canvas and marks its settings in the training
// form, selecting a layer lights its concepts, and closing the window during
// a run stops and joins the training thread.
#include "ui/MainWindow.h"
#include "test_user_settings.h"

#include "ui/concepts/ConceptCanvas.h"
#include "ui/concepts/ConceptMapView.h"
#include "ui/data/DataManager.h"
#include "ui/data/DatasetPanel.h"
#include "ui/editor/GraphDocument.h"
#include "ui/editor/GraphScene.h"
#include "ui/editor/NodeItem.h"
#include "ui/teach/BackpropView.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"
#include "ui/training/TrainingSettingsForm.h"
#include "ui/training/TrainingWorker.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QGraphicsView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QSettings>
#include <QSpinBox>
#include <QTimer>

#include <algorithm>
#include <memory>

using layerlab::core::NodeId;
using layerlab::ui::MainWindow;

namespace {

QString example(const char* name) {
    return QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/") + QLatin1String(name);
}

QList<NodeId> idsOfType(const layerlab::ui::GraphDocument& doc, const char* type) {
    QList<NodeId> out;
    for (const auto& n : doc.graph().nodes())
        if (n.type == type) out << n.id;
    return out;
}

QPushButton* button(QWidget* in, const char* name) {
    auto* b = in->findChild<QPushButton*>(QString::fromLatin1(name));
    if (!b) qFatal("no button %s", name);
    return b;
}

// A shown main window with a bundled example open and its data loaded.
struct Window {
    std::unique_ptr<MainWindow> w;
    Window(const QString& autosaveDir, const char* file) {
        QSettings().clear();  // the default layout, not the one the last test left
        w = std::make_unique<MainWindow>(nullptr, autosaveDir);
        w->setErrorDialogsEnabled(false);
        w->resize(1440, 900);
        w->show();
        if (!QTest::qWaitForWindowExposed(w.get())) qFatal("window not exposed");
        if (!w->openFile(example(file))) qFatal("cannot open %s", file);
    }
    bool dataLoaded() const {
        auto d = w->dataManager()->data();
        return d && d->train && d->train->count() > 0;
    }
};

// Saves the whole window when LAYERLAB_SHOT_DIR is set (for looking at and for
// the README, not for checking).
void shot(QWidget* w, const char* file) {
    const QString dir = qEnvironmentVariable("LAYERLAB_SHOT_DIR");
    if (dir.isEmpty()) return;
    QDir().mkpath(dir);
    QCoreApplication::processEvents();
    w->grab().save(dir + QLatin1Char('/') + QLatin1String(file));
}

void raiseDock(MainWindow& w, const char* name) {
    auto* dock = w.findChild<QDockWidget*>(QString::fromLatin1(name));
    dock->show();
    dock->raise();
}

}  // namespace

class MainWindowPanelsTest : public QObject {
    Q_OBJECT

    QTemporaryDir config_;
    QTemporaryDir autosaveDir_;

private slots:
    void initTestCase() {
        layerlab_test::isolateUserSettings(config_.path(), QStringLiteral("LayerLabPanelsTest"));
    }

    void docksAndImportActions() {
        MainWindow w(nullptr, autosaveDir_.path());
        for (const char* name : {"dataDock", "trainingDock", "teachDock", "conceptDock"}) {
            auto* dock = w.findChild<QDockWidget*>(QString::fromLatin1(name));
            QVERIFY2(dock, name);
            QCOMPARE(w.dockWidgetArea(dock), Qt::BottomDockWidgetArea);
        }
        QVERIFY(w.trainingPanel() && w.teachView() && w.conceptMap() && w.dataManager() && w.trainingController());
        auto* fileMenu = w.menuBar()->findChild<QMenu*>(QStringLiteral("menuFile"));
        QVERIFY(fileMenu);
        for (const char* name : {"actionImportCsv", "actionImportIdx"}) {
            QAction* a = w.action(QString::fromLatin1(name));
            QVERIFY2(a && !a->shortcut().isEmpty(), name);
            QVERIFY2(fileMenu->actions().contains(a), name);
        }
        // File > Import CSV... opens the import dialog; Cancel leaves everything as it was.
        const QString before = w.document()->serialize();
        QTimer::singleShot(0, [] {
            QTRY_VERIFY(QApplication::activeModalWidget());
            QWidget* dialog = QApplication::activeModalWidget();
            QCOMPARE(dialog->objectName(), QStringLiteral("csvImportDialog"));
            QMetaObject::invokeMethod(dialog, "reject");
        });
        w.action(QStringLiteral("actionImportCsv"))->trigger();
        QCOMPARE(w.document()->serialize(), before);
    }

    void trainFromTheWindowPutsWeightsInTheDocument() {
        Window s(autosaveDir_.path(), "spiral.layerlab");
        QTRY_VERIFY_WITH_TIMEOUT(s.dataLoaded(), 10000);
        QVERIFY(!s.w->isWindowModified());
        QVERIFY(!s.w->document()->project().weights);
        auto* form = s.w->trainingPanel()->settingsForm();
        auto* epochs = qobject_cast<QSpinBox*>(form->field(QStringLiteral("epochs")));
        QVERIFY(epochs);
        epochs->setValue(30);
        QCOMPARE(s.w->document()->project().training.epochs, 30);

        // Train > Train (the menu follows the panel's buttons).
        auto* trainMenu = s.w->menuBar()->findChild<QMenu*>(QStringLiteral("menuTrain"));
        QVERIFY(trainMenu);
        QMetaObject::invokeMethod(trainMenu, "aboutToShow");
        QVERIFY(s.w->action(QStringLiteral("actionTrain"))->isEnabled());
        QVERIFY(!s.w->action(QStringLiteral("actionStop"))->isEnabled());
        s.w->action(QStringLiteral("actionTrain"))->trigger();
        QVERIFY(s.w->trainingController()->isRunning() || s.w->trainingController()->lastRun());
        QTRY_VERIFY_WITH_TIMEOUT(s.w->trainingController()->lastRun() && !s.w->trainingController()->isRunning(), 20000);
        QCOMPARE(s.w->trainingController()->lastRun()->epochs.size(), std::size_t{30});
        QVERIFY(s.w->document()->project().weights.has_value());
        QVERIFY(s.w->isWindowModified());
        QVERIFY(s.w->trainingPanel()->statusText().startsWith(QStringLiteral("Completed")));
        shot(s.w.get(), "window-training.png");
    }

    void datasetSampleIsTracedInTheStepThrough() {
        Window s(autosaveDir_.path(), "spiral.layerlab");
        QTRY_VERIFY_WITH_TIMEOUT(s.dataLoaded(), 10000);
        auto* panel = s.w->findChild<layerlab::ui::DatasetPanel*>();
        QVERIFY(panel);
        QTRY_VERIFY(panel->currentDataset());
        panel->showSample(7);
        QCOMPARE(panel->currentSample(), 7);
        const std::vector<float> expected = panel->currentDataset()->sample(7);
        QTRY_VERIFY_WITH_TIMEOUT(s.w->teachView()->trace() && s.w->teachView()->trace()->stages.front().a == expected,
                                 5000);
        QCOMPARE(s.w->teachView()->trace()->label, panel->currentDataset()->labels[7]);
        raiseDock(*s.w, "dataDock");
        shot(s.w.get(), "window-data.png");
        raiseDock(*s.w, "teachDock");
        for (int i = 0; i < 3; ++i) s.w->teachView()->stepForward();
        shot(s.w.get(), "window-teach.png");
    }

    void conceptsAndCanvasSelectEachOther() {
        Window s(autosaveDir_.path(), "spiral.layerlab");
        auto* dock = s.w->findChild<QDockWidget*>(QStringLiteral("conceptDock"));
        dock->show();
        dock->raise();
        layerlab::ui::ConceptMapView* map = s.w->conceptMap();
        QTRY_VERIFY_WITH_TIMEOUT(!map->conceptSceneRect(QStringLiteral("layer_ReLU")).isNull(), 5000);
        QGraphicsView* canvas = map->canvas();
        auto clickConcept = [&](const QString& id) {
            canvas->centerOn(map->conceptSceneRect(id).center());
            QTest::mouseClick(canvas->viewport(), Qt::LeftButton, {},
                              canvas->mapFromScene(map->conceptSceneRect(id).center()));
        };

        // Clicking "ReLU" on the map selects the ReLU nodes on the canvas.
        clickConcept(QStringLiteral("layer_ReLU"));
        QCOMPARE(map->selectedConcept(), QStringLiteral("layer_ReLU"));
        QList<NodeId> selected = s.w->scene()->selectedNodeIds();
        std::sort(selected.begin(), selected.end());
        QList<NodeId> relu = idsOfType(*s.w->document(), "ReLU");
        std::sort(relu.begin(), relu.end());
        QCOMPARE(selected, relu);

        // Clicking the optimizer marks its settings in the training form.
        clickConcept(QStringLiteral("optimizer"));
        QCOMPARE(s.w->trainingPanel()->settingsForm()->highlightedFields(),
                 (QStringList{QStringLiteral("optimizer"), QStringLiteral("learningRate")}));
        QVERIFY2(s.w->statusBar()->currentMessage().contains(QStringLiteral("Training panel: Optimizer, Learning rate")),
                 qPrintable(s.w->statusBar()->currentMessage()));
        // A data concept points at where its settings are chosen.
        clickConcept(QStringLiteral("preprocessing"));
        QVERIFY2(s.w->statusBar()->currentMessage().contains(QStringLiteral("Import CSV")),
                 qPrintable(s.w->statusBar()->currentMessage()));

        // Selecting a Dense node on the canvas lights its concepts.
        s.w->scene()->clearSelection();
        const NodeId dense = idsOfType(*s.w->document(), "Dense").front();
        s.w->scene()->nodeItem(dense)->setSelected(true);
        QVERIFY2(map->highlightedConcepts().contains(QStringLiteral("layer_Dense")),
                 qPrintable(map->highlightedConcepts().join(QLatin1Char(','))));
        shot(s.w.get(), "window-concepts.png");
    }

    void closingDuringTrainingJoinsTheThread() {
        auto s = std::make_unique<Window>(autosaveDir_.path(), "spiral.layerlab");
        QTRY_VERIFY_WITH_TIMEOUT(s->dataLoaded(), 10000);
        qobject_cast<QSpinBox*>(s->w->trainingPanel()->settingsForm()->field(QStringLiteral("epochs")))->setValue(100000);
        QTest::mouseClick(button(s->w->trainingPanel(), "trainButton"), Qt::LeftButton);
        QVERIFY(s->w->trainingController()->isRunning());
        QTRY_VERIFY(layerlab::ui::TrainingWorker::liveCount() == 1);
        // The edit (epochs) is unsaved: answer Discard when the window asks.
        QTimer::singleShot(0, [] {
            QTRY_VERIFY(qobject_cast<QMessageBox*>(QApplication::activeModalWidget()));
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            box->button(QMessageBox::Discard)->click();
        });
        QVERIFY(s->w->close());
        QVERIFY(!s->w->trainingController()->isRunning());
        s.reset();
        QTRY_COMPARE(layerlab::ui::TrainingWorker::liveCount(), 0);
    }
};

QTEST_MAIN(MainWindowPanelsTest)
#include "test_mainwindow_panels.moc"
