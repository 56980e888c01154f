#include "ui/training/TrainingController.h"

#include "core/io/project.h"
#include "core/io/run_setup.h"
#include "core/net/network.h"
#include "ui/editor/GraphDocument.h"
#include "ui/training/RunGate.h"
#include "ui/training/TrainingWorker.h"

#include <QCoreApplication>
#include <QThread>

#include <algorithm>

namespace layerlab::ui {

namespace {

// The graph as it matters to training: positions (a moved box) do not count.
std::string graphKey(const core::Graph& graph) {
    core::Project p;
    p.graph = graph;
    for (const core::Node& n : graph.nodes()) (void)p.graph.setPosition(n.id, core::Point{});
    return core::serializeProject(p, false);
}

std::string settingsKey(const core::TrainConfig& config) {
    core::Project p;
    p.training = config;
    return core::serializeProject(p, false) + "threads=" + std::to_string(config.threads);
}

// FNV-1a over the values' bytes: tells whether the document still holds the
// very weights a run stored (or the file had), without keeping a copy.
std::size_t weightsHash(const core::Weights& w) {
    std::uint64_t h = 14695981039346656037ull;
    auto add = [&h](const std::vector<core::Scalar>& values) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(values.data());
        for (std::size_t i = 0, n = values.size() * sizeof(core::Scalar); i < n; ++i) {
            h ^= bytes[i];
            h *= 1099511628211ull;
        }
        h ^= values.size();
        h *= 1099511628211ull;
    };
    add(w.params);
    add(w.state);
    return static_cast<std::size_t>(h);
}

}  // namespace

TrainingController::TrainingController(GraphDocument* doc, QObject* parent) : QObject(parent), doc_(doc) {
    progressTimer_.setSingleShot(true);
    progressTimer_.setInterval(kProgressIntervalMs);
    connect(&progressTimer_, &QTimer::timeout, this, &TrainingController::emitProgress);
    if (doc) {
        connect(doc, &GraphDocument::shapesChanged, this, &TrainingController::recheckPending);
        connect(doc, &GraphDocument::trainingChanged, this, &TrainingController::recheckPending);
        connect(doc, &GraphDocument::reset, this, &TrainingController::forgetProject);
        if (doc->project().weights) fileHash_ = weightsHash(*doc->project().weights);
    }
}

TrainingController::~TrainingController() {
    if (thread_) {
        activeRun_ = 0;  // whatever is still queued is ignored
        stopSource_.request_stop();
        joinThread();
    }
}

bool TrainingController::isPaused() const { return isRunning() && gate_ && gate_->isPaused(); }

