#include "ui/editor/commands/EditNodeCommands.h"

#include <QCoreApplication>

namespace layerlab::ui {

SetParamCommand::SetParamCommand(GraphDocument* doc, NodeId node, std::string key, core::ParamValue value)
    : DocumentCommand(doc), node_(node), key_(std::move(key)), value_(std::move(value)), before_(doc->graph()),
      session_(editSession()) {
    setText(QCoreApplication::translate("SetParamCommand", "Change %1 of %2").arg(QString::fromStdString(key_), nodeLabel(before_, node_)));
}

void SetParamCommand::redo() {
    setParam(node_, key_, value_);
    finish();
}

void SetParamCommand::undo() {
    restoreGraph(before_);
    finish();
}

bool SetParamCommand::mergeWith(const QUndoCommand* other) {
    const auto* o = dynamic_cast<const SetParamCommand*>(other);
    if (!o || o->node_ != node_ || o->key_ != key_ || o->session_ != session_) return false;
    value_ = o->value_;
    return true;
}

RenameNodeCommand::RenameNodeCommand(GraphDocument* doc, NodeId node, std::string name)
    : DocumentCommand(doc), node_(node), oldName_(doc->graph().node(node)->name), newName_(std::move(name)) {
    setText(QCoreApplication::translate("RenameNodeCommand", "Rename %1 to %2").arg(QString::fromStdString(oldName_), QString::fromStdString(newName_)));
}

void RenameNodeCommand::redo() {
    rename(node_, newName_);
    finish();
}

void RenameNodeCommand::undo() {
    rename(node_, oldName_);
    finish();
}

}  // namespace layerlab::ui
