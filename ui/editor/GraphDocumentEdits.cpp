// GraphDocument's composite edits: several graph changes that are one idea
// for the user (a layer with its activation, an insertion into an edge, a
// layer added below another and connected to it) and so one undo step.
#include "ui/editor/GraphDocument.h"

#include "ui/editor/LayerBlocks.h"
#include "ui/editor/commands/DocumentCommand.h"
#include "ui/editor/commands/GraphEditCommand.h"

#include <QUndoStack>

#include <set>

namespace layerlab::ui {

core::Status GraphDocument::shapeRefusal(const core::Graph& trial, const core::ShapeReport& report, NodeId to) {
    const core::Diagnostic* d = report.diagnosticFor(to);
    if (!d) return {};
    for (int p = 0; p < trial.inputCount(to); ++p) {
        const core::Edge* in = trial.inputEdge(to, p);
        if (!in || !report.shapeOf(in->from)) return {};  // not judged: an input is missing or broken upstream
    }
    return core::makeError(d->message);
}

core::Result<core::Graph> GraphDocument::buildChain(const ChainEdit& edit, QList<NodeId>* ids) const {
    if (edit.layers.isEmpty()) return core::makeError("nothing to add");
    core::Graph trial = graph();
    if (edit.from && !trial.contains(edit.from)) return core::makeError("no node with id " + std::to_string(edit.from));
    for (const core::Edge& e : edit.into) {
        if (!trial.contains(e.to)) return core::makeError("no node with id " + std::to_string(e.to));
        if (trial.inputEdge(e.to, e.toPort)) {
            if (auto s = trial.disconnect(e.to, e.toPort); !s) return s.error();
        }
    }
    QList<NodeId> added;
    QPointF at = edit.topLeft;
    for (const LayerSpec& spec : edit.layers) {
        auto id = trial.addNode(spec.type.toStdString(), spec.params, toPoint(at));
        if (!id) return id.error();
        added << *id;
        at.ry() += core::kNodeBoxHeight + kLayerGap;
    }
    for (int i = 1; i < added.size(); ++i)
        if (auto s = trial.connect(added[i - 1], added[i], 0); !s) return s.error();
    if (edit.from)
        if (auto s = trial.connect(edit.from, added.front(), 0); !s) return s.error();
    for (const core::Edge& e : edit.into)
        if (auto s = trial.connect(added.back(), e.to, e.toPort); !s) return s.error();
    for (auto it = edit.moves.begin(); it != edit.moves.end(); ++it)
        if (auto s = trial.setPosition(it.key(), toPoint(it.value())); !s) return s.error();
    // Refuse a shape that does not fit because of this edit: a node that has
    // a diagnostic now and did not before, with all of its inputs shaped.
    const core::ShapeReport report = core::inferShapes(trial);
    for (const core::Diagnostic& d : report.diagnostics) {
        if (const core::Diagnostic* old = shapes_.diagnosticFor(d.node); old && old->message == d.message) continue;
        if (auto s = shapeRefusal(trial, report, d.node); !s) return s.error();
    }
    if (ids) *ids = added;
    return trial;
}

core::Status GraphDocument::checkChain(const ChainEdit& edit) const {
    auto trial = buildChain(edit, nullptr);
    if (!trial) return trial.error();
    return {};
}

core::Result<QList<NodeId>> GraphDocument::addChain(const ChainEdit& edit) {
    QList<NodeId> ids;
    auto trial = buildChain(edit, &ids);
    if (!trial) return trial.error();
    const QString text = edit.text.isEmpty() ? tr("Add ") + chainLabel(edit.layers) : edit.text;
    undo_->push(new GraphEditCommand(this, std::move(trial).value(), text));
    return ids;
}

core::Status GraphDocument::disconnectNode(NodeId id) {
    if (!graph().contains(id)) {
        core::Error e = core::makeError("no node with id " + std::to_string(id));
        e.node = id;
        return e;
    }
    core::Graph trial = graph();
    std::set<std::pair<NodeId, int>> inputs;
    for (const core::Edge& e : graph().edges())
        if (e.from == id || e.to == id) inputs.insert({e.to, e.toPort});
    if (inputs.empty()) return {};
    for (const auto& [to, port] : inputs)
        if (auto s = trial.disconnect(to, port); !s) return s;
    undo_->push(new GraphEditCommand(this, std::move(trial), tr("Disconnect ") + nodeLabel(graph(), id)));
    return {};
}

}  // namespace layerlab::ui
