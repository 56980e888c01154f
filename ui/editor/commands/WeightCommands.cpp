#include "ui/editor/commands/WeightCommands.h"

#include "core/teach/trace.h"
#include "ui/teach/TraceInputs.h"

#include <cmath>
#include <limits>

#include <QCoreApplication>

namespace layerlab::ui {

core::Result<ParameterEdit> planParameterEdit(const core::Project& project, NodeId node, std::size_t index,
                                              double value) {
    if (!std::isfinite(value) || std::abs(value) > std::numeric_limits<float>::max())
        return core::makeError("a weight must be a finite number (a float, at most about 3.4e38)");
    auto compiled = compileForTrace(project);  // the weights the step-through shows
    if (!compiled) return compiled.error();
    const core::Network& net = compiled->net;
    const core::CompiledLayer* layer = nullptr;
    for (const core::CompiledLayer& cl : net.layers())
        if (cl.node == node) layer = &cl;
    const QString name = nodeLabel(project.graph, node);
    if (!layer) {
        core::Error e = core::makeError(name.toStdString() + " is not a layer of the network");
        e.node = node;
        return e;
    }
    if (index >= layer->paramCount) {
        core::Error e = core::makeError(layer->paramCount == 0
                                            ? layer->name + " has no weights"
                                            : layer->name + " has " + std::to_string(layer->paramCount) +
                                                  " parameters; there is no parameter " + std::to_string(index + 1));
        e.node = node;
        return e;
    }
    const std::size_t flat = layer->paramOffset + index;
    ParameterEdit edit;
    edit.weights = net.weights();
    const auto v = static_cast<float>(value);
    edit.changed = edit.weights.params[flat] != v;
    edit.weights.params[flat] = v;
    edit.text = QCoreApplication::translate("WeightCommands", "Set %1 to %2")
                    .arg(QString::fromStdString(core::describeParameter(net, flat)))
                    .arg(static_cast<double>(v), 0, 'g', 7);
    return edit;
}

SetWeightsCommand::SetWeightsCommand(GraphDocument* doc, core::Weights weights, const QString& text)
    : DocumentCommand(doc, text), other_(std::move(weights)) {}

// Weights change no shape and no summary: no finish() (weightsChanged is enough).
void SetWeightsCommand::swapWeights() {
    std::optional<core::Weights> now = document()->project().weights;
    replaceWeights(std::move(other_));
    other_ = std::move(now);
}

void SetWeightsCommand::redo() { swapWeights(); }

void SetWeightsCommand::undo() { swapWeights(); }

}  // namespace layerlab::ui
