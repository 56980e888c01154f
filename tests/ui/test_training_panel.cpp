// Training panel, driven as a user drives it (buttons, typing into the
// settings form) with real training threads on the bundled examples:
// a run goes to completion with the same numbers as headless training, its
// weights land in the document and the plots show exactly the run's history;
// the settings form is undoable and shows the rows that apply; missing data
// and graphs that do not compile are reported and start nothing; edits during
// a run show the "next run" notice and keep an edited graph's weights out;
// Reset weights gives the same start every time; plots and history export.
#include "test_training_support.h"

#include "core/net/network.h"
#include "core/train/trainer.h"
#include "core/teach/trace_stats.h"
#include "ui/teach/LayerHealthView.h"
#include "ui/training/InsightView.h"
#include "ui/training/TrainingPlots.h"

#include <QCheckBox>
#include <QProgressBar>
#include <QLabel>
#include <QFile>
#include <QToolButton>
#include <QToolTip>
#include <QWheelEvent>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <qcustomplot.h>

using namespace training_test;
using layerlab::core::EpochStats;
using layerlab::core::StopReason;
using layerlab::core::TrainResult;
using layerlab::ui::TrainingPlots;

namespace {

// Headless training of the same project on the same data, as `layerlab train --fresh` does it.
TrainResult trainHeadless(const layerlab::core::Project& p, const layerlab::core::ProjectData& data,
                          std::vector<float>& params) {
    auto net = layerlab::core::compileNetwork(p.graph, p.training.loss);
    if (!net) qFatal("compile: %s", net.error().message.c_str());
    net->initialize(p.training.seed);
    layerlab::core::Trainer trainer;
    TrainResult r = trainer.run(*net, *data.train, data.validation.get(), p.training);
    params.assign(net->params().begin(), net->params().end());
    return r;
}

// Collects runFinished results (by value, as the panel receives them).
struct Results {
    std::vector<TrainResult> all;
    explicit Results(TrainingController* c) {
        QObject::connect(c, &TrainingController::runFinished, c, [this](const TrainResult& r) { all.push_back(r); });
    }
};

// Exact comparison of a plot series with (x, y) pairs.
bool seriesEquals(QCPGraph* g, const std::vector<std::pair<double, double>>& points) {
    if (!g || g->data()->size() != static_cast<int>(points.size())) return false;
    for (int i = 0; i < g->data()->size(); ++i) {
        const auto d = g->data()->at(i);
        if (d->key != points[static_cast<std::size_t>(i)].first || d->value != points[static_cast<std::size_t>(i)].second)
            return false;
    }
    return true;
}

template <class F>
std::vector<std::pair<double, double>> perEpoch(const std::vector<EpochStats>& epochs, F value) {
    std::vector<std::pair<double, double>> out;
    for (const EpochStats& e : epochs) out.emplace_back(e.epoch, value(e));
    return out;
}

}  // namespace

class TestTrainingPanel : public QObject {
    Q_OBJECT

private slots:
    void noDataSaysLoadFirst() {
        Studio s("spiral.layerlab");  // no data provided yet
        s.click("trainButton");
        QVERIFY(!s.controller->isRunning());
        QVERIFY(s.controller->runs().empty());
        QCOMPARE(s.panel->statusText(), QStringLiteral("Load data first (File > Import...)"));
    }

    void compileErrorStartsNothing() {
        Studio s("spiral.layerlab");
        s.reloadData();
        // A second output fed from the network (an unconnected layer would only be stray).
        layerlab::ui::ChainEdit branch;
        branch.layers = {{QStringLiteral("Dense"), {}}};
        branch.topLeft = QPointF(400, 0);
        branch.from = s.doc.graph().findByName("relu_1")->id;
        QVERIFY(s.doc.addChain(branch));
        s.click("trainButton");
        QVERIFY(!s.controller->isRunning());
        QVERIFY(s.controller->runs().empty());
        QVERIFY2(s.panel->statusText().contains(QStringLiteral("Input")) ||
                     s.panel->statusText().contains(QStringLiteral("output")),
                 qPrintable(s.panel->statusText()));
        QVERIFY(s.button("trainButton")->isEnabled());
    }

