// RunHistory: what one training run produced, kept as plain data on the GUI
// thread: the loss and learning rate of every optimizer step, the per-epoch
// statistics and why the run stopped. The training plots draw exactly these
// numbers (nothing is dropped when repaints are coalesced), the CSV export
// writes them, and tests compare them with the trainer's TrainResult.history.
//
// Also the small pure helpers the training views share: the smoothed loss
// curve, the settings summary shown in the legend, the CSV text, durations.
//
// Thread: plain values; used on the GUI thread.
#pragma once

#include "core/train/trainer.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace layerlab::ui {

// A whole set evaluated once after a run (core::evaluate, as `layerlab train`
// reports the test set).
struct SetScore {
    double loss = 0;
    double metric = 0;                   // accuracy (classification) or R² (regression)
    int samples = 0;
};

struct RunHistory {
    int id = 0;                          // 1-based run number in the open project
    QString summary;                     // the settings in a few words (legend text)
    // Where the starting weights came from when they were not drawn from the
    // seed: "continued from run 1", "continued from the project's saved
    // weights", ... Empty = fresh weights from training.seed (the summary
    // then ends in "seed N"; else in this text).
    QString start;
    core::TaskKind task = core::TaskKind::Classification;
    int plannedEpochs = 0;
    int batchesPerEpoch = 0;             // optimizer steps per epoch
    int trainSamples = 0;
    int batchSize = 0;                   // effective (<= trainSamples)
    std::vector<double> batchLoss;       // one per optimizer step, in order
    std::vector<double> learningRate;    // one per optimizer step, in order
    std::vector<core::EpochStats> epochs;
    bool finished = false;
    core::StopReason reason = core::StopReason::Completed;  // valid when finished
    QString message;                     // why it stopped (valid when finished)
    std::optional<SetScore> test;        // the test set after a completed run, when the data has one

    std::int64_t steps() const { return static_cast<std::int64_t>(batchLoss.size()); }
    // Position of optimizer step `step` (1-based) on an axis in epochs: step k
    // of a run with B batches per epoch sits at k / B (epoch e ends at e).
    double epochPosition(std::int64_t step) const {
        return batchesPerEpoch > 0 ? static_cast<double>(step) / batchesPerEpoch : 0.0;
    }
};

// A snapshot of where the running run is, for the progress bar and labels.
struct TrainingProgress {
    int epoch = 0, epochs = 0;           // 1-based current epoch, planned epochs
    int batch = 0, batchesPerEpoch = 0;  // 1-based batch within the epoch
    std::int64_t step = 0, totalSteps = 0;
    double loss = 0, learningRate = 0;   // of the last batch
    double elapsedSeconds = 0;           // active time (pauses excluded)
    // Samples trained over their training time, as `layerlab train` prints it
    // (per epoch: samples / EpochStats::seconds): the evaluations, Insight and
    // layer health between epochs, and pauses, are not in it.
    double samplesPerSecond = 0;
    double etaSeconds = -1;              // -1 = not known yet
};

// Exponential moving average with bias correction (starts at the first value
// rather than at 0): s_k = a*s_{k-1} + (1-a)*v_k, reported as s_k / (1 - a^k).
// requires: 0 <= alpha < 1. ensures: same size as values.
std::vector<double> emaSmooth(std::span<const double> values, double alpha);

// Incremental form of emaSmooth for curves that grow: feed values in order.
class EmaSmoother {
public:
    explicit EmaSmoother(double alpha) : alpha_(alpha) {}
    double add(double value);
    void reset() { s_ = 0, weight_ = 0; }

private:
    double alpha_;
    double s_ = 0, weight_ = 0;
};

// "adam lr 0.01, batch 32, seed 0" (+ schedule / decay when set). A run
// that did not draw its weights from the seed passes `start` ("continued
// from run 1"), which then stands where "seed N" would.
QString settingsSummary(const core::TrainConfig& config, const QString& start = QString());

// "test accuracy 93.3%" (classification) or "test R² 0.912" (regression).
QString testMetricText(const SetScore& test, core::TaskKind task);
// "test loss 0.1234 · test accuracy 93.3% (30 samples)": the status line's words.
QString testScoreText(const SetScore& test, core::TaskKind task);
// The run as the plots' legend names it: "run 2: adam lr 0.01, batch 32,
// continued from run 1 · test accuracy 93.3%".
QString runLabel(const RunHistory& run);

// The runs as one CSV table (RFC 4180, '.' decimals, full float precision):
// header run,settings,row,epoch,step,batch_loss,learning_rate,train_loss,
// train_metric,val_loss,val_metric,seconds. "batch" rows fill epoch, step,
// batch_loss and learning_rate; "epoch" rows fill the epoch statistics.
QString historyCsv(std::span<const RunHistory> runs);

// "0.42 s", "4.2 s" (under 10 s), "0:17", "12:34", "1:02:03"; negative -> "–".
QString formatDuration(double seconds);

}  // namespace layerlab::ui
