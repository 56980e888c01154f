// ConceptCanvas: the view of the concept map (zoom: ZoomableView); dragging
// with the left button anywhere pans (hand drag). A press and
// release without movement is a click: conceptClicked(id) on a concept,
// backgroundClicked() elsewhere.
//
// GUI thread only.
#pragma once

#include "ui/ZoomableView.h"

namespace layerlab::ui {

class ConceptCanvas : public ZoomableView {
    Q_OBJECT

public:
    explicit ConceptCanvas(QGraphicsScene* scene, QWidget* parent = nullptr);

    // Shows the whole map (with a margin), never zooming in beyond 150%
    // (times the display scale).
    // Afterwards userZoomed() is false until the user zooms again.
    void fitToView() override;
    bool userZoomed() const { return userZoomed_; }

signals:
    void conceptClicked(const QString& id);
    void backgroundClicked();

protected:
    void zoomedByUser() override { userZoomed_ = true; }
    void displayScaleChanged() override;
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
