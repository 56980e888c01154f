// Commands that edit one node in place: a parameter value (merged while the
// user types) and the name.
#pragma once

#include "ui/editor/commands/DocumentCommand.h"

namespace layerlab::ui {

// Sets one parameter. Undo restores the graph snapshot from before the first
// change of the merged run (a parameter that was unset is unset again).
// Merges with the next SetParamCommand on the same node and key made in the
// same edit session (GraphDocument::closeEditSession() starts a new one).
class SetParamCommand : public DocumentCommand {
public:
    // requires: the graph accepts the value.
    SetParamCommand(GraphDocument* doc, NodeId node, std::string key, core::ParamValue value);
    void redo() override;
    void undo() override;
    int id() const override { return kSetParamCommandId; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    NodeId node_;
    std::string key_;
    core::ParamValue value_;
    core::Graph before_;
    int session_;
};

// requires (when pushed): the graph accepts the new name.
class RenameNodeCommand : public DocumentCommand {
public:
    RenameNodeCommand(GraphDocument* doc, NodeId node, std::string name);
    void redo() override;
    void undo() override;

private:
    NodeId node_;
    std::string oldName_, newName_;
};

}  // namespace layerlab::ui
