// InsightView fed with hand-made EpochInsights: the confusion heat map and the
// metrics table show the report's numbers, clicking a cell lists exactly the
// samples with that (true, predicted) pair and activating one emits its index,
// the decision-boundary map is coloured by the predicted class, the regression
// plot carries R² and MSE, clicking a misclassified image emits its index, and
// pages that do not apply are hidden. Writes a PNG of each view (to
// $LAYERLAB_SHOTS or the working directory).
#include "core/io/project.h"
#include "core/io/project_data.h"
#include "core/net/network.h"
#include "core/train/insight.h"
#include "core/train/metrics.h"
#include "core/train/trainer.h"
#include "ui/training/BoundaryView.h"
#include "ui/training/ConfusionMatrixView.h"
#include "ui/training/InsightImageGrid.h"
#include "ui/training/InsightRegressionPlot.h"
#include "ui/training/InsightView.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QListWidget>
#include <QPainter>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QScrollBar>
#include <QAbstractScrollArea>

#include <cmath>
#include <numbers>

using layerlab::core::EpochInsight;
using layerlab::core::TaskKind;
using layerlab::ui::BoundaryView;
using layerlab::ui::InsightImageGrid;
using layerlab::ui::InsightView;

namespace {

QString shot(const QString& name) {
    const QString dir = qEnvironmentVariable("LAYERLAB_SHOTS", QDir::currentPath());
    QDir().mkpath(dir);
    return QDir(dir).absoluteFilePath(name);
}

// Ten samples of three classes; confusion rows: 0 -> {0:3, 1:1}, 1 -> {1:1, 2:1}, 2 -> {0:1, 2:3}.
EpochInsight smallClassification() {
    EpochInsight in;
    in.epoch = 3;
    in.datasetName = "validation";
    in.inputShape = layerlab::core::Shape{5};
    in.classNames = {"cat", "dog", "bird"};
    in.truth = {0, 0, 0, 1, 1, 2, 2, 2, 2, 0};
    in.predicted = {0, 1, 0, 1, 2, 2, 2, 0, 2, 0};
    in.report = layerlab::core::classificationReport(in.truth, in.predicted, 3);
    return in;
}

// Three spiral arms; the "network" predicts the arm of the nearest training
// point (a 1-NN map looks like a trained boundary), with confidence from the
// distance to the nearest point of another arm, and gets a few points wrong.
EpochInsight spiralClassification(int perArm = 120, int res = 80) {
    EpochInsight in;
    in.epoch = 42;
    in.datasetName = "validation";
    in.inputShape = layerlab::core::Shape{2};
    in.classNames = {"class 0", "class 1", "class 2"};
    for (int k = 0; k < 3; ++k) {
        for (int i = 0; i < perArm; ++i) {
            const double r = 0.1 + 0.9 * i / perArm;
            const double a = 2 * std::numbers::pi * k / 3 + 3.5 * r + 0.15 * std::sin(i * 12.9898);
            in.pointX.push_back(static_cast<float>(r * std::cos(a)));
            in.pointY.push_back(static_cast<float>(r * std::sin(a)));
            in.truth.push_back(k);
            in.predicted.push_back(i % 17 == 5 ? (k + 1) % 3 : k);
        }
    }
    in.report = layerlab::core::classificationReport(in.truth, in.predicted, 3);
    in.boundaryResolution = res;
    in.xMin = -1.2, in.xMax = 1.2, in.yMin = -1.2, in.yMax = 1.2;
    for (int r = 0; r < res; ++r) {
        for (int c = 0; c < res; ++c) {
            const double x = in.xMin + (c + 0.5) * (in.xMax - in.xMin) / res;
            const double y = in.yMin + (r + 0.5) * (in.yMax - in.yMin) / res;
            double best[3] = {1e9, 1e9, 1e9};
            for (std::size_t i = 0; i < in.pointX.size(); ++i) {
                const double d = std::hypot(in.pointX[i] - x, in.pointY[i] - y);
                best[in.truth[i]] = std::min(best[in.truth[i]], d);
            }
            const int k = static_cast<int>(std::min_element(best, best + 3) - best);
            double second = 1e9;
            for (int j = 0; j < 3; ++j)
                if (j != k) second = std::min(second, best[j]);
            in.boundaryValue.push_back(static_cast<float>(k));
            in.boundaryConfidence.push_back(static_cast<float>(1.0 / 3 + (2.0 / 3) * std::tanh(8 * (second - best[k]))));
        }
    }
    return in;
}

// y = sin(x1) + x2 / 2 over a 2-D input, predicted with a small error.
EpochInsight regression2d(int res = 60) {
    EpochInsight in;
    in.epoch = 9;
    in.task = TaskKind::Regression;
    in.datasetName = "validation";
    in.inputShape = layerlab::core::Shape{2};
    auto f = [](double x, double y) { return std::sin(x) + 0.5 * y; };
    layerlab::core::Matrix p(1, 200), t(1, 200);
    for (int i = 0; i < 200; ++i) {
        const double x = -3 + 6 * ((i * 37) % 200) / 200.0, y = -2 + 4 * ((i * 91) % 200) / 200.0;
        in.pointX.push_back(static_cast<float>(x));
        in.pointY.push_back(static_cast<float>(y));
        t(0, i) = static_cast<float>(f(x, y));
        p(0, i) = static_cast<float>(f(x, y) + 0.15 * std::sin(i * 7.1));
        in.targetValues.push_back(t(0, i));
        in.predictedValues.push_back(p(0, i));
    }
    in.regression = layerlab::core::regressionReport(p, t);
    in.boundaryResolution = res;
    in.xMin = -3.6, in.xMax = 3.6, in.yMin = -2.4, in.yMax = 2.4;
    for (int r = 0; r < res; ++r)
        for (int c = 0; c < res; ++c)
            in.boundaryValue.push_back(static_cast<float>(
                f(in.xMin + (c + 0.5) * (in.xMax - in.xMin) / res, in.yMin + (r + 0.5) * (in.yMax - in.yMin) / res)));
    return in;
}

// A fake MNIST-like digit: the numeral drawn white on black, 28x28.
std::vector<std::uint8_t> digit(int d, int shift) {
    QImage img(28, 28, QImage::Format_Grayscale8);
    img.fill(0);
    QPainter painter(&img);
    painter.setRenderHint(QPainter::Antialiasing);
    QFont font;
    font.setPixelSize(24);
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(Qt::white);
    painter.drawText(QRect(shift - 2, 1, 28, 28), Qt::AlignCenter, QString::number(d));
    painter.end();
    std::vector<std::uint8_t> px(28 * 28);
    for (int y = 0; y < 28; ++y) std::copy_n(img.constScanLine(y), 28, px.data() + y * 28);
    return px;
}

EpochInsight digits() {
    EpochInsight in;
    in.epoch = 5;
    in.datasetName = "test";
    in.inputShape = layerlab::core::Shape{1, 28, 28};
    for (int k = 0; k < 10; ++k) in.classNames.push_back(std::to_string(k));
    for (int i = 0; i < 200; ++i) {
        in.truth.push_back(i % 10);
        in.predicted.push_back(i % 9 == 4 ? (i * 7 + 3) % 10 : i % 10);
    }
    in.report = layerlab::core::classificationReport(in.truth, in.predicted, 10);
    for (int i = 0; i < 200 && in.misclassified.size() < 12; ++i) {
        if (in.truth[i] == in.predicted[i]) continue;
        layerlab::core::MisclassifiedImage m;
        m.index = i;
        m.truth = in.truth[i];
        m.predicted = in.predicted[i];
        m.confidence = 0.5f + 0.04f * static_cast<float>(in.misclassified.size());
        m.pixels = digit(m.truth, (i % 5) - 2);
        in.misclassified.push_back(std::move(m));
    }
    return in;
}

struct Shown {
    InsightView view;
    explicit Shown(QSize size = {1000, 420}) {
        view.resize(size);
        view.show();
        if (!QTest::qWaitForWindowExposed(&view)) qFatal("window not exposed");
    }
};

bool sameHue(const QColor& a, const QColor& b) {
    const int d = std::abs(a.hsvHue() - b.hsvHue());
    return std::min(d, 360 - d) <= 12;
}

}  // namespace

