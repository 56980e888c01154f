// The one path from a project to a run (issue 14, point 4): prepareRun
// compiles, checks the settings and the data, draws from the seed and takes
// the saved weights by policy; validateTrainConfig is the one check of the
// settings, and the trainer refuses what it refuses.
#include "example_project.h"
#include "core/io/project.h"
#include "core/io/project_data.h"
#include "core/io/run_setup.h"
#include "core/net/network.h"
#include "core/train/trainer.h"

#include <QtTest>

#include <memory>

using namespace layerlab::core;

namespace {
using layerlab_test::example;
std::vector<float> seeded(const Project& p) {
    auto net = compileNetwork(p.graph, p.training.loss);
    if (!net) qFatal("%s", net.error().message.c_str());
    net->initialize(p.training.seed);
    return {net->params().begin(), net->params().end()};
}
std::vector<float> paramsOf(const Network& n) { return {n.params().begin(), n.params().end()}; }
}  // namespace

class RunSetupTest : public QObject {
    Q_OBJECT

private slots:
    void seedWhenThereAreNoWeights() {
        Project p = example("xor");
        p.weights.reset();
        for (SavedWeights policy : {SavedWeights::UseWhenTheyFit, SavedWeights::Require, SavedWeights::Ignore}) {
            auto run = prepareRun(p, policy);
            QVERIFY(run.ok());
            QCOMPARE(run->origin, WeightsOrigin::Seed);
            QVERIFY(paramsOf(run->net) == seeded(p));
        }
    }

    void savedWeightsByPolicy() {
        Project p = example("xor");
        const std::vector<float> seed = seeded(p);
        Weights w{seed, {}};
        for (float& v : w.params) v += 0.25f;
        p.weights = w;
        auto use = prepareRun(p, SavedWeights::UseWhenTheyFit);
        QVERIFY(use.ok());
        QCOMPARE(use->origin, WeightsOrigin::Saved);
        QVERIFY(use->net.weights() == w);
        auto require = prepareRun(p, SavedWeights::Require);
        QVERIFY(require.ok() && require->net.weights() == w);
        auto fresh = prepareRun(p, SavedWeights::Ignore);
        QVERIFY(fresh.ok());
        QCOMPARE(fresh->origin, WeightsOrigin::Seed);
        QVERIFY(paramsOf(fresh->net) == seed);

        // Weights of another graph: the window falls back to the seed and says so, the command line refuses.
        p.weights->params.pop_back();
        auto fallback = prepareRun(p, SavedWeights::UseWhenTheyFit);
        QVERIFY(fallback.ok());
        QCOMPARE(fallback->origin, WeightsOrigin::SeedNotFitting);
        QVERIFY(paramsOf(fallback->net) == seed);
        auto refused = prepareRun(p, SavedWeights::Require);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.find("--fresh") != std::string::npos, refused.error().message.c_str());
    }

    void networkOwnsItsWeights() {
        Project p = example("xor");
        auto run = prepareRun(p, SavedWeights::Ignore);
        QVERIFY(run.ok());
        Network& net = run->net;
        Weights w = net.weights();
        QCOMPARE(w.params.size(), net.paramCount());
        w.params.front() = 42;
        QVERIFY(net.fits(w));
        QVERIFY(net.setWeights(w).ok());
        QCOMPARE(net.params().front(), 42.0f);
        Weights bad = w;
        bad.params.push_back(1);
        QVERIFY(!net.fits(bad));
        auto s = net.setWeights(bad);
        QVERIFY(!s.ok());
        QVERIFY2(s.error().message.find(std::to_string(net.paramCount())) != std::string::npos, s.error().message.c_str());
        QCOMPARE(net.params().front(), 42.0f);  // nothing changed
    }

    void oneCheckOfTheSettings() {
        TrainConfig ok;
        QVERIFY(validateTrainConfig(ok).ok());
        auto expectBad = [](TrainConfig c, const char* word) {
            auto s = validateTrainConfig(c);
            QVERIFY2(!s.ok() && s.error().message.find(word) != std::string::npos,
                     s.ok() ? "accepted" : s.error().message.c_str());
        };
        TrainConfig c;
        c.epochs = 0;
        expectBad(c, "epochs");
        c = {};
        c.batchSize = 0;
        expectBad(c, "batch size");
        c = {};
        c.threads = 3;
        expectBad(c, "threads");
        c = {};
        c.optimizer.learningRate = 0;
        expectBad(c, "learning rate");
        // prepareRun and the trainer refuse the same settings with the same words.
        Project p = example("xor");
        p.training.threads = 3;
        auto run = prepareRun(p, SavedWeights::Ignore);
        QVERIFY(!run.ok() && run.error().message.find("threads") != std::string::npos);
        p.training.threads = 1;
        auto good = prepareRun(p, SavedWeights::Ignore);
        auto data = loadProjectData(p, "");
        QVERIFY(good.ok() && data.ok());
        p.training.threads = 3;
        const TrainResult r = Trainer().run(good->net, *data->train, nullptr, p.training);
        QCOMPARE(r.reason, StopReason::Failed);
        QCOMPARE(r.message, run.error().message);
    }

    void dataMustFit() {
        Project p = example("xor");
        auto data = loadProjectData(p, "");
        QVERIFY(data.ok());
        QVERIFY(prepareRun(p, SavedWeights::Ignore, &*data).ok());
        // A validation set with three features against a network that takes two.
        ProjectData wrong = *data;
        auto three = std::make_shared<Dataset>(*data->train);
        const int n = three->count();
        three->inputShape = Shape{3};
        three->values.assign(std::size_t(3 * n), 0.0f);
        wrong.validation = three;
        auto run = prepareRun(p, SavedWeights::Ignore, &wrong);
        QVERIFY(!run.ok());
        QVERIFY2(run.error().message.rfind("validation data: ", 0) == 0, run.error().message.c_str());
        wrong.validation = data->validation;
        wrong.test = three;
        auto test = prepareRun(p, SavedWeights::Ignore, &wrong);
        QVERIFY(!test.ok() && test.error().message.rfind("test data: ", 0) == 0);
    }
};

QTEST_APPLESS_MAIN(RunSetupTest)
#include "test_run_setup.moc"
