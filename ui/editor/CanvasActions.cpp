#include "ui/editor/CanvasActions.h"

#include "core/layers/layer_registry.h"
#include "core/io/project.h"
#include "core/viz/graph_layout.h"
#include "ui/editor/EdgeItem.h"
#include "ui/editor/GraphDocument.h"
#include "ui/editor/GraphScene.h"
#include "ui/editor/GraphView.h"
#include "ui/editor/LayerBlocks.h"
#include "ui/editor/LayerInsertion.h"
#include "ui/editor/NodeItem.h"
#include "ui/editor/Placement.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QInputDialog>
#include <QMenu>
#include <QMimeData>
#include <QToolButton>

#include <algorithm>
#include <limits>

namespace layerlab::ui {

namespace {

QString str(const std::string& s) { return QString::fromStdString(s); }

QString nameOf(const core::Graph& g, core::NodeId id) {
    const core::Node* n = g.node(id);
    return n ? str(n->name) : QString();
}

}  // namespace

QString layersOnClipboard() {
    const QMimeData* mime = QApplication::clipboard()->mimeData();
    if (!mime) return {};
    const QString type = QString::fromLatin1(GraphDocument::kClipboardMimeType);
    return mime->hasFormat(type) ? QString::fromUtf8(mime->data(type)) : mime->text();
}

CanvasActions::CanvasActions(GraphDocument* doc, GraphScene* scene, GraphView* view, QObject* parent)
    : QObject(parent), doc_(doc), scene_(scene), view_(view) {
    view_->viewport()->installEventFilter(this);
    fixButton_ = new QToolButton;
    fixButton_->setObjectName(QStringLiteral("networkFixButton"));
    fixButton_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(fixButton_, &QToolButton::clicked, this, &CanvasActions::applyFix);
    connect(doc_, &GraphDocument::summaryChanged, this, &CanvasActions::updateFixButton);
    updateFixButton();
}

CanvasActions::~CanvasActions() {
    if (fixButton_ && !fixButton_->parent()) delete fixButton_.data();
}

// ---- adding ----

bool CanvasActions::push(const ChainEdit& edit) {
    auto r = doc_->addChain(edit);
    if (!r) {
        emit message(str(r.error().message));
        return false;
    }
    selectAndShow(*r);
    return true;
}

void CanvasActions::selectAndShow(const QList<core::NodeId>& ids) {
    scene_->clearSelection();
    NodeItem* last = nullptr;
    for (core::NodeId id : ids)
        if (NodeItem* item = scene_->nodeItem(id)) last = item;
    if (!last) return;
    last->setSelected(true);
    view_->ensureVisible(last, 40, 40);
}

void CanvasActions::addBelow(core::NodeId node, const LayerChain& chain, const QString& text) {
    ChainEdit edit = insertAfterEdit(*doc_, node, chain);
    if (!text.isEmpty()) edit.text = text;
    auto r = doc_->addChain(edit);
    if (r) {
        selectAndShow(*r);
        return;
    }
    // The shapes do not fit: below it all the same, unconnected, and say why.
    const QString why = str(r.error().message);
    ChainEdit loose;
    loose.layers = chain;
    loose.topLeft = placement::belowNode(doc_->graph(), node, int(chain.size()));
    loose.text = text;
    if (push(loose)) emit message(tr("Not connected to %1: %2").arg(nameOf(doc_->graph(), node), why));
}

void CanvasActions::addFromPalette(const QString& key) {
    const LayerChain chain = layersForKey(key, doc_->graph().registry());
    if (chain.isEmpty()) {
        emit message(tr("Unknown layer type \"%1\"").arg(key));
        return;
    }
    const QList<core::NodeId> selected = scene_->selectedNodeIds();
    if (selected.size() == 1)
        addBelow(selected.front(), chain, {});
    else
        push(addNearEdit(*doc_, view_->mapToScene(view_->viewport()->rect().center()), chain));
    view_->setFocus();
}

void CanvasActions::duplicateSelection() {
    const QList<core::NodeId> ids = scene_->selectedNodeIds();
    if (ids.isEmpty()) return;
    if (ids.size() == 1) {
        const core::Node* n = doc_->graph().node(ids.front());
        addBelow(n->id, {{str(n->type), n->params}}, tr("Duplicate ") + str(n->name));
        return;
    }
    auto copies = doc_->duplicate(ids, placement::freeOffset(doc_->graph(), ids));
    if (!copies) {
        emit message(str(copies.error().message));
        return;
    }
    scene_->clearSelection();
    for (core::NodeId id : copies.value())
        if (NodeItem* item = scene_->nodeItem(id)) item->setSelected(true);
    if (!copies->isEmpty()) view_->ensureVisible(scene_->nodeItem(copies->back()), 40, 40);
}

void CanvasActions::insertAfter(core::NodeId node, const QString& key) {
    const LayerChain chain = layersForKey(key, doc_->graph().registry());
    if (!chain.isEmpty()) push(insertAfterEdit(*doc_, node, chain));
}

void CanvasActions::insertInto(const core::Edge& edge, const QString& key, QPointF scenePos) {
    const LayerChain chain = layersForKey(key, doc_->graph().registry());
    if (!chain.isEmpty()) push(insertOnEdgeEdit(*doc_, edge, chain, scenePos));
}

void CanvasActions::addAt(const QString& key, QPointF scenePos) {
    const LayerChain chain = layersForKey(key, doc_->graph().registry());
    if (!chain.isEmpty()) push(addNearEdit(*doc_, scenePos, chain));
}

void CanvasActions::pasteAt(QPointF scenePos) {
    const QString text = layersOnClipboard();
    if (text.isEmpty()) return;
    QPointF offset;
    if (auto clip = core::parseProject(text.toStdString(), "clipboard"); clip && !clip->graph.nodes().empty()) {
        QPointF topLeft(std::numeric_limits<double>::max(), std::numeric_limits<double>::max());
        for (const core::Node& n : clip->graph.nodes())
            topLeft = QPointF(std::min(topLeft.x(), n.position.x), std::min(topLeft.y(), n.position.y));
        offset = scenePos - topLeft;
    }
    auto pasted = doc_->paste(text, offset);
    if (!pasted) {
        emit message(tr("Cannot paste: %1").arg(str(pasted.error().message)));
        return;
    }
    scene_->clearSelection();
    for (core::NodeId id : pasted.value())
        if (NodeItem* item = scene_->nodeItem(id)) item->setSelected(true);
}

void CanvasActions::rename(core::NodeId node) {
    const QString name = nameOf(doc_->graph(), node);
    auto* dialog = new QInputDialog(view_->window());
    dialog->setObjectName(QStringLiteral("renameDialog"));
    dialog->setWindowTitle(tr("Rename layer"));
    dialog->setLabelText(tr("New name for %1:").arg(name));
    dialog->setTextValue(name);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QInputDialog::textValueSelected, this, [this, node](const QString& text) {
        if (auto s = doc_->renameNode(node, text.trimmed()); !s)
            emit message(tr("Cannot rename: %1").arg(str(s.error().message)));
    });
    dialog->open();
}