core::Status TrainingController::start(std::shared_ptr<const core::ProjectData> data, bool paused) {
    if (isRunning()) return core::makeError("a training run is already in progress; stop it first");
    if (!doc_) return core::makeError("there is no document to train");
    if (!data || !data->train || data->train->count() == 0) return core::makeError("Load data first (File > Import...)");

    const core::Project snapshot = doc_->project();  // by value: later edits never reach this run
    const core::TrainConfig& config = snapshot.training;
    // The same path as `layerlab train`: same project, same data -> same numbers.
    auto prepared = core::prepareRun(snapshot, core::SavedWeights::UseWhenTheyFit, data.get());
    if (!prepared) return prepared.error();
    const bool hasTest = data->test && data->test->count() > 0;
    QString start;  // empty: the seed drew the weights
    switch (prepared->origin) {
    case core::WeightsOrigin::Saved:
        start = continuedFrom(*snapshot.weights);
        startNote_ = start;
        break;
    case core::WeightsOrigin::SeedNotFitting:
        startNote_ = tr("from new weights (seed %1): the document's weights do not fit this graph").arg(config.seed);
        break;
    case core::WeightsOrigin::Seed:
        startNote_ = tr("from new weights (seed %1)").arg(config.seed);
        break;
    }

    RunHistory h;
    h.id = ++runCounter_;
    h.start = start;
    h.summary = settingsSummary(config, start);
    h.task = data->train->task;
    h.plannedEpochs = config.epochs;
    h.trainSamples = data->train->count();
    h.batchSize = std::min(config.batchSize, h.trainSamples);
    h.batchesPerEpoch = (h.trainSamples + h.batchSize - 1) / h.batchSize;
    const auto expected = std::min<std::int64_t>(static_cast<std::int64_t>(h.plannedEpochs) * h.batchesPerEpoch, 1 << 22);
    h.batchLoss.reserve(static_cast<std::size_t>(expected));
    h.learningRate.reserve(static_cast<std::size_t>(expected));
    runs_.push_back(std::move(h));
    if (runs_.size() > static_cast<std::size_t>(kKeptRuns)) runs_.erase(runs_.begin());

    graphKey_ = graphKey(snapshot.graph);
    settingsKey_ = settingsKey(config);
    pending_ = false;
    last_ = core::BatchProgress{};
    sinceProgress_.invalidate();
    activeSeconds_ = 0;
    stopSource_ = std::stop_source{};
    gate_ = std::make_shared<RunGate>();
    if (paused) gate_->pause();

    TrainingJob job;
    job.net = std::move(prepared->net);
    job.train = data->train;
    job.validation = data->validation && data->validation->count() > 0 ? data->validation : nullptr;
    job.test = hasTest ? data->test : nullptr;
    job.config = config;
    job.stop = stopSource_.get_token();
    job.gate = gate_;
    job.progressIntervalMs = kProgressIntervalMs;
    auto* worker = new TrainingWorker(std::move(job));
    thread_ = new QThread(this);
    thread_->setObjectName(QStringLiteral("LayerLab training"));
    worker->moveToThread(thread_);
    connect(thread_, &QThread::started, worker, &TrainingWorker::run);
    connect(thread_, &QThread::finished, worker, &QObject::deleteLater);
    const int id = runs_.back().id;
    activeRun_ = id;
    // Queued (the worker lives on thread_): arguments are copied, in emission order.
    connect(worker, &TrainingWorker::batches, this,
            [this, id](const std::vector<core::BatchProgress>& chunk) { onBatches(id, chunk); });
    connect(worker, &TrainingWorker::parked, this, [this, id](const core::BatchProgress&) { onParked(id); });
    connect(worker, &TrainingWorker::epochDone, this, [this, id](const core::EpochStats& e) { onEpoch(id, e); });
    connect(worker, &TrainingWorker::insightReady, this,
            [this, id](const core::EpochInsight& in) { onInsight(id, in); });
    connect(worker, &TrainingWorker::healthReady, this, [this, id](int epoch, const core::NetworkHealth& h) {
        if (id == activeRun_) emit healthReady(epoch, h);
    });
    connect(worker, &TrainingWorker::testEvaluated, this,
            [this, id](double loss, double metric, int samples) { onTestEvaluated(id, loss, metric, samples); });
    connect(worker, &TrainingWorker::finished, this,
            [this, id](const core::TrainResult& r, const std::optional<core::Weights>& w) { onFinished(id, r, w); });
    startClock();
    thread_->start();

    emit runStarted();
    emit runningChanged(true);
    if (paused) emit pausedChanged(true);
    return {};
}

void TrainingController::stop() {
    if (isRunning()) stopSource_.request_stop();
}

void TrainingController::pause() {
    if (!isRunning() || gate_->isPaused()) return;
    gate_->pause();
    emit pausedChanged(true);
}

void TrainingController::resume() {
    if (!isRunning() || !gate_->isPaused()) return;
    gate_->resume();
    startClock();
    emit pausedChanged(false);
}

void TrainingController::step() {
    if (!isRunning()) return;
    if (!gate_->isPaused()) {
        pause();
        return;
    }
    gate_->step();
    startClock();
}

void TrainingController::stopAndWait() {
    if (!thread_) return;
    stopSource_.request_stop();
    thread_->quit();
    thread_->wait();
    // The worker's last signals (its final batches and finished) are queued
    // for this object: deliver them now, in order, so the run ends normally.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    if (thread_) {  // finished never arrived (cannot happen unless run() was never invoked)
        activeRun_ = 0;
        joinThread();
        emit runningChanged(false);
    }
}

