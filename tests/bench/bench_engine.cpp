// Micro-benchmarks of the engine's hot paths, one line each (median of
// repeated timings): batch gather (uint8 -> float), Dense forward/backward,
// Conv2D forward/backward, fused Adam over the flat buffer, and whole
// training steps of the Fashion-MNIST MLP and CNN and of the LSTM lesson's
// forecaster on one and two threads.
// Not a test: run it by hand after changing a hot path and compare.
//   build/tests/bench/bench_engine [--quick] [WORD]
// WORD: run only the whole-step lines whose name contains it, e.g. "CNN" or
// "1 thread" (handy under perf record).
#include "core/layers/layer_registry.h"
#include "core/data/dataset.h"
#include "core/graph/graph.h"
#include "core/net/network.h"
#include "core/optim/optimizer.h"
#include "core/train/batch_runner.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <numeric>
#include <vector>

namespace core = layerlab::core;

namespace {

double medianMicros(int reps, int inner, const std::function<void()>& body) {
    std::vector<double> t;
    body();  // warm-up: sizes buffers
    for (int r = 0; r < reps; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < inner; ++i) body();
        t.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / inner);
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

core::Dataset randomImages(int n) {
    core::Dataset d;
    d.name = "random";
    d.inputShape = core::Shape{1, 28, 28};
    d.bytes.resize(static_cast<std::size_t>(n) * 784);
    core::Rng rng(1);
    for (auto& b : d.bytes) b = static_cast<std::uint8_t>(rng() & 0xFF);
    for (int i = 0; i < n; ++i) d.labels.push_back(static_cast<int>(rng() % 10));
    for (int k = 0; k < 10; ++k) d.classNames.push_back(std::to_string(k));
    return d;
}

core::Graph chain(const std::vector<std::pair<std::string, core::ParamMap>>& layers) {
    core::Graph g{core::LayerRegistry::builtin()};
    core::NodeId prev = 0;
    for (const auto& [type, params] : layers) {
        const core::NodeId id = *g.addNode(type, params);
        if (prev) (void)g.connect(prev, id);
        prev = id;
    }
    return g;
}

const char* gOnly = nullptr;  // WORD from the command line: run only matching step lines

// Random windows of a series for the recurrent lines: T x 1 values, one target each.
core::Dataset randomWindows(int n, int steps) {
    core::Dataset d;
    d.name = "random windows";
    d.inputShape = core::Shape{steps, 1};
    d.task = core::TaskKind::Regression;
    d.targetDim = 1;
    core::Rng rng(2);
    d.values.resize(static_cast<std::size_t>(n) * steps);
    for (auto& v : d.values) v = static_cast<float>(core::uniform(rng, -1, 1));
    for (int i = 0; i < n; ++i) d.targets.push_back(static_cast<float>(core::uniform(rng, -1, 1)));
    return d;
}

void stepBench(const char* name, const core::Graph& g, const core::Dataset& data, int batch, int threads, int reps,
               core::LossKind loss = core::LossKind::SoftmaxCrossEntropy) {
    if (gOnly && !std::strstr(name, gOnly)) return;
    auto net = compileNetwork(g, loss);
    net->initialize(0);
    core::OptimizerConfig oc;
    core::Optimizer opt(oc, net->paramCount());
    core::BatchRunner runner(*net, data, loss, threads, 1);
    std::vector<int> order(static_cast<std::size_t>(data.count()));
    std::iota(order.begin(), order.end(), 0);
    int at = 0;
    const double us = medianMicros(reps, 50, [&] {
        if (at + batch > data.count()) at = 0;
        core::MetricAccumulator acc;
        acc.classification = data.task == core::TaskKind::Classification;
        runner.trainStep(std::span<const int>(order.data() + at, static_cast<std::size_t>(batch)), acc, opt, 1e-3);
        at += batch;
    });
    std::printf("%-44s %9.1f us/step  (%.3f s per 60k-sample epoch)\n", name, us, us * 60000.0 / batch / 1e6);
}

}  // namespace

