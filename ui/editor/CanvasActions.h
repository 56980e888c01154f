// CanvasActions: the quick building gestures of the canvas, on top of one
// GraphDocument, its GraphScene and GraphView. Every change is one undo step
// through the document's methods.
//
//  - addFromPalette(key) (Enter / double-click in the palette) and
//    duplicateSelection() (Ctrl+D): with ONE layer selected the new layers go
//    just below it, connected from it (inserted before what it fed, which
//    moves down to make room); when the shapes do not fit they are added
//    unconnected below it and the status message says why. With nothing or
//    several selected: at a free spot at the view's centre (duplicates: the
//    copy beside the originals). Never on top of another box. The last new
//    layer is selected and scrolled into view.
//  - Right-click menus (the view's viewport gets the QContextMenuEvent):
//    on a layer: Delete, Duplicate, Insert after ▸, Disconnect, Rename...;
//    on an edge: Delete connection, Insert layer here ▸;
//    on the empty canvas: Add layer here ▸, Paste, and the window actions
//    given to setCanvasMenuActions (Select All, Auto-Layout, Fit).
//  - fixButton(): a status-bar button that appears when the network is
//    ambiguous (two outputs, no Input, Input not connected) and applies the
//    document summary's one-click fix.
//
// Thread: GUI thread. doc, scene and view must outlive it.
#pragma once

#include "core/graph/graph.h"
#include "ui/editor/LayerSpec.h"

#include <QList>
#include <QMenu>
#include <QObject>
#include <QPointer>
#include <QPointF>
#include <QToolButton>

#include <functional>

class QAction;

namespace layerlab::ui {

class GraphDocument;
class GraphScene;
class GraphView;
struct ChainEdit;

// The layers text on the clipboard (our MIME type, else plain text), or empty.
QString layersOnClipboard();

class CanvasActions : public QObject {
    Q_OBJECT

public:
    CanvasActions(GraphDocument* doc, GraphScene* scene, GraphView* view, QObject* parent = nullptr);
    ~CanvasActions() override;

    // Window actions listed at the end of the empty-canvas menu.
    void setCanvasMenuActions(const QList<QAction*>& actions) { canvasActions_ = actions; }

    void addFromPalette(const QString& key);
    void duplicateSelection();
    // Inserts the palette entry `key` after `node` (fed by it, taking over
    // what it fed), or into `edge`, or adds it unconnected centred at scenePos.
    void insertAfter(core::NodeId node, const QString& key);
    void insertInto(const core::Edge& edge, const QString& key, QPointF scenePos);
    void addAt(const QString& key, QPointF scenePos);
    // Pastes the clipboard's layers with their top-left box at scenePos.
    void pasteAt(QPointF scenePos);
    // Opens the rename dialog (objectName "renameDialog", window-modal, not blocking).
    void rename(core::NodeId node);
    // Applies document()->summary().fix.
    void applyFix();

    // Owned here until a parent (the status bar) takes it.
    QToolButton* fixButton() const { return fixButton_; }
    // The context menu opened last (tests), or nullptr once it is closed.
    QMenu* lastMenu() const { return lastMenu_; }

signals:
    // A line for the status bar (what was done, or why not).
    void message(const QString& text);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // Pushes a chain edit; selects and shows its last layer. false: refused (message sent).
    bool push(const ChainEdit& edit);
    void addBelow(core::NodeId node, const LayerChain& chain, const QString& text);
    void selectAndShow(const QList<core::NodeId>& ids);
    void showMenu(QMenu* menu, QPoint globalPos);
    QMenu* nodeMenu(core::NodeId node);
    QMenu* edgeMenu(const core::Edge& edge, QPointF scenePos);
    QMenu* canvasMenu(QPointF scenePos);
    // A submenu with every palette entry, grouped; picking one calls pick(key).
    QMenu* entriesMenu(QMenu* parent, const QString& title, const QString& objectName, bool includeInputs,
                       const std::function<void(const QString&)>& pick);
    void updateFixButton();

    GraphDocument* doc_;
    GraphScene* scene_;
    GraphView* view_;
    QPointer<QToolButton> fixButton_;
    QPointer<QMenu> lastMenu_;
    QList<QAction*> canvasActions_;
};

}  // namespace layerlab::ui