core::Status TrainingController::resetWeights() {
    if (isRunning()) return core::makeError("stop the run before resetting the weights");
    if (doc_ && doc_->project().weights) doc_->setWeights(std::nullopt);
    return {};
}

TrainingProgress TrainingController::progress() const {
    TrainingProgress p;
    if (runs_.empty()) return p;
    const RunHistory& h = runs_.back();
    p.epochs = h.plannedEpochs;
    p.batchesPerEpoch = h.batchesPerEpoch;
    p.totalSteps = static_cast<std::int64_t>(h.plannedEpochs) * h.batchesPerEpoch;
    p.step = h.steps();
    p.epoch = last_.epoch;
    p.batch = last_.batch;
    p.loss = last_.loss;
    p.learningRate = last_.learningRate;
    p.elapsedSeconds = activeSeconds();
    const double samples =
        p.step == 0 ? 0.0
                    : static_cast<double>(p.epoch - 1) * h.trainSamples +
                          std::min<double>(h.trainSamples, static_cast<double>(p.batch) * h.batchSize);
    // Over the training time, as `layerlab train` counts it (EpochStats::seconds):
    // the evaluations, Insight and layer health between epochs are not training.
    double trainingSeconds = last_.epochSeconds;
    for (const core::EpochStats& e : h.epochs)
        if (e.epoch < p.epoch) trainingSeconds += e.seconds;
    p.samplesPerSecond = trainingSeconds > 0 ? samples / trainingSeconds : 0.0;
    if (h.finished) p.etaSeconds = 0;
    else if (p.step > 0) p.etaSeconds = p.elapsedSeconds / static_cast<double>(p.step) * static_cast<double>(p.totalSteps - p.step);
    return p;
}

void TrainingController::onBatches(int runId, const std::vector<core::BatchProgress>& chunk) {
    if (runId != activeRun_ || chunk.empty()) return;
    RunHistory& h = runs_.back();
    for (const core::BatchProgress& b : chunk) {
        h.batchLoss.push_back(b.loss);
        h.learningRate.push_back(b.learningRate);
    }
    last_ = chunk.back();
    // Chunks come about every kProgressIntervalMs: show each at once, with no
    // timer wake-up of its own; one that follows another closely (an epoch's
    // end) waits for the rest of half an interval.
    if (progressTimer_.isActive()) return;
    const qint64 gap = kProgressIntervalMs / 2;
    const qint64 since = sinceProgress_.isValid() ? sinceProgress_.elapsed() : gap;
    if (since >= gap) emitProgress();
    else progressTimer_.start(static_cast<int>(gap - since));
}

void TrainingController::emitProgress() {
    progressTimer_.stop();
    sinceProgress_.start();
    emit batchProgress(progress());
}

void TrainingController::onParked(int runId) {
    if (runId != activeRun_) return;
    stopClock();
    progressTimer_.stop();
    const TrainingProgress p = progress();
    emit batchProgress(p);
    emit parked(p);
}

void TrainingController::onEpoch(int runId, const core::EpochStats& stats) {
    if (runId != activeRun_) return;
    runs_.back().epochs.push_back(stats);
    emit epochFinished(stats);
}

void TrainingController::onInsight(int runId, const core::EpochInsight& insight) {
    if (runId != activeRun_) return;
    emit insightReady(insight);
}