int main(int argc, char** argv) {
    int arg = 1;
    const bool quick = argc > arg && std::strcmp(argv[arg], "--quick") == 0;
    if (quick) ++arg;
    if (argc > arg) gOnly = argv[arg];
    const int reps = quick ? 3 : 15;
    const core::Dataset data = randomImages(quick ? 2048 : 8192);

    if (!gOnly) {
        core::Matrix x;
        std::vector<int> idx(64);
        std::iota(idx.begin(), idx.end(), 100);
        std::printf("%-44s %9.1f us\n", "gather 64 images uint8 -> float",
                    medianMicros(reps, 200, [&] { data.gatherInputs(idx, x); }));
    }
    if (!gOnly) {
        core::Graph g = chain({{"Input", {{"shape", std::string("784")}}}, {"Dense", {{"units", std::int64_t{128}}}}});
        auto net = compileNetwork(g, core::LossKind::MeanSquaredError);
        net->initialize(0);
        core::Matrix x = core::Matrix::Random(784, 64), d = core::Matrix::Random(128, 64);
        std::printf("%-44s %9.1f us\n", "Dense 784->128 forward, batch 64",
                    medianMicros(reps, 200, [&] { net->forward(x, core::Mode::Train); }));
        std::printf("%-44s %9.1f us\n", "Dense 784->128 backward (dW, db), batch 64",
                    medianMicros(reps, 200, [&] { net->backward(d); }));
    }
    if (!gOnly) {
        core::Graph g = chain({{"Input", {{"shape", std::string("1x28x28")}}},
                               {"Conv2D", {{"filters", std::int64_t{32}}, {"kernel", std::int64_t{3}}}}});
        auto net = compileNetwork(g, core::LossKind::MeanSquaredError);
        net->initialize(0);
        core::Matrix x = core::Matrix::Random(784, 32), d = core::Matrix::Random(32 * 26 * 26, 32);
        std::printf("%-44s %9.1f us\n", "Conv2D 1x28x28 -> 32x26x26 forward, batch 32",
                    medianMicros(reps, 50, [&] { net->forward(x, core::Mode::Train); }));
        std::printf("%-44s %9.1f us\n", "Conv2D backward, batch 32",
                    medianMicros(reps, 50, [&] { net->backward(d); }));
    }
    if (!gOnly) {
        std::vector<float> p(109386, 0.01f), g(109386, 0.001f);
        core::OptimizerConfig oc;
        core::Optimizer opt(oc, p.size());
        std::printf("%-44s %9.1f us\n", "Adam step over 109,386 parameters",
                    medianMicros(reps, 200, [&] { opt.step(p, g, 1e-3); }));
    }
    const core::Graph mlp = chain({{"Input", {{"shape", std::string("1x28x28")}}},
                                   {"Dense", {{"units", std::int64_t{128}}}}, {"ReLU", {}},
                                   {"Dense", {{"units", std::int64_t{64}}}}, {"ReLU", {}},
                                   {"Dense", {{"units", std::int64_t{10}}}}});
    stepBench("MLP 784-128-64-10 step, batch 64, 1 thread", mlp, data, 64, 1, reps);
    stepBench("MLP 784-128-64-10 step, batch 64, 2 threads", mlp, data, 64, 2, reps);
    const core::Graph cnn = chain({{"Input", {{"shape", std::string("1x28x28")}}},
                                   {"Conv2D", {{"filters", std::int64_t{32}}, {"kernel", std::int64_t{3}}}},
                                   {"ReLU", {}}, {"MaxPool2D", {{"size", std::int64_t{2}}}}, {"Flatten", {}},
                                   {"Dense", {{"units", std::int64_t{128}}}}, {"ReLU", {}},
                                   {"Dense", {{"units", std::int64_t{10}}}}});
    stepBench("CNN step, batch 32, 1 thread", cnn, data, 32, 1, quick ? 2 : 5);
    stepBench("CNN step, batch 32, 2 threads", cnn, data, 32, 2, quick ? 2 : 5);
    // The univariate lesson: LSTM(50, relu) on windows of 30 -> Dropout -> Dense(1), MSE.
    const core::Dataset windows = randomWindows(4096, 30);
    const core::Graph lstm = chain({{"Input", {{"shape", std::string("30x1")}}},
                                    {"LSTM", {{"units", std::int64_t{50}}, {"activation", std::string("relu")}}},
                                    {"Dropout", {{"rate", 0.2}}},
                                    {"Dense", {{"units", std::int64_t{1}}}}});
    stepBench("LSTM(50) 30x1 step, batch 32, 1 thread", lstm, windows, 32, 1, reps, core::LossKind::MeanSquaredError);
    stepBench("LSTM(50) 30x1 step, batch 32, 2 threads", lstm, windows, 32, 2, reps, core::LossKind::MeanSquaredError);
    return 0;
}
