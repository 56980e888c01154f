// Editing one trainable parameter (a weight or a bias) by hand: the plan (what
// the weights become and the undo text) and the undo command that stores it.
#pragma once

#include "core/common/result.h"
#include "core/io/project.h"
#include "ui/editor/commands/DocumentCommand.h"

#include <optional>

namespace layerlab::ui {

// The whole weight vector after setting parameter `index` of layer `node` to
// `value`. index counts within the layer's block of Network::params() (Dense:
// W[j + k*units], then b[j]). When the project has no weights that fit its
// graph, the base is what the step-through and the next run start from
// (compileForTrace: initial weights from training.seed), so only the one value
// differs from what the user saw.
struct ParameterEdit {
    core::Weights weights;  // params and state, complete
    QString text;           // "Set hidden W[1,2] to 0.5"
    bool changed = true;    // false: the parameter already has this value
};
// errors: the graph does not compile (the compiler's message), the node is not
// a layer of the network or has no parameters, index out of range, a value
// that is not a finite float.
core::Result<ParameterEdit> planParameterEdit(const core::Project& project, NodeId node, std::size_t index,
                                              double value);

// Stores weights. redo and undo swap the document's weights with the ones kept
// here: the first redo puts `weights` in and keeps what was there (possibly no
// weights); undo brings that back and keeps what undo replaced, so redo returns
// exactly to the state before the undo (a run's weights that arrived after the
// edit are not lost by an undo).
class SetWeightsCommand : public DocumentCommand {
public:
    SetWeightsCommand(GraphDocument* doc, core::Weights weights, const QString& text);
    void redo() override;
    void undo() override;

private:
    void swapWeights();
    std::optional<core::Weights> other_;
};

}  // namespace layerlab::ui
