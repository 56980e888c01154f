// DocumentCommand: the base of every GraphDocument undo command. A command
// records ids and values (never graphics items or pointers into the graph)
// and changes the document only through the document's private apply*
// primitives, forwarded here; it calls finish() at the end of redo()/undo()
// so shapes and the summary are recomputed once per step.
#pragma once

#include "ui/editor/GraphDocument.h"

#include <QUndoCommand>

namespace layerlab::ui {

// Merge ids (QUndoCommand::id) of the commands that merge.
enum CommandId : int { kMoveCommandId = 1, kSetParamCommandId = 2 };

class DocumentCommand : public QUndoCommand {
public:
    explicit DocumentCommand(GraphDocument* doc, const QString& text = {});

protected:
    GraphDocument* document() const { return doc_; }
    const core::Graph& graph() const { return doc_->graph(); }
    int editSession() const { return doc_->editSession_; }

    // Forwarders to the document's primitives. They only fail when a command
    // is replayed on a state it was not made for (a bug): check() logs it.
    void addNode(const core::Node& node) { check(doc_->applyAddNode(node)); }
    void removeNode(NodeId id) { check(doc_->applyRemoveNode(id)); }
    void connectEdge(const core::Edge& e) { check(doc_->applyConnect(e)); }
    void disconnectEdge(const core::Edge& e) { check(doc_->applyDisconnect(e.to, e.toPort)); }
    void setPosition(NodeId id, core::Point p) { check(doc_->applySetPosition(id, p)); }
    void setParam(NodeId id, const std::string& key, const core::ParamValue& v) {
        check(doc_->applySetParam(id, key, v));
    }
    void rename(NodeId id, const std::string& name) { check(doc_->applyRename(id, name)); }
    void restoreGraph(const core::Graph& g) { doc_->applyGraph(g); }
    void setTraining(const core::TrainConfig& c) { doc_->applyTraining(c); }
    void setDataSource(const core::DataSource& d) { doc_->applyDataSource(d); }
    void replaceWeights(std::optional<core::Weights> w) { doc_->applyWeights(std::move(w)); }
    void finish() { doc_->refresh(); }

private:
    void check(const core::Status& s) const;

    GraphDocument* doc_;
};

// "dense_1" for messages and command texts ("node #7" when unknown).
QString nodeLabel(const core::Graph& graph, NodeId id);
// "dense_1" for one node, "3 layers" for more.
QString layersLabel(const core::Graph& graph, const QList<NodeId>& ids);

}  // namespace layerlab::ui
