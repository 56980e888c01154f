// Shared by the building tests (test_building.cpp, test_canvas_menus.cpp):
// a shown 1280x800 main window with an example open and its data loaded, and
// the user's gestures on it: palette double-clicks, right-clicks on the
// canvas viewport, palette drags hovering and dropping.
#pragma once

#include "ui/MainWindow.h"
#include "test_user_settings.h"

#include "core/viz/graph_layout.h"
#include "ui/data/DataManager.h"
#include "ui/editor/CanvasActions.h"
#include "ui/editor/EdgeItem.h"
#include "ui/editor/GraphDocument.h"
#include "ui/editor/GraphScene.h"
#include "ui/editor/GraphView.h"
#include "ui/editor/LayerBlocks.h"
#include "ui/editor/LayerPalette.h"
#include "ui/editor/NodeItem.h"
#include "ui/editor/Placement.h"
#include "ui/teach/BackpropView.h"
#include "ui/teach/TraceInputs.h"
#include "ui/training/TrainingController.h"

#include <QAction>
#include <QApplication>
#include <QContextMenuEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>

#include <memory>

namespace building_test {

using layerlab::core::Edge;
using layerlab::core::NodeId;
using layerlab::ui::GraphDocument;
using layerlab::ui::LayerPalette;
using layerlab::ui::MainWindow;
using layerlab::ui::NodeItem;

inline QString example(const char* name) {
    return QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/") + QLatin1String(name);
}

inline void doubleClick(QWidget* w, QPoint pos) {
    QTest::mouseClick(w, Qt::LeftButton, {}, pos);
    QTest::mouseDClick(w, Qt::LeftButton, {}, pos);
    QTest::mouseRelease(w, Qt::LeftButton, {}, pos);
}

inline QRectF box(const GraphDocument& doc, NodeId id) {
    const auto* n = doc.graph().node(id);
    return QRectF(n->position.x, n->position.y, layerlab::core::kNodeBoxWidth, layerlab::core::kNodeBoxHeight);
}

// No two node boxes overlap.
inline bool noOverlap(const GraphDocument& doc, QString* which = nullptr) {
    const auto& nodes = doc.graph().nodes();
    for (std::size_t i = 0; i < nodes.size(); ++i)
        for (std::size_t j = i + 1; j < nodes.size(); ++j)
            if (box(doc, nodes[i].id).intersects(box(doc, nodes[j].id))) {
                if (which) *which = QString::fromStdString(nodes[i].name + " / " + nodes[j].name);
                return false;
            }
    return true;
}

inline NodeId byName(const GraphDocument& doc, const char* name) {
    const auto* n = doc.graph().findByName(name);
    if (!n) qFatal("no node %s", name);
    return n->id;
}

inline bool hasEdge(const GraphDocument& doc, NodeId from, NodeId to) {
    for (const Edge& e : doc.graph().edges())
        if (e.from == from && e.to == to) return true;
    return false;
}

// A shown 1280x800 main window, optionally with a bundled example open.
struct Window {
    std::unique_ptr<MainWindow> w;
    explicit Window(const QString& autosaveDir, const char* file = nullptr) {
        QSettings().clear();
        w = std::make_unique<MainWindow>(nullptr, autosaveDir);
        w->setErrorDialogsEnabled(false);
        w->resize(1280, 800);
        w->show();
        if (!QTest::qWaitForWindowExposed(w.get())) qFatal("window not exposed");
        w->activateWindow();  // shortcuts need the active window (a real X server has no WM here)
        if (!QTest::qWaitForWindowActive(w.get())) qWarning("window not active");
        if (file && !w->openFile(example(file))) qFatal("cannot open %s", file);
        // The data load records its fitted preprocessing in the document: let it land first.
        if (file && !QTest::qWaitFor([this] { return dataLoaded(); }, 10000)) qFatal("no data for %s", file);
        QCoreApplication::processEvents();
    }
    GraphDocument& doc() const { return *w->document(); }
    QWidget* viewport() const { return w->view()->viewport(); }
    QPoint at(QPointF scenePos) const { return w->view()->mapFromScene(scenePos); }
    QPointF centre(NodeId id) const { return w->scene()->nodeItem(id)->sceneBoundingRect().center(); }
    QPointF edgeMiddle(NodeId to, int port = 0) const {
        return w->scene()->edgeItem(to, port)->path().pointAtPercent(0.5);
    }
    // Double-clicks a palette entry (a registry type or a block key).
    void addFromPalette(const QString& key) const {
        auto* tree = w->palette()->tree();
        QTreeWidgetItem* item = w->palette()->itemForType(key);
        if (!item) qFatal("no palette entry %s", qPrintable(key));
        tree->scrollToItem(item);
        doubleClick(tree->viewport(), tree->visualItemRect(item).center());
    }
    void select(NodeId id) const {
        w->scene()->clearSelection();
        w->scene()->nodeItem(id)->setSelected(true);
    }
    // Right-click: the context-menu event a window system sends to the viewport.
    QMenu* rightClick(QPoint pos) const {
        QContextMenuEvent e(QContextMenuEvent::Mouse, pos, viewport()->mapToGlobal(pos));
        QApplication::sendEvent(viewport(), &e);
        QMenu* menu = w->canvasActions()->lastMenu();
        if (!menu || !menu->isVisible()) qFatal("no context menu");
        return menu;
    }
    // A viewport point with no item near it and room for a box centred
    // there, away from the viewport's edges.
    QPoint emptySpot() const {
        const QRect r = viewport()->rect().adjusted(80, 60, -80, -60);
        const QPointF half(layerlab::core::kNodeBoxWidth / 2, layerlab::core::kNodeBoxHeight / 2);
        for (int y = r.top(); y < r.bottom(); y += 20)
            for (int x = r.left(); x < r.right(); x += 20)
                if (w->view()->items(QRect(x - 20, y - 20, 40, 40)).isEmpty() &&
                    layerlab::ui::placement::columnFree(doc().graph(), w->view()->mapToScene(QPoint(x, y)) - half, 1))
                    return {x, y};
        qFatal("no empty spot");
    }
    void showStepThrough() const {
        auto* dock = w->findChild<QDockWidget*>(QStringLiteral("teachDock"));
        dock->show();
        dock->raise();
    }
    bool dataLoaded() const {
        auto d = w->dataManager()->data();
        return d && d->train && d->train->count() > 0;
    }
    bool visible(NodeId id) const {
        const QRectF shown = w->view()->mapToScene(viewport()->rect()).boundingRect();
        return shown.contains(w->scene()->nodeItem(id)->sceneBoundingRect());
    }
};

// Saves a picture of w when LAYERLAB_SHOT_DIR is set (for looking at, not for checking).
inline void shot(QWidget* w, const char* file) {
    const QString dir = qEnvironmentVariable("LAYERLAB_SHOT_DIR");
    if (dir.isEmpty()) return;
    QDir().mkpath(dir);
    QCoreApplication::processEvents();
    w->grab().save(dir + QLatin1Char('/') + QLatin1String(file));
}

// Triggers the entry of `menu` (or of its submenu `sub`) named `name` or
// carrying `key` as data, then closes the menu as a click would.
inline void pick(QMenu* menu, const char* name, const QString& key = {}, const char* sub = nullptr) {
    QMenu* in = sub ? menu->findChild<QMenu*>(QString::fromLatin1(sub)) : menu;
    if (!in) qFatal("no submenu %s", sub);
    QAction* found = nullptr;
    for (QAction* a : in->actions())
        if ((name && a->objectName() == QLatin1String(name)) || (!key.isEmpty() && a->data().toString() == key))
            found = a;
    if (!found) qFatal("no menu entry %s %s", name ? name : "", qPrintable(key));
    if (!found->isEnabled()) qFatal("menu entry %s is disabled", name ? name : qPrintable(key));
    found->trigger();
    menu->close();
}

// The palette's drag payload for a key, as the tree's drag makes it.
inline std::unique_ptr<QMimeData> paletteDrag(LayerPalette* palette, const QString& key) {
    QTreeWidget* tree = palette->tree();
    QTreeWidgetItem* item = palette->itemForType(key);
    const QModelIndex index = tree->model()->index(item->parent()->indexOfChild(item), 0,
                                                   tree->model()->index(tree->indexOfTopLevelItem(item->parent()), 0));
    return std::unique_ptr<QMimeData>(tree->model()->mimeData({index}));
}

// Enter and move of a drag at pos; returns whether the view shows "drop allowed".
inline bool hover(QWidget* vp, const QMimeData* data, QPoint pos) {
    QDragEnterEvent enter(pos, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(vp, &enter);
    QDragMoveEvent move(pos, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(vp, &move);
    return move.isAccepted() && move.dropAction() == Qt::CopyAction;
}

inline void drop(QWidget* vp, const QMimeData* data, QPoint pos) {
    QDropEvent e(QPointF(pos), Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(vp, &e);
}

}  // namespace building_test