void TrainingController::onFinished(int runId, core::TrainResult result, std::optional<core::Weights> weights) {
    if (runId != activeRun_) return;
    const bool wasPaused = gate_ && gate_->isPaused();
    activeRun_ = 0;
    stopClock();
    progressTimer_.stop();
    joinThread();

    RunHistory& h = runs_.back();
    std::string& msg = result.message;
    auto append = [&msg](const std::string& text) { msg += (msg.empty() ? "" : " ") + text; };
    if (result.reason == core::StopReason::Completed)
        msg = "all " + std::to_string(result.history.size()) + " epochs (" + std::to_string(result.steps) +
              " steps) in " + formatDuration(activeSeconds()).toStdString() + ".";
    if (h.test) {
        QString score = testScoreText(*h.test, h.task);
        score[0] = score[0].toUpper();
        append(score.toStdString() + ".");
    }
    if (weights) {
        if (!doc_) {
            append("The document was closed, so the trained weights were dropped.");
        } else if (graphKey(doc_->graph()) != graphKey_) {
            append("The graph was edited during the run, so its trained weights were not stored; train again to "
                   "train the edited graph.");
        } else {
            storedRun_ = h.id;
            storedHash_ = weightsHash(*weights);
            doc_->setWeights(std::move(*weights));
            append("The trained weights are in the document.");
        }
    } else if (result.reason == core::StopReason::Diverged || result.reason == core::StopReason::Failed) {
        append("The document keeps the weights it had before the run.");
    }
    h.finished = true;
    h.reason = result.reason;
    h.message = QString::fromStdString(result.message);
    const bool hadPending = pending_;
    pending_ = false;

    emit batchProgress(progress());
    emit runFinished(result);
    emit runningChanged(false);
    if (wasPaused) emit pausedChanged(false);
    if (hadPending) emit pendingChangesChanged(false);
}

void TrainingController::onTestEvaluated(int runId, double loss, double metric, int samples) {
    if (runId != activeRun_) return;
    runs_.back().test = SetScore{loss, metric, samples};
}

QString TrainingController::continuedFrom(const core::Weights& weights) const {
    const std::size_t h = weightsHash(weights);
    if (storedRun_ > 0 && h == storedHash_) return tr("continued from run %1").arg(storedRun_);
    if (fileHash_ && h == *fileHash_) return tr("continued from the project's saved weights");
    return tr("continued from the project's current weights");
}

void TrainingController::forgetProject() {
    const bool wasRunning = isRunning();
    const bool wasPaused = isPaused();
    if (wasRunning) {
        // Normally stopAndWait() ended the run before the project was replaced;
        // if not, its weights belong to the old project: drop them.
        activeRun_ = 0;
        stopSource_.request_stop();
        stopClock();
        progressTimer_.stop();
        joinThread();
        // Deliver what the worker queued while activeRun_ is 0: all of it is ignored,
        // so nothing of the old run can reach a new run with the same number.
        QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    }
    runs_.clear();
    runCounter_ = 0;
    startNote_.clear();
    last_ = core::BatchProgress{};
    activeSeconds_ = 0;
    storedRun_ = 0;
    storedHash_ = 0;
    fileHash_.reset();
    if (doc_ && doc_->project().weights) fileHash_ = weightsHash(*doc_->project().weights);
    const bool hadPending = pending_;
    pending_ = false;
    if (wasRunning) {
        emit runningChanged(false);
        if (wasPaused) emit pausedChanged(false);
    }
    if (hadPending) emit pendingChangesChanged(false);
    emit runsCleared();
}

void TrainingController::joinThread() {
    if (!thread_) return;
    thread_->quit();
    thread_->wait();  // the worker deletes itself (deleteLater on finished) as the thread ends
    delete thread_;
    thread_ = nullptr;
}

void TrainingController::recheckPending() {
    if (!isRunning() || !doc_) return;
    const bool p = graphKey(doc_->graph()) != graphKey_ || settingsKey(doc_->project().training) != settingsKey_;
    if (p == pending_) return;
    pending_ = p;
    emit pendingChangesChanged(p);
}

void TrainingController::startClock() {
    if (clockRunning_) return;
    clock_.start();
    clockRunning_ = true;
}

void TrainingController::stopClock() {
    if (!clockRunning_) return;
    activeSeconds_ += static_cast<double>(clock_.nsecsElapsed()) * 1e-9;
    clockRunning_ = false;
}

double TrainingController::activeSeconds() const {
    return activeSeconds_ + (clockRunning_ ? static_cast<double>(clock_.nsecsElapsed()) * 1e-9 : 0.0);
}

}  // namespace layerlab::ui