    void runToCompletionMatchesHeadlessAndPlots() {
        Studio s("spiral.layerlab");
        s.type("epochs", QStringLiteral("6"));
        QCOMPARE(s.doc.project().training.epochs, 6);
        s.reloadData();
        QVERIFY(s.data->validation);
        Results results(s.controller.get());
        std::vector<int> insightEpochs;
        connect(s.controller.get(), &TrainingController::insightReady, this,
                [&](const layerlab::core::EpochInsight& in) { insightEpochs.push_back(in.epoch); });
        QSignalSpy running(s.controller.get(), &TrainingController::runningChanged);

        s.click("trainButton");
        QVERIFY(s.controller->isRunning());
        QVERIFY(!s.button("trainButton")->isEnabled());
        QVERIFY(s.button("stopButton")->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(results.all.size() == 1, 20000);
        QCOMPARE(running.size(), 2);
        QCOMPARE(running.at(1).at(0).toBool(), false);
        const TrainResult& r = results.all.front();
        QCOMPARE(r.reason, StopReason::Completed);
        QVERIFY2(s.panel->statusText().startsWith(QStringLiteral("Completed: all 6 epochs")), qPrintable(s.panel->statusText()));
        // The progress line: epoch and batch, speed, elapsed and time left.
        auto* bar = s.panel->findChild<QProgressBar*>(QStringLiteral("progressBar"));
        QVERIFY2(bar->text().startsWith(QStringLiteral("Epoch 6/6 · batch 15/15")), qPrintable(bar->text()));
        QCOMPARE(bar->value(), bar->maximum());
        const QString speed = s.panel->findChild<QLabel*>(QStringLiteral("speedLabel"))->text();
        QVERIFY2(speed.contains(QStringLiteral("samples/s")) && speed.contains(QStringLiteral("elapsed")) &&
                     speed.endsWith(QStringLiteral("0.00 s left")),
                 qPrintable(speed));

        // Same numbers and same weights as headless training.
        std::vector<float> headlessParams;
        const TrainResult ref = trainHeadless(s.doc.project(), *s.data, headlessParams);
        QCOMPARE(r.history.size(), ref.history.size());
        for (std::size_t i = 0; i < ref.history.size(); ++i) {
            QVERIFY(r.history[i].trainLoss == ref.history[i].trainLoss);
            QVERIFY(r.history[i].trainMetric == ref.history[i].trainMetric);
            QVERIFY(r.history[i].valLoss == ref.history[i].valLoss);
            QVERIFY(r.history[i].valMetric == ref.history[i].valMetric);
        }
        QVERIFY(s.doc.project().weights.has_value());
        QVERIFY(s.doc.project().weights->params == headlessParams);
        QVERIFY(s.doc.isModified());
        QVERIFY(!insightEpochs.empty());
        QCOMPARE(insightEpochs.back(), 6);

        // The history kept is the run's, and the plots show exactly it.
        const layerlab::ui::RunHistory& h = *s.run();
        QCOMPARE(h.epochs.size(), r.history.size());
        for (std::size_t i = 0; i < h.epochs.size(); ++i) QVERIFY(h.epochs[i].trainLoss == r.history[i].trainLoss);
        QCOMPARE(h.steps(), r.steps);
        TrainingPlots& plots = s.panel->plots();
        auto series = [&](TrainingPlots::Plot p, const QString& name) { return plots.series(p, name); };
        QVERIFY(seriesEquals(series(TrainingPlots::Loss, "train loss"), perEpoch(r.history, [](auto& e) { return e.trainLoss; })));
        QVERIFY(seriesEquals(series(TrainingPlots::Loss, "validation loss"), perEpoch(r.history, [](auto& e) { return e.valLoss; })));
        QVERIFY(seriesEquals(series(TrainingPlots::Metric, "train accuracy"),
                             perEpoch(r.history, [](auto& e) { return e.trainMetric; })));
        QVERIFY(seriesEquals(series(TrainingPlots::Metric, "validation accuracy"),
                             perEpoch(r.history, [](auto& e) { return e.valMetric; })));
        std::vector<std::pair<double, double>> batches, rates;
        for (std::int64_t k = 0; k < h.steps(); ++k) {
            batches.emplace_back(h.epochPosition(k + 1), h.batchLoss[static_cast<std::size_t>(k)]);
            rates.emplace_back(static_cast<double>(k + 1), h.learningRate[static_cast<std::size_t>(k)]);
        }
        QVERIFY(seriesEquals(series(TrainingPlots::Loss, "batch loss"), batches));
        QVERIFY(seriesEquals(series(TrainingPlots::LearningRate, "learning rate"), rates));
        QCOMPARE(series(TrainingPlots::Loss, "batch loss (smoothed)")->data()->size(), static_cast<int>(h.steps()));
        auto* tabs = s.panel->findChild<QTabWidget*>(QStringLiteral("plotTabs"));
        QCOMPARE(tabs->tabText(TrainingPlots::Metric), QStringLiteral("Accuracy"));

        // Exports: the three image formats, a wrong suffix, the CSV with every number.
        QTemporaryDir dir;
        for (const char* name : {"loss.png", "loss.svg", "loss.pdf"}) {
            const QString path = dir.filePath(QString::fromLatin1(name));
            auto st = s.panel->exportPlot(path);
            QVERIFY2(st.ok(), st.ok() ? "" : st.error().message.c_str());
            QVERIFY(QFileInfo(path).size() > 1000);
        }
        QVERIFY(!s.panel->exportPlot(dir.filePath(QStringLiteral("loss.bmp"))).ok());
        tabs->setCurrentIndex(3);
        QCOMPARE(s.panel->insightView()->insight().epoch, 6);
        shot(s.panel.get(), QStringLiteral("panel-insight.png"));
        QVERIFY(!s.panel->exportPlot(dir.filePath(QStringLiteral("insight.png"))).ok());
        QVERIFY(!s.panel->findChild<QToolButton*>(QStringLiteral("exportPlotButton"))->isEnabled());
        // Layer health arrived after every epoch, one row per compiled layer,
        // taken on the weights of that epoch.
        layerlab::ui::LayerHealthView* health = s.panel->layerHealthView();
        QCOMPARE(tabs->tabText(tabs->indexOf(health)), QStringLiteral("Layer health"));
        QCOMPARE(health->snapshotCount(), 6);
        health->showLatest();
        {
            auto net = layerlab::core::compileNetwork(s.doc.project().graph, s.doc.project().training.loss);
            QVERIFY(net.ok());
            QCOMPARE(health->latest().layers.size(), net->layers().size());
            const auto& w = *s.doc.project().weights;
            std::copy(w.params.begin(), w.params.end(), net->params().begin());
            std::copy(w.state.begin(), w.state.end(), net->state().begin());
            auto expected = layerlab::core::networkHealth(*net, *s.data->train, 256);
            QVERIFY(expected.ok());
            QVERIFY(health->latest().loss == expected->loss);
            QVERIFY(health->latest().layers.front().histogram == expected->layers.front().histogram);
        }
        tabs->setCurrentIndex(tabs->indexOf(health));
        shot(s.panel.get(), QStringLiteral("panel-health.png"));
        QVERIFY(!s.panel->exportPlot(dir.filePath(QStringLiteral("health.png"))).ok());
        tabs->setCurrentIndex(0);
        const QString csvPath = dir.filePath(QStringLiteral("history.csv"));
        QVERIFY(s.panel->exportHistoryCsv(csvPath).ok());
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + static_cast<int>(h.steps()) + 6);
        int epochRows = 0;
        for (const QString& line : lines.mid(1)) {
            // run,"settings, with commas",row,... : the settings field is quoted.
            const QString tail = line.section(QLatin1Char('"'), 2).mid(1);
            const QStringList f = tail.split(QLatin1Char(','));
            QCOMPARE(f.size(), 11);  // ... seconds, penalty
            if (f[0] != QLatin1String("epoch")) continue;
            const EpochStats& e = r.history[static_cast<std::size_t>(epochRows++)];
            QCOMPARE(f[1].toInt(), e.epoch);
            QVERIFY(f[5].toDouble() == e.trainLoss);
            QVERIFY(f[6].toDouble() == e.trainMetric);
            QVERIFY(f[7].toDouble() == e.valLoss);
            QVERIFY(f[10].toDouble() == e.penalty);
        }
        QCOMPARE(epochRows, 6);
        shot(s.panel.get(), QStringLiteral("panel-finished.png"));
    }

