#include "ui/concepts/ConceptCanvas.h"

#include "ui/concepts/ConceptItems.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace layerlab::ui {

ConceptCanvas::ConceptCanvas(QGraphicsScene* scene, QWidget* parent) : QGraphicsView(scene, parent) {
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setBackgroundBrush(Qt::white);
    setFocusPolicy(Qt::StrongFocus);
}

void ConceptCanvas::zoomBy(double factor) {
    const double target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
    if (zoom() <= 0 || qFuzzyCompare(target, zoom())) return;
    const double f = target / zoom();
    scale(f, f);
    userZoomed_ = true;
    emit zoomChanged(zoom());
}

void ConceptCanvas::fitToView() {
    if (!scene() || scene()->items().isEmpty()) return;
    const QRectF r = scene()->itemsBoundingRect().adjusted(-16, -16, 16, 16);
    fitInView(r, Qt::KeepAspectRatio);
    if (zoom() > 1.5) setTransform(QTransform::fromScale(1.5, 1.5));
    if (zoom() < kMinZoom) setTransform(QTransform::fromScale(kMinZoom, kMinZoom));
    centerOn(r.center());
    userZoomed_ = false;
    emit zoomChanged(zoom());
}

void ConceptCanvas::resizeEvent(QResizeEvent* e) {
    QGraphicsView::resizeEvent(e);
    if (!userZoomed_) fitToView();
}

void ConceptCanvas::wheelEvent(QWheelEvent* e) {
    const int delta = e->angleDelta().y();
    if (delta == 0) {
        QGraphicsView::wheelEvent(e);
        return;
    }
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    zoomBy(std::pow(1.0015, delta));
    e->accept();
}

void ConceptCanvas::keyPressEvent(QKeyEvent* e) {
    if (e->modifiers() & Qt::ControlModifier) {
        const auto anchor = transformationAnchor();
        setTransformationAnchor(QGraphicsView::AnchorViewCenter);
        bool handled = true;
        switch (e->key()) {
            case Qt::Key_Equal:
            case Qt::Key_Plus: zoomIn(); break;
            case Qt::Key_Minus: zoomOut(); break;
            case Qt::Key_0: fitToView(); break;
            default: handled = false;
        }
        setTransformationAnchor(anchor);
        if (handled) {
            e->accept();
            return;
        }
    }
    QGraphicsView::keyPressEvent(e);
}

void ConceptCanvas::mousePressEvent(QMouseEvent* e) {
    if (e->button() == Qt::LeftButton) {
        pressed_ = true;
        pressPos_ = e->position().toPoint();
    }
    QGraphicsView::mousePressEvent(e);
}

void ConceptCanvas::mouseReleaseEvent(QMouseEvent* e) {
    QGraphicsView::mouseReleaseEvent(e);
    if (e->button() != Qt::LeftButton || !pressed_) return;
    pressed_ = false;
    if ((e->position().toPoint() - pressPos_).manhattanLength() > 4) return;  // that was a pan
    for (QGraphicsItem* item : items(e->position().toPoint())) {
        if (auto* node = qgraphicsitem_cast<ConceptNodeItem*>(item)) {
            emit conceptClicked(node->conceptId());
            return;
        }
    }
    emit backgroundClicked();
}

}  // namespace layerlab::ui
