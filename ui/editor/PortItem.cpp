#include "ui/editor/PortItem.h"

#include <QCoreApplication>
#include <QBrush>
#include <QCursor>
#include <QPainterPath>
#include <QPen>

namespace layerlab::ui {

namespace {
const QColor kPortFill(250, 250, 250);
const QColor kPortHover(255, 200, 60);
}  // namespace

PortItem::PortItem(core::NodeId node, bool isInput, int index, QPointF centre, QGraphicsItem* parent)
    : QGraphicsEllipseItem(QRectF(centre.x() - kRadius, centre.y() - kRadius, 2 * kRadius, 2 * kRadius), parent),
      node_(node), input_(isInput), index_(index) {
    setPen(QPen(QColor(70, 70, 80), 1.5));
    setBrush(kPortFill);
    setAcceptHoverEvents(true);
    setCursor(isInput ? Qt::ArrowCursor : Qt::CrossCursor);
    setToolTip(isInput ? QCoreApplication::translate("PortItem", "Input %1: drop a connection here").arg(index + 1)
                       : QCoreApplication::translate("PortItem", "Output: drag to an input port to connect"));
    setZValue(1);
}

QPainterPath PortItem::shape() const {
    QPainterPath p;
    p.addEllipse(rect().center(), kRadius * 1.8, kRadius * 1.8);
    return p;
}

void PortItem::hoverEnterEvent(QGraphicsSceneHoverEvent* e) {
    setBrush(kPortHover);
    QGraphicsEllipseItem::hoverEnterEvent(e);
}

void PortItem::hoverLeaveEvent(QGraphicsSceneHoverEvent* e) {
    setBrush(kPortFill);
    QGraphicsEllipseItem::hoverLeaveEvent(e);
}

}  // namespace layerlab::ui
