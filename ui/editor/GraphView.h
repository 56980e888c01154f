// GraphView: the canvas widget showing a GraphScene. Wheel zooms around the
// cursor, Ctrl+= / Ctrl++ and Ctrl+- zoom around the centre, Ctrl+0 fits
// the graph in view; dragging on empty canvas rubber-band selects; the
// middle mouse button, or the left button while Space is held, pans.
// Zoom is clamped to [kMinZoom, kMaxZoom]. Drops are accepted and handed to
// the scene (GraphScene adds layers dropped from the palette).
#pragma once

#include <QGraphicsView>

namespace layerlab::ui {

class GraphView : public QGraphicsView {
    Q_OBJECT

public:
    static constexpr double kMinZoom = 0.1;
    static constexpr double kMaxZoom = 4.0;

    explicit GraphView(QGraphicsScene* scene, QWidget* parent = nullptr);

    // Current scale factor (1 = 100%).
    double zoom() const { return transform().m11(); }
    // Multiplies the zoom by factor (clamped), keeping the anchor in place.
    void zoomBy(double factor);
    void zoomIn() { zoomBy(1.2); }
    void zoomOut() { zoomBy(1 / 1.2); }
    void resetZoom();
    // Fits every item (with a margin), never zooming in beyond 100%.
    void fitToView();

signals:
    void zoomChanged(double zoom);

protected:
    void wheelEvent(QWheelEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;
    void keyReleaseEvent(QKeyEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    // A layer dropped from the palette stays under the cursor even when the
    // scene grows around it (the first layer, or one dropped near the edge).
    void dropEvent(QDropEvent* e) override;

private:
    // Scrolls so that scene point `anchor` is at viewport point `at`.
    void keepUnder(QPointF anchor, QPoint at);

    bool spaceHeld_ = false;
    bool panning_ = false;
    QPoint panLast_;
};

}  // namespace layerlab::ui