class InsightViewTest : public QObject {
    Q_OBJECT

private slots:
    void emptyUntilTheFirstEpoch() {
        Shown s;
        for (auto p : {InsightView::ConfusionPage, InsightView::BoundaryPage, InsightView::RegressionPage,
                       InsightView::MisclassifiedPage})
            QVERIFY(!s.view.pageVisible(p));
        QVERIFY(s.view.grab().save(shot("insight_empty.png")));
        s.view.showInsight(smallClassification());
        QVERIFY(s.view.pageVisible(InsightView::ConfusionPage));
        s.view.showInsight(EpochInsight{});  // epoch 0 = nothing
        QVERIFY(!s.view.pageVisible(InsightView::ConfusionPage));
        s.view.showInsight(smallClassification());
        s.view.clear();
        QVERIFY(!s.view.pageVisible(InsightView::ConfusionPage));
        QCOMPARE(s.view.confusionMatrix()->classes(), 0);
    }

    void confusionMatrixAndTableShowTheReport() {
        Shown s;
        s.view.showInsight(smallClassification());
        QVERIFY(s.view.headerText().contains("Epoch 3"));
        QVERIFY(s.view.headerText().contains("validation set, 10 samples"));
        QVERIFY(s.view.headerText().contains("accuracy 70.0%"));
        QVERIFY(s.view.pageVisible(InsightView::ConfusionPage));
        QVERIFY(!s.view.pageVisible(InsightView::BoundaryPage));
        QVERIFY(!s.view.pageVisible(InsightView::RegressionPage));
        QVERIFY(!s.view.pageVisible(InsightView::MisclassifiedPage));
        QCOMPARE(s.view.tabs()->currentIndex(), int(InsightView::ConfusionPage));

        auto* m = s.view.confusionMatrix();
        QVERIFY(m->isVisible());
        const long expected[3][3] = {{3, 1, 0}, {0, 1, 1}, {1, 0, 3}};
        for (int t = 0; t < 3; ++t)
            for (int p = 0; p < 3; ++p) {
                QCOMPARE(m->count(t, p), expected[t][p]);
                QCOMPARE(m->cellText(t, p), QString::number(expected[t][p]));
                QVERIFY(!m->cellRect(t, p).isEmpty());
            }
        // Rows are true classes, columns predicted: (2, 0) is below (0, 0) and left of (2, 2).
        QVERIFY(m->cellRect(2, 0).top() > m->cellRect(0, 0).top());
        QVERIFY(m->cellRect(2, 0).left() < m->cellRect(2, 2).left());

        // cat: precision 3/4, recall 3/4; dog: precision 1/2, recall 1/2; bird: precision 3/4, recall 3/4.
        QTableWidget* table = s.view.metricsTable();
        QCOMPARE(table->rowCount(), 5);
        QCOMPARE(table->verticalHeaderItem(0)->text(), QString("cat"));
        QCOMPARE(table->verticalHeaderItem(3)->text(), QString("accuracy"));
        QCOMPARE(table->verticalHeaderItem(4)->text(), QString("macro avg"));
        QCOMPARE(table->item(0, 0)->text(), QString("0.750"));
        QCOMPARE(table->item(1, 1)->text(), QString("0.500"));
        QCOMPARE(table->item(2, 2)->text(), QString("0.750"));
        QCOMPARE(table->item(2, 3)->text(), QString("4"));
        QCOMPARE(table->item(3, 2)->text(), QString("0.700"));
        QCOMPARE(table->item(3, 3)->text(), QString("10"));
        QCOMPARE(table->item(4, 2)->text(), QString::number((0.75 + 0.5 + 0.75) / 3, 'f', 3));
        QVERIFY(s.view.grab().save(shot("insight_confusion_small.png")));
    }

