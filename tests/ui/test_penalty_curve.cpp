// Issue 14, point 3: the loss curves and the Weight decay card agree. Typed
// into the settings form as a user does: with weight decay the Loss plot keeps
// the data loss as "train loss" and adds the objective L' = L + (λ/2)·Σw² as
// "train loss + penalty (L')", point for point from the run's epochs; without
// decay there is no such curve. The card says which curve is which.
#include "test_training_support.h"

#include "ui/training/TrainingPlots.h"

#include <QFile>
#include <qcustomplot.h>

using namespace training_test;
using layerlab::ui::TrainingPlots;

class TestPenaltyCurve : public QObject {
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

    void cardSaysWhatIsPlotted() {
        QFile card(QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/concepts/weight_decay.md"));
        QVERIFY(card.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(card.readAll());
        QVERIFY(text.contains(QStringLiteral("L' = L + (λ/2) · Σ w²")));
        QVERIFY(text.contains(QString::fromLatin1(TrainingPlots::kNameObjective)));
        QVERIFY(text.contains(QStringLiteral("show L, the data loss alone")));
    }
};

QTEST_MAIN(TestPenaltyCurve)
#include "test_penalty_curve.moc"
