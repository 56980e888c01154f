#include "ui/concepts/ConceptCanvas.h"

#include "ui/concepts/ConceptItems.h"

#include <QMouseEvent>

namespace layerlab::ui {

ConceptCanvas::ConceptCanvas(QGraphicsScene* scene, QWidget* parent) : ZoomableView(scene, parent) {
    setDragMode(QGraphicsView::ScrollHandDrag);
    setBackgroundBrush(Qt::white);
}

void ConceptCanvas::fitToView() {
    if (!scene() || scene()->items().isEmpty()) return;
    const QRectF r = scene()->itemsBoundingRect().adjusted(-16, -16, 16, 16);
    fitInView(r, Qt::KeepAspectRatio);
    const double most = 1.5 * displayScale();
    if (zoom() > most) setTransform(QTransform::fromScale(most, most));
    if (zoom() < kMinZoom) setTransform(QTransform::fromScale(kMinZoom, kMinZoom));
    centerOn(r.center());
    userZoomed_ = false;
    emit zoomChanged(zoom());
}

void ConceptCanvas::displayScaleChanged() {
    if (!userZoomed_) fitToView();
}

void ConceptCanvas::resizeEvent(QResizeEvent* e) {
    QGraphicsView::resizeEvent(e);
    if (!userZoomed_) fitToView();
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
