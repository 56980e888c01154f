// BackpropView: the backprop step-through. One sample (typed in, picked from
// the data, or handed over by another view) goes through the document's
// network with its real numbers: Forward one layer per step (z and a appear),
// Loss, Backward one layer per step (δ and ∂L/∂w appear), Update (old → new
// weights, the loss after). Controls: Step back, Step, Play/Pause with a
// speed slider, Reset, Hide numbers (quiz mode: computed values become "?"),
// Gradient check (backprop vs finite differences for every parameter, on a
// worker thread), Export CSV… and Export Markdown… (QSaveFile), and the
// largest layer drawn neuron by neuron. Clicking a neuron, weight, bias,
// block or the loss shows its formula with the numbers for the current step.
// Double-clicking a weight or a bias opens an inline editor (ParameterEditor):
// Enter sets the value through GraphDocument::setParameterValue (one undo
// step), Esc cancels, a bad number is refused with the reason; a block says
// how to get at its single weights.
//
// Numbers come from core::traceSample (the engine's own layers, loss and
// optimizer, evaluation mode); this widget only draws them. It uses the
// document's weights when they fit, else initial weights from the seed, and
// recomputes when the graph, the weights or the training settings change
// (while hidden: when shown again). A
// graph that does not compile shows the compiler's message. When the
// document is replaced (GraphDocument::reset: New, Open) it forgets the data,
// the sample and the gradient check of the old project and traces again.
//
// Ownership: doc is not owned and may be null (then only a message shows).
// Thread: GUI thread.
#pragma once

#include "core/data/dataset.h"
#include "core/teach/trace.h"
#include "ui/teach/TraceViewState.h"

#include <QString>
#include <QWidget>

#include <memory>
#include <vector>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSlider;
class QSpinBox;
class QTabWidget;
class QTimer;

namespace layerlab::ui {

class GraphDocument;
class GradientCheckRunner;
class NeuronDiagram;
class ParameterEditor;
class RecurrentUnrollView;
struct GradientCheckOutcome;

class BackpropView : public QWidget {
    Q_OBJECT

public:
    explicit BackpropView(GraphDocument* doc, QWidget* parent = nullptr);
    ~BackpropView() override;

    // The sample to trace, with a class label (or -1) or target values, and a
    // line saying where it comes from ("sample 17 of the test set"). Keeps
    // the current step. Shown in the typed-values row.
    void setSample(std::vector<float> input, int label, const QString& description);
    void setSample(std::vector<float> input, std::vector<float> target, const QString& description);
    // Data to pick samples from with the sample spin box (null: none), named
    // by its split ("training", "validation", "test"; the labels then say
    // "of 15 validation samples" and "validation sample 8"). Traces sample
    // `index` (the spin box's current one when -1); the spin box shows the
    // sample's index in that split, the number the Data panel and Insight use.
    void setData(std::shared_ptr<const core::Dataset> data, const QString& split = QString(), int index = -1);
    // The split named in the last setData ("" when none).
    QString dataSplit() const { return split_; }

    // ---- state (for the main window and tests) ----
    std::shared_ptr<const core::Trace> trace() const { return trace_; }
    int stepIndex() const { return step_; }
    int stepCount() const;
    NeuronDiagram* diagram() const { return diagram_; }
    // A recurrent layer unrolled in time (BackpropViewUnroll.cpp): a tab beside
    // the diagram, there only when the trace has a recurrent layer; the tab
    // shown follows the step (the recurrent layer's forward and backward steps
    // show it, the other layers' steps and the loss the diagram).
    RecurrentUnrollView* unrollView() const { return unroll_; }
    bool showsUnrollTab() const;
    TraceSelection selection() const;
    // The formula panel as plain text (title, then one formula per line).
    QString formulaText() const;
    // The compiler's or the sample's problem; empty when the trace is fine.
    QString problem() const { return problem_; }
    // The inline weight/bias editor (hidden when not editing).
    ParameterEditor* parameterEditor() const { return paramEditor_; }
    // Non-empty: hand edits of weights are refused with this reason (while a
    // training run is going: its weights replace the document's when it ends).
    void setParameterEditLock(const QString& reason) { editLock_ = reason; }
    // The diagram's zoom and fit times scale (1 = normal; a projector: larger).
    void setDisplayScale(double scale);