// ---- the one-click fix of an ambiguous network ----

void CanvasActions::updateFixButton() {
    const ModelSummary& s = doc_->summary();
    fixButton_->setText(str(s.fix.label));
    fixButton_->setToolTip(s.error);
    fixButton_->setVisible(s.fix.kind != core::PathFix::Kind::None);
}

void CanvasActions::applyFix() {
    const core::PathFix fix = doc_->summary().fix;
    core::Status done;
    switch (fix.kind) {
    case core::PathFix::Kind::None:
        return;
    case core::PathFix::Kind::Remove:
        done = doc_->removeNodes(QList<core::NodeId>(fix.nodes.begin(), fix.nodes.end()));
        break;
    case core::PathFix::Kind::Connect:
        done = doc_->connectNodes(fix.edge.from, fix.edge.to, fix.edge.toPort);
        break;
    case core::PathFix::Kind::AddInput: {
        const core::Node* to = doc_->graph().node(fix.edge.to);
        if (!to) return;
        ChainEdit edit;
        edit.layers = {{QStringLiteral("Input"), {}}};
        edit.topLeft = QPointF(to->position.x, to->position.y - core::kNodeBoxHeight - kLayerGap);
        if (!placement::columnFree(doc_->graph(), edit.topLeft, 1))
            edit.topLeft = placement::near(doc_->graph(), edit.topLeft + QPointF(core::kNodeBoxWidth / 2, core::kNodeBoxHeight / 2), 1);
        edit.into = {fix.edge};
        push(edit);
        return;
    }
    }
    if (!done) emit message(str(done.error().message));
}

// ---- context menus ----

bool CanvasActions::eventFilter(QObject* watched, QEvent* event) {
    if (watched != view_->viewport() || event->type() != QEvent::ContextMenu) return QObject::eventFilter(watched, event);
    auto* e = static_cast<QContextMenuEvent*>(event);
    const QPointF scenePos = view_->mapToScene(e->pos());
    NodeItem* node = nullptr;
    EdgeItem* edge = nullptr;
    for (QGraphicsItem* item : view_->items(e->pos())) {  // topmost first
        QGraphicsItem* top = item->topLevelItem();
        if ((node = qgraphicsitem_cast<NodeItem*>(top))) break;
        if ((edge = qgraphicsitem_cast<EdgeItem*>(top))) break;
    }
    QMenu* menu = nullptr;
    if (node) {
        if (!node->isSelected()) {
            scene_->clearSelection();
            node->setSelected(true);
        }
        menu = nodeMenu(node->nodeId());
    } else if (edge) {
        scene_->clearSelection();
        edge->setSelected(true);
        menu = edgeMenu(edge->edge(), scenePos);
    } else {
        menu = canvasMenu(scenePos);
    }
    showMenu(menu, e->globalPos());
    return true;
}

