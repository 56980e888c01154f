#include "ui/editor/PropertyInspector.h"

#include "core/layers/layer_registry.h"
#include "ui/editor/GraphDocument.h"
#include "ui/editor/LayerStyle.h"
#include "ui/editor/ParamEditor.h"

#include <QCoreApplication>
#include <QApplication>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QScrollArea>
#include <QVBoxLayout>

namespace layerlab::ui {

namespace {

QString str(const std::string& s) { return QString::fromStdString(s); }

constexpr const char* kErrorStyle = "color: #c62828;";
constexpr const char* kMutedStyle = "color: palette(dark);";

QLabel* wrapped(const QString& text, QWidget* parent, const char* style = nullptr) {
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (style) label->setStyleSheet(QString::fromLatin1(style));
    return label;
}

QFrame* separator(QWidget* parent) {
    auto* line = new QFrame(parent);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    return line;
}

// 1234567 -> "1,234,567" (the user's locale), FLOPs -> "2.34 M".
QString count(qint64 n) { return QLocale().toString(n); }

QString flops(double f) {
    if (f >= 1e9) return QStringLiteral("%1 G").arg(f / 1e9, 0, 'f', 2);
    if (f >= 1e6) return QStringLiteral("%1 M").arg(f / 1e6, 0, 'f', 2);
    if (f >= 1e3) return QStringLiteral("%1 k").arg(f / 1e3, 0, 'f', 1);
    return QString::number(f, 'f', 0);
}

QString rangeHint(const core::ParamSpec& spec) {
    if (spec.kind != core::ParamKind::Int && spec.kind != core::ParamKind::Float) return {};
    return QCoreApplication::translate("PropertyInspector", " (%1 to %2)").arg(QString::number(spec.min, 'g', 10), QString::number(spec.max, 'g', 10));
}

}  // namespace

PropertyInspector::PropertyInspector(GraphDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
    setObjectName(QStringLiteral("propertyInspector"));
    scroll_ = new QScrollArea(this);
    scroll_->setWidgetResizable(true);
    scroll_->setFrameShape(QFrame::NoFrame);
    scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll_);

    connect(doc_, &GraphDocument::nodeChanged, this, [this](core::NodeId id) {
        if (id == node_) refreshNode();
    });
    connect(doc_, &GraphDocument::nodeRemoved, this, &PropertyInspector::onNodeRemoved);
    connect(doc_, &GraphDocument::reset, this, [this] { setNodes({}); });
    connect(doc_, &GraphDocument::shapesChanged, this, &PropertyInspector::refreshShape);
    connect(doc_, &GraphDocument::summaryChanged, this, &PropertyInspector::refreshSummary);
    rebuild();
}

void PropertyInspector::setNodes(const QList<core::NodeId>& ids) {
    QList<core::NodeId> known;
    for (core::NodeId id : ids)
        if (doc_->graph().contains(id) && !known.contains(id)) known << id;
    const core::NodeId next = known.size() == 1 ? known.front() : 0;
    const bool samePage = next == node_ && (next != 0 || known.size() == ids_.size());
    ids_ = known;
    if (samePage) {
        refreshNode();
        return;
    }
    // Finish the edit in progress on the page being left, for the node it belongs to.
    if (QWidget* focus = QApplication::focusWidget(); focus && scroll_->isAncestorOf(focus)) focus->clearFocus();
    node_ = next;
    rebuild();
}

void PropertyInspector::onNodeRemoved(core::NodeId id) {
    if (!ids_.contains(id)) return;
    ids_.removeAll(id);
    // The removed node's fields must not reach the document any more: the
    // page is replaced even when its field has focus.
    node_ = ids_.size() == 1 ? ids_.front() : 0;
    rebuild();
}

void PropertyInspector::rebuild() {
    editors_.clear();
    summary_ = summaryError_ = nullptr;
    name_ = nullptr;
    nameError_ = shape_ = params_ = shapeError_ = nullptr;
    QWidget* page = node_ != 0 ? buildNodePage() : ids_.size() > 1 ? buildSelectionPage(int(ids_.size())) : buildSummaryPage();
    if (QWidget* old = scroll_->takeWidget()) {
        old->hide();
        old->deleteLater();
    }
    scroll_->setWidget(page);
    refreshNode();
    refreshShape();
    refreshSummary();
}

