// GraphView: the canvas widget showing a GraphScene. Wheel zooms around the
// cursor, Ctrl+= / Ctrl++ and Ctrl+- zoom around the centre, Ctrl+0 fits
// the graph in view; dragging on empty canvas rubber-band selects; the
// middle mouse button, or the left button while Space is held, pans.
// (Zoom: ZoomableView.) Drops are accepted and handed to
// the scene (GraphScene adds layers dropped from the palette).
#pragma once

#include "ui/ZoomableView.h"

namespace layerlab::ui {

class GraphView : public ZoomableView {
    Q_OBJECT

public:
    explicit GraphView(QGraphicsScene* scene, QWidget* parent = nullptr);

    void resetZoom();
    // Fits every item (with a margin), never zooming in beyond 100%.
    void fitToView() override;

protected:
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
