// End-to-end training on the bundled classroom examples: XOR and spirals learn,
// the same seed gives the same numbers, and every way of stopping says why.
#include "example_project.h"
#include "core/io/project.h"
#include "core/io/project_data.h"
#include "core/net/network.h"
#include "core/train/batch_runner.h"
#include "core/train/trainer.h"

#include <QtTest>

#include <stop_token>

using namespace layerlab::core;

namespace {
using layerlab_test::example;

struct Run {
    Network net;
    ProjectData data;
    TrainResult result;
};

Run train(const Project& p, std::stop_token stop = {}, const TrainCallbacks& cb = {}) {
    auto net = compileNetwork(p.graph, p.training.loss);
    if (!net) qFatal("%s", net.error().message.c_str());
    auto data = loadProjectData(p, "");
    if (!data) qFatal("%s", data.error().toString().c_str());
    Run r{std::move(net).value(), std::move(data).value(), {}};
    r.net.initialize(p.training.seed);
    Trainer t;
    r.result = t.run(r.net, *r.data.train, r.data.validation.get(), p.training, stop, cb);
    return r;
}
}  // namespace

class TrainingTest : public QObject {
    Q_OBJECT

private slots:
    void xorReachesFullAccuracy() {
        Project p = example("xor");
        Run r = train(p);
        QCOMPARE(r.result.reason, StopReason::Completed);
        const EvalResult e = evaluate(r.net, *r.data.train, p.training.loss);
        QCOMPARE(e.metric, 1.0);
        QVERIFY2(e.loss < 0.1, qPrintable(QString::number(e.loss)));
    }

    void spiralsReach95Percent() {
        Project p = example("spiral");
        Run r = train(p);
        QCOMPARE(r.result.reason, StopReason::Completed);
        const EvalResult e = evaluate(r.net, *r.data.train, p.training.loss);
        QVERIFY2(e.metric >= 0.95, qPrintable(QString("train accuracy %1").arg(e.metric)));
        const EvalResult v = evaluate(r.net, *r.data.validation, p.training.loss);
        QVERIFY2(v.metric >= 0.90, qPrintable(QString("validation accuracy %1").arg(v.metric)));
    }

    void sameSeedSameNumbers() {
        Project p = example("spiral");
        p.training.epochs = 5;
        QVERIFY(p.graph.setParam(p.graph.findByName("dense_1")->id, "units", std::int64_t{16}).ok());
        // Dropout makes the check stronger: its masks must be seeded too.
        const NodeId relu = p.graph.findByName("relu_1")->id, dense2 = p.graph.findByName("dense_2")->id;
        auto drop = p.graph.addNode("Dropout", {{"rate", 0.2}});
        QVERIFY(drop.ok());
        QVERIFY(p.graph.disconnect(dense2, 0).ok());
        QVERIFY(p.graph.connect(relu, *drop).ok() && p.graph.connect(*drop, dense2).ok());
        Run a = train(p), b = train(p);
        QCOMPARE(a.result.history.size(), b.result.history.size());
        for (std::size_t i = 0; i < a.result.history.size(); ++i) {
            QCOMPARE(a.result.history[i].trainLoss, b.result.history[i].trainLoss);
            QCOMPARE(a.result.history[i].valLoss, b.result.history[i].valLoss);
        }
        QVERIFY(std::equal(a.net.params().begin(), a.net.params().end(), b.net.params().begin()));
        p.training.seed = 99;
        Run c = train(p);
        QVERIFY(c.result.history[0].trainLoss != a.result.history[0].trainLoss);
    }

    void epochPenaltyIsTheL2TermOfTheWeights() {
        // The reported loss is the data loss; penalty is (lambda/2) * sum of the
        // squared weights (biases excluded) after the epoch, so loss + penalty
        // is the objective the gradient follows.
        Project p = example("xor");
        p.training.epochs = 3;
        p.training.optimizer.weightDecay = 0.01;
        Run r = train(p);
        QCOMPARE(r.result.reason, StopReason::Completed);
        const std::vector<std::uint8_t> mask = r.net.decayMask();
        double squares = 0;
        int weights = 0;
        for (std::size_t i = 0; i < mask.size(); ++i)
            if (mask[i]) {
                squares += double(r.net.params()[i]) * r.net.params()[i];
                ++weights;
            }
        QVERIFY(weights > 0 && weights < int(r.net.paramCount()));  // biases are not counted
        const double last = r.result.history.back().penalty;
        QVERIFY2(std::abs(last - 0.005 * squares) < 1e-9 * (1 + squares), qPrintable(QString::number(last)));
        QVERIFY(last > 0);
        // Without decay there is no penalty.
        p.training.optimizer.weightDecay = 0;
        QCOMPARE(train(p).result.history.back().penalty, 0.0);
    }

    void cancellationStopsWithinABatch() {
        Project p = example("spiral");
        std::stop_source source;
        int batchesAfterStop = 0;
        bool requested = false;
        TrainCallbacks cb;
        cb.onBatch = [&](const BatchProgress& b) {
            if (requested) ++batchesAfterStop;
            if (b.epoch == 2 && b.batch == 3) {
                source.request_stop();
                requested = true;
            }
        };
        Run r = train(p, source.get_token(), cb);
        QCOMPARE(r.result.reason, StopReason::Cancelled);
        QCOMPARE(batchesAfterStop, 0);
        QCOMPARE(r.result.history.size(), std::size_t{1});
    }