QWidget* PropertyInspector::buildSummaryPage() {
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    auto* hint = wrapped(tr("Select a layer to edit its parameters."), page, kMutedStyle);
    hint->setObjectName(QStringLiteral("inspectorHint"));
    auto* title = new QLabel(tr("<b>Model</b>"), page);
    summary_ = wrapped({}, page);
    summary_->setTextFormat(Qt::PlainText);
    summary_->setObjectName(QStringLiteral("inspectorSummary"));
    summaryError_ = wrapped({}, page, kErrorStyle);
    summaryError_->setObjectName(QStringLiteral("inspectorSummaryError"));
    layout->addWidget(hint);
    layout->addWidget(separator(page));
    layout->addWidget(title);
    layout->addWidget(summary_);
    layout->addWidget(summaryError_);
    layout->addStretch(1);
    return page;
}

QWidget* PropertyInspector::buildSelectionPage(int n) {
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    auto* label = new QLabel(tr("<b>%1 layers selected</b>").arg(n), page);
    label->setObjectName(QStringLiteral("inspectorSelection"));
    layout->addWidget(label);
    layout->addWidget(wrapped(tr("Select a single layer to edit its parameters."), page, kMutedStyle));
    layout->addStretch(1);
    return page;
}

QWidget* PropertyInspector::buildNodePage() {
    const core::Node* node = doc_->graph().node(node_);
    const core::LayerInfo* info = node ? doc_->graph().registry().find(node->type) : nullptr;
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);

    // Title: category icon, display name, type; then what the layer does.
    auto* titleRow = new QHBoxLayout;
    auto* icon = new QLabel(page);
    const QString category = info ? str(info->category) : QString();
    icon->setPixmap(categoryIcon(category).pixmap(QSize(16, 16), devicePixelRatioF()));
    auto* title = new QLabel(page);
    title->setObjectName(QStringLiteral("inspectorType"));
    title->setWordWrap(true);
    const QString type = node ? str(node->type) : QString();
    title->setText(info ? QStringLiteral("<b>%1</b><br><span style='color:gray'>%2 · %3</span>")
                              .arg(str(info->displayName).toHtmlEscaped(), type.toHtmlEscaped(), category.toHtmlEscaped())
                        : tr("<b>%1</b> (unknown layer type)").arg(type.toHtmlEscaped()));
    titleRow->addWidget(icon, 0, Qt::AlignTop);
    titleRow->addWidget(title, 1);
    layout->addLayout(titleRow);
    if (info) {
        auto* description = wrapped(str(info->description), page, kMutedStyle);
        description->setObjectName(QStringLiteral("inspectorDescription"));
        layout->addWidget(description);
    }
    layout->addWidget(separator(page));

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);

    // Name, with its own message line under it.
    auto* nameBox = new QWidget(page);
    auto* nameLayout = new QVBoxLayout(nameBox);
    nameLayout->setContentsMargins(0, 0, 0, 0);
    nameLayout->setSpacing(2);
    name_ = new QLineEdit(nameBox);
    name_->setObjectName(QStringLiteral("inspectorName"));
    name_->setToolTip(tr("A unique name for this layer; Enter applies it."));
    nameError_ = wrapped({}, nameBox, kErrorStyle);
    nameError_->setObjectName(QStringLiteral("inspectorNameError"));
    nameError_->hide();
    nameLayout->addWidget(name_);
    nameLayout->addWidget(nameError_);
    form->addRow(tr("Name"), nameBox);
    connect(name_, &QLineEdit::editingFinished, this, &PropertyInspector::commitName);
    connect(name_, &QLineEdit::textEdited, this, [this] {
        if (nameError_) nameError_->hide();
    });

    // One editor per parameter, generated from the spec.
    if (info) {
        for (const core::ParamSpec& spec : info->params) {
            const QString key = str(spec.name);
            auto* editor = new ParamEditor(spec, page);
            auto* label = new QLabel(str(spec.label), page);
            label->setToolTip(str(spec.help) + rangeHint(spec));
            label->setBuddy(editor->editor());
            form->addRow(label, editor);
            editors_[key] = editor;
            connect(editor, &ParamEditor::valueEdited, this, [this, key, editor](const core::ParamValue& v) {
                if (editors_.value(key) == editor) applyParam(key, v);
            });
            connect(editor, &ParamEditor::editFinished, this, [this, key, editor] {
                if (editors_.value(key) == editor) doc_->closeEditSession();
            });
        }
    }
    layout->addLayout(form);
    if (info && info->params.empty()) layout->addWidget(wrapped(tr("This layer has no parameters."), page, kMutedStyle));
    layout->addWidget(separator(page));

    // What shape inference says about it.
    auto* facts = new QFormLayout;
    shape_ = new QLabel(page);
    shape_->setObjectName(QStringLiteral("inspectorShape"));
    shape_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    params_ = new QLabel(page);
    params_->setObjectName(QStringLiteral("inspectorParamCount"));
    facts->addRow(tr("Output shape"), shape_);
    facts->addRow(tr("Parameters"), params_);
    layout->addLayout(facts);
    shapeError_ = wrapped({}, page, kErrorStyle);
    shapeError_->setObjectName(QStringLiteral("inspectorShapeError"));
    layout->addWidget(shapeError_);
    layout->addStretch(1);
    return page;
}

