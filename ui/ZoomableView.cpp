#include "ui/ZoomableView.h"

#include <QKeyEvent>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace layerlab::ui {

ZoomableView::ZoomableView(QGraphicsScene* scene, QWidget* parent) : QGraphicsView(scene, parent) {
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setFocusPolicy(Qt::StrongFocus);
}

void ZoomableView::zoomBy(double factor) {
    const double target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
    if (zoom() <= 0 || std::abs(target - zoom()) < 1e-9) return;
    const double f = target / zoom();
    scale(f, f);
    zoomedByUser();
    emit zoomChanged(zoom());
}

void ZoomableView::wheelEvent(QWheelEvent* e) {
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

void ZoomableView::keyPressEvent(QKeyEvent* e) {
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
    QGraphicsView::keyPressEvent(e);
}

}  // namespace layerlab::ui
