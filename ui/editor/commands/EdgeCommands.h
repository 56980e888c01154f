// Commands that add or remove one edge. Edges are values (from, to, port);
// the graph keeps them in canonical order, so undo restores them exactly.
#pragma once

#include "ui/editor/commands/DocumentCommand.h"

namespace layerlab::ui {

// requires (when pushed): the graph accepts the edge.
class ConnectCommand : public DocumentCommand {
public:
    ConnectCommand(GraphDocument* doc, core::Edge edge);
    void redo() override;
    void undo() override;

private:
    core::Edge edge_;
};

// requires (when pushed): the edge exists.
class DisconnectCommand : public DocumentCommand {
public:
    DisconnectCommand(GraphDocument* doc, core::Edge edge);
    void redo() override;
    void undo() override;

private:
    core::Edge edge_;
};

// "dense_1 → relu_1" (with "(input 2)" for ports after the first).
QString edgeLabel(const core::Graph& graph, const core::Edge& edge);

}  // namespace layerlab::ui
