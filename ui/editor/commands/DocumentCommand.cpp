#include "ui/editor/commands/DocumentCommand.h"

#include <QCoreApplication>
#include <QtDebug>

namespace layerlab::ui {

DocumentCommand::DocumentCommand(GraphDocument* doc, const QString& text) : doc_(doc) { setText(text); }

void DocumentCommand::check(const core::Status& s) const {
    if (!s) qWarning("undo command '%s' failed: %s", qPrintable(text()), s.error().message.c_str());
    Q_ASSERT(s.ok());
}

QString nodeLabel(const core::Graph& graph, NodeId id) {
    if (const core::Node* n = graph.node(id)) return QString::fromStdString(n->name);
    return QCoreApplication::translate("DocumentCommand", "node #%1").arg(id);
}

QString layersLabel(const core::Graph& graph, const QList<NodeId>& ids) {
    if (ids.size() == 1) return nodeLabel(graph, ids.front());
    return QCoreApplication::translate("DocumentCommand", "%1 layers").arg(ids.size());
}

}  // namespace layerlab::ui
