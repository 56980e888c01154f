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
//  - dropping LayerPalette::kMimeType data: addNodeAt(type, drop point), one
//    undo step "Add Dense"; other MIME data is left to the items (ignored).
//
// Thread: GUI thread only. The document must outlive the scene.
#pragma once

#include "core/graph/graph.h"

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

    // Adds a layer of registry `type` centred at scenePos (palette drop,
    // double-click) and selects it. Returns the error text, empty on success.
    QString addNodeAt(const QString& type, QPointF scenePos);
    // Deletes the selection (nodes, then edges not touching them); one
    // undo step per kind.
    void deleteSelection();
    // Why the last connection gesture was refused; empty when it succeeded.
    QString lastRefusal() const { return lastRefusal_; }

signals:
    // A connection gesture was refused (also shown as a tooltip at the cursor).
    void connectionRefused(const QString& reason);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* e) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent* e) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;
    void dragEnterEvent(QGraphicsSceneDragDropEvent* e) override;
    void dragMoveEvent(QGraphicsSceneDragDropEvent* e) override;
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
    // The input port at scenePos; a drop on a node body picks its first free
    // input (or port 0). nullopt-like {0,-1} when nothing is there.
    std::pair<core::NodeId, int> inputAt(QPointF scenePos) const;
    void finishConnection(QGraphicsSceneMouseEvent* e);

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
};

}  // namespace layerlab::ui
