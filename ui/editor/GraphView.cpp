#include "ui/editor/GraphView.h"

#include <QDropEvent>
#include <QKeyEvent>
#include <QPointer>
#include <QTimer>
#include <QMouseEvent>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace layerlab::ui {

GraphView::GraphView(QGraphicsScene* scene, QWidget* parent) : QGraphicsView(scene, parent) {
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    setDragMode(QGraphicsView::RubberBandDrag);
    setRubberBandSelectionMode(Qt::IntersectsItemShape);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setFocusPolicy(Qt::StrongFocus);
    setAcceptDrops(true);  // layer palette drops; GraphScene decides what to accept
}

void GraphView::zoomBy(double factor) {
    const double target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
    if (std::abs(target - zoom()) < 1e-9) return;
    const double f = target / zoom();
    scale(f, f);
    emit zoomChanged(zoom());
}

void GraphView::resetZoom() {
    setTransform(QTransform());
    emit zoomChanged(zoom());
}

void GraphView::fitToView() {
    if (!scene()) return;
    const QRectF items = scene()->itemsBoundingRect();
    if (items.isEmpty()) return;
    fitInView(items.adjusted(-30, -30, 30, 30), Qt::KeepAspectRatio);
    if (zoom() > 1.0) {
        setTransform(QTransform());
        centerOn(items.center());
    }
    emit zoomChanged(zoom());
}

void GraphView::wheelEvent(QWheelEvent* e) {
    const int dy = e->angleDelta().y();
    if (dy == 0) {
        QGraphicsView::wheelEvent(e);
        return;
    }
    const ViewportAnchor old = transformationAnchor();
    setTransformationAnchor(AnchorUnderMouse);
    zoomBy(std::pow(1.0015, dy));
    setTransformationAnchor(old);
    e->accept();
}

void GraphView::keyPressEvent(QKeyEvent* e) {
    if (e->modifiers() & Qt::ControlModifier) {
        const ViewportAnchor old = transformationAnchor();
        setTransformationAnchor(AnchorViewCenter);
        bool handled = true;
        switch (e->key()) {
        case Qt::Key_Equal:
        case Qt::Key_Plus: zoomIn(); break;
        case Qt::Key_Minus: zoomOut(); break;
        case Qt::Key_0: fitToView(); break;
        default: handled = false;
        }
        setTransformationAnchor(old);
        if (handled) {
            e->accept();
            return;
        }
    }
    if (e->key() == Qt::Key_Space && !e->isAutoRepeat()) {
        spaceHeld_ = true;
        viewport()->setCursor(Qt::OpenHandCursor);
        e->accept();
        return;
    }
    QGraphicsView::keyPressEvent(e);
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
    QGraphicsView::dropEvent(e);
    keepUnder(anchor, at);
    // Scroll bars that appear with the grown scene shrink the viewport; correct again then.
    QPointer<GraphView> self(this);
    QTimer::singleShot(0, this, [self, anchor, at] {
        if (self) self->keepUnder(anchor, at);
    });
}

}  // namespace layerlab::ui
