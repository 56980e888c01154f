#include "ui/editor/GraphScene.h"

#include "core/layers/layer_registry.h"
#include "core/viz/graph_layout.h"
#include "ui/editor/EdgeItem.h"
#include "ui/editor/GraphDocument.h"
#include "ui/editor/LayerBlocks.h"
#include "ui/editor/LayerInsertion.h"
#include "ui/editor/LayerPalette.h"
#include "ui/editor/NodeItem.h"
#include "ui/editor/PortItem.h"

#include <QGraphicsLineItem>
#include <QGraphicsSceneDragDropEvent>
#include <QGraphicsSceneMouseEvent>
#include <QKeyEvent>
#include <QMimeData>
#include <QPen>
#include <QToolTip>

namespace layerlab::ui {

GraphScene::GraphScene(GraphDocument* doc, QObject* parent) : QGraphicsScene(parent), doc_(doc) {
    setBackgroundBrush(QColor(244, 246, 249));
    connect(doc_, &GraphDocument::nodeAdded, this, &GraphScene::onNodeAdded);
    connect(doc_, &GraphDocument::nodeRemoved, this, &GraphScene::onNodeRemoved);
    connect(doc_, &GraphDocument::nodeChanged, this, &GraphScene::onNodeChanged);
    connect(doc_, &GraphDocument::nodeMoved, this, &GraphScene::onNodeMoved);
    connect(doc_, &GraphDocument::edgeAdded, this, &GraphScene::onEdgeAdded);
    connect(doc_, &GraphDocument::edgeRemoved, this, &GraphScene::onEdgeRemoved);
    connect(doc_, &GraphDocument::shapesChanged, this, &GraphScene::onShapesChanged);
    connect(doc_, &GraphDocument::reset, this, &GraphScene::rebuild);
    rebuild();
}

NodeItem* GraphScene::nodeItem(core::NodeId id) const {
    auto it = nodes_.find(id);
    return it == nodes_.end() ? nullptr : it->second;
}

EdgeItem* GraphScene::edgeItem(core::NodeId to, int port) const {
    auto it = edges_.find({to, port});
    return it == edges_.end() ? nullptr : it->second;
}

QList<core::NodeId> GraphScene::selectedNodeIds() const {
    QList<core::NodeId> ids;
    for (const core::Node& n : doc_->graph().nodes())
        if (NodeItem* item = nodeItem(n.id); item && item->isSelected()) ids << n.id;
    return ids;
}

// ---- mirroring the document ----

void GraphScene::rebuild() {
    hovered_ = nullptr;
    dragging_ = false;
    dragStart_.clear();
    connectFrom_ = 0;
    delete rubber_;
    rubber_ = nullptr;
    // Deleting a selected item emits selectionChanged, whose listeners look
    // items up by id: empty the maps before the items go.
    for (auto& [key, item] : std::exchange(edges_, {})) delete item;
    for (auto& [id, item] : std::exchange(nodes_, {})) delete item;
    flow_ = core::flowDirection(doc_->graph());
    for (const core::Node& n : doc_->graph().nodes()) onNodeAdded(n.id);
    for (const core::Edge& e : doc_->graph().edges()) onEdgeAdded(e);
    onShapesChanged();
}

void GraphScene::updateFlow() {
    const core::LayoutDirection flow = core::flowDirection(doc_->graph());
    if (flow == flow_) return;
    flow_ = flow;
    for (auto& [id, item] : nodes_) item->setFlow(flow_);
    for (auto& [key, edge] : edges_) placeEdge(edge);
}

void GraphScene::onNodeAdded(core::NodeId id) {
    if (nodes_.count(id)) return;
    auto* item = new NodeItem(*doc_, id);
    item->setFlow(flow_);
    addItem(item);
    nodes_[id] = item;
    growSceneRect();
}

void GraphScene::onNodeRemoved(core::NodeId id) {
    auto it = nodes_.find(id);
    if (it == nodes_.end()) return;
    dragStart_.remove(id);
    NodeItem* item = it->second;
    nodes_.erase(it);  // before the delete: see rebuild()
    delete item;
}

void GraphScene::onNodeChanged(core::NodeId id) {
    if (NodeItem* item = nodeItem(id)) {
        item->refresh();
        placeEdgesOf(id);
    }
}

void GraphScene::onNodeMoved(core::NodeId id, QPointF topLeft) {
    if (NodeItem* item = nodeItem(id)) {
        item->setPos(topLeft);
        placeEdgesOf(id);
        updateFlow();
    }
}

void GraphScene::onEdgeAdded(const core::Edge& edge) {
    const std::pair key{edge.to, edge.toPort};
    if (edges_.count(key)) return;
    auto* item = new EdgeItem(edge);
    addItem(item);
    edges_[key] = item;
    placeEdge(item);
    updateFlow();
}

void GraphScene::onEdgeRemoved(const core::Edge& edge) {
    auto it = edges_.find({edge.to, edge.toPort});
    if (it == edges_.end()) return;
    if (hovered_ == it->second) hovered_ = nullptr;
    delete it->second;
    edges_.erase(it);
    updateFlow();
}

void GraphScene::onShapesChanged() {
    for (auto& [id, item] : nodes_) item->refresh();
    for (auto& [key, edge] : edges_) placeEdge(edge);
    growSceneRect();
}

void GraphScene::placeEdge(EdgeItem* edge) const {
    NodeItem* from = nodeItem(edge->edge().from);
    NodeItem* to = nodeItem(edge->edge().to);
    if (!from || !to) return;
    PortItem* in = to->inputPort(edge->edge().toPort);
    const QPointF end = in ? in->sceneCentre() : to->mapToScene(QPointF(core::kNodeBoxWidth / 2, 0));
    edge->setEnds(from->outputPort()->sceneCentre(), end, flow_);
    const core::Shape* shape = doc_->shapes().shapeOf(edge->edge().from);
    edge->setLabel(shape ? QString::fromStdString(shape->toString()) : QString());
}

void GraphScene::placeEdgesOf(core::NodeId id) const {
    for (const auto& [key, edge] : edges_)
        if (edge->edge().from == id || edge->edge().to == id) placeEdge(edge);
}

void GraphScene::growSceneRect() {
    // Grow only, with a margin to pan into; never shrink under the user's feet.
    setSceneRect(sceneRect().united(itemsBoundingRect().adjusted(-400, -400, 400, 400)));
}

// ---- gestures ----

QString GraphScene::addNodeAt(const QString& key, QPointF scenePos) {
    ChainEdit edit;
    edit.layers = layersForKey(key, doc_->graph().registry());
    if (edit.layers.isEmpty()) return tr("unknown layer type \"%1\"").arg(key);
    edit.topLeft = scenePos - QPointF(core::kNodeBoxWidth / 2, core::kNodeBoxHeight / 2);
    auto r = doc_->addChain(edit);
    if (!r) return QString::fromStdString(r.error().message);
    clearSelection();
    if (NodeItem* item = nodeItem(r->back())) item->setSelected(true);
    return {};
}

EdgeItem* GraphScene::edgeAt(QPointF scenePos) const {
    for (QGraphicsItem* item : items(scenePos)) {  // topmost first: a node over an edge wins
        if (auto* edge = qgraphicsitem_cast<EdgeItem*>(item)) return edge;
        if (qgraphicsitem_cast<NodeItem*>(item) || qgraphicsitem_cast<PortItem*>(item)) return nullptr;
    }
    return nullptr;
}

void GraphScene::deleteSelection() {
    const QList<core::NodeId> ids = selectedNodeIds();
    QList<core::Edge> edges;
    for (const auto& [key, edge] : edges_)
        if (edge->isSelected() && !ids.contains(edge->edge().from) && !ids.contains(edge->edge().to))
            edges << edge->edge();
    // Ids and edges come from the mirror of the graph, so these cannot be refused.
    if (!ids.isEmpty()) (void)doc_->removeNodes(ids);
    for (const core::Edge& e : edges) (void)doc_->disconnectInput(e.to, e.toPort);
}

std::pair<core::NodeId, int> GraphScene::inputAt(QPointF scenePos) const {
    for (QGraphicsItem* item : items(scenePos)) {
        if (auto* port = qgraphicsitem_cast<PortItem*>(item); port && port->isInput())
            return {port->nodeId(), port->index()};
    }
    for (QGraphicsItem* item : items(scenePos)) {
        if (auto* node = qgraphicsitem_cast<NodeItem*>(item)) {
            for (int p = 0; p < node->inputCount(); ++p)
                if (!doc_->graph().inputEdge(node->nodeId(), p)) return {node->nodeId(), p};
            if (node->inputCount() > 0) return {node->nodeId(), 0};
            return {node->nodeId(), -1};
        }
    }
    return {0, -1};
}

void GraphScene::mousePressEvent(QGraphicsSceneMouseEvent* e) {
    if (e->button() == Qt::LeftButton) {
        auto* port = qgraphicsitem_cast<PortItem*>(itemAt(e->scenePos(), QTransform()));
        if (port && !port->isInput()) {
            connectFrom_ = port->nodeId();
            rubber_ = new QGraphicsLineItem(QLineF(port->sceneCentre(), e->scenePos()));
            rubber_->setPen(QPen(QColor(30, 120, 230), 2, Qt::DashLine, Qt::RoundCap));
            rubber_->setZValue(10);
            addItem(rubber_);
            e->accept();
            return;
        }
    }
    QGraphicsScene::mousePressEvent(e);
    if (e->button() != Qt::LeftButton) return;
    QGraphicsItem* hit = itemAt(e->scenePos(), QTransform());
    if (hit && hit->parentItem()) hit = hit->parentItem();
    if (!qgraphicsitem_cast<NodeItem*>(hit)) return;
    dragging_ = true;
    dragId_ = doc_->newDragId();
    pressPos_ = e->scenePos();
    dragStart_.clear();
    for (core::NodeId id : selectedNodeIds()) dragStart_[id] = nodeItem(id)->pos();
}

void GraphScene::mouseMoveEvent(QGraphicsSceneMouseEvent* e) {
    if (rubber_) {
        rubber_->setLine(QLineF(rubber_->line().p1(), e->scenePos()));
        e->accept();
        return;
    }
    if (dragging_ && (e->buttons() & Qt::LeftButton) && !dragStart_.isEmpty()) {
        const QPointF delta = e->scenePos() - pressPos_;
        QMap<core::NodeId, QPointF> positions;
        for (auto it = dragStart_.cbegin(); it != dragStart_.cend(); ++it) positions[it.key()] = it.value() + delta;
        (void)doc_->moveNodes(positions, dragId_);  // ids are live: nodeRemoved prunes dragStart_
        e->accept();
        return;
    }
    QGraphicsScene::mouseMoveEvent(e);
}

void GraphScene::finishConnection(QGraphicsSceneMouseEvent* e) {
    const core::NodeId from = connectFrom_;
    connectFrom_ = 0;
    delete rubber_;
    rubber_ = nullptr;
    const auto [to, port] = inputAt(e->scenePos());
    if (to == 0) return;  // dropped on empty canvas: nothing to do
    QString reason;
    if (port < 0) {
        reason = tr("%1 has no inputs").arg(QString::fromStdString(doc_->graph().describe(to)));
    } else if (auto s = doc_->connectNodes(from, to, port); !s) {
        reason = QString::fromStdString(s.error().message);
    }
    lastRefusal_ = reason;
    if (!reason.isEmpty()) refuse(reason, e->screenPos());
}

void GraphScene::mouseReleaseEvent(QGraphicsSceneMouseEvent* e) {
    if (rubber_ && e->button() == Qt::LeftButton) {
        finishConnection(e);
        e->accept();
        return;
    }
    if (e->button() == Qt::LeftButton) {
        dragging_ = false;
        dragStart_.clear();
    }
    QGraphicsScene::mouseReleaseEvent(e);
}

void GraphScene::keyPressEvent(QKeyEvent* e) {
    if (e->key() == Qt::Key_Delete || e->key() == Qt::Key_Backspace) {
        deleteSelection();
        e->accept();
        return;
    }
    QGraphicsScene::keyPressEvent(e);
}

// ---- drops from the layer palette ----

namespace {
// A palette drag of a layer type or block this document knows, that may be copied.
bool isLayerDrag(const QGraphicsSceneDragDropEvent* e, const GraphDocument& doc) {
    const QString key = LayerPalette::typeFromMimeData(e->mimeData());
    return (e->possibleActions() & Qt::CopyAction) && !layersForKey(key, doc.graph().registry()).isEmpty();
}
}  // namespace

void GraphScene::dragEnterEvent(QGraphicsSceneDragDropEvent* e) {
    if (!isLayerDrag(e, *doc_)) {
        QGraphicsScene::dragEnterEvent(e);
        return;
    }
    e->setDropAction(Qt::CopyAction);
    e->accept();
}

QString GraphScene::hoverEdge(const QString& key, QPointF scenePos) {
    EdgeItem* edge = edgeAt(scenePos);
    if (hovered_ && hovered_ != edge) hovered_->setHighlight(EdgeItem::Highlight::None);
    hovered_ = edge;
    if (!edge) return {};
    const LayerChain chain = layersForKey(key, doc_->graph().registry());
    const core::Status s = doc_->checkChain(insertOnEdgeEdit(*doc_, edge->edge(), chain, scenePos));
    edge->setHighlight(s ? EdgeItem::Highlight::Accept : EdgeItem::Highlight::Refuse);
    return s ? QString() : QString::fromStdString(s.error().message);
}

void GraphScene::refuse(const QString& reason, QPoint screenPos) {
    lastRefusal_ = reason;
    QToolTip::showText(screenPos, reason);
    emit connectionRefused(reason);
}

void GraphScene::dragMoveEvent(QGraphicsSceneDragDropEvent* e) {
    // Anywhere on the canvas, over items too: the base class would refuse
    // where no item accepts drops.
    if (!isLayerDrag(e, *doc_)) {
        QGraphicsScene::dragMoveEvent(e);
        return;
    }
    const QString refusal = hoverEdge(LayerPalette::typeFromMimeData(e->mimeData()), e->scenePos());
    if (!refusal.isEmpty()) {
        QToolTip::showText(e->screenPos(), refusal);
        e->ignore();
        return;
    }
    e->setDropAction(Qt::CopyAction);
    e->accept();
}

void GraphScene::dragLeaveEvent(QGraphicsSceneDragDropEvent* e) {
    if (hovered_) hovered_->setHighlight(EdgeItem::Highlight::None);
    hovered_ = nullptr;
    QGraphicsScene::dragLeaveEvent(e);
}

void GraphScene::dropEvent(QGraphicsSceneDragDropEvent* e) {
    if (hovered_) hovered_->setHighlight(EdgeItem::Highlight::None);
    hovered_ = nullptr;
    if (!isLayerDrag(e, *doc_)) {
        QGraphicsScene::dropEvent(e);
        return;
    }
    const QString key = LayerPalette::typeFromMimeData(e->mimeData());
    QString error;
    if (EdgeItem* edge = edgeAt(e->scenePos())) {
        const LayerChain chain = layersForKey(key, doc_->graph().registry());
        auto r = doc_->addChain(insertOnEdgeEdit(*doc_, edge->edge(), chain, e->scenePos()));
        if (r) {
            clearSelection();
            if (NodeItem* item = nodeItem(r->back())) item->setSelected(true);
            lastRefusal_.clear();
        } else {
            error = QString::fromStdString(r.error().message);
            refuse(error, e->screenPos());
        }
    } else {
        error = addNodeAt(key, e->scenePos());
        if (!error.isEmpty()) QToolTip::showText(e->screenPos(), error);
    }
    if (!error.isEmpty()) {
        e->ignore();
        return;
    }
    e->setDropAction(Qt::CopyAction);
    e->accept();
}

}  // namespace layerlab::ui
