// Every view belongs to the open project. Driven through the real window as a
// teacher does: open an example, train it to the end (twice, so runs overlay),
// follow one sample from a confusion cell into the step-through, run the
// gradient check; then File > New empties every one of those views (their
// widget texts and plot data, not just the models behind them); then an other
// example shows only its own things. Also: New during a run stops the run
// before asking to save (its weights are in the question), and nothing of it
// reaches the next project.
#include "ui/MainWindow.h"
#include "test_user_settings.h"

#include "ui/concepts/ConceptMapView.h"
#include "ui/data/DataManager.h"
#include "ui/data/DatasetPanel.h"
#include "ui/editor/GraphDocument.h"
#include "ui/teach/BackpropView.h"
#include "ui/teach/LayerHealthView.h"
#include "ui/training/BoundaryView.h"
#include "ui/training/ConfusionMatrixView.h"
#include "ui/training/InsightView.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"
#include "ui/training/TrainingPlots.h"
#include "ui/training/TrainingSettingsForm.h"
#include "ui/training/TrainingWorker.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <qcustomplot.h>

#include <functional>
#include <memory>

using layerlab::ui::MainWindow;
using layerlab::ui::TrainingPlots;

namespace {

QString example(const char* name) {
    return QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/") + QLatin1String(name);
}

// When the next modal message box named `objectName` shows, runs `check`
// (with the box) and clicks `button`. Gives up after 10 s.
void answerBox(const QString& objectName, QMessageBox::StandardButton button,
               std::function<void()> check = {}) {
    auto* timer = new QTimer;
    auto tries = std::make_shared<int>(0);
    QObject::connect(timer, &QTimer::timeout, [=] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (box && box->objectName() == objectName) {
            timer->deleteLater();
            if (check) check();
            box->button(button)->click();
        } else if (++*tries > 1000) {
            timer->deleteLater();
        }
    });
    timer->start(10);
}

template <class T>
T* child(QWidget* in, const char* name) {
    auto* w = in->findChild<T*>(QString::fromLatin1(name));
    if (!w) qFatal("no %s", name);
    return w;
}

// Points in all series of a plot, and the legend's entries, as drawn.
int pointCount(QCustomPlot* plot) {
    int n = 0;
    for (int i = 0; i < plot->graphCount(); ++i) n += plot->graph(i)->data()->size();
    return n;
}

QStringList legendTexts(QCustomPlot* plot) {
    QStringList out;
    for (int i = 0; i < plot->legend->itemCount(); ++i)
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(plot->legend->item(i))) out << item->plottable()->name();
    return out;
}

// Saves the whole window when LAYERLAB_SHOT_DIR is set (for looking at, not for checking).
void shot(QWidget* w, const char* file) {
    const QString dir = qEnvironmentVariable("LAYERLAB_SHOT_DIR");
    if (dir.isEmpty()) return;
    QDir().mkpath(dir);
    QCoreApplication::processEvents();
    w->grab().save(dir + QLatin1Char('/') + QLatin1String(file));
}

struct Window {
    std::unique_ptr<MainWindow> w;
    explicit Window(const QString& autosaveDir) {
        QSettings().clear();
        w = std::make_unique<MainWindow>(nullptr, autosaveDir);
        w->setErrorDialogsEnabled(false);
        w->resize(1280, 800);
        w->show();
        if (!QTest::qWaitForWindowExposed(w.get())) qFatal("window not exposed");
    }
    layerlab::ui::TrainingPanel* panel() const { return w->trainingPanel(); }
    layerlab::ui::BackpropView* teach() const { return w->teachView(); }
    layerlab::ui::InsightView* insight() const { return panel()->insightView(); }
    bool dataLoaded() const {
        auto d = w->dataManager()->data();
        return d && d->train && d->train->count() > 0 && !w->dataManager()->isLoading();
    }
    // File > Examples > name, as a user picks it.
    void openExample(const char* file) {
        auto* menu = w->menuBar()->findChild<QMenu*>(QStringLiteral("menuExamples"));
        for (QAction* a : menu->actions())
            if (QFileInfo(a->data().toString()).fileName() == QLatin1String(file)) {
                a->trigger();
                return;
            }
        qFatal("no example %s", file);
    }
    void setEpochs(int epochs) {
        auto* box = qobject_cast<QSpinBox*>(panel()->settingsForm()->field(QStringLiteral("epochs")));
        QTest::keyClick(box, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(box, QString::number(epochs));
        QTest::keyClick(box, Qt::Key_Return);
        if (w->document()->project().training.epochs != epochs) qFatal("epochs not set");
    }
    // Train, and wait for the end of the run.
    bool trainToTheEnd() {
        QTest::mouseClick(child<QPushButton>(panel(), "trainButton"), Qt::LeftButton);
        if (!w->trainingController()->isRunning()) return false;
        return QTest::qWaitFor([this] { return !w->trainingController()->isRunning(); }, 60000);
    }
    QString teachText(const char* label) const { return child<QLabel>(teach(), label)->text(); }
};

}  // namespace

