// GraphView: the canvas widget showing a GraphScene. Wheel zooms around the
// cursor, Ctrl+= / Ctrl++ and Ctrl+- zoom around the centre, Ctrl+0 fits
// the graph in view, never so small that node text drops below
// kReadableTextPx on screen (a larger graph shows its start, or the
// selection, at that zoom); dragging on empty canvas rubber-band selects; the
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

    // Node text is at least this many pixels high after fitToView().
    static constexpr double kReadableTextPx = 11;

    // 100% (times the display scale).
    void resetZoom();
    // Fits every item (with a margin) at no more than 100% (times the
    // display scale) and no less than readableZoom(); when the graph does not
    // fit at readableZoom() it shows the selected layers, or else the first
    // layers (those without inputs: where the network starts).
    void fitToView() override;
    // The smallest zoom at which node text is kReadableTextPx * displayScale() high.
    double readableZoom() const;

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
