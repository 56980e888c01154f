// ZoomableView: the zoom behaviour the editor canvas, the concept map and the
// step-through's neuron diagram share. The wheel zooms around the cursor;
// Ctrl+= / Ctrl++ and Ctrl+- zoom around the centre and Ctrl+0 calls
// fitToView(); these keys go to the view that has the focus, before any
// window shortcut. Zoom is clamped to [kMinZoom, kMaxZoom] and every change
// emits zoomChanged().
//
// A display scale (1 = normal, larger for a projector; setDisplayScale)
// multiplies the zoom at once and is what subclasses scale their fit by.
// fitReadable() is the shared "fit, but never below a readable zoom" rule.
//
// Subclasses say what "fit" means and may react to zooms the user made
// (zoomedByUser). GUI thread only.
#pragma once

#include <QGraphicsView>

namespace layerlab::ui {

class ZoomableView : public QGraphicsView {
    Q_OBJECT

public:
    static constexpr double kMinZoom = 0.02;  // a 64-neuron step-through in a low panel fits below 10%
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

    // requires: scale > 0. ensures: displayScale() == scale; the zoom is
    // multiplied by scale / the old scale around the view's centre (not a
    // user zoom), so going back to the old scale gives the old zoom.
    void setDisplayScale(double scale);
    double displayScale() const { return displayScale_; }
    // A view that zooms and fits does not ask for its scene's size (which
    // would make a scroll area around its panel hold it taller than the window).
    QSize sizeHint() const override { return {400, 160}; }
    // The scene point at the viewport's centre, and going back to a zoom and
    // centre read before (transform(), centre()); emits zoomChanged().
    QPointF centre() const { return mapToScene(viewport()->rect().center()); }
    void restoreView(const QTransform& transform, QPointF centre);

signals:
    void zoomChanged(double zoom);

protected:
    // Called after zoomBy changed the zoom (wheel, keys, buttons).
    virtual void zoomedByUser() {}
    // Called after setDisplayScale changed the scale (and the zoom with it).
    virtual void displayScaleChanged() {}
    // Zoom to show `all` (scene rect, margins included) in the viewport, at
    // most maxZoom. When that would be below minZoom, zooms to minZoom and
    // scrolls so that `focus` is in view (centred where the graph allows,
    // else the graph's edge nearest to it at the viewport's edge), so a
    // network too large to be read whole shows its start or the selection.
    // ensures: zoomChanged().
    void fitReadable(const QRectF& all, const QRectF& focus, double minZoom, double maxZoom);
    bool event(QEvent* e) override;
    void wheelEvent(QWheelEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;

private:
    double displayScale_ = 1.0;
};

}  // namespace layerlab::ui
