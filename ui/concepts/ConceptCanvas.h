// ConceptCanvas: the QGraphicsView of the concept map. Wheel zooms around the
// cursor; Ctrl+= / Ctrl++ and Ctrl+- zoom around the centre, Ctrl+0 fits the
// map; dragging with the left button anywhere pans (hand drag). A press and
// release without movement is a click: conceptClicked(id) on a concept,
// backgroundClicked() elsewhere. Zoom is clamped to [kMinZoom, kMaxZoom].
//
// GUI thread only.
#pragma once

#include <QGraphicsView>

namespace layerlab::ui {

class ConceptCanvas : public QGraphicsView {
    Q_OBJECT

public:
    static constexpr double kMinZoom = 0.1;
    static constexpr double kMaxZoom = 4.0;

    explicit ConceptCanvas(QGraphicsScene* scene, QWidget* parent = nullptr);

    double zoom() const { return transform().m11(); }
    // Multiplies the zoom by factor (clamped) around the current anchor.
    void zoomBy(double factor);
    void zoomIn() { zoomBy(1.2); }
    void zoomOut() { zoomBy(1 / 1.2); }
    // Shows the whole map (with a margin), never zooming in beyond 150%.
    // Afterwards userZoomed() is false until the user zooms again.
    void fitToView();
    bool userZoomed() const { return userZoomed_; }

signals:
    void conceptClicked(const QString& id);
    void backgroundClicked();
    void zoomChanged(double zoom);

protected:
    void wheelEvent(QWheelEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    // Keeps the whole map in view while the user has not zoomed.
    void resizeEvent(QResizeEvent* e) override;

private:
    QPoint pressPos_;
    bool pressed_ = false;
    bool userZoomed_ = false;
};

}  // namespace layerlab::ui