    void plotsZoomHoverLogAndFit() {
        Studio s("spiral.layerlab");
        s.type("epochs", QStringLiteral("4"));
        s.reloadData();
        Results results(s.controller.get());
        s.click("trainButton");
        QTRY_VERIFY_WITH_TIMEOUT(results.all.size() == 1, 20000);
        auto* plot = s.panel->findChild<QCustomPlot*>(QStringLiteral("lossPlot"));
        auto* tabs = s.panel->findChild<QTabWidget*>(QStringLiteral("plotTabs"));
        auto* log = s.panel->findChild<QCheckBox*>(QStringLiteral("logScaleCheck"));
        QVERIFY(plot && tabs && log);
        QCOMPARE(tabs->currentIndex(), 0);

        // Hover: the nearest point's values in a tooltip.
        QCPGraph* train = s.panel->plots().series(TrainingPlots::Loss, QStringLiteral("train loss"));
        const auto d = train->data()->at(1);
        const QPoint at(qRound(plot->xAxis->coordToPixel(d->key)), qRound(plot->yAxis->coordToPixel(d->value)));
        QTest::mouseMove(plot, at + QPoint(3, -2));
        QTRY_VERIFY2(QToolTip::text().startsWith(QStringLiteral("train loss")), qPrintable(QToolTip::text()));
        QVERIFY(QToolTip::text().contains(QStringLiteral("epoch 2:")));

        // Wheel zoom changes the range; Fit shows every point again.
        const QCPRange full = plot->xAxis->range();
        QWheelEvent wheel(QPointF(at), plot->mapToGlobal(QPointF(at)), QPoint(), QPoint(0, 240), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(plot, &wheel);
        QVERIFY(plot->xAxis->range().size() < full.size());
        QTest::mouseClick(s.panel->findChild<QToolButton*>(QStringLiteral("fitButton")), Qt::LeftButton);
        QVERIFY(plot->xAxis->range().lower <= train->data()->at(0)->key);
        QVERIFY(plot->xAxis->range().upper >= 4.0);

        // Log scale per plot; not offered for accuracy / R^2.
        QTest::mouseClick(log, Qt::LeftButton);
        QCOMPARE(plot->yAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(plot->yAxis->range().lower > 0);
        tabs->setCurrentIndex(TrainingPlots::Metric);
        QVERIFY(!log->isEnabled() && !log->isChecked());
        tabs->setCurrentIndex(TrainingPlots::Loss);
        QVERIFY(log->isEnabled() && log->isChecked());
        QTest::mouseClick(log, Qt::LeftButton);
        QCOMPARE(plot->yAxis->scaleType(), QCPAxis::stLinear);
    }

    void settingsFormIsUndoableAndShowsWhatApplies() {
        Studio s("spiral.layerlab");
        QUndoStack* stack = s.doc.undoStack();
        const int start = stack->index();
        const auto& t = s.doc.project().training;

        s.type("learningRate", QStringLiteral("5e-2"));
        QCOMPARE(t.optimizer.learningRate, 0.05);
        QCOMPARE(stack->index(), start + 1);
        QCOMPARE(qobject_cast<QLineEdit*>(s.field("learningRate"))->text(), QStringLiteral("0.05"));
        s.type("learningRate", QStringLiteral("0.05"));  // same value: nothing pushed
        QCOMPARE(stack->index(), start + 1);
        s.type("learningRate", QStringLiteral("abc"));   // not a number: refused by the field
        QCOMPARE(stack->index(), start + 1);
        QCOMPARE(t.optimizer.learningRate, 0.05);
        stack->undo();
        QCOMPARE(t.optimizer.learningRate, 0.01);
        QCOMPARE(qobject_cast<QLineEdit*>(s.field("learningRate"))->text(), QStringLiteral("0.01"));

        QVERIFY(s.field("beta1")->isVisible());  // Adam
        QVERIFY(!s.field("momentum")->isVisible());
        s.choose("optimizer", 2);  // Nesterov momentum
        QCOMPARE(t.optimizer.kind, layerlab::core::OptimizerKind::Momentum);
        QVERIFY(t.optimizer.nesterov);
        QVERIFY(s.field("momentum")->isVisible());
        QVERIFY(!s.field("beta1")->isVisible());
        s.choose("optimizer", 4);  // RMSProp
        QCOMPARE(t.optimizer.kind, layerlab::core::OptimizerKind::RMSProp);
        QVERIFY(!t.optimizer.nesterov);
        QVERIFY(s.field("rho")->isVisible() && s.field("epsilon")->isVisible());

        QVERIFY(!s.field("stepEpochs")->isVisible());
        s.choose("schedule", 1);  // Step
        QCOMPARE(t.optimizer.schedule.kind, layerlab::core::ScheduleKind::Step);
        QVERIFY(s.field("stepEpochs")->isVisible() && s.field("gamma")->isVisible());
        QVERIFY(!s.field("minLr")->isVisible());
        s.type("stepEpochs", QStringLiteral("4"));
        QCOMPARE(t.optimizer.schedule.stepEpochs, 4);

        s.type("batchSize", QStringLiteral("64"));
        s.type("seed", QStringLiteral("7"));
        s.type("patience", QStringLiteral("3"));
        s.type("weightDecay", QStringLiteral("0.0001"));
        s.type("validationSplit", QStringLiteral("0.25"));
        s.choose("threads", 1);
        s.choose("loss", 0);
        QCOMPARE(t.batchSize, 64);
        QCOMPARE(t.seed, std::uint64_t{7});
        QCOMPARE(t.earlyStoppingPatience, 3);
        QCOMPARE(t.optimizer.weightDecay, 0.0001);
        QCOMPARE(s.doc.project().data.preprocessing.validationSplit, 0.25);  // the data source's
        QCOMPARE(t.threads, 2);
        QCOMPARE(t.loss, layerlab::core::LossKind::MeanSquaredError);

        // Undo everything: the form follows the document back to the file's settings.
        while (stack->canUndo()) stack->undo();
        QCOMPARE(qobject_cast<QComboBox*>(s.field("optimizer"))->currentIndex(), 3);  // Adam
        QCOMPARE(qobject_cast<QSpinBox*>(s.field("batchSize"))->value(), 32);
        QCOMPARE(qobject_cast<QComboBox*>(s.field("loss"))->currentIndex(), 1);
        QVERIFY(!s.field("stepEpochs")->isVisible());
        QCOMPARE(qobject_cast<QLineEdit*>(s.field("validationSplit"))->text(),
                 QString::number(s.doc.project().data.preprocessing.validationSplit));
    }

    void editsDuringRunShowNoticeAndKeepWeightsOut() {
        Studio s("spiral.layerlab");
        s.type("epochs", QStringLiteral("100000"));
        s.reloadData();
        Results results(s.controller.get());
        QLabel* notice = s.label("pendingNotice");
        QVERIFY(notice && !notice->isVisible());

        // 1) Settings and a graph edit, then undo of the graph edit: the weights still land.
        s.click("trainButton");
        QTRY_VERIFY(s.run()->epochs.size() >= 3);
        QTRY_VERIFY(s.panel->plots().series(TrainingPlots::Loss, QStringLiteral("train loss"))->data()->size() >= 3);
        shot(s.panel.get(), QStringLiteral("panel-mid-run.png"));
        const auto dense = s.doc.graph().findByName("dense_1") ? s.doc.graph().findByName("dense_1")->id
                                                                : s.doc.graph().nodes()[1].id;
        QVERIFY(s.doc.setParam(dense, QStringLiteral("units"), std::int64_t{16}));
        QTRY_VERIFY(notice->isVisible());
        QVERIFY(s.controller->hasPendingChanges());
        s.doc.undoStack()->undo();
        QTRY_VERIFY(!notice->isVisible());
        QVERIFY(s.doc.moveNodes({{dense, QPointF(300, 300)}}));  // moving a box changes nothing for training
        QVERIFY(!notice->isVisible());
        s.type("learningRate", QStringLiteral("0.02"));
        QTRY_VERIFY(notice->isVisible());
        QVERIFY(s.controller->isRunning());
        s.click("stopButton");
        QTRY_VERIFY_WITH_TIMEOUT(results.all.size() == 1, 5000);
        QCOMPARE(results.all[0].reason, StopReason::Cancelled);
        QVERIFY(!notice->isVisible());
        QVERIFY(s.doc.project().weights.has_value());
        QVERIFY2(s.panel->statusText().contains(QStringLiteral("weights are in the document")), qPrintable(s.panel->statusText()));

        // 2) A graph edit that stays: the trained weights are kept out, and the message says why.
        const std::vector<float> before = s.doc.project().weights->params;
        s.click("trainButton");
        QTRY_VERIFY(s.steps() >= 20);
        QVERIFY(s.doc.setParam(dense, QStringLiteral("units"), std::int64_t{16}));
        QTRY_VERIFY(notice->isVisible());
        s.click("stopButton");
        QTRY_VERIFY_WITH_TIMEOUT(results.all.size() == 2, 5000);
        QVERIFY(QString::fromStdString(results.all[1].message).contains(QStringLiteral("graph was edited")));
        QVERIFY(s.doc.project().weights->params == before);
        QVERIFY(s.panel->statusText().contains(QStringLiteral("graph was edited")));
        // The next run trains the edited graph (the old weights do not fit it).
        s.click("trainButton");
        QVERIFY(s.controller->isRunning());
        QVERIFY(s.controller->startNote().contains(QStringLiteral("do not fit")));
        s.click("stopButton");
        QTRY_VERIFY_WITH_TIMEOUT(results.all.size() == 3, 5000);
        QCOMPARE(s.controller->runs().size(), std::size_t{3});
    }

    void resetWeightsGivesTheSameStart() {
        Studio s("spiral.layerlab");
        s.type("epochs", QStringLiteral("2"));
        s.reloadData();
        Results results(s.controller.get());
        QVERIFY(!s.button("resetWeightsButton")->isEnabled());  // nothing to reset yet
        auto trainOnce = [&] {
            const std::size_t n = results.all.size();
            s.click("trainButton");
            QTRY_VERIFY_WITH_TIMEOUT(results.all.size() == n + 1, 20000);
            QCOMPARE(results.all.back().reason, StopReason::Completed);
        };
        trainOnce();
        const double first = results.all.back().history.front().trainLoss;
        QVERIFY(s.button("resetWeightsButton")->isEnabled());
        trainOnce();  // continues from the trained weights
        QVERIFY(results.all.back().history.front().trainLoss != first);
        QCOMPARE(s.controller->startNote(), QStringLiteral("continued from run 1"));
        s.click("resetWeightsButton");
        QVERIFY(!s.doc.project().weights.has_value());
        QVERIFY(!s.button("resetWeightsButton")->isEnabled());
        trainOnce();
        QVERIFY(results.all.back().history.front().trainLoss == first);
        s.click("resetWeightsButton");
        trainOnce();
        QVERIFY(results.all.back().history.front().trainLoss == first);
        // Four runs kept and overlaid: three earlier runs named by their settings, faded.
        QCOMPARE(s.controller->runs().size(), std::size_t{4});
        QVERIFY(s.panel->plots().series(TrainingPlots::Loss, QStringLiteral("run 1: ") + s.controller->runs()[0].summary));
        shot(s.panel.get(), QStringLiteral("panel-overlay.png"));
        // Two more runs: only the last kKeptRuns stay, the oldest is dropped from the plots.
        trainOnce();
        trainOnce();
        QCOMPARE(s.controller->runs().size(), std::size_t(TrainingController::kKeptRuns));
        QCOMPARE(s.controller->runs().front().id, s.controller->runs().back().id - (TrainingController::kKeptRuns - 1));
        QVERIFY(!s.panel->plots().series(TrainingPlots::Loss, QStringLiteral("run 1: ") + s.controller->runs()[0].summary));
        QVERIFY(s.panel->plots().series(TrainingPlots::Loss,
                                        QStringLiteral("run %1: ").arg(s.controller->runs()[0].id) + s.controller->runs()[0].summary));
    }

    // A run that starts from weights it did not draw says where they came
    // from, in its start note, its settings summary and its legend entry,
    // instead of naming a seed that drew nothing.
    void continuedRunsSayWhereTheirWeightsCameFrom() {
        QTemporaryDir dir;
        const QString saved = dir.filePath(QStringLiteral("trained.layerlab"));
        {
            Studio s("spiral.layerlab");
            s.type("epochs", QStringLiteral("2"));
            s.reloadData();
            Results results(s.controller.get());
            s.click("trainButton");
            QTRY_VERIFY_WITH_TIMEOUT(results.all.size() == 1, 20000);
            const layerlab::ui::RunHistory& first = s.controller->runs().front();
            QVERIFY(first.start.isEmpty());
            QVERIFY2(first.summary.endsWith(QStringLiteral("seed 0")), qPrintable(first.summary));

            s.click("trainButton");
            QVERIFY(s.panel->statusText().contains(QStringLiteral("continued from run 1")));
            QTRY_VERIFY_WITH_TIMEOUT(results.all.size() == 2, 20000);
            const layerlab::ui::RunHistory& second = s.controller->runs().back();
            QCOMPARE(second.start, QStringLiteral("continued from run 1"));
            QVERIFY2(second.summary.endsWith(QStringLiteral("continued from run 1")), qPrintable(second.summary));
            QVERIFY2(!second.summary.contains(QStringLiteral("seed")), qPrintable(second.summary));
            // The current run's legend entry says so; once it is an earlier run, its series do.
            const QString label = layerlab::ui::runLabel(second);
            QVERIFY(label.startsWith(QStringLiteral("run 2: ")));
            QVERIFY(s.panel->plots().series(TrainingPlots::Loss, label));
            s.click("trainButton");
            QTRY_VERIFY_WITH_TIMEOUT(results.all.size() == 3, 20000);
            QCOMPARE(s.controller->runs().back().start, QStringLiteral("continued from run 2"));
            QVERIFY(s.panel->plots().series(TrainingPlots::Loss, label));
            QVERIFY(s.panel->plots().series(TrainingPlots::Metric, label));
            QVERIFY(s.doc.save(saved));
        }
        // Weights that came with the file are the project's saved weights.
        Studio again(saved);
        again.reloadData();
        Results results(again.controller.get());
        again.click("trainButton");
        QCOMPARE(again.controller->startNote(), QStringLiteral("continued from the project's saved weights"));
        QTRY_VERIFY_WITH_TIMEOUT(results.all.size() == 1, 20000);
        QCOMPARE(again.controller->runs().back().start, QStringLiteral("continued from the project's saved weights"));
        QCOMPARE(again.controller->runs().back().id, 1);
        // Weights changed after the run (not by it) are named as such.
        layerlab::core::Weights edited = *again.doc.project().weights;
        edited.params.front() += 0.25f;
        again.doc.setWeights(edited);
        again.click("trainButton");
        QCOMPARE(again.controller->startNote(), QStringLiteral("continued from the project's current weights"));
        QTRY_VERIFY_WITH_TIMEOUT(results.all.size() == 2, 20000);
        // Reset weights: the seed draws them again, and the label says the seed.
        again.click("resetWeightsButton");
        again.click("trainButton");
        QVERIFY(again.controller->startNote().startsWith(QStringLiteral("from new weights (seed 0)")));
        QTRY_VERIFY_WITH_TIMEOUT(results.all.size() == 3, 20000);
        QVERIFY(again.controller->runs().back().start.isEmpty());
        QVERIFY(again.controller->runs().back().summary.endsWith(QStringLiteral("seed 0")));
    }
};

QTEST_MAIN(TestTrainingPanel)
#include "test_training_panel.moc"
