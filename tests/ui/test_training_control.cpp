// Training thread control through the panel's buttons, with a real QThread:
// Pause then Step advances exactly one batch (each time), Resume goes on,
// Step from idle starts paused after one batch, Stop while paused ends the
// run, Stop on the Fashion-MNIST MLP returns within 200 ms mid-epoch,
// destroying the panel and controller during a run (running or paused) joins
// the thread and frees the worker, stopAndWait delivers the run's end, and a
// diverging run reports it (lower learning rate) and the app keeps working.
#include "test_training_support.h"

#include "ui/training/TrainingPlots.h"
#include "ui/training/TrainingWorker.h"

#include <qcustomplot.h>

#include <QElapsedTimer>
#include <QFile>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QFileInfo>
#include <QSignalSpy>
#include <QUndoStack>

using namespace training_test;
using layerlab::core::StopReason;
using layerlab::core::TrainResult;
using layerlab::ui::TrainingProgress;
using layerlab::ui::TrainingWorker;

namespace {

struct Results {
    std::vector<TrainResult> all;
    explicit Results(TrainingController* c) {
        QObject::connect(c, &TrainingController::runFinished, c, [this](const TrainResult& r) { all.push_back(r); });
    }
};

struct Parks {
    std::vector<TrainingProgress> all;
    explicit Parks(TrainingController* c) {
        QObject::connect(c, &TrainingController::parked, c, [this](const TrainingProgress& p) { all.push_back(p); });
    }
};

const char* kFashion = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";

// A small regression project: sin(x) by a 1-16-1 tanh network, mean squared error.
const QByteArray kSine = R"({"format": "layerlab", "version": 1, "name": "Sine",
  "graph": {
    "nodes": [
      {"id": 1, "type": "Input", "name": "x", "params": {"shape": "1"}, "position": [0, 0]},
      {"id": 2, "type": "Dense", "name": "hidden", "params": {"units": 16}, "position": [0, 100]},
      {"id": 3, "type": "Tanh", "name": "tanh", "params": {}, "position": [0, 200]},
      {"id": 4, "type": "Dense", "name": "out", "params": {"units": 1}, "position": [0, 300]}
    ],
    "edges": [{"from": 1, "to": 2, "toPort": 0}, {"from": 2, "to": 3, "toPort": 0}, {"from": 3, "to": 4, "toPort": 0}]
  },
  "training": {"epochs": 30, "batchSize": 32, "seed": 0, "loss": "mse",
               "optimizer": {"type": "sgd", "learningRate": 0.05}, "validationSplit": 0.2},
  "data": {"kind": "synthetic", "generator": "sine", "samples": 400, "noise": 0.05, "seed": 1}})";

}  // namespace

class TestTrainingControl : public QObject {
    Q_OBJECT

private slots:
    void pauseStepResume() {
        Studio s("spiral.layerlab");
        s.type("epochs", QStringLiteral("100000"));
        s.reloadData();
        Results results(s.controller.get());
        Parks parks(s.controller.get());
        QVERIFY(!s.button("pauseButton")->isEnabled());
        s.click("trainButton");
        QTRY_VERIFY(s.steps() >= 3);
        QVERIFY(!s.button("stepButton")->isEnabled());  // only while paused

        s.click("pauseButton");
        QVERIFY(s.controller->isPaused());
        QCOMPARE(s.button("pauseButton")->text(), QStringLiteral("Resume"));
        QTRY_COMPARE(parks.all.size(), std::size_t{1});
        const std::int64_t at = s.steps();
        QCOMPARE(parks.all[0].step, at);  // every batch run so far is in the history
        QVERIFY(s.button("stepButton")->isEnabled());
        QVERIFY(s.panel->statusText().startsWith(QStringLiteral("Paused after epoch")));

        for (int i = 1; i <= 3; ++i) {
            s.click("stepButton");
            QTRY_COMPARE(parks.all.size(), std::size_t(1 + i));
            QCOMPARE(s.steps(), at + i);
            QCOMPARE(parks.all.back().step, at + i);
        }
        QVERIFY(s.controller->isPaused());

        s.click("pauseButton");  // Resume
        QVERIFY(!s.controller->isPaused());
        QCOMPARE(s.button("pauseButton")->text(), QStringLiteral("Pause"));
        QTRY_VERIFY(s.steps() > at + 50);
        s.click("stopButton");
        QTRY_COMPARE(results.all.size(), std::size_t{1});
        QCOMPARE(results.all[0].reason, StopReason::Cancelled);
        QCOMPARE(results.all[0].steps, s.steps());
        QVERIFY(s.button("trainButton")->isEnabled());
    }

