// Commands that add or remove whole nodes: add one layer, delete a
// selection (restored from a snapshot on undo), paste/duplicate a group.
#pragma once

#include "ui/editor/commands/DocumentCommand.h"

#include <vector>

namespace layerlab::ui {

// Adds one fully specified node (id and name decided when the command was
// made, so redo recreates exactly the same node). Undo removes it.
class AddNodeCommand : public DocumentCommand {
public:
    AddNodeCommand(GraphDocument* doc, core::Node node);
    void redo() override;
    void undo() override;

private:
    core::Node node_;
};

// Removes nodes and their edges. Undo puts back the graph snapshot taken
// before the first redo: same ids, names, params, positions, node order, edges.
class RemoveNodesCommand : public DocumentCommand {
public:
    // requires: every id exists in doc's graph.
    RemoveNodesCommand(GraphDocument* doc, QList<NodeId> ids);
    void redo() override;
    void undo() override;

private:
    QList<NodeId> ids_;
    core::Graph before_;
};

// Adds a group of fully specified nodes and the edges among them (paste,
// duplicate). Undo removes them (newest first), which restores the order.
class AddNodesCommand : public DocumentCommand {
public:
    AddNodesCommand(GraphDocument* doc, std::vector<core::Node> nodes, std::vector<core::Edge> edges,
                    const QString& text);
    void redo() override;
    void undo() override;

private:
    std::vector<core::Node> nodes_;
    std::vector<core::Edge> edges_;
};

}  // namespace layerlab::ui
