// What the backprop step-through shows at one moment: the step reached (which
// stages have their forward values, the loss, which have their gradients, the
// update), what the user selected (a neuron, a weight, a bias, a block, the
// loss) and the formula text for that selection. Pure values over a
// core::Trace; the diagram and the formula panel both read it.
//
// Thread: GUI thread (plain values, no Qt objects).
#pragma once

#include "core/teach/trace.h"
#include "core/teach/trace_formulas.h"

#include <QString>
#include <QStringList>

namespace layerlab::ui {

struct TraceSelection {
    enum class Kind { None, Neuron, Edge, Bias, Block, Loss };
    Kind kind = Kind::None;
    int stage = 0;   // stage of the neuron / the weight's target layer / block
    int neuron = 0;  // 0-based neuron (target neuron of a weight)
    int input = 0;   // 0-based input of a weight
    bool operator==(const TraceSelection&) const = default;
};

// Steps are core::traceSteps(trace): Input, Forward 1..S, Loss, Backward S..1, Update.
class StepProgress {
public:
    StepProgress() = default;
    // requires: 0 <= index < stepCount(trace).
    StepProgress(const core::Trace& trace, int index);

    static int stepCount(const core::Trace& trace) { return 2 * stageCount(trace) + 3; }
    int index() const { return index_; }
    core::TraceStep step() const;
    bool forwardDone(int stage) const { return stage == 0 || index_ >= stage; }
    bool lossDone() const { return index_ >= S_ + 1; }
    bool backwardDone(int stage) const { return stage > 0 && index_ >= 2 * S_ + 2 - stage; }
    bool updateDone() const { return index_ >= 2 * S_ + 2; }
    // The stage this step computes (forward) or differentiates (backward); -1 otherwise.
    int activeStage() const;

private:
    static int stageCount(const core::Trace& t) { return static_cast<int>(t.stages.size()) - 1; }
    int index_ = 0, S_ = 0;
};

// Is the selection inside the trace (stage, neuron, input in range)?
bool selectionValid(const core::Trace& trace, const TraceSelection& sel);

// The formula panel's content: a title and the lines known at this step
// (forward formulas once the layer's forward step is reached, the chain rule
// once its backward step is, the update at the end). With no selection: the
// active stage's first neuron as an example, or the loss.
struct FormulaText {
    QString title;
    QStringList lines;
};
FormulaText formulaText(const core::Trace& trace, const TraceSelection& sel, const StepProgress& progress,
                        bool hideNumbers);

}  // namespace layerlab::ui
