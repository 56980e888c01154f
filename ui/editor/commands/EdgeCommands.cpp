#include "ui/editor/commands/EdgeCommands.h"

#include <QCoreApplication>

namespace layerlab::ui {

QString edgeLabel(const core::Graph& graph, const core::Edge& edge) {
    QString s = nodeLabel(graph, edge.from) + QStringLiteral(" \u2192 ") + nodeLabel(graph, edge.to);
    if (edge.toPort > 0) s += QCoreApplication::translate("EdgeCommands", " (input %1)").arg(edge.toPort + 1);
    return s;
}

ConnectCommand::ConnectCommand(GraphDocument* doc, core::Edge edge)
    : DocumentCommand(doc, QCoreApplication::translate("ConnectCommand", "Connect ") + edgeLabel(doc->graph(), edge)), edge_(edge) {}

void ConnectCommand::redo() {
    connectEdge(edge_);
    finish();
}

void ConnectCommand::undo() {
    disconnectEdge(edge_);
    finish();
}

DisconnectCommand::DisconnectCommand(GraphDocument* doc, core::Edge edge)
    : DocumentCommand(doc, QCoreApplication::translate("DisconnectCommand", "Disconnect ") + edgeLabel(doc->graph(), edge)), edge_(edge) {}

void DisconnectCommand::redo() {
    disconnectEdge(edge_);
    finish();
}

void DisconnectCommand::undo() {
    connectEdge(edge_);
    finish();
}

}  // namespace layerlab::ui
