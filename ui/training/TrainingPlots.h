// TrainingPlots: the training panel's three curve plots (QCustomPlot), drawn
// from the controller's RunHistory list and nothing else:
//  - Loss (x = epoch): the last run's loss per batch (raw and EMA-smoothed) and
//    per epoch (train, validation);
//  - Accuracy or R² (by the last run's task; x = epoch): per epoch, train and validation;
//  - Learning rate (x = optimizer step).
// Earlier kept runs are overlaid faded (their smoothed loss, their validation —
// or training — metric, their learning rate), named by runLabel() in the
// legend. The current run has a legend entry of its own with runLabel() too
// (it draws no points; the run's series follow it), and after a completed run
// with a test set one marker at its last epoch for the test loss and metric.
// Series names (for tests and the hover read-out) are the kName* constants; a
// run's label entry and an earlier run's series are named runLabel(run).
//
// Each plot zooms and pans (drag, wheel), fits on double-click or fit(),
// shows the nearest point's values in a tooltip under the mouse, and can use
// a logarithmic y axis (loss and learning rate). sync() appends only what is
// new, so calling it ten times a second during a run stays cheap; replot()
// draws a plot only while it is on screen (a hidden one is drawn when shown).
//
// Thread: GUI thread. The plots are children of the parent given.
#pragma once

#include "core/common/result.h"
#include "ui/training/RunHistory.h"

#include <QElapsedTimer>
#include <QString>

#include <array>
#include <vector>

class QCustomPlot;
class QCPGraph;
class QWidget;

namespace layerlab::ui {

class TrainingPlots {
public:
    enum Plot { Loss, Metric, LearningRate };
    static constexpr int kPlotCount = 3;
    static constexpr double kSmoothing = 0.95;  // EMA factor of the smoothed batch loss

    static constexpr const char* kNameBatchLoss = "batch loss";
    static constexpr const char* kNameSmoothedLoss = "batch loss (smoothed)";
    static constexpr const char* kNameTrainLoss = "train loss";
    static constexpr const char* kNameValLoss = "validation loss";
    // Only with weight decay or L1: the objective training minimises.
    static constexpr const char* kNameObjective = "train loss + penalty (L')";
    static constexpr const char* kNameTrainMetric = "train";        // + " accuracy" / " R²"
    static constexpr const char* kNameValMetric = "validation";     // + " accuracy" / " R²"
    static constexpr const char* kNameLearningRate = "learning rate";
    static constexpr const char* kNameTestLoss = "test loss";
    static constexpr const char* kNameTestMetric = "test";           // + " accuracy" / " R²"

    explicit TrainingPlots(QWidget* parent);
    TrainingPlots(const TrainingPlots&) = delete;
    TrainingPlots& operator=(const TrainingPlots&) = delete;

    QCustomPlot* plot(Plot p) const { return plots_[p]; }
    // A series of a plot by name, nullptr when absent.
    QCPGraph* series(Plot p, const QString& name) const;
    // "Accuracy" or "R²", after the last run's task.
    QString metricTitle() const { return metricTitle_; }

    // ensures: the plots show exactly `runs` (the last one as the current run).
    //          Does not repaint: call replot() for the plot on screen.
    void sync(const std::vector<RunHistory>& runs);
    // Queues a redraw of p; a plot not on screen (another tab, a hidden dock)
    // is redrawn when it is shown instead.
    void replot(Plot p);
    // replot() for live updates during a run: skipped while p's last redraw
    // is more recent than kLiveBudget times what a redraw of p costs, so
    // drawing takes at most ~1/kLiveBudget of the GUI thread's time however
    // many points the curves have (a run uses both cores: the GUI thread
    // takes its time from training). The next call, or replot(), draws.
    void replotLive(Plot p);
    static constexpr double kLiveBudget = 40;
    // Log y axis (Loss and LearningRate only; the metric may be negative).
    void setLogScale(Plot p, bool on);
    bool logScale(Plot p) const { return log_[p]; }
    bool canUseLogScale(Plot p) const { return p != Metric; }
    // Rescales to show every point and follows new points again.
    void fit(Plot p);
    // Fonts, line widths and markers of the three plots times scale (1 = normal; PlotScale).
    void setDisplayScale(double scale);

    // Writes the plot as PNG, SVG or PDF, by the file's suffix.
    // errors: unknown suffix, the file cannot be written.
    static core::Status exportImage(QCustomPlot* plot, const QString& path);

private:
    struct Current {
        int runId = -1;
        std::size_t batches = 0, epochs = 0;
        QCPGraph *raw = nullptr, *smooth = nullptr, *trainLoss = nullptr, *valLoss = nullptr, *objective = nullptr;
        QCPGraph *trainMetric = nullptr, *valMetric = nullptr, *lr = nullptr;
        QCPGraph *testLoss = nullptr, *testMetric = nullptr;
        std::array<QCPGraph*, kPlotCount> label{};  // the run's legend entry (no points)
    };
    void rebuild(const std::vector<RunHistory>& runs);
    void addEarlierRun(const RunHistory& run, int age, int count);
    void appendCurrent(const RunHistory& run);
    void setupPlot(Plot p, const QString& xLabel, const QString& yLabel);
    void rescaleIfFollowing(Plot p);

    std::array<QCustomPlot*, kPlotCount> plots_{};
    std::array<bool, kPlotCount> log_{};
    std::array<bool, kPlotCount> follow_{true, true, true};  // false once the user zoomed or panned
    std::array<bool, kPlotCount> stale_{};                   // replot() was asked while hidden
    std::array<QElapsedTimer, kPlotCount> sinceLive_;        // since the last replotLive() that drew
    std::vector<int> builtIds_;
    Current cur_;
    EmaSmoother ema_{kSmoothing};
    QString metricTitle_;
};

}  // namespace layerlab::ui