    void divergenceIsReportedWithAdvice() {
        Project p = example("spiral");
        p.training.optimizer.kind = OptimizerKind::SGD;
        p.training.optimizer.learningRate = 1e6;
        Run r = train(p);
        QCOMPARE(r.result.reason, StopReason::Diverged);
        QVERIFY2(r.result.message.find("lower learning rate") != std::string::npos, r.result.message.c_str());
    }

    void earlyStoppingRestoresBestWeights() {
        Project p = example("spiral");
        p.training.epochs = 200;
        p.training.optimizer.learningRate = 0.05;
        p.training.earlyStoppingPatience = 3;
        p.training.earlyStoppingMinDelta = 0.5;  // demands big improvements: stops early for sure
        Run r = train(p);
        QCOMPARE(r.result.reason, StopReason::EarlyStopped);
        QVERIFY(r.result.history.size() < 200);
        QVERIFY(r.result.message.find("restored") != std::string::npos);
        const EvalResult v = evaluate(r.net, *r.data.validation, p.training.loss);
        QCOMPARE(v.loss, r.result.history[static_cast<std::size_t>(r.result.bestEpoch - 1)].valLoss);
    }

    void incompatibleDataFailsWithMessage() {
        Project p = example("spiral");
        QVERIFY(p.graph.setParam(p.graph.findByName("dense_3")->id, "units", std::int64_t{4}).ok());
        Run r = train(p);
        QCOMPARE(r.result.reason, StopReason::Failed);
        QVERIFY2(r.result.message.find("3 classes") != std::string::npos, r.result.message.c_str());
    }

    void twoThreadSplitGivesTheWholeBatchGradient() {
        // One batch through the data-parallel runner must give the gradient of
        // the whole batch's mean loss, as the single-threaded path does.
        Project p = example("spiral");
        auto data = loadProjectData(p, "");
        QVERIFY(data.ok());
        std::vector<int> idx;
        for (int i = 0; i < 37; ++i) idx.push_back(i * 11 % data->train->count());  // odd size: unequal halves
        std::vector<float> grads[2];
        double losses[2];
        for (int threads : {1, 2}) {
            auto net = compileNetwork(p.graph, p.training.loss);
            QVERIFY(net.ok());
            net->initialize(5);
            BatchRunner runner(*net, *data->train, p.training.loss, threads, 1);
            QCOMPARE(runner.threads(), threads);
            MetricAccumulator acc;
            losses[threads - 1] = runner.run(idx, acc);
            QCOMPARE(acc.total, 37L);
            grads[threads - 1].assign(net->grads().begin(), net->grads().end());
        }
        QVERIFY(std::abs(losses[0] - losses[1]) < 1e-6 * std::abs(losses[0]));
        double maxDiff = 0, maxAbs = 0;
        for (std::size_t i = 0; i < grads[0].size(); ++i) {
            maxDiff = std::max(maxDiff, static_cast<double>(std::abs(grads[0][i] - grads[1][i])));
            maxAbs = std::max(maxAbs, static_cast<double>(std::abs(grads[0][i])));
        }
        QVERIFY2(maxDiff <= 1e-5 * maxAbs, qPrintable(QString("max diff %1 of %2").arg(maxDiff).arg(maxAbs)));
    }

    void twoThreadTrainingIsReproducibleAndLearns() {
        Project p = example("spiral");
        p.training.epochs = 150;
        p.training.threads = 2;
        Run a = train(p), b = train(p);
        QCOMPARE(a.result.reason, StopReason::Completed);
        for (std::size_t i = 0; i < a.result.history.size(); ++i)
            QCOMPARE(a.result.history[i].trainLoss, b.result.history[i].trainLoss);
        const EvalResult e = evaluate(a.net, *a.data.train, p.training.loss);
        QVERIFY2(e.metric >= 0.9, qPrintable(QString("accuracy %1").arg(e.metric)));
    }

    void twoThreadRunStopsWhenCancelled() {
        // The worker thread must be released and joined when a run is cancelled.
        Project p = example("spiral");
        p.training.threads = 2;
        std::stop_source source;
        TrainCallbacks cb;
        cb.onBatch = [&](const BatchProgress& b) {
            if (b.step == 5) source.request_stop();
        };
        Run r = train(p, source.get_token(), cb);
        QCOMPARE(r.result.reason, StopReason::Cancelled);
        QCOMPARE(r.result.steps, std::int64_t{5});
    }

    void regressionOnSine() {
        Project p;
        auto in = p.graph.addNode("Input", {{"shape", std::string("1")}});
        auto d1 = p.graph.addNode("Dense", {{"units", std::int64_t{32}}});
        auto t = p.graph.addNode("Tanh");
        auto d2 = p.graph.addNode("Dense", {{"units", std::int64_t{1}}});
        QVERIFY(p.graph.connect(*in, *d1).ok() && p.graph.connect(*d1, *t).ok() && p.graph.connect(*t, *d2).ok());
        p.training.loss = LossKind::MeanSquaredError;
        p.training.optimizer.learningRate = 0.01;
        p.training.epochs = 100;
        p.data.kind = DataKind::Synthetic;
        p.data.preprocessing.validationSplit = 0.2;
        p.data.synthetic.kind = SyntheticKind::Sine;
        p.data.synthetic.samples = 400;
        p.data.synthetic.noise = 0.05;
        Run r = train(p);
        QCOMPARE(r.result.reason, StopReason::Completed);
        QVERIFY2(r.result.history.back().valMetric > 0.9,
                 qPrintable(QString("R^2 %1").arg(r.result.history.back().valMetric)));
    }
};

QTEST_APPLESS_MAIN(TrainingTest)
#include "test_training.moc"