    void stepFromIdleThenStopWhilePaused() {
        Studio s("spiral.layerlab");
        s.reloadData();
        Results results(s.controller.get());
        Parks parks(s.controller.get());
        QSignalSpy running(s.controller.get(), &TrainingController::runningChanged);
        s.click("stepButton");
        QVERIFY(s.controller->isRunning() && s.controller->isPaused());
        QTRY_COMPARE(parks.all.size(), std::size_t{1});
        QCOMPARE(s.steps(), std::int64_t{1});
        s.click("stepButton");
        QTRY_COMPARE(parks.all.size(), std::size_t{2});
        QCOMPARE(s.steps(), std::int64_t{2});

        QElapsedTimer t;
        t.start();
        s.click("stopButton");
        QTRY_COMPARE_WITH_TIMEOUT(running.size(), 2, 1000);
        QVERIFY2(t.elapsed() < 200, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(results.all.size(), std::size_t{1});
        QCOMPARE(results.all[0].reason, StopReason::Cancelled);
        QCOMPARE(s.steps(), std::int64_t{2});
        QVERIFY(!s.controller->isPaused());
        QCOMPARE(s.button("pauseButton")->text(), QStringLiteral("Pause"));
    }

    void stopIsQuickOnMnist() {
        if (!QFileInfo::exists(QString::fromLatin1(kFashion))) QSKIP("Fashion-MNIST is not installed (dataset-fashion-mnist)");
        Studio s("mnist_mlp.layerlab");
        s.reloadData();  // all 60000 images: 938 batches of 64, a few hundred ms per epoch
        QSignalSpy running(s.controller.get(), &TrainingController::runningChanged);
        QSignalSpy progress(s.controller.get(), &TrainingController::batchProgress);
        Results results(s.controller.get());
        QElapsedTimer runTime;
        runTime.start();
        s.click("trainButton");
        QTRY_VERIFY_WITH_TIMEOUT(s.steps() >= 40, 10000);
        QTRY_VERIFY(s.panel->plots().series(layerlab::ui::TrainingPlots::Loss, QStringLiteral("batch loss"))->data()->size() >= 40);
        shot(s.panel.get(), QStringLiteral("panel-mnist-mid-run.png"));
        const std::int64_t before = s.steps();
        QVERIFY2(before < s.run()->batchesPerEpoch, "the stop must land mid-epoch");
        QElapsedTimer t;
        t.start();
        s.click("stopButton");
        QVERIFY(running.wait(2000) || running.size() == 2);
        const qint64 ms = t.elapsed();
        QVERIFY2(ms < 200, qPrintable(QStringLiteral("Stop took %1 ms").arg(ms)));
        QCOMPARE(running.last().at(0).toBool(), false);
        QCOMPARE(results.all.size(), std::size_t{1});
        QCOMPARE(results.all[0].reason, StopReason::Cancelled);
        QVERIFY(s.run()->epochs.empty());
        // Progress repaints are coalesced (~30 per second) while every batch is in the history.
        QVERIFY2(progress.size() <= runTime.elapsed() / 30 + 3,
                 qPrintable(QStringLiteral("%1 updates in %2 ms").arg(progress.size()).arg(runTime.elapsed())));
        QVERIFY(s.steps() > progress.size());  // several batches per update
        QCOMPARE(static_cast<std::int64_t>(s.run()->batchLoss.size()), results.all[0].steps);
        qInfo("stopped %lld ms after the click, at batch %lld of %d", static_cast<long long>(ms),
              static_cast<long long>(s.steps()), s.run()->batchesPerEpoch);
        QVERIFY(s.doc.project().weights.has_value());  // what was trained so far is kept
    }

    void keyboardShortcuts() {
        Studio s("spiral.layerlab");
        s.type("epochs", QStringLiteral("100000"));
        s.reloadData();
        Parks parks(s.controller.get());
        Results results(s.controller.get());
        s.panel->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(s.panel.get()));
        // A button's shortcut "animates" a click: it lands ~100 ms later.
        QTest::keyClick(s.panel.get(), Qt::Key_F10);  // Step from idle: starts paused after one batch
        QTRY_VERIFY(s.controller->isRunning());
        QTRY_COMPARE(parks.all.size(), std::size_t{1});
        QTest::keyClick(s.panel.get(), Qt::Key_F10);
        QTRY_COMPARE(parks.all.size(), std::size_t{2});
        QCOMPARE(s.steps(), std::int64_t{2});
        QTest::keyClick(s.panel.get(), Qt::Key_F5, Qt::ShiftModifier);  // Stop
        QTRY_COMPARE(results.all.size(), std::size_t{1});
        QTest::keyClick(s.panel.get(), Qt::Key_F5);  // Train
        QTRY_VERIFY(s.controller->isRunning());
        QVERIFY(!s.controller->isPaused());
        QTest::keyClick(s.panel.get(), Qt::Key_F5, Qt::ShiftModifier);
        QTRY_COMPARE(results.all.size(), std::size_t{2});
    }

