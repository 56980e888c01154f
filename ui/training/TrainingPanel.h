// TrainingPanel: the training view for the main window's bottom dock. On the
// left the document's training settings (TrainingSettingsForm, undoable); on
// the right the run controls — Train (F5), Pause/Resume, Stop (Shift+F5),
// Step one batch (F10; from idle it starts a run paused after its first
// batch), Reset weights — a progress bar (epoch, batch), samples/s, elapsed
// and remaining time, the line saying why the last run stopped, the "Changes
// apply to the next run" notice, and the tabs: Loss, Accuracy or R², Learning
// rate (TrainingPlots, with the last runs overlaid) and Insight (InsightView).
// Above the tabs: log scale, fit, export the plot (PNG/SVG/PDF) and export the
// history (CSV).
//
// It drives the TrainingController it is given and draws from its RunHistory
// list; repaints are coalesced to about ten per second (plots off screen
// are not drawn). When the controller forgets its runs (runsCleared: the
// project was replaced) every part of the panel goes back to its empty state:
// status, progress, plots, Insight, Layer health. Data comes from the
// provider set with setDataProvider() when Train is pressed.
//
// Thread: GUI thread. Owns its child widgets; doc and controller are not
// owned (a destroyed controller leaves the panel inert, not dangling).
#pragma once

#include "core/common/result.h"
#include "core/io/project_data.h"
#include "core/train/insight.h"
#include "core/train/trainer.h"
#include "ui/training/RunHistory.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QTabWidget;
class QToolButton;

namespace layerlab::ui {

class GraphDocument;
class InsightView;
class LayerHealthView;
class TrainingController;
class TrainingPlots;
class TrainingSettingsForm;

class TrainingPanel : public QWidget {
    Q_OBJECT

public:
    using DataProvider = std::function<std::shared_ptr<const core::ProjectData>()>;

    // requires: doc and controller non-null, controller working on doc.
    TrainingPanel(GraphDocument* doc, TrainingController* controller, QWidget* parent = nullptr);
    ~TrainingPanel() override;

    // What Train uses; returning null shows "Load data first (File > Import...)".
    void setDataProvider(DataProvider provider) { provider_ = std::move(provider); }

    // Writes the curve plot of the current tab (Loss, Accuracy/R², Learning
    // rate) as PNG, SVG or PDF by the suffix. errors: the Insight tab is
    // current, unknown suffix, not writable. (The toolbar button asks for the
    // file name and calls this.)
    core::Status exportPlot(const QString& path);
    // Writes historyCsv() of the kept runs through QSaveFile (all or nothing).
    core::Status exportHistoryCsv(const QString& path);

    TrainingPlots& plots() { return *plots_; }
    TrainingSettingsForm* settingsForm() const { return form_; }
    InsightView* insightView() const { return insight_; }
    LayerHealthView* layerHealthView() const { return health_; }
    // The status line's text (why the last run stopped, errors, state).
    QString statusText() const;
    // Plots (curves, boundary, prediction vs target, layer health) and the
    // confusion matrix's counts drawn times scale (1 = normal; a projector: larger).
    void setDisplayScale(double scale);

signals:
    // A sample was picked in the insight view: sample `index` of the data's
    // `split` ("training", "validation" or "test"), the set the insight shown
    // was computed on.
    void sampleActivated(const QString& split, int index);

private:
    void buildUi();
    void train();
    void togglePause();
    void step();
    void resetWeights();
    void exportPlotWithDialog();
    void exportCsvWithDialog();
    void updateButtons();
    void showProgress(const TrainingProgress& p);
    void showStatus(const QString& text, bool error = false);
    void onRunStarted();
    void onRunFinished(const core::TrainResult& result);
    void onRunsCleared();
    void scheduleRefresh();
    // live: a progress update during a run (the plots' time budget applies).
    void refreshPlots(bool live = false);
    void onTabChanged();
    // The settings column as wide as the form asks (again after a font change).
    void fitFormWidth();
    void changeEvent(QEvent* event) override;

    QPointer<GraphDocument> doc_;
    QPointer<TrainingController> controller_;
    DataProvider provider_;
    std::unique_ptr<TrainingPlots> plots_;

    TrainingSettingsForm* form_ = nullptr;
    QScrollArea* formScroll_ = nullptr;
    QPushButton *trainButton_ = nullptr, *pauseButton_ = nullptr, *stopButton_ = nullptr;
    QPushButton *stepButton_ = nullptr, *resetButton_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel *speed_ = nullptr, *status_ = nullptr, *notice_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    InsightView* insight_ = nullptr;
    LayerHealthView* health_ = nullptr;
    QCheckBox* logScale_ = nullptr;
    QToolButton *fitButton_ = nullptr, *exportPlotButton_ = nullptr, *exportCsvButton_ = nullptr;
    QTimer refreshTimer_;
};

}  // namespace layerlab::ui
