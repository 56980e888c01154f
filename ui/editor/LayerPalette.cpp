#include "ui/editor/LayerPalette.h"

#include "core/layers/layer_registry.h"
#include "ui/editor/LayerBlocks.h"
#include "ui/editor/LayerStyle.h"

#include <QCoreApplication>
#include <QDrag>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QTreeWidget>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

#include <algorithm>

#include <functional>

namespace layerlab::ui {

namespace {

QString str(const std::string& s) { return QString::fromStdString(s); }

QString number(double v) { return QString::number(v, 'g', 8); }

// "16 (1–65536)", "on", "\"valid\" (valid, same)" — a parameter's default and range.
QString specSummary(const core::ParamSpec& spec) {
    const QString def = str(core::paramToString(spec.defaultValue));
    switch (spec.kind) {
    case core::ParamKind::Int:
    case core::ParamKind::Float:
        return QCoreApplication::translate("LayerPalette", "default %1, %2 to %3").arg(def, number(spec.min), number(spec.max));
    case core::ParamKind::Bool:
        return std::get_if<bool>(&spec.defaultValue) && std::get<bool>(spec.defaultValue) ? QCoreApplication::translate("LayerPalette", "default on")
                                                                                         : QCoreApplication::translate("LayerPalette", "default off");
    case core::ParamKind::Choice: {
        QStringList choices;
        for (const auto& c : spec.choices) choices << str(c);
        return QCoreApplication::translate("LayerPalette", "default %1; one of %2").arg(def, choices.join(QStringLiteral(", ")));
    }
    case core::ParamKind::Shape: return QCoreApplication::translate("LayerPalette", "default %1").arg(def);
    }
    return def;
}

QString inputsText(const core::LayerInfo& info) {
    if (info.isInput || (info.inputCount == 0 && info.inputCountParam.empty()))
        return QCoreApplication::translate("LayerPalette", "none: the data enter the network here");
    if (!info.inputCountParam.empty()) {
        const core::ParamSpec* spec = info.findParam(info.inputCountParam);
        if (spec)
            return QCoreApplication::translate("LayerPalette", "%1 to %2 layers, set by “%3”")
                .arg(number(spec->min), number(spec->max), str(spec->label));
        return QCoreApplication::translate("LayerPalette", "several layers");
    }
    return info.inputCount == 1 ? QCoreApplication::translate("LayerPalette", "one layer") : QCoreApplication::translate("LayerPalette", "%1 layers").arg(info.inputCount);
}

// Rich-text tooltip: what the layer computes, its inputs, its parameters.
QString tooltipFor(const core::LayerInfo& info) {
    QString t = QStringLiteral("<p><b>%1</b> <span style='color:#777'>(%2, %3)</span></p><p>%4</p>")
                    .arg(str(info.displayName).toHtmlEscaped(), str(info.type).toHtmlEscaped(),
                         str(info.category).toHtmlEscaped(), str(info.description).toHtmlEscaped());
    t += QCoreApplication::translate("LayerPalette", "<p><b>Inputs:</b> %1</p>").arg(inputsText(info).toHtmlEscaped());
    if (info.params.empty()) {
        t += QCoreApplication::translate("LayerPalette", "<p><b>Parameters:</b> none</p>");
    } else {
        t += QCoreApplication::translate("LayerPalette", "<p><b>Parameters:</b></p><ul style='margin-left:-20px'>");
        for (const auto& spec : info.params)
            t += QStringLiteral("<li><b>%1</b> (%2): %3</li>")
                     .arg(str(spec.label).toHtmlEscaped(), specSummary(spec).toHtmlEscaped(),
                          str(spec.help).toHtmlEscaped());
        t += QStringLiteral("</ul>");
    }
    t += QCoreApplication::translate("LayerPalette", "<p style='color:#777'>Drag onto the canvas or onto an edge, or double-click to add.</p>");
    return t;
}

// A block: what it adds, and that the step-through still shows both steps.
QString blockTooltip(const LayerBlock& block) {
    QStringList layers;
    for (const LayerSpec& l : block.layers) layers << l.type.toHtmlEscaped();
    return QStringLiteral("<p><b>%1</b></p><p>%2</p><p>%3</p><p style='color:#777'>%4</p>")
        .arg(block.name.toHtmlEscaped(), block.description.toHtmlEscaped(),
             LayerPalette::tr("Adds %1, each feeding the next: separate layers, so the step-through shows "
                              "z and a as separate steps.")
                 .arg(layers.join(QStringLiteral(" → "))),
             LayerPalette::tr("Drag onto the canvas or onto an edge, or double-click to add."));
}

// Rows a little taller than the font, easier to hit and to read.
class RoomyDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        QSize s = QStyledItemDelegate::sizeHint(option, index);
        s.setHeight(std::max(s.height() + 6, 22));
        return s;
    }
};

