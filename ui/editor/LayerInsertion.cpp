#include "ui/editor/LayerInsertion.h"

#include "ui/editor/LayerBlocks.h"
#include "ui/editor/Placement.h"

#include <algorithm>

#include <QCoreApplication>

namespace layerlab::ui {

namespace {

QString insertText(const LayerChain& chain) { return QCoreApplication::translate("LayerInsertion", "Insert ") + chainLabel(chain); }

QPointF underNode(const core::Node& n) { return {n.position.x, n.position.y + core::kNodeBoxHeight + kLayerGap}; }

}  // namespace

ChainEdit insertOnEdgeEdit(const GraphDocument& doc, const core::Edge& edge, const LayerChain& chain,
                           std::optional<QPointF> anchor) {
    ChainEdit e;
    e.layers = chain;
    e.from = edge.from;
    e.into = {edge};
    e.text = insertText(chain);
    if (const core::Node* from = doc.graph().node(edge.from)) {
        e.topLeft = underNode(*from);
        if (anchor) {
            e.topLeft.setX(anchor->x() - core::kNodeBoxWidth / 2);
            e.topLeft.setY(std::max(e.topLeft.y(), anchor->y() - core::kNodeBoxHeight / 2));
        }
    }
    e.moves = placement::roomBelow(doc.graph(), e.topLeft, int(chain.size()), {edge.to});
    return e;
}

ChainEdit insertAfterEdit(const GraphDocument& doc, NodeId node, const LayerChain& chain) {
    const core::Graph& g = doc.graph();
    QList<NodeId> heads;
    ChainEdit e;
    for (const core::Edge& edge : g.edges())
        if (edge.from == node) {
            e.into << edge;
            if (!heads.contains(edge.to)) heads << edge.to;
        }
    if (e.into.isEmpty()) return appendBelowEdit(doc, node, chain);
    e.layers = chain;
    e.from = node;
    e.text = insertText(chain);
    if (const core::Node* n = g.node(node)) e.topLeft = underNode(*n);
    e.moves = placement::roomBelow(g, e.topLeft, int(chain.size()), heads);
    return e;
}

ChainEdit appendBelowEdit(const GraphDocument& doc, NodeId node, const LayerChain& chain) {
    ChainEdit e;
    e.layers = chain;
    e.from = node;
    e.topLeft = placement::belowNode(doc.graph(), node, int(chain.size()));
    return e;
}

ChainEdit addNearEdit(const GraphDocument& doc, QPointF centre, const LayerChain& chain) {
    ChainEdit e;
    e.layers = chain;
    e.topLeft = placement::near(doc.graph(), centre, int(chain.size()));
    return e;
}

}  // namespace layerlab::ui
