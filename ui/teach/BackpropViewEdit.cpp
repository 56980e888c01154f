// BackpropView: editing one weight or bias by hand. A double-click on the
// diagram opens the inline editor over the item; the typed value goes to the
// document as one undo step (GraphDocument::setParameterValue), and the trace
// is recomputed at once so the diagram and the formulas show the new value.
#include "ui/teach/BackpropView.h"

#include "core/teach/trace_formulas.h"
#include "ui/editor/GraphDocument.h"
#include "ui/teach/NeuronDiagram.h"
#include "ui/teach/ParameterEditor.h"
#include "ui/teach/TraceInputs.h"

#include <QLabel>

namespace layerlab::ui {

void BackpropView::showHint(const QString& text) {
    statusLabel_->setText(text);
    statusLabel_->show();
}

void BackpropView::editParameter(const TraceSelection& sel) {
    if (!trace_ || !doc_ || !selectionValid(*trace_, sel)) return;
    if (!editLock_.isEmpty()) {
        showHint(editLock_);
        return;
    }
    const core::TraceStage& s = trace_->stages[static_cast<std::size_t>(sel.stage)];
    const QString layer = QString::fromStdString(s.name);
    if (sel.kind == TraceSelection::Kind::Block) {
        if (s.kind == core::StageKind::Input)
            showHint(tr("The input is the sample: type its values in the Input x field above."));
        else if (s.kind == core::StageKind::Dense)
            showHint(tr("%1 is drawn as a block: set “Neurons per layer up to” to %2 or more to draw its neurons, then "
                        "double-click a weight or a bias to edit it.")
                         .arg(layer)
                         .arg(s.units));
        else
            showHint(tr("Single weights can be typed in for Dense layers (double-click a weight or a bias); %1 is "
                        "a %2 layer.")
                         .arg(layer, QString::fromStdString(s.type)));
        return;
    }
    if (s.kind != core::StageKind::Dense) return;
    QString symbol;
    double current = 0;
    if (sel.kind == TraceSelection::Kind::Edge) {
        editIndex_ = static_cast<std::size_t>(sel.neuron + sel.input * s.units);
        current = s.W[editIndex_];
        symbol = QString::fromStdString(core::weightSymbol(sel.stage, sel.neuron, sel.input));
    } else if (sel.kind == TraceSelection::Kind::Bias && s.hasBias) {
        editIndex_ = static_cast<std::size_t>(s.units) * static_cast<std::size_t>(s.fanIn) +
                     static_cast<std::size_t>(sel.neuron);
        current = s.b[static_cast<std::size_t>(sel.neuron)];
        symbol = QString::fromStdString(core::stageSymbol(*trace_, "b", sel.stage, sel.neuron));
    } else {
        return;
    }
    editNode_ = s.node;
    if (!paramEditor_) {
        paramEditor_ = new ParameterEditor(diagram_->viewport());
        connect(paramEditor_, &ParameterEditor::submitted, this, &BackpropView::applyParameterText);
    }
    const auto pos = diagram_->scenePosOf(sel);
    const QPoint at = pos ? diagram_->mapFromScene(*pos) : diagram_->viewport()->rect().center();
    paramEditor_->open(tr("Set %1 of %2 (now %3):").arg(symbol, layer).arg(current, 0, 'g', 7),
                       QString::number(current, 'g', 7), at);
}

void BackpropView::closeParameterEditor() {
    if (paramEditor_) paramEditor_->hide();
}

void BackpropView::applyParameterText(const QString& text) {
    if (!doc_ || !paramEditor_) return;
    auto value = parseParameterValue(text);
    if (!value) {
        paramEditor_->showError(QString::fromStdString(value.error().message));
        return;
    }
    if (auto s = doc_->setParameterValue(editNode_, editIndex_, *value); !s) {
        paramEditor_->showError(QString::fromStdString(s.error().message));
        return;
    }
    diagram_->setFocus(Qt::OtherFocusReason);
    recompute();  // now, not on the next turn of the event loop: the new value shows at once (and closes the editor)
}

}  // namespace layerlab::ui
