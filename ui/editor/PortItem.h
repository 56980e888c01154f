// PortItem: a small circle on a NodeItem where edges attach. Input ports sit
// on the node's top edge (one per input, `index` 0-based), the single output
// port at the bottom centre. Ports carry ids and indices only; GraphScene
// reads them to turn a port-to-port drag into GraphDocument::connectNodes.
#pragma once

#include "core/graph/graph.h"

#include <QGraphicsEllipseItem>

namespace layerlab::ui {

class PortItem : public QGraphicsEllipseItem {
public:
    enum { Type = QGraphicsItem::UserType + 3 };
    static constexpr double kRadius = 6.0;

    // parent: the NodeItem; centre: in the parent's coordinates.
    PortItem(core::NodeId node, bool isInput, int index, QPointF centre, QGraphicsItem* parent);

    int type() const override { return Type; }
    core::NodeId nodeId() const { return node_; }
    bool isInput() const { return input_; }
    int index() const { return index_; }   // input port number; 0 for the output
    // The attachment point, in scene coordinates.
    QPointF sceneCentre() const { return mapToScene(rect().center()); }
    // A larger circle than drawn, so ports are easy to hit.
    QPainterPath shape() const override;

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent* e) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent* e) override;

private:
    core::NodeId node_;
    bool input_;
    int index_;
};

}  // namespace layerlab::ui
