// TrainingWorker: runs one training job on the thread it lives on (a QThread
// the TrainingController owns). The job is a compiled Network snapshot with its
// starting weights, the data sets (shared, immutable), the settings, the run's
// std::stop_token and the pause gate. run() calls core::Trainer::run and sends
// everything back by value through queued signals:
//  - batches: the per-batch progress, in chunks (at most one per
//    job.progressIntervalMs, and always before an epoch ends, before parking
//    at the gate and at the end), so a fast run neither floods the GUI's
//    event queue nor wakes the GUI thread (which then takes a core from
//    training) more often than it repaints, while no step is lost;
//  - parked: the worker is waiting at the gate after this batch (Pause/Step);
//  - epochDone, healthReady: after each epoch; insightReady: after an epoch,
//    at most ~4 per second, on the validation set (the training set without
//    one); at the end of a completed run once more for every split the job
//    has (training, validation, test), each on at most insightOptions.maxSamples
//    samples, so the end costs at most three bounded evaluations;
//  - testEvaluated: at the end of a completed (or early-stopped) run with a
//    test set, core::evaluate on the whole test set, as `layerlab train` does;
//  - finished: why it stopped and, when they are usable (completed, early
//    stopped or cancelled), the trained weights.
// Nothing throws out of run(): exceptions become a Failed result.
//
// Thread: construct on the GUI thread, moveToThread, then run() is invoked on
// the worker thread exactly once. The gate and stop token are shared with the
// GUI thread; nothing else is.
#pragma once

#include "core/net/network.h"
#include "core/io/project.h"
#include "core/teach/trace_stats.h"
#include "core/train/insight.h"
#include "core/train/trainer.h"

#include <QObject>

#include <atomic>
#include <memory>
#include <optional>
#include <stop_token>
#include <vector>

namespace layerlab::ui {

class RunGate;

struct TrainingJob {
    core::Network net;                                  // compiled, starting weights set
    std::shared_ptr<const core::Dataset> train;         // non-null, count() >= 1
    std::shared_ptr<const core::Dataset> validation;    // may be null
    std::shared_ptr<const core::Dataset> test;          // may be null; evaluated once at the end
    core::TrainConfig config;
    std::stop_token stop;
    std::shared_ptr<RunGate> gate;                      // non-null
    core::InsightOptions insightOptions;
    double insightIntervalSeconds = 0.25;               // min. time between two insights
    int progressIntervalMs = 100;                       // min. time between two batch chunks
};

class TrainingWorker : public QObject {
    Q_OBJECT

public:
    explicit TrainingWorker(TrainingJob job);
    ~TrainingWorker() override;

    // Workers alive in the process (tests check that none leaks).
    static int liveCount() { return live_.load(); }

public slots:
    // requires: called once, on the thread this object lives on.
    // ensures: emits finished() exactly once, last.
    void run();

signals:
    void batches(const std::vector<layerlab::core::BatchProgress>& chunk);
    void parked(const layerlab::core::BatchProgress& at);
    void epochDone(const layerlab::core::EpochStats& stats);
    void insightReady(const layerlab::core::EpochInsight& insight);
    // Activation histograms and gradient norms on up to 256 training samples.
    void healthReady(int epoch, const layerlab::core::NetworkHealth& health);
    void testEvaluated(double loss, double metric, int samples);
    void finished(const layerlab::core::TrainResult& result, const std::optional<layerlab::core::Weights>& weights);

private:
    void flush();
    void makeInsight(int epoch, const core::Dataset& set, const std::string& name);
    void finishRun(const core::TrainResult& result, int lastInsightEpoch);
    void makeHealth(int epoch);
    core::TrainResult train();

    TrainingJob job_;
    std::vector<core::BatchProgress> pending_;
    static std::atomic<int> live_;
};

}  // namespace layerlab::ui
