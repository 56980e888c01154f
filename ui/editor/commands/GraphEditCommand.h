// GraphEditCommand: one composite edit of the graph as a single undo step
// (add a block of layers, insert a layer into an edge, add-and-connect,
// disconnect a layer). It holds the graph before and after as values (ids,
// names, params, positions, edges); redo and undo replace the graph, and the
// document emits the fine-grained signals for what differs.
#pragma once

#include "ui/editor/commands/DocumentCommand.h"

namespace layerlab::ui {

class GraphEditCommand : public DocumentCommand {
public:
    // requires: after was derived from doc's current graph by core::Graph's
    // own (checked) mutations.
    GraphEditCommand(GraphDocument* doc, core::Graph after, const QString& text);
    void redo() override;
    void undo() override;

private:
    core::Graph before_, after_;
};

}  // namespace layerlab::ui
