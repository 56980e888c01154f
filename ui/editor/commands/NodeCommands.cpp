#include "ui/editor/commands/NodeCommands.h"

#include <QCoreApplication>

namespace layerlab::ui {

AddNodeCommand::AddNodeCommand(GraphDocument* doc, core::Node node)
    : DocumentCommand(doc, QCoreApplication::translate("AddNodeCommand", "Add %1").arg(QString::fromStdString(node.type))), node_(std::move(node)) {}

void AddNodeCommand::redo() {
    addNode(node_);
    finish();
}

void AddNodeCommand::undo() {
    removeNode(node_.id);
    finish();
}

RemoveNodesCommand::RemoveNodesCommand(GraphDocument* doc, QList<NodeId> ids)
    : DocumentCommand(doc), ids_(std::move(ids)), before_(doc->graph()) {
    setText(QCoreApplication::translate("RemoveNodesCommand", "Delete %1").arg(layersLabel(before_, ids_)));
}

void RemoveNodesCommand::redo() {
    for (NodeId id : ids_) removeNode(id);
    finish();
}

void RemoveNodesCommand::undo() {
    restoreGraph(before_);
    finish();
}

AddNodesCommand::AddNodesCommand(GraphDocument* doc, std::vector<core::Node> nodes, std::vector<core::Edge> edges,
                                 const QString& text)
    : DocumentCommand(doc, text), nodes_(std::move(nodes)), edges_(std::move(edges)) {}

void AddNodesCommand::redo() {
    for (const auto& n : nodes_) addNode(n);
    for (const auto& e : edges_) connectEdge(e);
    finish();
}

void AddNodesCommand::undo() {
    for (auto it = nodes_.rbegin(); it != nodes_.rend(); ++it) removeNode(it->id);
    finish();
}

}  // namespace layerlab::ui