// The tree: drags only layer items, with kMimeType and Copy only (a Move
// would make Qt remove the item from the palette), and reports Enter.
class PaletteTree : public QTreeWidget {
public:
    std::function<void(QTreeWidgetItem*)> onActivate;

protected:
    QStringList mimeTypes() const override { return {QString::fromLatin1(LayerPalette::kMimeType)}; }

    QMimeData* mimeData(const QList<QTreeWidgetItem*>& items) const override {
        for (QTreeWidgetItem* item : items) {
            const QString type = item->data(0, LayerPalette::kTypeRole).toString();
            if (!type.isEmpty()) return LayerPalette::createMimeData(type);
        }
        return nullptr;
    }

    void startDrag(Qt::DropActions) override {
        QTreeWidgetItem* item = currentItem();
        if (!item || item->data(0, LayerPalette::kTypeRole).toString().isEmpty()) return;
        QMimeData* data = mimeData({item});
        if (!data) return;
        auto* drag = new QDrag(this);
        drag->setMimeData(data);
        const QPixmap pm = item->icon(0).pixmap(QSize(32, 32), devicePixelRatio());
        drag->setPixmap(pm);
        drag->setHotSpot(QPoint(16, 16));
        drag->exec(Qt::CopyAction, Qt::CopyAction);
    }

    void keyPressEvent(QKeyEvent* e) override {
        if ((e->key() == Qt::Key_Return || e->key() == Qt::Key_Enter) && currentItem() && onActivate) {
            onActivate(currentItem());
            e->accept();
            return;
        }
        QTreeWidget::keyPressEvent(e);
    }
};

}  // namespace

LayerPalette::LayerPalette(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("layerPalette"));

    filter_ = new QLineEdit(this);
    filter_->setObjectName(QStringLiteral("paletteFilter"));
    filter_->setPlaceholderText(tr("Filter layers…"));
    filter_->setClearButtonEnabled(true);
    filter_->setToolTip(tr("Type part of a layer's name or category; Enter adds the first match."));

    auto* tree = new PaletteTree;
    tree_ = tree;
    tree_->setParent(this);
    tree_->setObjectName(QStringLiteral("paletteTree"));
    tree_->setHeaderHidden(true);
    tree_->setColumnCount(1);
    tree_->setRootIsDecorated(false);
    tree_->setIndentation(10);
    tree_->setIconSize(QSize(16, 16));
    tree_->setSelectionMode(QAbstractItemView::SingleSelection);
    tree_->setDragEnabled(true);
    tree_->setDragDropMode(QAbstractItemView::DragOnly);
    tree_->setDefaultDropAction(Qt::CopyAction);
    tree_->setUniformRowHeights(true);
    tree_->setItemDelegate(new RoomyDelegate(tree_));
    tree_->setExpandsOnDoubleClick(false);
    tree->onActivate = [this](QTreeWidgetItem* item) {
        const QString type = item->data(0, kTypeRole).toString();
        if (!type.isEmpty()) emit addRequested(type);
    };
    connect(tree_, &QTreeWidget::itemDoubleClicked, this, [tree](QTreeWidgetItem* item) { tree->onActivate(item); });

    noMatch_ = new QLabel(this);
    noMatch_->setWordWrap(true);
    noMatch_->setStyleSheet(QStringLiteral("color: palette(mid); padding: 6px;"));
    noMatch_->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(filter_);
    layout->addWidget(noMatch_);
    layout->addWidget(tree_, 1);

    populate();

    connect(filter_, &QLineEdit::textChanged, this, &LayerPalette::applyFilter);
    connect(filter_, &QLineEdit::returnPressed, this, &LayerPalette::addFirstShown);
    filter_->installEventFilter(this);  // Down: into the list
}

