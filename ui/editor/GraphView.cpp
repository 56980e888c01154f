#include "ui/editor/GraphView.h"

#include "ui/editor/NodeItem.h"

#include <QDropEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPointer>
#include <QScrollBar>
#include <QTimer>

namespace layerlab::ui {

GraphView::GraphView(QGraphicsScene* scene, QWidget* parent) : ZoomableView(scene, parent) {
    setDragMode(QGraphicsView::RubberBandDrag);
    setRubberBandSelectionMode(Qt::IntersectsItemShape);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setAcceptDrops(true);  // layer palette drops; GraphScene decides what to accept
}

void GraphView::resetZoom() {
    setTransform(QTransform::fromScale(displayScale(), displayScale()));
    emit zoomChanged(zoom());
}

double GraphView::readableZoom() const { return kReadableTextPx * displayScale() / NodeItem::kSmallestTextPx; }

void GraphView::fitToView() {
    if (!scene()) return;
    const QRectF items = scene()->itemsBoundingRect();
    if (items.isEmpty()) return;
    QRectF selected, start;
    for (QGraphicsItem* item : scene()->items()) {
        if (item->type() != NodeItem::Type) continue;
        const QRectF r = item->sceneBoundingRect();
        if (item->isSelected()) selected |= r;
        if (static_cast<NodeItem*>(item)->inputCount() == 0) start |= r;
    }
    fitReadable(items.adjusted(-30, -30, 30, 30), selected.isNull() ? start : selected, readableZoom(), displayScale());
}

void GraphView::keyPressEvent(QKeyEvent* e) {
    if (e->key() == Qt::Key_Space && !e->isAutoRepeat()) {
        spaceHeld_ = true;
        viewport()->setCursor(Qt::OpenHandCursor);
        e->accept();
        return;
    }
    ZoomableView::keyPressEvent(e);
}

void GraphView::keyReleaseEvent(QKeyEvent* e) {
    if (e->key() == Qt::Key_Space && !e->isAutoRepeat()) {
        spaceHeld_ = false;
        if (!panning_) viewport()->unsetCursor();
        e->accept();
        return;
    }
    QGraphicsView::keyReleaseEvent(e);
}

void GraphView::mousePressEvent(QMouseEvent* e) {
    if (e->button() == Qt::MiddleButton || (e->button() == Qt::LeftButton && spaceHeld_)) {
        panning_ = true;
        panLast_ = e->position().toPoint();
        viewport()->setCursor(Qt::ClosedHandCursor);
        e->accept();
        return;
    }
    QGraphicsView::mousePressEvent(e);
}

void GraphView::mouseMoveEvent(QMouseEvent* e) {
    if (panning_) {
        const QPoint p = e->position().toPoint();
        const QPoint d = p - panLast_;
        panLast_ = p;
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - d.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - d.y());
        e->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(e);
}

void GraphView::mouseReleaseEvent(QMouseEvent* e) {
    if (panning_ && (e->button() == Qt::MiddleButton || e->button() == Qt::LeftButton)) {
        panning_ = false;
        if (spaceHeld_)
            viewport()->setCursor(Qt::OpenHandCursor);
        else
            viewport()->unsetCursor();
        e->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(e);
}

void GraphView::keepUnder(QPointF anchor, QPoint at) {
    const QPoint off = mapFromScene(anchor) - at;
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() + off.x());
    verticalScrollBar()->setValue(verticalScrollBar()->value() + off.y());
}

void GraphView::dropEvent(QDropEvent* e) {
    const QPoint at = e->position().toPoint();
    const QPointF anchor = mapToScene(at);
    // While the scene is smaller than the viewport it is centred, so growing
    // it moves everything on screen: first make it cover what is visible.
    if (scene()) scene()->setSceneRect(scene()->sceneRect().united(mapToScene(viewport()->rect()).boundingRect()));
    keepUnder(anchor, at);  // the drop lands on the point the user saw (an edge to insert into)
    QGraphicsView::dropEvent(e);
    keepUnder(anchor, at);
    // Scroll bars that appear with the grown scene shrink the viewport; correct again then.
    QPointer<GraphView> self(this);
    QTimer::singleShot(0, this, [self, anchor, at] {
        if (self) self->keepUnder(anchor, at);
    });
}

}  // namespace layerlab::ui
