// RecurrentUnrollView: the step-through's view of a recurrent layer (SimpleRNN,
// LSTM, GRU) unrolled in time, drawn from the trace's core::RecurrentTrace of
// that layer's stage (the engine's numbers; nothing is computed here). Three
// pages follow the step-through's phases:
//  - Forward in time: a grid (UnrollGrid) with one column per time step and
//    rows x_t, every gate, c_t (LSTM) and h_t. While the step-through is at
//    this layer's forward step the columns appear one time step at a time
//    (the time step controls, or Play); afterwards all are shown.
//  - Backward through time: dL/dh_t and dL/d(pre-activation) of every gate
//    per step, appearing from the last step back to t = 0 while the
//    step-through is at this layer's backward step, beside a chart of
//    ||dL/dh_t|| per step on a log scale and one line that reads it
//    (vanished, exploded or kept, with RecurrentTrace::gradientRatio()).
//  - Update: W_ih, W_hh and the biases before, their change (-α dL/dW) and
//    after, as heat maps.
// The page shown follows the step-through's step (Forward and Loss: forward,
// Backward, Update); the user may look at another until the next step.
// Clicking a cell selects it: formula() gives recurrentForwardFormulas or
// recurrentBackwardFormulas of that (t, unit) with the numbers (results "?"
// with Hide numbers), and formulaChanged() tells the step-through to show it.
// A network with several recurrent layers gets a layer picker. The view keeps
// stage and time indices only, never pointers into the network.
//
// Thread: GUI thread.
#pragma once

#include "core/teach/trace.h"
#include "ui/teach/TraceViewState.h"

#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QCustomPlot;
class QGridLayout;
class QLabel;
class QScrollArea;
class QPushButton;
class QSlider;
class QSpinBox;
class QTabWidget;

namespace layerlab::ui {

class UnrollGrid;

class RecurrentUnrollView : public QWidget {
    Q_OBJECT

public:
    enum class Page { Forward = 0, Backward = 1, Update = 2 };

    explicit RecurrentUnrollView(QWidget* parent = nullptr);

    // nullptr or a trace without recurrent layers: nothing to show
    // (hasRecurrent() false). Keeps the layer, time step and cell when they fit.
    void setTrace(std::shared_ptr<const core::Trace> trace);
    // The step-through's step (StepProgress index). Entering this layer's
    // forward step starts the time step at 0, its backward step at T - 1.
    void setStepIndex(int index);
    void setHideNumbers(bool hide);
    void setDisplayScale(double scale);

    bool hasRecurrent() const { return !stages_.empty(); }
    // The trace stages that hold a recurrent layer, in order.
    const std::vector<int>& recurrentStages() const { return stages_; }
    int stage() const { return stage_; }  // the stage shown; -1 when none
    void showStage(int stage);            // one of recurrentStages()
    int steps() const;                    // T of the layer shown (0: none)
    int timeStep() const { return time_; }
    void setTimeStep(int t);
    // The next time step of the layer the step-through is computing (forward:
    // t + 1, backward: t - 1). false when there is none (Play then steps on).
    bool advanceTime();
    Page page() const;

    UnrollGrid* forwardGrid() const { return forward_; }
    UnrollGrid* backwardGrid() const { return backward_; }
    QCustomPlot* gradientPlot() const { return plot_; }
    // The reading of the chart ("the gradient at step 0 is 4e-05 of the last step's: ...").
    QString gradientReading() const;
    // The selected cell's formulas (empty title: no cell selected).
    FormulaText formula() const { return formula_; }
    QString formulaText() const;

    // Small, so that the step-through's scrolling dock does not grow to hold
    // the whole grid (the grids scroll inside their pages instead).
    QSize sizeHint() const override;
    bool hasHeightForWidth() const override { return false; }

signals:
    void formulaChanged();
    void timeStepChanged(int t);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    const core::RecurrentTrace* record() const;  // of stage_, or null
    void buildUi();
    void rebuildLayer();
    void refresh();
    void refreshPlot();
    void refreshWeights();
    void updateFormula();
    void selectCell(bool backward, int band, int t, int unit);

    std::shared_ptr<const core::Trace> trace_;
    std::vector<int> stages_;
    int stage_ = -1, step_ = 0, time_ = 0;
    bool hide_ = false;
    double scale_ = 1;
    struct Cell {
        bool backward = false;
        int band = -1, t = 0, unit = 0;
    } cell_;
    FormulaText formula_;

    QComboBox* layerCombo_ = nullptr;
    QLabel* titleLabel_ = nullptr;
    QLabel* phaseLabel_ = nullptr;
    QPushButton* timeBack_ = nullptr;
    QPushButton* timeForward_ = nullptr;
    QSlider* timeSlider_ = nullptr;
    QSpinBox* timeSpin_ = nullptr;
    QTabWidget* pages_ = nullptr;
    UnrollGrid* forward_ = nullptr;
    UnrollGrid* backward_ = nullptr;
    QScrollArea* forwardScroll_ = nullptr;
    QScrollArea* backwardScroll_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QLabel* readingLabel_ = nullptr;
    QLabel* updateLabel_ = nullptr;
    QGridLayout* weightGrid_ = nullptr;
    std::vector<QLabel*> weightMaps_;
};

}  // namespace layerlab::ui
