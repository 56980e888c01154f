// NeuronDiagram: draws a core::Trace at one step of the step-through. Input
// and Dense layers with at most neuronLimit() units are columns of neuron
// circles (value inside; z, p and δ below as they become known), joined by
// one edge per weight coloured by its sign (blue +, red −) and as thick as
// its magnitude, with each neuron's bias as a tag above it; edge labels show
// w, then ∂L/∂w, then old → new, for small layers (or the edges of the
// selected neuron). Larger layers and other layer types are one block with a
// heat map of their values (and of their gradient once the backward pass got
// there). The loss box sits right of the output layer.
//
// Clicking an item selects it (selectionChanged); double-clicking a weight,
// a bias or a block selects it and asks for its value to be edited
// (editRequested). It zooms like the canvas (ZoomableView: the wheel around
// the cursor, Ctrl+= / Ctrl+- / Ctrl+0 while it has the focus); dragging
// pans; fitAll() fits. The view only draws: it never computes numbers and
// never edits them.
//
// Thread: GUI thread.
#pragma once

#include "ui/ZoomableView.h"
#include "ui/teach/TraceViewState.h"

#include <map>
#include <memory>
#include <optional>
#include <tuple>

class QGraphicsScene;

namespace layerlab::ui {

class NeuronDiagram : public ZoomableView {
    Q_OBJECT

public:
    explicit NeuronDiagram(QWidget* parent = nullptr);

    // nullptr clears the diagram. The selection is kept when it still fits.
    void setTrace(std::shared_ptr<const core::Trace> trace);
    // Shows a message instead of a diagram (e.g. the compiler's error).
    void setMessage(const QString& message);
    // requires: 0 <= index < StepProgress::stepCount(trace).
    void setStepIndex(int index);
    void setHideNumbers(bool hide);
    // Dense layers (and the input) with more units than this are drawn as blocks. >= 1.
    void setNeuronLimit(int limit);
    int neuronLimit() const { return neuronLimit_; }
    void setSelection(const TraceSelection& selection);
    TraceSelection selection() const { return selection_; }

    // Scene centre of the item that stands for sel (neuron, edge label or
    // edge midpoint, bias tag, block, loss box); nullopt when it is not drawn.
    std::optional<QPointF> scenePosOf(const TraceSelection& sel) const;
    // Whether a layer's neurons are drawn one by one (else as a block).
    bool drawnAsNeurons(int stage) const;

    // Fits the whole diagram (at most 160 % times the display scale); later
    // rebuilds and resizes fit again until the user zooms.
    void fitAll();
    void fitToView() override { fitAll(); }
    bool userZoomed() const { return userZoomed_; }

signals:
    void selectionChanged(const layerlab::ui::TraceSelection& selection);
    // A weight (Kind::Edge), a bias or a block was double-clicked.
    void editRequested(const layerlab::ui::TraceSelection& selection);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void zoomedByUser() override { userZoomed_ = true; }
    void displayScaleChanged() override;

private:
    using Key = std::tuple<int, int, int, int>;
    static Key keyOf(const TraceSelection& s) { return {static_cast<int>(s.kind), s.stage, s.neuron, s.input}; }
    void rebuild();
    void addColumn(int stage, const StepProgress& p, QList<QRectF>& occupied);
    void addBlock(int stage, const StepProgress& p);
    void addEdges(int stage, const StepProgress& p, QList<QRectF>& occupied);
    void addLoss(const StepProgress& p);
    void addHeaderAndLegend(const StepProgress& p);
    QPointF neuronPos(int stage, int neuron) const;
    qreal columnX(int stage) const;
    bool showEdgeLabel(int stage, int neuron, int input) const;
    void remember(const TraceSelection& sel, QPointF pos, QGraphicsItem* item);
    // The selection of the topmost clickable item at a viewport point (Kind::None: none).
    TraceSelection pickAt(QPoint viewportPos) const;

    QGraphicsScene* scene_;
    std::shared_ptr<const core::Trace> trace_;
    QString message_;
    int step_ = 0;
    bool hide_ = false;
    int neuronLimit_ = 16;
    TraceSelection selection_;
    bool fitPending_ = true;   // the layout changed: fit on the next rebuild
    bool userZoomed_ = false;  // the user zoomed: keep the zoom until fitAll()
    std::map<Key, QPointF> positions_;
};

}  // namespace layerlab::ui