void CanvasActions::showMenu(QMenu* menu, QPoint globalPos) {
    menu->setAttribute(Qt::WA_DeleteOnClose);
    lastMenu_ = menu;
    menu->popup(globalPos);
}

QMenu* CanvasActions::entriesMenu(QMenu* parent, const QString& title, const QString& objectName, bool includeInputs,
                                  const std::function<void(const QString&)>& pick) {
    QMenu* sub = parent->addMenu(title);
    sub->setObjectName(objectName);
    for (const PaletteGroup& group : paletteGroups(doc_->graph().registry(), includeInputs)) {
        sub->addSection(group.category);
        for (const PaletteEntry& entry : group.entries) {
            QAction* a = sub->addAction(entry.label);
            a->setData(entry.key);
            const QString key = entry.key;
            connect(a, &QAction::triggered, this, [pick, key] { pick(key); });
        }
    }
    return sub;
}

QMenu* CanvasActions::nodeMenu(core::NodeId node) {
    auto* menu = new QMenu(view_);
    menu->setObjectName(QStringLiteral("nodeMenu"));
    const QString name = nameOf(doc_->graph(), node);
    const int selected = int(scene_->selectedNodeIds().size());
    QAction* del = menu->addAction(selected > 1 ? tr("Delete %n layer(s)", nullptr, selected) : tr("Delete %1").arg(name));
    del->setObjectName(QStringLiteral("menuDelete"));
    connect(del, &QAction::triggered, scene_, &GraphScene::deleteSelection);
    QAction* dup = menu->addAction(selected > 1 ? tr("Duplicate %n layer(s)", nullptr, selected) : tr("Duplicate"));
    dup->setObjectName(QStringLiteral("menuDuplicate"));
    connect(dup, &QAction::triggered, this, &CanvasActions::duplicateSelection);
    menu->addSeparator();
    entriesMenu(menu, tr("Insert after %1").arg(name), QStringLiteral("menuInsertAfter"), false,
                [this, node](const QString& key) { insertAfter(node, key); });
    QAction* disconnect = menu->addAction(tr("Disconnect"));
    disconnect->setObjectName(QStringLiteral("menuDisconnect"));
    bool hasEdges = false;
    for (const core::Edge& e : doc_->graph().edges()) hasEdges |= e.from == node || e.to == node;
    disconnect->setEnabled(hasEdges);
    connect(disconnect, &QAction::triggered, this, [this, node] {
        if (auto s = doc_->disconnectNode(node); !s) emit message(str(s.error().message));
    });
    QAction* ren = menu->addAction(tr("Rename..."));
    ren->setObjectName(QStringLiteral("menuRename"));
    connect(ren, &QAction::triggered, this, [this, node] { rename(node); });
    return menu;
}

QMenu* CanvasActions::edgeMenu(const core::Edge& edge, QPointF scenePos) {
    auto* menu = new QMenu(view_);
    menu->setObjectName(QStringLiteral("edgeMenu"));
    QAction* del = menu->addAction(tr("Delete connection"));
    del->setObjectName(QStringLiteral("menuDeleteConnection"));
    connect(del, &QAction::triggered, this, [this, edge] {
        if (auto s = doc_->disconnectInput(edge.to, edge.toPort); !s) emit message(str(s.error().message));
    });
    entriesMenu(menu, tr("Insert layer here"), QStringLiteral("menuInsertHere"), false,
                [this, edge, scenePos](const QString& key) { insertInto(edge, key, scenePos); });
    return menu;
}

QMenu* CanvasActions::canvasMenu(QPointF scenePos) {
    auto* menu = new QMenu(view_);
    menu->setObjectName(QStringLiteral("canvasMenu"));
    entriesMenu(menu, tr("Add layer here"), QStringLiteral("menuAddHere"), true,
                [this, scenePos](const QString& key) { addAt(key, scenePos); });
    QAction* paste = menu->addAction(tr("Paste"));
    paste->setObjectName(QStringLiteral("menuPaste"));
    paste->setEnabled(layersOnClipboard().contains(QLatin1String("\"nodes\"")));
    connect(paste, &QAction::triggered, this, [this, scenePos] { pasteAt(scenePos); });
    if (!canvasActions_.isEmpty()) menu->addSeparator();
    for (QAction* a : canvasActions_) menu->addAction(a);
    return menu;
}

}  // namespace layerlab::ui