bool LayerPalette::eventFilter(QObject* watched, QEvent* event) {
    if (watched == filter_ && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent*>(event)->key() == Qt::Key_Down) {
        if (QTreeWidgetItem* item = firstShown()) {
            tree_->setCurrentItem(item);
            tree_->setFocus(Qt::TabFocusReason);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

QMimeData* LayerPalette::createMimeData(const QString& type) {
    auto* data = new QMimeData;
    data->setData(QString::fromLatin1(kMimeType), type.toUtf8());
    return data;
}

QString LayerPalette::typeFromMimeData(const QMimeData* data) {
    if (!data || !data->hasFormat(QString::fromLatin1(kMimeType))) return {};
    return QString::fromUtf8(data->data(QString::fromLatin1(kMimeType))).trimmed();
}

QTreeWidgetItem* LayerPalette::itemForType(const QString& type) const {
    for (int c = 0; c < tree_->topLevelItemCount(); ++c) {
        QTreeWidgetItem* cat = tree_->topLevelItem(c);
        for (int i = 0; i < cat->childCount(); ++i)
            if (cat->child(i)->data(0, kTypeRole).toString() == type) return cat->child(i);
    }
    return nullptr;
}

void LayerPalette::setFilterText(const QString& text) { filter_->setText(text); }

void LayerPalette::populate() {
    tree_->clear();
    QFont headerFont = tree_->font();
    headerFont.setBold(true);
    const core::LayerRegistry& registry = core::LayerRegistry::builtin();
    for (const PaletteGroup& group : paletteGroups(registry)) {
        auto* cat = new QTreeWidgetItem(tree_, {group.category});
        cat->setFlags(Qt::ItemIsEnabled);
        cat->setFont(0, headerFont);
        cat->setForeground(0, categoryColor(group.category).darker(125));
        cat->setFirstColumnSpanned(true);
        for (const PaletteEntry& entry : group.entries) {
            auto* item = new QTreeWidgetItem(cat, {entry.label});
            item->setData(0, kTypeRole, entry.key);
            if (const LayerBlock* block = findBlock(entry.key)) {
                // A block shows the icon of its first layer's category.
                const core::LayerInfo* first = registry.find(block->layers.front().type.toStdString());
                item->setIcon(0, categoryIcon(first ? str(first->category) : group.category));
                item->setToolTip(0, blockTooltip(*block));
            } else {
                const core::LayerInfo& info = *registry.find(entry.key.toStdString());
                item->setIcon(0, categoryIcon(group.category));
                item->setToolTip(0, tooltipFor(info));
            }
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
        }
    }
    tree_->expandAll();
}

void LayerPalette::applyFilter(const QString& text) {
    const QString needle = text.trimmed();
    int shown = 0;
    for (int c = 0; c < tree_->topLevelItemCount(); ++c) {
        QTreeWidgetItem* cat = tree_->topLevelItem(c);
        const bool categoryMatches = cat->text(0).contains(needle, Qt::CaseInsensitive);
        int shownHere = 0;
        for (int i = 0; i < cat->childCount(); ++i) {
            QTreeWidgetItem* item = cat->child(i);
            const bool match = needle.isEmpty() || categoryMatches ||
                               item->text(0).contains(needle, Qt::CaseInsensitive) ||
                               item->data(0, kTypeRole).toString().contains(needle, Qt::CaseInsensitive);
            item->setHidden(!match);
            shownHere += match;
        }
        cat->setHidden(shownHere == 0);
        shown += shownHere;
    }
    noMatch_->setText(tr("No layer matches “%1”.").arg(needle));
    noMatch_->setVisible(shown == 0);
}

QTreeWidgetItem* LayerPalette::firstShown() const {
    for (int c = 0; c < tree_->topLevelItemCount(); ++c) {
        QTreeWidgetItem* cat = tree_->topLevelItem(c);
        if (cat->isHidden()) continue;
        for (int i = 0; i < cat->childCount(); ++i)
            if (!cat->child(i)->isHidden()) return cat->child(i);
    }
    return nullptr;
}

void LayerPalette::addFirstShown() {
    // A layer type typed in full wins over a block that contains it ("relu": ReLU, not Dense + ReLU).
    const QString typed = filter_->text().trimmed();
    if (!typed.isEmpty()) {
        if (QTreeWidgetItem* exact = itemForType(typed); exact && !exact->isHidden()) {
            emit addRequested(exact->data(0, kTypeRole).toString());
            return;
        }
        for (const core::LayerInfo& info : core::LayerRegistry::builtin().all())
            if (str(info.type).compare(typed, Qt::CaseInsensitive) == 0) {
                emit addRequested(str(info.type));
                return;
            }
    }
    if (QTreeWidgetItem* item = firstShown()) emit addRequested(item->data(0, kTypeRole).toString());
}

}  // namespace layerlab::ui