class FreshProjectTest : public QObject {
    Q_OBJECT

    QTemporaryDir config_;
    QTemporaryDir autosaveDir_;

private slots:
    void initTestCase() { layerlab_test::isolateUserSettings(config_.path(), QStringLiteral("LayerLabFreshTest")); }

    void everyViewBelongsToTheOpenProject() {
        Window s(autosaveDir_.path());
        s.openExample("spiral.layerlab");
        QTRY_VERIFY_WITH_TIMEOUT(s.dataLoaded(), 10000);
        s.setEpochs(12);
        QVERIFY(s.trainToTheEnd());
        s.setEpochs(4);
        QVERIFY(s.trainToTheEnd());  // run 2, continued from run 1: run 1 is overlaid

        // ---- every view shows the trained spiral ----
        auto* panel = s.panel();
        TrainingPlots& plots = panel->plots();
        QVERIFY2(panel->statusText().startsWith(QStringLiteral("Completed")), qPrintable(panel->statusText()));
        QVERIFY(child<QProgressBar>(panel, "progressBar")->format().startsWith(QStringLiteral("Epoch 4/4")));
        QVERIFY(!child<QLabel>(panel, "speedLabel")->text().isEmpty());
        for (int p = 0; p < TrainingPlots::kPlotCount; ++p) {
            QCustomPlot* plot = plots.plot(static_cast<TrainingPlots::Plot>(p));
            QVERIFY(pointCount(plot) > 0);
            QVERIFY(plot->legend->visible());
            const QStringList legend = legendTexts(plot);
            QVERIFY2(legend.filter(QRegularExpression(QStringLiteral("^run 1: "))).size() == 1, qPrintable(legend.join('|')));
            QVERIFY2(legend.filter(QStringLiteral("continued from run 1")).size() == 1, qPrintable(legend.join('|')));
        }
        layerlab::ui::InsightView* insight = s.insight();
        QVERIFY2(insight->headerText().startsWith(QStringLiteral("Epoch 4 · validation set, 120 samples")),
                 qPrintable(insight->headerText()));
        QCOMPARE(insight->splits(), (QStringList{"training", "validation"}));
        QVERIFY(insight->pageVisible(layerlab::ui::InsightView::BoundaryPage));
        QVERIFY(!insight->boundaryView()->mapImage().isNull());
        QVERIFY(panel->layerHealthView()->snapshotCount() > 0);
        QTRY_VERIFY(pointCount(panel->layerHealthView()->plot()) > 0);  // its redraw is coalesced
        shot(s.w.get(), "fresh-1-spiral-trained.png");

        // Following one sample: one click on a cell lists it, one click on it traces it.
        auto* dock = s.w->findChild<QDockWidget*>(QStringLiteral("trainingDock"));
        dock->show();
        dock->raise();
        auto* tabs = child<QTabWidget>(panel, "plotTabs");
        tabs->setCurrentWidget(insight);
        insight->setCurrentPage(layerlab::ui::InsightView::ConfusionPage);
        layerlab::ui::ConfusionMatrixView* matrix = insight->confusionMatrix();
        QTRY_VERIFY(matrix->isVisible() && matrix->width() > 0);
        QTest::mouseClick(matrix, Qt::LeftButton, {}, matrix->cellRect(1, 1).center());
        QListWidget* list = insight->sampleList();
        QTRY_VERIFY(list->count() > 0);
        QCOMPARE(list->count(), static_cast<int>(matrix->count(1, 1)));
        const int n = list->item(list->count() - 1)->data(Qt::UserRole).toInt();
        QVERIFY(list->item(list->count() - 1)->text().startsWith(QStringLiteral("#%1 ").arg(n)));
        list->scrollToItem(list->item(list->count() - 1));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(list->count() - 1)).center());
        const auto validation = s.w->dataManager()->data()->validation;
        QVERIFY2(s.teachText("sampleLabel").startsWith(QStringLiteral("validation sample %1,").arg(n)),
                 qPrintable(s.teachText("sampleLabel")));
        QCOMPARE(s.teachText("dataLabel"), QStringLiteral("of 120 validation samples"));
        QCOMPARE(child<QSpinBox>(s.teach(), "sampleSpin")->value(), n);
        QVERIFY(s.teach()->trace());
        QVERIFY(s.teach()->trace()->stages.front().a == validation->sample(n));
        QCOMPARE(s.teach()->trace()->label, validation->labels[static_cast<std::size_t>(n)]);
        shot(s.w.get(), "fresh-2-sample-in-step-through.png");
        // The Data panel numbers the same sample the same way.
        auto* dataPanel = s.w->findChild<layerlab::ui::DatasetPanel*>();
        auto* part = child<QComboBox>(dataPanel, "datasetPart");
        part->setCurrentIndex(part->findText(QStringLiteral("Validation set")));
        child<QSpinBox>(dataPanel, "datasetSampleSpin")->setValue(n);
        QCOMPARE(dataPanel->currentDataset(), validation);
        QVERIFY(s.teachText("sampleLabel").startsWith(QStringLiteral("validation sample %1,").arg(n)));
        QVERIFY(s.teach()->trace()->stages.front().a == validation->sample(n));

        // The gradient check of the spiral's network.
        QSignalSpy checked(s.teach(), &layerlab::ui::BackpropView::gradientCheckFinished);
        QTest::mouseClick(child<QPushButton>(s.teach(), "gradientCheckButton"), Qt::LeftButton);
        QVERIFY(checked.wait(60000));
        QVERIFY(!s.teachText("gradientCheckLabel").isEmpty());

        // ---- File > New: the trained weights are unsaved, so it asks; Discard ----
        answerBox(QStringLiteral("unsavedChangesBox"), QMessageBox::Discard);
        s.w->action(QStringLiteral("actionNew"))->trigger();
        QVERIFY(s.w->currentFile().isEmpty());
        QVERIFY(s.w->trainingController()->runs().empty());
        QCOMPARE(panel->statusText(), QStringLiteral("Ready."));
        QCOMPARE(child<QProgressBar>(panel, "progressBar")->format(), QStringLiteral("Not started"));
        QVERIFY(child<QLabel>(panel, "speedLabel")->text().isEmpty());
        for (int p = 0; p < TrainingPlots::kPlotCount; ++p) {
            QCustomPlot* plot = plots.plot(static_cast<TrainingPlots::Plot>(p));
            QCOMPARE(pointCount(plot), 0);
            QVERIFY2(legendTexts(plot).isEmpty(), qPrintable(legendTexts(plot).join('|')));
            QVERIFY(!plot->legend->visible());  // no empty legend box either
        }
        QCOMPARE(insight->headerText(), QStringLiteral("No epoch finished yet"));
        QVERIFY(insight->splits().isEmpty());
        QVERIFY(!insight->splitCombo()->isVisible());
        QCOMPARE(insight->confusionMatrix()->classes(), 0);
        QCOMPARE(insight->sampleList()->count(), 0);
        QVERIFY(!insight->pageVisible(layerlab::ui::InsightView::ConfusionPage));
        QVERIFY(insight->boundaryView()->mapImage().isNull());
        QCOMPARE(panel->layerHealthView()->snapshotCount(), 0);
        QCOMPARE(pointCount(panel->layerHealthView()->plot()), 0);
        QVERIFY(s.teachText("gradientCheckLabel").isEmpty());
        QCOMPARE(s.teachText("dataLabel"), QStringLiteral("(no data loaded)"));
        QVERIFY2(s.teachText("sampleLabel").isEmpty(), qPrintable(s.teachText("sampleLabel")));  // was "sample 0 of ..."
        QVERIFY(!s.teach()->trace());  // an empty project: nothing to trace
        QVERIFY(!child<QSpinBox>(s.teach(), "sampleSpin")->isEnabled());
        QVERIFY(!s.w->conceptMap()->overfitting());
        QVERIFY(!s.w->dataManager()->data());
        QTRY_VERIFY(child<QLabel>(dataPanel, "datasetState")->text().startsWith(QStringLiteral("No data yet")));
        QTest::mouseClick(child<QPushButton>(panel, "trainButton"), Qt::LeftButton);
        QVERIFY(!s.w->trainingController()->isRunning());  // nothing of the old data to train on
        shot(s.w.get(), "fresh-3-after-new.png");

        // ---- another example: only its own things ----
        s.openExample("flowers_csv.layerlab");
        QTRY_VERIFY_WITH_TIMEOUT(s.dataLoaded(), 10000);
        QCOMPARE(panel->statusText(), QStringLiteral("Ready."));
        QCOMPARE(pointCount(plots.plot(TrainingPlots::Loss)), 0);
        QCOMPARE(insight->headerText(), QStringLiteral("No epoch finished yet"));
        QTRY_COMPARE(s.teachText("dataLabel"), QStringLiteral("of 96 training samples"));
        QVERIFY2(s.teachText("sampleLabel").startsWith(QStringLiteral("training sample 0,")), qPrintable(s.teachText("sampleLabel")));
        QVERIFY(s.teach()->trace());
        QCOMPARE(s.teach()->trace()->stages.front().a.size(), std::size_t{4});
        s.setEpochs(6);
        QVERIFY(s.trainToTheEnd());
        QCOMPARE(s.w->trainingController()->runs().size(), std::size_t{1});
        QCOMPARE(s.w->trainingController()->runs().front().id, 1);
        QVERIFY(s.w->trainingController()->runs().front().start.isEmpty());  // its own seed, not spiral's weights
        for (int p = 0; p < TrainingPlots::kPlotCount; ++p) {
            const QStringList legend = legendTexts(plots.plot(static_cast<TrainingPlots::Plot>(p)));
            QCOMPARE(legend.filter(QRegularExpression(QStringLiteral("^run \\d+: "))).size(), 1);  // its own label only
            QVERIFY(legend.filter(QStringLiteral("run 1: ")).front().contains(QStringLiteral("test accuracy")));
        }
        // The x axis spans this run's 6 epochs, not spiral's 12.
        QVERIFY2(plots.plot(TrainingPlots::Metric)->xAxis->range().upper <= 6.5,
                 qPrintable(QString::number(plots.plot(TrainingPlots::Metric)->xAxis->range().upper)));
        QVERIFY(insight->headerText().startsWith(QStringLiteral("Epoch 6 · validation set, 24 samples")));
        QCOMPARE(insight->splits(), (QStringList{"training", "validation", "test"}));
        dock->raise();
        tabs->setCurrentIndex(TrainingPlots::Metric);
        shot(s.w.get(), "fresh-4-flowers-metric.png");
        tabs->setCurrentWidget(insight);
        QVERIFY(insight->showSplit(QStringLiteral("test")));
        shot(s.w.get(), "fresh-5-flowers-insight-test.png");
    }

    void newDuringARunStopsItBeforeAsking() {
        Window s(autosaveDir_.path());
        s.openExample("spiral.layerlab");
        QTRY_VERIFY_WITH_TIMEOUT(s.dataLoaded(), 10000);
        s.setEpochs(100000);
        QTest::mouseClick(child<QPushButton>(s.panel(), "trainButton"), Qt::LeftButton);
        QVERIFY(s.w->trainingController()->isRunning());
        QTRY_VERIFY(s.w->trainingController()->lastRun()->steps() > 0);

        // Cancel: the run has stopped and its weights are in the project the question is about.
        bool stoppedWhenAsked = false, weightsWhenAsked = false;
        answerBox(QStringLiteral("unsavedChangesBox"), QMessageBox::Cancel, [&] {
            stoppedWhenAsked = !s.w->trainingController()->isRunning();
            weightsWhenAsked = s.w->document()->project().weights.has_value();
        });
        s.w->action(QStringLiteral("actionNew"))->trigger();
        QVERIFY(stoppedWhenAsked);
        QVERIFY(weightsWhenAsked);
        QCOMPARE(QFileInfo(s.w->currentFile()).fileName(), QStringLiteral("spiral.layerlab"));
        QCOMPARE(s.w->trainingController()->runs().size(), std::size_t{1});
        QVERIFY(s.panel()->statusText().startsWith(QStringLiteral("Stopped")));
        QTRY_COMPARE(layerlab::ui::TrainingWorker::liveCount(), 0);

        // Train again, then New with Discard: nothing of the run in the new project.
        QTest::mouseClick(child<QPushButton>(s.panel(), "trainButton"), Qt::LeftButton);
        QVERIFY(s.w->trainingController()->isRunning());
        answerBox(QStringLiteral("unsavedChangesBox"), QMessageBox::Discard);
        s.w->action(QStringLiteral("actionNew"))->trigger();
        QVERIFY(s.w->currentFile().isEmpty());
        QVERIFY(!s.w->trainingController()->isRunning());
        QVERIFY(s.w->trainingController()->runs().empty());
        QVERIFY(!s.w->document()->project().weights);
        QVERIFY(!s.w->isWindowModified());
        QCOMPARE(s.panel()->statusText(), QStringLiteral("Ready."));
        QTRY_COMPARE(layerlab::ui::TrainingWorker::liveCount(), 0);
        QCoreApplication::processEvents();
        QVERIFY(!s.w->document()->project().weights);  // no late weights either
    }

    // A project replaced under a running run without the window's question
    // (the document loaded directly): the run is abandoned, its weights dropped.
    void replacingTheDocumentAbandonsARun() {
        Window s(autosaveDir_.path());
        QVERIFY(s.w->openFile(example("spiral.layerlab")));
        QTRY_VERIFY_WITH_TIMEOUT(s.dataLoaded(), 10000);
        s.setEpochs(100000);
        QTest::mouseClick(child<QPushButton>(s.panel(), "trainButton"), Qt::LeftButton);
        QVERIFY(s.w->trainingController()->isRunning());
        QTRY_VERIFY(s.w->trainingController()->lastRun()->steps() > 0);
        QSignalSpy cleared(s.w->trainingController(), &layerlab::ui::TrainingController::runsCleared);
        QVERIFY(s.w->document()->load(example("spiral.layerlab")));  // the same graph: its weights would fit
        QCOMPARE(cleared.count(), 1);
        QVERIFY(!s.w->trainingController()->isRunning());
        QVERIFY(s.w->trainingController()->runs().empty());
        QTRY_COMPARE(layerlab::ui::TrainingWorker::liveCount(), 0);
        QCoreApplication::processEvents();
        QVERIFY(!s.w->document()->project().weights);
        QCOMPARE(s.panel()->statusText(), QStringLiteral("Ready."));
        // The next run is run 1 of this project, from the seed.
        QTRY_VERIFY_WITH_TIMEOUT(s.dataLoaded(), 10000);
        s.setEpochs(2);
        QVERIFY(s.trainToTheEnd());
        QCOMPARE(s.w->trainingController()->runs().size(), std::size_t{1});
        QCOMPARE(s.w->trainingController()->runs().front().id, 1);
        QVERIFY(s.w->trainingController()->runs().front().start.isEmpty());
    }
};

QTEST_MAIN(FreshProjectTest)
#include "test_fresh_project.moc"
