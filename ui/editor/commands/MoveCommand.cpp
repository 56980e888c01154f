#include "ui/editor/commands/MoveCommand.h"

#include <QCoreApplication>

namespace layerlab::ui {

MoveNodesCommand::MoveNodesCommand(GraphDocument* doc, const std::map<NodeId, core::Point>& positions, int dragId,
                                   const QString& text)
    : DocumentCommand(doc, text), dragId_(dragId), customText_(!text.isEmpty()) {
    for (const auto& [id, p] : positions) moves_[id] = {doc->graph().node(id)->position, p};
    updateText();
}

void MoveNodesCommand::updateText() {
    if (customText_) return;
    QList<NodeId> ids;
    for (const auto& m : moves_) ids.append(m.first);
    setText(QCoreApplication::translate("MoveNodesCommand", "Move %1").arg(layersLabel(graph(), ids)));
}

void MoveNodesCommand::redo() {
    for (const auto& [id, m] : moves_) setPosition(id, m.second);
    finish();
}

void MoveNodesCommand::undo() {
    for (const auto& [id, m] : moves_) setPosition(id, m.first);
    finish();
}

bool MoveNodesCommand::mergeWith(const QUndoCommand* other) {
    const auto* o = dynamic_cast<const MoveNodesCommand*>(other);
    if (!o || o->dragId_ != dragId_ || dragId_ < 0) return false;
    // Keep our "before"; take their "after"; nodes new to the drag bring their own "before".
    for (const auto& [id, m] : o->moves_) {
        auto it = moves_.find(id);
        if (it == moves_.end()) moves_[id] = m;
        else it->second.second = m.second;
    }
    updateText();
    return true;
}

}  // namespace layerlab::ui
