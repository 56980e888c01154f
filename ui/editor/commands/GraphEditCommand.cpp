#include "ui/editor/commands/GraphEditCommand.h"

namespace layerlab::ui {

GraphEditCommand::GraphEditCommand(GraphDocument* doc, core::Graph after, const QString& text)
    : DocumentCommand(doc, text), before_(doc->graph()), after_(std::move(after)) {}

void GraphEditCommand::redo() {
    restoreGraph(after_);
    finish();
}

void GraphEditCommand::undo() {
    restoreGraph(before_);
    finish();
}

}  // namespace layerlab::ui
