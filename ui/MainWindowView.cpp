// MainWindow: the View menu's canvas actions (zoom, fit, auto-layout in the
// graph's own direction, top to bottom or left to right).
#include "ui/MainWindow.h"

#include "ui/editor/GraphDocument.h"
#include "ui/editor/GraphScene.h"
#include "ui/editor/GraphView.h"

#include <QAction>
#include <QKeySequence>

namespace layerlab::ui {

void MainWindow::createViewActions() {
    QAction* zoomIn = makeAction(QStringLiteral("actionZoomIn"), tr("Zoom &In"), QKeySequence::ZoomIn, "zoom-in");
    zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    connect(zoomIn, &QAction::triggered, view_, &GraphView::zoomIn);
    connect(makeAction(QStringLiteral("actionZoomOut"), tr("Zoom &Out"), QKeySequence::ZoomOut, "zoom-out"),
            &QAction::triggered, view_, &GraphView::zoomOut);
    connect(makeAction(QStringLiteral("actionResetZoom"), tr("&Actual Size"), QKeySequence(Qt::CTRL | Qt::Key_1),
                       "zoom-original"),
            &QAction::triggered, view_, &GraphView::resetZoom);
    connect(makeAction(QStringLiteral("actionFit"), tr("&Fit to View"), QKeySequence(Qt::CTRL | Qt::Key_0), "zoom-fit-best"),
            &QAction::triggered, view_, &GraphView::fitToView);
    connect(makeAction(QStringLiteral("actionAutoLayout"), tr("Auto-&Layout"), QKeySequence(Qt::CTRL | Qt::Key_L), nullptr),
            &QAction::triggered, this, &MainWindow::autoLayout);
    connect(makeAction(QStringLiteral("actionLayoutTopToBottom"), tr("Auto-Layout &Top to Bottom"), QKeySequence(), nullptr),
            &QAction::triggered, this, [this] { layOut(core::LayoutDirection::TopToBottom); });
    // A deep network (a CNN) reads better across a wide screen than down a low canvas.
    connect(makeAction(QStringLiteral("actionLayoutLeftToRight"), tr("Auto-Layout Left to &Right"),
                       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L), nullptr),
            &QAction::triggered, this, [this] { layOut(core::LayoutDirection::LeftToRight); });
}

void MainWindow::autoLayout() { layOut(scene_->flow()); }

void MainWindow::layOut(core::LayoutDirection direction) {
    const core::Status s = doc_->autoLayout(direction);
    if (!s) {
        reportError(tr("Auto-layout failed"), QString::fromStdString(s.error().message));
        return;
    }
    view_->fitToView();
}

}  // namespace layerlab::ui