void PropertyInspector::refreshNode() {
    const core::Node* node = node_ ? doc_->graph().node(node_) : nullptr;
    if (!node) return;
    if (name_ && name_->text() != str(node->name)) {
        const QSignalBlocker block(name_);
        name_->setText(str(node->name));
    }
    const core::LayerRegistry& registry = doc_->graph().registry();
    const core::LayerInfo* info = registry.find(node->type);
    if (!info) return;
    const core::ParamMap params = registry.withDefaults(*info, node->params);
    for (const core::ParamSpec& spec : info->params) {
        ParamEditor* editor = editors_.value(str(spec.name));
        auto it = params.find(spec.name);
        if (editor && it != params.end()) editor->setValue(it->second);  // setValue blocks its own signals
    }
}

void PropertyInspector::refreshShape() {
    if (!node_ || !shape_) return;
    const core::Shape* shape = doc_->shapes().shapeOf(node_);
    shape_->setText(shape ? str(shape->toString()) : tr("unknown"));
    const qint64 n = doc_->paramCountOf(node_);
    params_->setText(n >= 0 ? count(n) : tr("unknown"));
    const core::Diagnostic* diag = doc_->shapes().diagnosticFor(node_);
    shapeError_->setText(diag ? str(diag->message) : QString());
    shapeError_->setVisible(diag != nullptr);
}

void PropertyInspector::refreshSummary() {
    if (!summary_) return;
    const ModelSummary& s = doc_->summary();
    summary_->setText(tr("Parameters: %1\nLayers: %2\nFLOPs per sample: %3")
                          .arg(count(s.parameters), QString::number(s.layers), flops(s.flopsPerSample)));
    summaryError_->setText(s.error);
    summaryError_->setVisible(!s.error.isEmpty());
}

void PropertyInspector::commitName() {
    if (!name_ || sender() != name_.data()) return;
    const core::Node* node = doc_->graph().node(node_);
    if (!node) return;
    const QString text = name_->text();
    if (text == str(node->name)) return;  // nothing to do (also after a revert)
    if (auto s = doc_->renameNode(node_, text); !s) {
        QString reason = QString::fromStdString(s.error().message);
        if (!reason.isEmpty()) reason[0] = reason[0].toUpper();
        nameError_->setText(tr("%1. The name stays “%2”.").arg(reason, str(doc_->graph().node(node_)->name)));
        nameError_->show();
        const QSignalBlocker block(name_);
        name_->setText(str(doc_->graph().node(node_)->name));
        return;
    }
    nameError_->hide();
}

void PropertyInspector::applyParam(const QString& key, const core::ParamValue& value) {
    const core::Node* node = node_ ? doc_->graph().node(node_) : nullptr;
    ParamEditor* editor = editors_.value(key);
    if (!node || !editor) return;
    const core::LayerRegistry& registry = doc_->graph().registry();
    const core::LayerInfo* info = registry.find(node->type);
    if (!info) return;
    const core::ParamMap params = registry.withDefaults(*info, node->params);
    auto it = params.find(key.toStdString());
    if (it != params.end() && ParamEditor::sameValue(editor->spec(), it->second, value)) return;  // nothing to push
    if (auto s = doc_->setParam(node_, key, value); !s) editor->setError(QString::fromStdString(s.error().message));
}

}  // namespace layerlab::ui