    // Write the trace (QSaveFile: all or nothing). The Export buttons ask for
    // a file and call these. Markdown leaves blanks when "Hide numbers" is on.
    // On failure *error says why. requires: a trace exists (else an error).
    bool exportCsv(const QString& path, QString* error = nullptr) const;
    bool exportMarkdown(const QString& path, QString* error = nullptr) const;

public slots:
    // Opens the editor for a weight (Kind::Edge) or bias of a Dense stage drawn
    // neuron by neuron; for a block, the status line says what to do instead.
    void editParameter(const layerlab::ui::TraceSelection& selection);
    void stepForward();
    void stepBack();
    void resetSteps();
    // Compiles and traces again now (the document's signals schedule this).
    void recompute();

signals:
    void traceChanged();
    void stepChanged(int index);
    void gradientCheckFinished(const QString& summary);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void buildUi();
    void scheduleRecompute();
    void setStep(int index);
    void updateStepUi();
    void updateFormula();
    void updateNotes();
    void showProblem(const QString& problem);
    void assignSample(std::vector<float> input, core::TraceTarget target, const QString& description);
    void useTypedValues();
    void pickDataSample(int index);
    void forgetProject();
    void ensureSample(const core::Network& net);
    void startOrCancelGradientCheck();
    void onGradientCheckFinished(const GradientCheckOutcome& outcome);
    void askExport(bool markdown);
    void setPlaying(bool playing);
    QString exportTitle() const;
    void applyParameterText(const QString& text);
    void closeParameterEditor();
    void showHint(const QString& text);
    void buildUnrollTab(QWidget* diagramArea);
    void syncUnroll(bool stepMoved);
    void playTick();

    GraphDocument* doc_;
    std::shared_ptr<const core::Dataset> data_;
    QString split_;
    bool discardCheck_ = false;  // the running gradient check belongs to a replaced project
    std::shared_ptr<const core::Trace> trace_;
    std::vector<float> input_;
    core::TraceTarget target_;
    QString description_;
    bool hasSample_ = false;
    bool defaultSample_ = false;  // made up by the view (replaced when the input size changes)
    bool stale_ = false;          // the document changed while the view was hidden
    int step_ = 0;
    QString problem_, weightsNote_;

    NeuronDiagram* diagram_ = nullptr;
    QTabWidget* diagramTabs_ = nullptr;
    RecurrentUnrollView* unroll_ = nullptr;
    bool unrollFormula_ = false;  // the formula panel shows the unrolled view's clicked cell
    QSpinBox* sampleSpin_ = nullptr;
    QLabel* dataLabel_ = nullptr;
    QLabel* sampleLabel_ = nullptr;
    QLineEdit* inputEdit_ = nullptr;
    QLineEdit* targetEdit_ = nullptr;
    QPushButton* useValuesButton_ = nullptr;
    QPushButton* backButton_ = nullptr;
    QPushButton* stepButton_ = nullptr;
    QPushButton* playButton_ = nullptr;
    QSlider* speedSlider_ = nullptr;
    QPushButton* resetButton_ = nullptr;
    QCheckBox* hideCheck_ = nullptr;
    QSpinBox* limitSpin_ = nullptr;
    QPushButton* fitButton_ = nullptr;
    QPushButton* checkButton_ = nullptr;
    QPushButton* csvButton_ = nullptr;
    QPushButton* markdownButton_ = nullptr;
    QLabel* stepLabel_ = nullptr;
    QLabel* formulaTitle_ = nullptr;
    QLabel* formulaLabel_ = nullptr;
    QLabel* checkLabel_ = nullptr;
    QLabel* notesLabel_ = nullptr;
    QLabel* statusLabel_ = nullptr;
    QTimer* playTimer_ = nullptr;
    QTimer* recomputeTimer_ = nullptr;
    GradientCheckRunner* checker_ = nullptr;
    QString plainFormula_;
    ParameterEditor* paramEditor_ = nullptr;
    core::NodeId editNode_ = 0;    // the layer and parameter the editor is open for
    std::size_t editIndex_ = 0;
    QString editLock_;
};

}  // namespace layerlab::ui
