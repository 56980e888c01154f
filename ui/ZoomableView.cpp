#include "ui/ZoomableView.h"

#include <QKeyEvent>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace layerlab::ui {

namespace {

// The zoom keys a focused view takes for itself (Ctrl+= / Ctrl++ / Ctrl+- / Ctrl+0).
bool isZoomKey(const QKeyEvent* e) {
    if (!(e->modifiers() & Qt::ControlModifier) || (e->modifiers() & (Qt::AltModifier | Qt::MetaModifier))) return false;
    switch (e->key()) {
    case Qt::Key_Equal:
    case Qt::Key_Plus:
    case Qt::Key_Minus:
    case Qt::Key_0: return true;
    default: return false;
    }
}

// Where a view of `size` along one axis starts so that it shows [lo, hi]
// centred when it fits, else `focus` centred but without leaving [lo, hi].
double visibleStart(double lo, double hi, double focus, double size) {
    if (hi - lo <= size) return (lo + hi - size) / 2;
    return std::clamp(focus - size / 2, lo, hi - size);
}

}  // namespace

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

void ZoomableView::setDisplayScale(double scale) {
    if (!(scale > 0) || scale == displayScale_) return;
    const double f = scale / displayScale_;
    displayScale_ = scale;
    const QPointF centre = mapToScene(viewport()->rect().center());
    QTransform t = transform();
    t.scale(f, f);
    setTransform(t);
    centerOn(centre);
    emit zoomChanged(zoom());
    displayScaleChanged();
}

void ZoomableView::restoreView(const QTransform& t, QPointF c) {
    setTransform(t);
    centerOn(c);
    emit zoomChanged(zoom());
}

void ZoomableView::fitReadable(const QRectF& all, const QRectF& focus, double minZoom, double maxZoom) {
    if (all.isEmpty()) return;
    const QSizeF port = viewport()->size();
    double z = std::min(port.width() / all.width(), port.height() / all.height());
    z = std::min(z, maxZoom);
    if (z < minZoom) z = std::min(minZoom, maxZoom);
    setTransform(QTransform::fromScale(z, z));
    const QSizeF seen(port.width() / z, port.height() / z);
    const QPointF f = focus.isNull() ? all.center() : focus.center();
    const double x = visibleStart(all.left(), all.right(), f.x(), seen.width());
    const double y = visibleStart(all.top(), all.bottom(), f.y(), seen.height());
    centerOn(QPointF(x + seen.width() / 2, y + seen.height() / 2));
    emit zoomChanged(zoom());
}

bool ZoomableView::event(QEvent* e) {
    // The window's View menu has the same keys for the editor canvas; the
    // focused view zooms itself instead.
    if (e->type() == QEvent::ShortcutOverride && isZoomKey(static_cast<QKeyEvent*>(e))) {
        e->accept();
        return true;
    }
    return QGraphicsView::event(e);
}

void ZoomableView::wheelEvent(QWheelEvent* e) {
    const int dy = e->angleDelta().y();
    if (dy == 0) {
        QGraphicsView::wheelEvent(e);
        return;
    }
    // Around the event's own position (AnchorUnderMouse would read the
    // global cursor, which need not be where the wheel turned).
    const QPointF at = e->position();
    const QPointF anchor = mapToScene(at.toPoint());
    const ViewportAnchor old = transformationAnchor();
    setTransformationAnchor(NoAnchor);
    zoomBy(std::pow(1.0015, dy));
    setTransformationAnchor(old);
    const QPointF off = viewportTransform().map(anchor) - at;
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() + qRound(off.x()));
    verticalScrollBar()->setValue(verticalScrollBar()->value() + qRound(off.y()));
    e->accept();
}

void ZoomableView::keyPressEvent(QKeyEvent* e) {
    if (isZoomKey(e)) {
        const ViewportAnchor old = transformationAnchor();
        setTransformationAnchor(AnchorViewCenter);
        switch (e->key()) {
        case Qt::Key_Equal:
        case Qt::Key_Plus: zoomIn(); break;
        case Qt::Key_Minus: zoomOut(); break;
        default: fitToView(); break;
        }
        setTransformationAnchor(old);
        e->accept();
        return;
    }
    QGraphicsView::keyPressEvent(e);
}

}  // namespace layerlab::ui
