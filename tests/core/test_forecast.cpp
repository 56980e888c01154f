// Forecasts in the data's own units (core/train/forecast): errors by hand, the
// inverse scaling exact through a network that copies its input's last value,
// the naive baseline beside it, and the recursive multi-step forecast that
// feeds the network's own output back (refused where it cannot apply).
#include "core/data/series.h"
#include "core/layers/layer_registry.h"
#include "core/net/network.h"
#include "core/train/forecast.h"

#include <QtTest>

#include <cmath>

using namespace layerlab::core;

namespace {

// Input {T,1} -> LastStep -> Dense(1) with w = a, b = c: predicts a * x_last + c (scaled units).
Network lastValueNet(int steps, float a, float c) {
    Graph g{LayerRegistry::builtin()};
    const NodeId in = *g.addNode("Input", {{"shape", std::to_string(steps) + "x1"}});
    const NodeId last = *g.addNode("LastStep", {});
    const NodeId out = *g.addNode("Dense", {{"units", std::int64_t{1}}});
    if (!g.connect(in, last).ok() || !g.connect(last, out).ok()) qFatal("connect");
    auto net = compileNetwork(g, LossKind::MeanSquaredError);
    if (!net) qFatal("%s", net.error().message.c_str());
    net->params()[0] = a;
    net->params()[1] = c;
    return std::move(net).value();
}

SeriesData series(int rows, int window) {
    SeriesOptions o;
    o.synthetic = true;
    o.generator.length = rows;
    o.generator.noise = 0.05;
    o.window = window;
    o.validationFraction = 0.1;
    o.testFraction = 0.2;
    o.scaling = SeriesScaling::ZScore;
    auto s = makeSeries(o);
    if (!s) qFatal("%s", s.error().message.c_str());
    return std::move(s).value();
}

}  // namespace

class TestForecast : public QObject {
    Q_OBJECT

private slots:
    void errorsByHand() {
        const std::vector<float> actual = {1, 2, 3, 4}, predicted = {1, 3, 2, 4};
        const ForecastErrors e = forecastErrors(actual, predicted);
        QCOMPARE(e.mae, 0.5);
        QCOMPARE(e.rmse, std::sqrt(0.5));
        QCOMPARE(e.r2, 1 - 2.0 / 5.0);  // SSE 2, SST 5
        QCOMPARE(forecastErrors(std::vector<float>{2, 2}, std::vector<float>{1, 3}).r2, 0.0);  // constant actual
    }

    // The "copy the last value" network IS the naive forecast: its numbers in
    // the data's own units must equal the naive ones exactly (inverse scaling).
    void lastValueNetworkEqualsNaive() {
        const SeriesData s = series(300, 12);
        Network net = lastValueNet(12, 1, 0);
        for (const Dataset* d : {&s.train, &s.validation, &s.test}) {
            const ForecastSplit f = forecastSplit(net, *d, "split");
            QCOMPARE(int(f.predicted.size()), d->count());
            for (std::size_t i = 0; i < f.predicted.size(); ++i) {
                QVERIFY(std::abs(f.predicted[i] - f.naive[i]) <= 1e-5f * (1 + std::abs(f.naive[i])));
                // actual = the scaled target turned back.
                QVERIFY(std::abs(f.actual[i] - (d->targets[i] * d->targetScale + d->targetOffset)) < 1e-6f);
            }
            QVERIFY(std::abs(f.model.r2 - f.baseline.r2) < 1e-5);
            QCOMPARE(f.time, d->sampleTime);
        }
    }

    void recursiveForecastFeedsItselfBack() {
        const SeriesData s = series(300, 12);
        // a = 1, c = 0: the forecast repeats the window's last value for ever.
        Network same = lastValueNet(12, 1, 0);
        auto r = recursiveForecast(same, s.test, 0, 5);
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QCOMPARE(int(r->size()), 5);
        for (float v : *r) QVERIFY(std::abs(v - s.test.naiveForecast[0]) < 1e-4f);
        // a = 0.5: each step halves the scaled value: x, x/2, x/4 ...
        Network half = lastValueNet(12, 0.5f, 0);
        auto h = recursiveForecast(half, s.test, 0, 3);
        QVERIFY(h);
        const float x0 = s.test.sample(0).back();
        for (int k = 0; k < 3; ++k) {
            const float scaled = x0 * std::pow(0.5f, float(k + 1));
            QVERIFY(std::abs((*h)[std::size_t(k)] - (scaled * s.test.targetScale + s.test.targetOffset)) < 1e-4f);
        }
        QVERIFY(!recursiveForecast(half, s.test, s.test.count(), 3));
        Dataset twoFeatures = s.test;
        twoFeatures.targetFeature = -1;
        const auto refused = recursiveForecast(half, twoFeatures, 0, 3);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.find("target column alone") != std::string::npos, refused.error().message.c_str());
    }
};

QTEST_APPLESS_MAIN(TestForecast)
#include "test_forecast.moc"
