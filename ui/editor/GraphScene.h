// GraphScene: the canvas model. It mirrors one GraphDocument: it creates,
// removes and updates NodeItems and EdgeItems from the document's signals
// (by id) and rebuilds everything on reset(). It never mutates the graph
// itself; user gestures become GraphDocument calls, so each is undoable:
//  - dragging nodes: moveNodes() for every selected node with one dragId per
//    gesture (one undo step per drag); the items move when nodeMoved arrives;
//  - dragging from an output port to an input port: connectNodes(); a refusal
//    is shown at the cursor and kept in lastRefusal(); a rubber line follows
//    the mouse meanwhile;
//  - Delete/Backspace: removeNodes() for selected nodes, disconnectInput()
//    for selected edges;
//  - dropping LayerPalette::kMimeType data (a palette key: a layer type or a
//    block, LayerBlocks.h): addNodeAt(key, drop point), one undo step "Add
//    Dense" / "Add Dense + ReLU"; dropped on an edge, the layers are inserted
//    into it ("Insert ReLU"), the edge highlighted while the drag hovers it
//    (red, with the reason at the cursor, when the shapes do not fit: then
//    the drop is refused); other MIME data is left to the items (ignored).
// Ports and edges follow the way the graph flows (core::flowDirection of the
// positions: top to bottom, or left to right after such a layout).
//
// Thread: GUI thread only. The document must outlive the scene.
#pragma once

#include "core/graph/graph.h"
#include "core/viz/graph_layout.h"

#include <QGraphicsScene>
#include <QMap>
#include <QPointF>
#include <QString>

#include <map>
#include <utility>

class QGraphicsLineItem;

namespace layerlab::ui {

class EdgeItem;
class GraphDocument;
class NodeItem;
class PortItem;

class GraphScene : public QGraphicsScene {
    Q_OBJECT

public:
    explicit GraphScene(GraphDocument* doc, QObject* parent = nullptr);

    GraphDocument* document() const { return doc_; }
    NodeItem* nodeItem(core::NodeId id) const;
    // The edge into (to, port), or nullptr.
    EdgeItem* edgeItem(core::NodeId to, int port) const;
    int nodeItemCount() const { return static_cast<int>(nodes_.size()); }
    int edgeItemCount() const { return static_cast<int>(edges_.size()); }
    // Ids of the selected nodes, in graph order.
    QList<core::NodeId> selectedNodeIds() const;

    // Adds the layers of palette key `key` (a registry type or a block), the
    // first centred at scenePos, and selects the last. Returns the error
    // text, empty on success.
    QString addNodeAt(const QString& key, QPointF scenePos);
    // The edge whose line (or label) is at scenePos, when no node is on top; or nullptr.
    EdgeItem* edgeAt(QPointF scenePos) const;
    // Deletes the selection (nodes, then edges not touching them); one
    // undo step per kind.
    void deleteSelection();
    // Why the last connection gesture was refused; empty when it succeeded.
    QString lastRefusal() const { return lastRefusal_; }
    // The direction the drawn graph flows in (ports sit on its sides).
    core::LayoutDirection flow() const { return flow_; }

signals:
    // A connection or an insertion into an edge was refused (also shown as a
    // tooltip at the cursor).
    void connectionRefused(const QString& reason);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* e) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent* e) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;
    void dragEnterEvent(QGraphicsSceneDragDropEvent* e) override;
    void dragMoveEvent(QGraphicsSceneDragDropEvent* e) override;
    void dragLeaveEvent(QGraphicsSceneDragDropEvent* e) override;
    void dropEvent(QGraphicsSceneDragDropEvent* e) override;

private:
    void rebuild();
    void onNodeAdded(core::NodeId id);
    void onNodeRemoved(core::NodeId id);
    void onNodeChanged(core::NodeId id);
    void onNodeMoved(core::NodeId id, QPointF topLeft);
    void onEdgeAdded(const core::Edge& edge);
    void onEdgeRemoved(const core::Edge& edge);
    void onShapesChanged();
    void placeEdge(EdgeItem* edge) const;
    void placeEdgesOf(core::NodeId id) const;
    void growSceneRect();
    // Re-reads flowDirection(); on a change moves every port and edge.
    void updateFlow();
    // The input port at scenePos; a drop on a node body picks its first free
    // input (or port 0). nullopt-like {0,-1} when nothing is there.
    std::pair<core::NodeId, int> inputAt(QPointF scenePos) const;
    void finishConnection(QGraphicsSceneMouseEvent* e);
    // The edge a palette drag hovers: highlighted, and why an insert is refused (empty: it fits).
    QString hoverEdge(const QString& key, QPointF scenePos);
    void refuse(const QString& reason, QPoint screenPos);

    GraphDocument* doc_;
    std::map<core::NodeId, NodeItem*> nodes_;
    std::map<std::pair<core::NodeId, int>, EdgeItem*> edges_;  // key: (to, port)

    // node drag in progress
    bool dragging_ = false;
    int dragId_ = -1;
    QPointF pressPos_;
    QMap<core::NodeId, QPointF> dragStart_;
    // connection drag in progress
    core::NodeId connectFrom_ = 0;
    QGraphicsLineItem* rubber_ = nullptr;
    QString lastRefusal_;
    EdgeItem* hovered_ = nullptr;  // edge highlighted by a palette drag
    core::LayoutDirection flow_ = core::LayoutDirection::TopToBottom;
};

}  // namespace layerlab::ui
