#include "ui/training/TrainingWorker.h"

#include "ui/training/RunGate.h"

#include <chrono>
#include <exception>
#include <new>
#include <utility>
#include <string>

namespace layerlab::ui {

std::atomic<int> TrainingWorker::live_{0};

TrainingWorker::TrainingWorker(TrainingJob job) : job_(std::move(job)) { ++live_; }

TrainingWorker::~TrainingWorker() { --live_; }

void TrainingWorker::flush() {
    if (pending_.empty()) return;
    emit batches(pending_);
    pending_.clear();
}

void TrainingWorker::makeInsight(int epoch, const core::Dataset& set, const std::string& name) {
    try {
        emit insightReady(core::computeInsight(job_.net, set, name, epoch, job_.insightOptions));
    } catch (const std::exception&) {
        // An insight is an extra view: training goes on without it.
    }
}

void TrainingWorker::makeHealth(int epoch) {
    // Mode::Inspect forward/backward on up to 256 samples: parameters and
    // optimizer state untouched; the gradient buffer is overwritten by the
    // next batch's backward anyway. Every epoch, so the gradient-norm lines
    // have a point per epoch (the view coalesces its redraws).
    if (auto health = core::networkHealth(job_.net, *job_.train, 256)) emit healthReady(epoch, *health);
}

core::TrainResult TrainingWorker::train() {
    using Clock = std::chrono::steady_clock;
    const auto chunkInterval = std::chrono::milliseconds(job_.progressIntervalMs);
    const auto insightInterval = std::chrono::duration<double>(job_.insightIntervalSeconds);
    auto lastFlush = Clock::now();
    auto lastInsight = Clock::time_point{};
    bool anyInsight = false;
    int lastInsightEpoch = 0;
    pending_.reserve(256);

    core::TrainCallbacks callbacks;
    callbacks.onBatch = [&](const core::BatchProgress& p) {
        pending_.push_back(p);
        const auto now = Clock::now();
        if (now - lastFlush >= chunkInterval) {
            flush();
            lastFlush = now;
        }
        job_.gate->wait(job_.stop, [&] {
            flush();
            emit parked(p);
        });
    };
    callbacks.onEpoch = [&](const core::EpochStats& e) {
        flush();
        lastFlush = Clock::now();
        emit epochDone(e);
        // Stop takes effect within one batch: skip the extra views once asked.
        if (job_.stop.stop_requested()) return;
        makeHealth(e.epoch);
        if (!anyInsight || Clock::now() - lastInsight >= insightInterval) {
            makeInsight(e.epoch, job_.validation ? *job_.validation : *job_.train,
                        job_.validation ? "validation" : "training");
            anyInsight = true;
            lastInsight = Clock::now();
            lastInsightEpoch = e.epoch;
        }
    };

    core::Trainer trainer;
    core::TrainResult result =
        trainer.run(job_.net, *job_.train, job_.validation.get(), job_.config, job_.stop, callbacks);
    flush();
    finishRun(result, lastInsightEpoch);
    return result;
}

// A completed run: the test set's score (the same core::evaluate call as
// `layerlab train`), then the insight of every split for the Insight tab's
// choice. The epoch's default-split insight is not computed twice. Once a
// stop is requested (window closing) the rest is skipped.
void TrainingWorker::finishRun(const core::TrainResult& result, int lastInsightEpoch) {
    const bool usable = result.reason == core::StopReason::Completed || result.reason == core::StopReason::EarlyStopped;
    if (!usable || result.history.empty()) return;
    if (job_.test && job_.test->count() > 0 && !job_.stop.stop_requested()) {
        const core::EvalResult t = core::evaluate(job_.net, *job_.test, job_.config.loss);
        emit testEvaluated(t.loss, t.metric, job_.test->count());
    }
    // Early stopping went back to the best epoch's weights: the insights show those.
    const bool restored = result.reason == core::StopReason::EarlyStopped && job_.config.restoreBestWeights &&
                          result.bestEpoch > 0;
    const int epoch = restored ? result.bestEpoch : result.history.back().epoch;
    const core::Dataset* defaultSet = job_.validation ? job_.validation.get() : job_.train.get();
    const std::pair<const core::Dataset*, const char*> splits[] = {
        {job_.train.get(), "training"}, {job_.validation.get(), "validation"}, {job_.test.get(), "test"}};
    for (const auto& [set, name] : splits) {
        if (!set || set->count() == 0 || job_.stop.stop_requested()) continue;
        if (set == defaultSet && !restored && lastInsightEpoch == epoch) continue;  // sent after the last epoch
        makeInsight(epoch, *set, name);
    }
}

void TrainingWorker::run() {
    core::TrainResult result;
    try {
        result = train();
    } catch (const std::bad_alloc&) {
        result.reason = core::StopReason::Failed;
        result.message = "training ran out of memory; use a smaller batch size, a smaller network or less data";
    } catch (const std::exception& e) {
        result.reason = core::StopReason::Failed;
        result.message = std::string("training failed with an internal error: ") + e.what();
    } catch (...) {
        result.reason = core::StopReason::Failed;
        result.message = "training failed with an unknown internal error";
    }
    pending_.clear();
    std::optional<core::Weights> weights;
    if (result.reason == core::StopReason::Completed || result.reason == core::StopReason::EarlyStopped ||
        result.reason == core::StopReason::Cancelled) {
        weights = job_.net.weights();
    }
    emit finished(result, weights);
}

}  // namespace layerlab::ui
