// MoveNodesCommand: sets node positions; remembers each node's position from
// before the first move. Moves of one drag (same dragId >= 0) merge into one
// step; auto-layout uses it with dragId -1 (never merges).
#pragma once

#include "ui/editor/commands/DocumentCommand.h"

#include <map>
#include <utility>

namespace layerlab::ui {

class MoveNodesCommand : public DocumentCommand {
public:
    // requires: every id exists. text empty -> "Move dense_1" / "Move 3 layers".
    MoveNodesCommand(GraphDocument* doc, const std::map<NodeId, core::Point>& positions, int dragId,
                     const QString& text = {});
    void redo() override;
    void undo() override;
    int id() const override { return dragId_ >= 0 ? kMoveCommandId : -1; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    void updateText();

    std::map<NodeId, std::pair<core::Point, core::Point>> moves_;  // id -> (before, after)
    int dragId_;
    bool customText_;
};

}  // namespace layerlab::ui
