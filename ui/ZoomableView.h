// ZoomableView: the zoom behaviour the editor canvas and the concept map share.
// The wheel zooms around the cursor; Ctrl+= / Ctrl++ and Ctrl+- zoom around
// the centre and Ctrl+0 calls fitToView(). Zoom is clamped to
// [kMinZoom, kMaxZoom] and every change emits zoomChanged().
//
// Subclasses say what "fit" means and may react to zooms the user made
// (zoomedByUser). GUI thread only.
#pragma once

#include <QGraphicsView>

namespace layerlab::ui {

class ZoomableView : public QGraphicsView {
    Q_OBJECT

public:
    static constexpr double kMinZoom = 0.1;
    static constexpr double kMaxZoom = 4.0;

    explicit ZoomableView(QGraphicsScene* scene, QWidget* parent = nullptr);

    // Current scale factor (1 = 100%).
    double zoom() const { return transform().m11(); }
    // Multiplies the zoom by factor (clamped) around the current transformation
    // anchor. ensures: zoomChanged() and zoomedByUser() when the zoom changed.
    void zoomBy(double factor);
    void zoomIn() { zoomBy(1.2); }
    void zoomOut() { zoomBy(1 / 1.2); }
    // Shows the whole scene in the subclass's way; emits zoomChanged().
    virtual void fitToView() = 0;

signals:
    void zoomChanged(double zoom);

protected:
    // Called after zoomBy changed the zoom (wheel, keys, buttons).
    virtual void zoomedByUser() {}
    void wheelEvent(QWheelEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;
};

}  // namespace layerlab::ui
