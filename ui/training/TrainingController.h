// TrainingController: starts, pauses, steps and stops training runs of the
// document's network, on a worker thread, and keeps what the runs produced.
//
// start() snapshots the document's project BY VALUE, compiles it, sets the
// starting weights (the document's trained weights when they fit the graph,
// else fresh ones from training.seed, as `layerlab train` does) and runs
// core::Trainer::run in a TrainingWorker on a QThread. Progress comes back by
// value through queued signals; every number is appended to the run's
// RunHistory at once, while batchProgress() is coalesced to about ten per
// second (the worker sends its chunks at that pace too): while a run uses
// both cores, every wake-up of the GUI thread takes one from training. Stop is a std::stop_source; Pause/Resume/Step is a RunGate the
// worker waits on between batches (Stop while paused still ends the run).
//
// When a run ends, its trained weights go to the document (setWeights, not an
// undo step) unless the graph was edited meanwhile: then they are kept out
// and the run's message says so. Diverged and failed runs keep the weights
// the document had. Edits during a run are never blocked and never reach the
// running snapshot: pendingChangesChanged() tells views to say "Changes apply
// to the next run".
//
// "Reset weights" clears the document's weights (not undoable: weights are
// results, not edits), so the next run starts from the weights training.seed
// draws: the same start every time, to compare two settings fairly.
//
// A run says where its weights came from (startNote(), RunHistory::start):
// new weights from the seed, "continued from run N" (the document holds the
// weights run N stored, unchanged), "continued from the project's saved
// weights" (as the file had them) or "continued from the project's current
// weights" (changed otherwise, e.g. edited by hand). After a completed run the
// test set, when the data has one, is evaluated on the worker (the same
// core::evaluate as `layerlab train`): RunHistory::test and the run's message.
//
// The runs belong to the open project. On GraphDocument::reset (New, Open) a
// running run is abandoned (its weights dropped: the main window stops runs
// with stopAndWait() BEFORE asking to save, so they reach the old project),
// the kept runs are forgotten, run numbers start at 1 again, and runsCleared()
// tells every view drawn from them to empty itself.
//
// Thread: GUI thread only. Owns its QThread; the destructor and stopAndWait()
// stop the run and join the thread. The document must outlive running runs or
// be deleted only after stopAndWait() (a deleted document is tolerated).
#pragma once

#include "core/common/result.h"
#include "core/io/project_data.h"
#include "core/teach/trace_stats.h"
#include "core/train/insight.h"
#include "core/train/trainer.h"
#include "ui/training/RunHistory.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

class QThread;

namespace layerlab::ui {

class GraphDocument;
class RunGate;

class TrainingController : public QObject {
    Q_OBJECT

public:
    static constexpr int kKeptRuns = 5;           // runs kept for the plots' overlay
    static constexpr int kProgressIntervalMs = 100; // batchProgress() about 10 per second

    // requires: doc non-null (not owned).
    TrainingController(GraphDocument* doc, QObject* parent = nullptr);
    // Stops a running run and joins its thread (no signals are emitted then).
    ~TrainingController() override;

    // Starts a run on `data` (train set, optional validation set).
    // errors (nothing started, message for the user): already running, no data
    // ("Load data first (File > Import...)"), the graph does not compile (the
    // error names the node), the data does not fit the network, bad settings.
    // paused = true starts in the paused state: the first batch runs, then the
    // run waits (what "Step" does when nothing is running).
    // ensures on success: isRunning(), a new RunHistory is runs().back(),
    //          runStarted() and runningChanged(true) were emitted.
    core::Status start(std::shared_ptr<const core::ProjectData> data, bool paused = false);

    // Requests the stop; the worker ends within one batch (also when paused).
    // runFinished()/runningChanged(false) follow asynchronously. No-op when idle.
    void stop();
    // Pause after the current batch; parked() fires when the worker waits.
    void pause();
    void resume();
    // Paused: run exactly one more batch, then wait again (parked() fires).
    // Running: the same as pause(). Idle: nothing (use start(data, true)).
    void step();
    // Stops and joins the thread, then delivers the run's last signals
    // (runFinished, runningChanged(false)) before returning. For window close.
    void stopAndWait();
    // Clears the document's trained weights so the next run starts from
    // training.seed's initial weights. Refused while running.
    core::Status resetWeights();

    bool isRunning() const { return thread_ != nullptr; }
    bool isPaused() const;
    // While running: the document's graph or training settings differ from the run's snapshot.
    bool hasPendingChanges() const { return pending_; }

    // The last kKeptRuns runs, oldest first; back() is the running or last run.
    const std::vector<RunHistory>& runs() const { return runs_; }
    const RunHistory* lastRun() const { return runs_.empty() ? nullptr : &runs_.back(); }
    // Where the running (or last) run is.
    TrainingProgress progress() const;
    // How the last run started: "from the document's trained weights" or
    // "from new weights (seed 0)" (+ why the document's did not fit).
    QString startNote() const { return startNote_; }

signals:
    void runStarted();
    void runningChanged(bool running);
    void pausedChanged(bool paused);
    // Coalesced (at most one per kProgressIntervalMs / 2, about ten per second
    // during a run, plus once when parking and at the end).
    void batchProgress(const layerlab::ui::TrainingProgress& progress);
    // The worker waits at a batch boundary (after Pause, or after each Step).
    void parked(const layerlab::ui::TrainingProgress& at);
    void epochFinished(const layerlab::core::EpochStats& stats);
    void insightReady(const layerlab::core::EpochInsight& insight);
    void healthReady(int epoch, const layerlab::core::NetworkHealth& health);
    // result.message says why it stopped (filled for every reason) and what
    // happened to the weights.
    void runFinished(const layerlab::core::TrainResult& result);
    void pendingChangesChanged(bool pending);
    // The project was replaced: runs() is empty, nothing is running.
    void runsCleared();

private:
    void onBatches(int runId, const std::vector<core::BatchProgress>& chunk);
    void emitProgress();
    void onParked(int runId);
    void onEpoch(int runId, const core::EpochStats& stats);
    void onInsight(int runId, const core::EpochInsight& insight);
    void onFinished(int runId, core::TrainResult result, std::optional<core::Weights> weights);
    void onTestEvaluated(int runId, double loss, double metric, int samples);
    void forgetProject();
    QString continuedFrom(const core::Weights& weights) const;
    void joinThread();
    void recheckPending();
    void startClock();
    void stopClock();
    double activeSeconds() const;

    QPointer<GraphDocument> doc_;
    std::vector<RunHistory> runs_;
    QThread* thread_ = nullptr;
    std::stop_source stopSource_;
    std::shared_ptr<RunGate> gate_;
    int runCounter_ = 0;
    int activeRun_ = 0;                  // id of the run whose signals are accepted; 0 = none
    std::string graphKey_, settingsKey_; // the running snapshot, for change detection
    bool pending_ = false;
    QTimer progressTimer_;        // a batchProgress() held back by the throttle
    QElapsedTimer sinceProgress_; // since the last batchProgress()
    core::BatchProgress last_;
    QElapsedTimer clock_;
    double activeSeconds_ = 0;
    bool clockRunning_ = false;
    QString startNote_;
    // Which weights the document holds, to name a continued run's start.
    int storedRun_ = 0;                         // the run whose weights onFinished stored (0 = none)
    std::size_t storedHash_ = 0;                // their hash
    std::optional<std::size_t> fileHash_;       // the weights the project had when it was opened
};

}  // namespace layerlab::ui