    void clickingACellListsItsSamples() {
        Shown s;
        s.view.showInsight(smallClassification());
        auto* m = s.view.confusionMatrix();
        QSignalSpy listed(&s.view, &InsightView::samplesListed);
        QSignalSpy activated(&s.view, &InsightView::sampleActivated);

        QTest::mouseClick(m, Qt::LeftButton, {}, m->cellRect(0, 0).center());
        QCOMPARE(m->selectedCell(), std::make_pair(0, 0));
        QCOMPARE(s.view.listedSamples(), (QList<int>{0, 2, 9}));
        QCOMPARE(listed.count(), 1);
        QCOMPARE(listed.last().at(0).value<QList<int>>(), (QList<int>{0, 2, 9}));

        QTest::mouseClick(m, Qt::LeftButton, {}, m->cellRect(2, 0).center());
        QCOMPARE(s.view.listedSamples(), (QList<int>{7}));
        QCOMPARE(s.view.sampleList()->item(0)->text(), QString("#7   bird → cat"));
        QTest::mouseClick(m, Qt::LeftButton, {}, m->cellRect(1, 0).center());
        QVERIFY(s.view.listedSamples().isEmpty());
        QTest::mouseClick(m, Qt::LeftButton, {}, m->cellRect(1, 2).center());
        QCOMPARE(s.view.listedSamples(), (QList<int>{4}));

        // One click on a listed sample activates it (as the README says); so does Enter.
        QListWidget* list = s.view.sampleList();
        QTest::mouseClick(m, Qt::LeftButton, {}, m->cellRect(2, 2).center());
        QCOMPARE(s.view.listedSamples(), (QList<int>{5, 6, 8}));
        const QPoint second = list->visualItemRect(list->item(1)).center();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, second);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.last().at(0).toString(), QStringLiteral("validation"));  // the split, then the index
        QCOMPARE(activated.last().at(1).toInt(), 6);
        list->setFocus();
        QTest::keyClick(list, Qt::Key_Down);
        QCOMPARE(activated.count(), 1);  // moving the current row opens nothing
        QTest::keyClick(list, Qt::Key_Return);
        QCOMPARE(activated.count(), 2);
        QCOMPARE(activated.last().at(1).toInt(), 8);
        QVERIFY(s.view.grab().save(shot("insight_cell_listed.png")));

        // A new epoch keeps the clicked cell and refreshes its samples.
        EpochInsight next = smallClassification();
        next.epoch = 4;
        next.predicted[5] = 1;
        next.report = layerlab::core::classificationReport(next.truth, next.predicted, 3);
        s.view.showInsight(next);
        QCOMPARE(m->selectedCell(), std::make_pair(2, 2));
        QCOMPARE(s.view.listedSamples(), (QList<int>{6, 8}));
        QCOMPARE(m->count(2, 1), 1L);
    }

    // One insight per split is kept; the header's combo switches between
    // them (with the keyboard, as a user does), the pick survives new epochs,
    // and the sample count, matrix totals and listed samples follow the split.
    void splitComboSwitchesBetweenTrainingValidationAndTest() {
        Shown s;
        EpochInsight validation = smallClassification();  // 10 samples
        EpochInsight training = smallClassification();
        training.datasetName = "training";
        training.truth.insert(training.truth.end(), {0, 1, 2, 2, 1});
        training.predicted.insert(training.predicted.end(), {0, 1, 2, 1, 1});
        training.report = layerlab::core::classificationReport(training.truth, training.predicted, 3);
        EpochInsight test = smallClassification();
        test.datasetName = "test";
        test.truth.resize(6);
        test.predicted.resize(6);
        test.datasetSamples = 9000;  // only the first ones were evaluated
        test.report = layerlab::core::classificationReport(test.truth, test.predicted, 3);
        auto total = [](const layerlab::ui::ConfusionMatrixView* m) {
            long sum = 0;
            for (int t = 0; t < m->classes(); ++t)
                for (int p = 0; p < m->classes(); ++p) sum += m->count(t, p);
            return sum;
        };

        // During a run: one split; it is shown and the combo lists it alone.
        s.view.showInsight(validation);
        QComboBox* combo = s.view.splitCombo();
        QVERIFY(combo->isVisible());
        QCOMPARE(combo->count(), 1);
        QVERIFY(s.view.headerText().contains(QStringLiteral("validation set, 10 samples")));
        // The end of the run: every split arrives; the one shown stays until the user picks.
        s.view.showInsight(training);
        s.view.showInsight(test);
        QCOMPARE(s.view.splits(), (QStringList{"training", "validation", "test"}));
        QCOMPARE(combo->currentText(), QStringLiteral("validation set"));
        QCOMPARE(total(s.view.confusionMatrix()), 10L);
        QTest::mouseClick(s.view.confusionMatrix(), Qt::LeftButton, {}, s.view.confusionMatrix()->cellRect(0, 0).center());
        QCOMPARE(s.view.listedSamples(), (QList<int>{0, 2, 9}));

        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Down);  // -> test set
        QCOMPARE(combo->currentText(), QStringLiteral("test set"));
        QCOMPARE(QString::fromStdString(s.view.insight().datasetName), QStringLiteral("test"));
        QVERIFY2(s.view.headerText().contains(QStringLiteral("test set, first 6 of 9000 samples")), qPrintable(s.view.headerText()));
        QCOMPARE(total(s.view.confusionMatrix()), 6L);
        QCOMPARE(s.view.listedSamples(), (QList<int>{0, 2}));  // the clicked cell, in this split
        QTest::keyClick(combo, Qt::Key_Home);  // -> training set
        QCOMPARE(combo->currentText(), QStringLiteral("training set"));
        QVERIFY(s.view.headerText().contains(QStringLiteral("training set, 15 samples")));
        QCOMPARE(total(s.view.confusionMatrix()), 15L);
        QCOMPARE(s.view.metricsTable()->item(3, 3)->text(), QStringLiteral("15"));  // support total
        QSignalSpy activated(&s.view, &InsightView::sampleActivated);
        QTest::mouseClick(s.view.sampleList()->viewport(), Qt::LeftButton, {},
                          s.view.sampleList()->visualItemRect(s.view.sampleList()->item(3)).center());
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.last().at(0).toString(), QStringLiteral("training"));
        QCOMPARE(activated.last().at(1).toInt(), 10);

        // A new epoch of the validation set does not take the picked training set away.
        EpochInsight later = validation;
        later.epoch = 9;
        s.view.showInsight(later);
        QCOMPARE(combo->currentText(), QStringLiteral("training set"));
        QVERIFY(s.view.headerText().startsWith(QStringLiteral("Epoch 3 · training set")));
        QVERIFY(s.view.showSplit(QStringLiteral("validation")));
        QVERIFY(s.view.headerText().startsWith(QStringLiteral("Epoch 9 · validation set")));
        QVERIFY(s.view.grab().save(shot("insight_split_combo.png")));

        s.view.clear();
        QVERIFY(s.view.splits().isEmpty());
        QVERIFY(!combo->isVisible());
    }

    void boundaryMapFollowsThePredictions() {
        Shown s(QSize(900, 520));
        const EpochInsight in = spiralClassification();
        s.view.showInsight(in);
        QVERIFY(s.view.pageVisible(InsightView::ConfusionPage));
        QVERIFY(s.view.pageVisible(InsightView::BoundaryPage));
        QVERIFY(!s.view.pageVisible(InsightView::RegressionPage));
        QVERIFY(!s.view.pageVisible(InsightView::MisclassifiedPage));
        QVERIFY(s.view.grab().save(shot("insight_confusion_spiral.png")));
        s.view.setCurrentPage(InsightView::BoundaryPage);

        BoundaryView* b = s.view.boundaryView();
        QVERIFY(b->isVisible());
        QCOMPARE(b->mapImage().size(), QSize(80, 80));
        const int res = in.boundaryResolution;
        int checked = 0;
        for (int r = 0; r < res; r += 7) {
            for (int c = 0; c < res; c += 7) {
                const auto at = static_cast<std::size_t>(r * res + c);
                if (in.boundaryConfidence[at] < 0.6f) continue;  // pale cells have little hue to compare
                const QColor shown = b->cellColor(r, c);
                QVERIFY2(sameHue(shown, BoundaryView::classColor(static_cast<int>(in.boundaryValue[at]))),
                         qPrintable(QString("cell %1,%2 is %3").arg(r).arg(c).arg(shown.name())));
                ++checked;
            }
        }
        QVERIFY(checked > 20);
        // A sure cell is more saturated than an unsure one of the same class.
        std::size_t sure = 0, unsure = 0;
        for (std::size_t i = 0; i < in.boundaryValue.size(); ++i) {
            if (in.boundaryValue[i] != 0) continue;
            if (in.boundaryConfidence[i] > in.boundaryConfidence[sure] || in.boundaryValue[sure] != 0) sure = i;
            if (in.boundaryConfidence[i] < in.boundaryConfidence[unsure] || in.boundaryValue[unsure] != 0) unsure = i;
        }
        const auto color = [&](std::size_t i) { return b->cellColor(static_cast<int>(i) / res, static_cast<int>(i) % res); };
        QVERIFY(color(sure).hsvSaturation() > color(unsure).hsvSaturation() + 40);

        // Points on top, one graph per true class with its samples.
        QCustomPlot* plot = b->plot();
        QCOMPARE(plot->graphCount(), 3);
        for (int k = 0; k < 3; ++k) {
            QCOMPARE(plot->graph(k)->dataCount(), 120);
            QCOMPARE(plot->graph(k)->scatterStyle().brush().color(), BoundaryView::classColor(k));
        }
        QCOMPARE(plot->xAxis->range().lower, in.xMin);
        QCOMPARE(plot->yAxis->range().upper, in.yMax);
        plot->replot();
        QVERIFY(s.view.grab().save(shot("insight_boundary_spiral.png")));
    }

    void regressionShowsPredictionVsTarget() {
        Shown s(QSize(900, 480));
        const EpochInsight in = regression2d();
        s.view.showInsight(in);
        QVERIFY(!s.view.pageVisible(InsightView::ConfusionPage));
        QVERIFY(s.view.pageVisible(InsightView::RegressionPage));
        QVERIFY(s.view.pageVisible(InsightView::BoundaryPage));
        QVERIFY(!s.view.pageVisible(InsightView::MisclassifiedPage));
        QVERIFY(s.view.tabs()->currentIndex() != int(InsightView::ConfusionPage));
        QVERIFY(s.view.headerText().contains(QString("R² %1").arg(in.regression.r2, 0, 'f', 3)));

        s.view.setCurrentPage(InsightView::RegressionPage);
        auto* plot = s.view.regressionPlot();
        QCOMPARE(plot->pointCount(), 200);
        QVERIFY2(plot->title().contains(QString("R² = %1").arg(in.regression.r2, 0, 'f', 3)), qPrintable(plot->title()));
        QVERIFY(plot->title().contains(QString("MSE = %1").arg(in.regression.mse, 0, 'g', 4)));
        // Same range on both axes, covering every point.
        QCOMPARE(plot->plot()->xAxis->range().lower, plot->plot()->yAxis->range().lower);
        QCOMPARE(plot->plot()->xAxis->range().upper, plot->plot()->yAxis->range().upper);
        plot->plot()->replot();
        QVERIFY(s.view.grab().save(shot("insight_regression_scatter.png")));

        s.view.setCurrentPage(InsightView::BoundaryPage);
        BoundaryView* b = s.view.boundaryView();
        // Diverging scale: the highest predicted value is blue, the lowest orange.
        std::size_t hi = 0, lo = 0;
        for (std::size_t i = 0; i < in.boundaryValue.size(); ++i) {
            if (in.boundaryValue[i] > in.boundaryValue[hi]) hi = i;
            if (in.boundaryValue[i] < in.boundaryValue[lo]) lo = i;
        }
        const int res = in.boundaryResolution;
        const QColor high = b->cellColor(static_cast<int>(hi) / res, static_cast<int>(hi) % res);
        const QColor low = b->cellColor(static_cast<int>(lo) / res, static_cast<int>(lo) % res);
        QVERIFY2(high.blue() > high.red() && low.red() > low.blue(), qPrintable(high.name() + " " + low.name()));
        b->plot()->replot();
        QVERIFY(s.view.grab().save(shot("insight_boundary_regression.png")));

        // A 1-D regression has no map.
        EpochInsight oneD = in;
        oneD.inputShape = layerlab::core::Shape{1};
        oneD.boundaryResolution = 0;
        oneD.boundaryValue.clear();
        s.view.showInsight(oneD);
        QVERIFY(!s.view.pageVisible(InsightView::BoundaryPage));
        QVERIFY(s.view.pageVisible(InsightView::RegressionPage));
        QCOMPARE(s.view.tabs()->currentIndex(), int(InsightView::RegressionPage));
    }

    void misclassifiedImagesAreClickable() {
        Shown s(QSize(1000, 460));
        const EpochInsight in = digits();
        s.view.showInsight(in);
        QVERIFY(s.view.pageVisible(InsightView::ConfusionPage));
        QVERIFY(s.view.pageVisible(InsightView::MisclassifiedPage));
        QVERIFY(!s.view.pageVisible(InsightView::BoundaryPage));
        QVERIFY(!s.view.pageVisible(InsightView::RegressionPage));
        QVERIFY(s.view.tabs()->tabText(InsightView::MisclassifiedPage).contains("12"));
        QVERIFY(s.view.grab().save(shot("insight_confusion_digits.png")));

        s.view.setCurrentPage(InsightView::MisclassifiedPage);
        InsightImageGrid* grid = s.view.imageGrid();
        QTRY_VERIFY(grid->isVisible());
        QCOMPARE(grid->count(), 12);
        const auto& m3 = in.misclassified[3];
        QCOMPARE(grid->sampleIndex(3), m3.index);
        QCOMPARE(grid->caption(3), QString("%1 → %2 (%3%)")
                                       .arg(m3.truth)
                                       .arg(m3.predicted)
                                       .arg(QString::number(100.0 * m3.confidence, 'f', 0)));
        // Nearest-neighbour scaling by 3: each source pixel is a flat 3x3 block.
        const QImage img = grid->tileImage(3);
        QCOMPARE(img.size(), QSize(84, 84));
        for (int y = 0; y < 28; y += 3)
            for (int x = 0; x < 28; x += 3) {
                const int v = m3.pixels[static_cast<std::size_t>(y * 28 + x)];
                QCOMPARE(qGray(img.pixel(3 * x, 3 * y)), v);
                QCOMPARE(qGray(img.pixel(3 * x + 2, 3 * y + 2)), v);
            }

        QSignalSpy activated(&s.view, &InsightView::sampleActivated);
        QTest::mouseClick(grid, Qt::LeftButton, {}, grid->tileRect(3).center());
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.last().at(0).toString(), QStringLiteral("test"));
        QCOMPARE(activated.last().at(1).toInt(), m3.index);
        QTest::mouseClick(grid, Qt::LeftButton, {}, grid->tileRect(11).center());
        QCOMPARE(activated.last().at(1).toInt(), in.misclassified[11].index);
        // Two rows fit: no scroll bar, and the grid spans the viewport.
        auto* scroll = qobject_cast<QAbstractScrollArea*>(grid->parentWidget()->parentWidget());
        QVERIFY(scroll);
        QTRY_VERIFY(!scroll->verticalScrollBar()->isVisible());
        QCOMPARE(grid->width(), scroll->viewport()->width());
        QVERIFY(grid->tileRect(11).bottom() < scroll->viewport()->height());
        QVERIFY(s.view.grab().save(shot("insight_misclassified_digits.png")));
    }

    // The real thing: the spiral example trained for a while, and the small
    // Fashion-MNIST MLP after one epoch on a subset, shown as the training
    // panel will show them (computeInsight on the validation / test set).
    void realTrainingRuns() {
        using namespace layerlab::core;
        auto load = [](const char* name) {
            auto p = loadProject(std::string(LAYERLAB_SOURCE_DIR) + "/resources/examples/" + name + ".layerlab");
            if (!p) qFatal("%s", p.error().toString().c_str());
            return std::move(p).value();
        };
        // Trains, then computes the insight on all of the validation set (else the test set).
        auto run = [](Project& p, const char* setName) {
            auto data = loadProjectData(p, "");
            if (!data) qFatal("%s", data.error().toString().c_str());
            auto net = compileNetwork(p.graph, p.training.loss);
            if (!net) qFatal("%s", net.error().message.c_str());
            net->initialize(p.training.seed);
            Trainer().run(*net, *data->train, data->validation.get(), p.training, {}, {});
            const Dataset& on = data->validation ? *data->validation : *data->test;
            InsightOptions o;
            o.maxSamples = 0;  // all, to compare with the trainer's own evaluation
            EpochInsight in = computeInsight(*net, on, setName, p.training.epochs, o);
            if (in.report.accuracy != evaluate(*net, on, p.training.loss).metric) qFatal("accuracy differs");
            return in;
        };

        Project spiral = load("spiral");
        spiral.training.epochs = 120;
        const EpochInsight s1 = run(spiral, "validation");
        QVERIFY2(s1.report.accuracy > 0.85, qPrintable(QString::number(s1.report.accuracy)));
        Shown a(QSize(900, 520));
        QElapsedTimer timer;
        timer.start();
        a.view.showInsight(s1);
        a.view.setCurrentPage(InsightView::BoundaryPage);
        a.view.boundaryView()->plot()->replot();
        qInfo("spiral insight shown in %lld ms", static_cast<long long>(timer.elapsed()));
        QVERIFY(a.view.grab().save(shot("insight_real_spiral_boundary.png")));

        Project fashion = load("mnist_mlp_small");
        if (!QFile::exists(QString::fromStdString(fashion.data.trainImages)))
            QSKIP("Fashion-MNIST is not installed (package dataset-fashion-mnist)");
        fashion.data.limit = 4000;
        fashion.training.epochs = 1;
        const EpochInsight f = run(fashion, "test");
        QVERIFY(f.misclassified.size() == 32);
        QCOMPARE(f.classNames.size(), std::size_t(10));
        Shown b(QSize(1100, 460));
        timer.restart();
        b.view.showInsight(f);
        qInfo("Fashion-MNIST insight shown in %lld ms", static_cast<long long>(timer.elapsed()));
        QVERIFY(b.view.pageVisible(InsightView::MisclassifiedPage));
        QVERIFY(!b.view.pageVisible(InsightView::BoundaryPage));
        QVERIFY(b.view.grab().save(shot("insight_real_fashion_confusion.png")));
        b.view.setCurrentPage(InsightView::MisclassifiedPage);
        QVERIFY(b.view.grab().save(shot("insight_real_fashion_misclassified.png")));
    }

    void rgbImagesKeepTheirColours() {
        // 3 channels, 1x2: a red pixel and a blue one (planar C,H,W).
        const std::vector<std::uint8_t> px = {255, 0, /* G */ 0, 0, /* B */ 0, 255};
        const QImage img = InsightImageGrid::toImage(px, layerlab::core::Shape{3, 1, 2});
        QCOMPARE(img.pixelColor(0, 0), QColor(255, 0, 0));
        QCOMPARE(img.pixelColor(1, 0), QColor(0, 0, 255));
        const QImage gray = InsightImageGrid::toImage({0, 128, 255, 7}, layerlab::core::Shape{1, 2, 2});
        QCOMPARE(qGray(gray.pixel(1, 0)), 128);
        QCOMPARE(qGray(gray.pixel(1, 1)), 7);
    }
};

QTEST_MAIN(InsightViewTest)
#include "test_insight_view.moc"