    void destroyingDuringRunJoinsTheThread() {
        for (const bool paused : {false, true}) {
            {
                Studio s("spiral.layerlab");
                s.type("epochs", QStringLiteral("100000"));
                s.reloadData();
                Parks parks(s.controller.get());
                s.click("trainButton");
                QTRY_VERIFY(s.steps() >= 5);
                if (paused) {
                    s.click("pauseButton");
                    QTRY_COMPARE(parks.all.size(), std::size_t{1});
                }
                QCOMPARE(TrainingWorker::liveCount(), 1);
                s.panel.reset();       // the panel first, as a closing dock does
                QVERIFY(s.controller->isRunning());
                s.controller.reset();  // joins the thread (stop also ends a paused wait)
                QCOMPARE(TrainingWorker::liveCount(), 0);
            }
            QCoreApplication::processEvents();  // whatever was still queued is dropped safely
        }
        // And the controller alone, with the panel still alive: the panel goes inert.
        Studio s("spiral.layerlab");
        s.type("epochs", QStringLiteral("100000"));
        s.reloadData();
        s.click("trainButton");
        QTRY_VERIFY(s.steps() >= 5);
        s.controller.reset();
        QCOMPARE(TrainingWorker::liveCount(), 0);
        QVERIFY(!s.button("trainButton")->isEnabled());
        QVERIFY(!s.button("stopButton")->isEnabled());
    }

    void stopAndWaitDeliversTheEnd() {
        Studio s("spiral.layerlab");
        s.type("epochs", QStringLiteral("100000"));
        s.reloadData();
        Results results(s.controller.get());
        QSignalSpy running(s.controller.get(), &TrainingController::runningChanged);
        s.click("trainButton");
        QTRY_VERIFY(s.run()->epochs.size() >= 2);
        s.controller->stopAndWait();
        QVERIFY(!s.controller->isRunning());
        QCOMPARE(TrainingWorker::liveCount(), 0);
        QCOMPARE(results.all.size(), std::size_t{1});  // delivered before stopAndWait returned
        QCOMPARE(results.all[0].reason, StopReason::Cancelled);
        QCOMPARE(running.size(), 2);
        QCOMPARE(results.all[0].steps, s.steps());
        QVERIFY(s.doc.project().weights.has_value());
        QCoreApplication::processEvents();
        QCOMPARE(results.all.size(), std::size_t{1});  // nothing arrives twice
    }

    void divergenceIsReportedAndTheAppGoesOn() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sine.layerlab"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly) && f.write(kSine) == kSine.size());
        }
        Studio s(path);
        s.type("learningRate", QStringLiteral("1e3"));
        QCOMPARE(s.doc.project().training.optimizer.learningRate, 1000.0);
        s.reloadData();
        Results results(s.controller.get());
        s.click("trainButton");
        QTRY_VERIFY_WITH_TIMEOUT(results.all.size() == 1, 20000);
        QCOMPARE(results.all[0].reason, StopReason::Diverged);
        const QString message = QString::fromStdString(results.all[0].message);
        QVERIFY2(message.contains(QStringLiteral("lower learning rate")), qPrintable(message));
        QVERIFY2(s.panel->statusText().startsWith(QStringLiteral("Diverged: ")), qPrintable(s.panel->statusText()));
        QVERIFY(!s.doc.project().weights.has_value());  // NaN weights never reach the document
        shot(s.panel.get(), QStringLiteral("panel-diverged.png"));

        // Undo the learning rate and train again: the app keeps working.
        s.doc.undoStack()->undo();
        QCOMPARE(s.doc.project().training.optimizer.learningRate, 0.05);
        s.click("trainButton");
        QTRY_VERIFY_WITH_TIMEOUT(results.all.size() == 2, 20000);
        QCOMPARE(results.all[1].reason, StopReason::Completed);
        QVERIFY(s.doc.project().weights.has_value());
        QVERIFY(results.all[1].history.back().trainMetric > 0.5);  // R^2: it learned the sine
        auto* tabs = s.panel->findChild<QTabWidget*>(QStringLiteral("plotTabs"));
        QCOMPARE(tabs->tabText(1), QStringLiteral("R²"));
    }
};

QTEST_MAIN(TestTrainingControl)
#include "test_training_control.moc"
