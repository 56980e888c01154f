// The numbers the training panel shows say what they are. Issue 14, point 3:
// the loss curves and the Weight decay card agree. Typed
// into the settings form as a user does: with weight decay the Loss plot keeps
// the data loss as "train loss" and adds the objective L' = L + (λ/2)·Σw² as
// "train loss + penalty (L')", point for point from the run's epochs; without
// decay there is no such curve. The card says which curve is which. Issue 13,
// point 12: the speed label's samples/s is the command line's figure.
#include "test_training_support.h"

#include "ui/training/TrainingPlots.h"

#include <QFile>
#include <QLabel>
#include <QLocale>
#include <qcustomplot.h>

using namespace training_test;
using layerlab::ui::TrainingPlots;

class TestTrainingNumbers : public QObject {
    Q_OBJECT

private slots:
    void decayAddsTheObjectiveCurve() {
        Studio s("spiral.layerlab");
        s.reloadData();
        s.type("epochs", QStringLiteral("3"));
        s.type("weightDecay", QStringLiteral("0.01"));
        QCOMPARE(s.doc.project().training.optimizer.weightDecay, 0.01);
        s.click("trainButton");
        QTRY_VERIFY_WITH_TIMEOUT(s.run() && s.run()->finished, 20000);
        const auto& epochs = s.run()->epochs;
        QCOMPARE(int(epochs.size()), 3);
        TrainingPlots& plots = s.panel->plots();
        QCPGraph* data = plots.series(TrainingPlots::Loss, QString::fromLatin1(TrainingPlots::kNameTrainLoss));
        QCPGraph* objective = plots.series(TrainingPlots::Loss, QString::fromLatin1(TrainingPlots::kNameObjective));
        QVERIFY(data && objective);
        QCOMPARE(objective->data()->size(), 3);
        for (int i = 0; i < 3; ++i) {
            const auto& e = epochs[std::size_t(i)];
            QVERIFY(e.penalty > 0);
            QCOMPARE(data->data()->at(i)->value, e.trainLoss);
            QCOMPARE(objective->data()->at(i)->value, e.trainLoss + e.penalty);
        }
        // In the legend, so the class sees which curve is which.
        QVERIFY(plots.plot(TrainingPlots::Loss)->legend->hasItemWithPlottable(objective));

        // The next run without decay: no objective curve of its own.
        s.type("weightDecay", QStringLiteral("0"));
        s.click("trainButton");
        QTRY_VERIFY_WITH_TIMEOUT(s.run() && s.run()->id == 2 && s.run()->finished, 20000);
        QCPGraph* none = plots.series(TrainingPlots::Loss, QString::fromLatin1(TrainingPlots::kNameObjective));
        QVERIFY(!none || none->data()->isEmpty());
    }

    // The speed label counts training time as `layerlab train` does: each
    // epoch's samples over EpochStats::seconds, not over the wall clock that
    // includes Insight, layer health and the test set between epochs.
    void speedIsTheCommandLinesFigure() {
        Studio s("spiral.layerlab");
        s.reloadData();
        s.type("epochs", QStringLiteral("5"));
        s.click("trainButton");
        QTRY_VERIFY_WITH_TIMEOUT(s.run() && s.run()->finished, 20000);
        const auto& h = *s.run();
        double seconds = 0;
        for (const auto& e : h.epochs) seconds += e.seconds;
        const double expected = double(h.trainSamples) * double(h.epochs.size()) / seconds;
        const auto p = s.controller->progress();
        QVERIFY2(std::abs(p.samplesPerSecond - expected) < 0.01 * expected,
                 qPrintable(QStringLiteral("%1 vs %2").arg(p.samplesPerSecond).arg(expected)));
        // The elapsed time is the whole run: at least the training time.
        QVERIFY(p.elapsedSeconds >= 0.99 * seconds);
        const QString label = s.panel->findChild<QLabel*>(QStringLiteral("speedLabel"))->text();
        QVERIFY2(label.startsWith(QLocale().toString(qRound64(p.samplesPerSecond)) + QStringLiteral(" samples/s")),
                 qPrintable(label));
    }

    void cardSaysWhatIsPlotted() {
        QFile card(QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/concepts/weight_decay.md"));
        QVERIFY(card.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(card.readAll());
        QVERIFY(text.contains(QStringLiteral("L' = L + (λ/2) · Σ w²")));
        QVERIFY(text.contains(QString::fromLatin1(TrainingPlots::kNameObjective)));
        QVERIFY(text.contains(QStringLiteral("show L, the data loss alone")));
    }
};

QTEST_MAIN(TestTrainingNumbers)
#include "test_training_numbers.moc"
