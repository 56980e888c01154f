#include "ui/concepts/ConceptMapView.h"

#include "core/viz/concept_layout.h"
#include "ui/DiagramExport.h"
#include "ui/concepts/ConceptCanvas.h"
#include "ui/concepts/ConceptItems.h"
#include "ui/concepts/ConceptTexts.h"
#include "ui/concepts/MermaidDialog.h"
#include "ui/editor/GraphDocument.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QGraphicsScene>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QSplitter>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace layerlab::ui {

namespace {

QToolButton* toolButton(const QString& text, const QString& name, const QString& tip, QWidget* parent) {
    auto* b = new QToolButton(parent);
    b->setText(text);
    b->setObjectName(name);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}

}  // namespace

ConceptMapView::ConceptMapView(GraphDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
    setObjectName(QStringLiteral("conceptMapView"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(6, 3, 6, 3);
    title_ = new QLabel(this);
    title_->setObjectName(QStringLiteral("conceptTitle"));
    bar->addWidget(title_, 1);
    back_ = toolButton(tr("Back to project map"), QStringLiteral("conceptBack"),
                       tr("Show the concept map of the open project again"), this);
    auto* mermaidButton = toolButton(tr("Mermaid…"), QStringLiteral("conceptMermaid"),
                                     tr("Paste or open a Mermaid flowchart and draw it here"), this);
    auto* zoomOut = toolButton(tr("−"), QStringLiteral("conceptZoomOut"), tr("Zoom out (Ctrl+−)"), this);
    auto* zoomIn = toolButton(tr("+"), QStringLiteral("conceptZoomIn"), tr("Zoom in (Ctrl+=)"), this);
    auto* fit = toolButton(tr("Fit"), QStringLiteral("conceptFit"), tr("Show the whole map (Ctrl+0)"), this);
    auto* exportButton = toolButton(tr("Export…"), QStringLiteral("conceptExport"),
                                    tr("Save the map as SVG, PNG or PDF"), this);
    for (QToolButton* b : {back_, mermaidButton, zoomOut, zoomIn, fit, exportButton}) bar->addWidget(b);
    back_->hide();
    layout->addLayout(bar);

    errorLabel_ = new QLabel(this);
    errorLabel_->setObjectName(QStringLiteral("conceptError"));
    errorLabel_->setWordWrap(true);
    errorLabel_->setStyleSheet(QStringLiteral("background:#fee2e2; color:#991b1b; padding:6px"));
    errorLabel_->hide();
    layout->addWidget(errorLabel_);

    auto* split = new QSplitter(Qt::Horizontal, this);
    scene_ = new QGraphicsScene(this);
    canvas_ = new ConceptCanvas(scene_, split);
    canvas_->setObjectName(QStringLiteral("conceptCanvas"));
    panel_ = new QTextBrowser(split);
    panel_->setObjectName(QStringLiteral("conceptExplanation"));
    panel_->setMinimumWidth(240);
    split->addWidget(canvas_);
    split->addWidget(panel_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({720, 280});
    layout->addWidget(split, 1);

    relayout_ = new QTimer(this);
    relayout_->setSingleShot(true);
    relayout_->setInterval(kRelayoutDelayMs);
    connect(relayout_, &QTimer::timeout, this, &ConceptMapView::rebuild);

    connect(zoomIn, &QToolButton::clicked, canvas_, &ConceptCanvas::zoomIn);
    connect(zoomOut, &QToolButton::clicked, canvas_, &ConceptCanvas::zoomOut);
    connect(fit, &QToolButton::clicked, canvas_, &ConceptCanvas::fitToView);
    connect(exportButton, &QToolButton::clicked, this, &ConceptMapView::exportWithDialog);
    connect(mermaidButton, &QToolButton::clicked, this, &ConceptMapView::openMermaidDialog);
    connect(back_, &QToolButton::clicked, this, &ConceptMapView::showProjectMap);
    connect(canvas_, &ConceptCanvas::conceptClicked, this, [this](const QString& id) {
        selectConcept(id);
        const core::Concept* c = graph_.find(id.toStdString());
        if (!c || mermaid_) return;
        emit highlightNodes(QList<core::NodeId>(c->nodes.begin(), c->nodes.end()));
        QStringList settings;
        for (const std::string& s : c->settings) settings << QString::fromStdString(s);
        emit highlightSettings(settings);
    });
    connect(canvas_, &ConceptCanvas::backgroundClicked, this, [this] { selectConcept(QString()); });

    // Every change of the project can change the map; layout waits for a quiet moment.
    connect(doc_, &GraphDocument::nodeAdded, this, &ConceptMapView::scheduleRelayout);
    connect(doc_, &GraphDocument::nodeRemoved, this, &ConceptMapView::scheduleRelayout);
    connect(doc_, &GraphDocument::nodeChanged, this, &ConceptMapView::scheduleRelayout);
    connect(doc_, &GraphDocument::trainingChanged, this, &ConceptMapView::scheduleRelayout);
    connect(doc_, &GraphDocument::dataSourceChanged, this, &ConceptMapView::scheduleRelayout);
    connect(doc_, &GraphDocument::reset, this, &ConceptMapView::scheduleRelayout);
    rebuild();
}

QStringList ConceptMapView::highlightedConcepts() const {
    QStringList out;
    for (const core::Concept& c : graph_.concepts) {
        const QString id = QString::fromStdString(c.id);
        if (ConceptNodeItem* item = items_.value(id); item && item->isHighlighted()) out << id;
    }
    return out;
}

QString ConceptMapView::explanationText() const { return panel_->toPlainText(); }

QRectF ConceptMapView::conceptSceneRect(const QString& id) const {
    ConceptNodeItem* item = items_.value(id);
    return item ? item->mapRectToScene(item->shape().boundingRect()) : QRectF();
}

void ConceptMapView::scheduleRelayout() {
    if (!mermaid_) relayout_->start();
}

void ConceptMapView::rebuild() {
    relayout_->stop();
    core::ConceptGraph next =
        mermaid_ ? mermaidChart_ : core::buildConceptGraph(doc_->project(), core::ConceptOptions{overfitting_});
    core::ConceptLayoutOptions options;
    options.measure = &measureConceptLabel;
    auto layout = core::layoutConcepts(next, options);
    if (!layout) {
        error_ = tr("The concept map could not be drawn: %1").arg(QString::fromStdString(layout.error().message));
        errorLabel_->setText(error_);
        errorLabel_->show();
        emit mapUpdated();
        return;
    }
    error_.clear();
    errorLabel_->hide();
    graph_ = std::move(next);
    fillConceptScene(scene_, graph_, *layout);
    items_.clear();
    for (QGraphicsItem* item : scene_->items())
        if (auto* node = qgraphicsitem_cast<ConceptNodeItem*>(item)) items_.insert(node->conceptId(), node);
    if (!canvas_->userZoomed()) canvas_->fitToView();
    const QString name = QString::fromStdString(doc_->project().name);
    title_->setText(mermaid_ ? tr("<b>Mermaid chart</b> (%1 %2)")
                                   .arg(graph_.concepts.size())
                                   .arg(graph_.concepts.size() == 1 ? tr("node") : tr("nodes"))
                             : tr("<b>Concept map</b> %1").arg(name.isEmpty() ? QString() : QStringLiteral("— ") + name.toHtmlEscaped()));
    back_->setVisible(mermaid_);
    if (!items_.contains(selected_)) selected_.clear();
    applyMarks();
    showExplanation();
    emit mapUpdated();
}

void ConceptMapView::selectConcept(const QString& id) {
    selected_ = items_.contains(id) ? id : QString();
    applyMarks();
    showExplanation();
}

void ConceptMapView::showExplanation() {
    const core::Concept* c = selected_.isEmpty() ? nullptr : graph_.find(selected_.toStdString());
    panel_->setHtml(c ? conceptExplanationHtml(*c, mermaid_ ? nullptr : &doc_->graph()) : conceptLegendHtml(mermaid_));
}

void ConceptMapView::applyMarks() {
    std::vector<std::string> lit;
    if (!mermaid_) lit = graph_.conceptsOfNodes(std::vector<core::NodeId>(editorSelection_.begin(), editorSelection_.end()));
    for (auto it = items_.begin(); it != items_.end(); ++it) {
        it.value()->setCurrent(it.key() == selected_);
        it.value()->setHighlighted(std::find(lit.begin(), lit.end(), it.key().toStdString()) != lit.end());
    }
}

void ConceptMapView::highlightConceptsForNodes(const QList<core::NodeId>& ids) {
    editorSelection_ = ids;
    applyMarks();
}

void ConceptMapView::setOverfitting(bool on) {
    if (overfitting_ == on) return;
    overfitting_ = on;
    if (!mermaid_) rebuild();
}

void ConceptMapView::showMermaid(const core::ConceptGraph& chart) {
    mermaid_ = true;
    mermaidChart_ = chart;
    selected_.clear();
    rebuild();
    canvas_->fitToView();  // a new picture: start from the whole of it
}

void ConceptMapView::showProjectMap() {
    mermaid_ = false;
    selected_.clear();
    rebuild();
    canvas_->fitToView();
}

bool ConceptMapView::exportTo(const QString& path, QString* error) {
    // Selection and highlight marks are for the screen, not for slides.
    for (ConceptNodeItem* item : std::as_const(items_)) {
        item->setCurrent(false);
        item->setHighlighted(false);
    }
    const bool ok = exportSceneDiagram(scene_, path, error);
    applyMarks();
    return ok;
}

void ConceptMapView::exportWithDialog() {
    QString filter;
    QString path = QFileDialog::getSaveFileName(this, tr("Export concept map"), QStringLiteral("concept-map.svg"),
                                                tr("SVG image (*.svg);;PNG image (*.png);;PDF document (*.pdf)"), &filter);
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty())
        path += filter.contains(QLatin1String("png")) ? QStringLiteral(".png")
                : filter.contains(QLatin1String("pdf")) ? QStringLiteral(".pdf")
                                                        : QStringLiteral(".svg");
    QString error;
    if (!exportTo(path, &error)) QMessageBox::warning(this, tr("Export concept map"), error);
}

void ConceptMapView::openMermaidDialog() {
    auto* dialog = new MermaidDialog(mermaidText_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, [this, dialog] { mermaidText_ = dialog->text(); });
    connect(dialog, &QDialog::accepted, this, [this, dialog] { showMermaid(dialog->graph()); });
    dialog->open();
}

void ConceptMapView::setDisplayScale(double scale) { canvas_->setDisplayScale(scale); }

}  // namespace layerlab::ui
