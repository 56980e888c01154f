// ConceptMapView: the "Concept map" view. It draws the lesson map of the open
// project (core::buildConceptGraph, laid out by Graphviz through
// core::layoutConcepts) as graphics items coloured by group, and follows the
// document: any change re-lays the map out after kRelayoutDelayMs of quiet.
// A toolbar zooms, fits, exports (SVG/PNG/PDF through QSaveFile) and opens a
// Mermaid dialog whose chart is drawn in the same view until "Back to project
// map". A Graphviz failure is shown as a message above the map.
//
// Clicking a concept shows its explanation and formula in the side panel and
// emits highlightNodes(ids of the layers it stands for) and
// highlightSettings(its settings); the main window selects them in the editor.
// highlightConceptsForNodes() does the reverse for the editor's selection;
// setOverfitting() marks the overfitting concept (a training event).
//
// GUI thread only. The document must outlive the view; the view never edits it.
#pragma once

#include "core/graph/graph.h"
#include "core/viz/concept_graph.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

class QGraphicsScene;
class QLabel;
class QTextBrowser;
class QTimer;
class QToolButton;

namespace layerlab::ui {

class ConceptCanvas;
class ConceptNodeItem;
class GraphDocument;

class ConceptMapView : public QWidget {
    Q_OBJECT

public:
    static constexpr int kRelayoutDelayMs = 150;

    // requires: doc non-null and outliving the view. Draws the map at once.
    explicit ConceptMapView(GraphDocument* doc, QWidget* parent = nullptr);

    // What is drawn now: the project's map, or the Mermaid chart.
    const core::ConceptGraph& conceptGraph() const { return graph_; }
    bool showingMermaid() const { return mermaid_; }
    // The clicked concept's id ("" = none); the concepts lit for the editor's selection.
    QString selectedConcept() const { return selected_; }
    QStringList highlightedConcepts() const;
    bool overfitting() const { return overfitting_; }
    // The side panel's text (plain) and the Graphviz error shown ("" = none).
    QString explanationText() const;
    QString errorText() const { return error_; }
    ConceptCanvas* canvas() const { return canvas_; }
    // The map's zoom and fit times scale (1 = normal; a projector: larger).
    void setDisplayScale(double scale);
    // Scene rectangle of a drawn concept; null rect when it is not drawn.
    QRectF conceptSceneRect(const QString& id) const;
    // Writes the drawn map by suffix (.svg, .png, .pdf) without selection marks.
    // ensures: true and the file written whole, or false, *error says why, no file.
    bool exportTo(const QString& path, QString* error = nullptr);

public slots:
    // Lights the concepts whose layers are among ids (the editor's selection).
    void highlightConceptsForNodes(const QList<layerlab::core::NodeId>& ids);
    // Marks (or clears) the overfitting concept of the project map.
    void setOverfitting(bool on);
    // Draws a parsed Mermaid chart instead of the project map.
    void showMermaid(const layerlab::core::ConceptGraph& chart);
    // Back to the project's map (rebuilt from the document now).
    void showProjectMap();

signals:
    // A concept was clicked: the editor layers it stands for (may be empty).
    void highlightNodes(const QList<layerlab::core::NodeId>& ids);
    // ...and the project settings it stands for ("optimizer", "learningRate", ...).
    void highlightSettings(const QStringList& settings);
    // After every (re)layout, successful or not.
    void mapUpdated();

private:
    void scheduleRelayout();
    void rebuild();
    void selectConcept(const QString& id);
    void showExplanation();
    void applyMarks();
    void exportWithDialog();
    void openMermaidDialog();

    GraphDocument* doc_;
    QGraphicsScene* scene_ = nullptr;
    ConceptCanvas* canvas_ = nullptr;
    QTextBrowser* panel_ = nullptr;
    QLabel* title_ = nullptr;
    QLabel* errorLabel_ = nullptr;
    QToolButton* back_ = nullptr;
    QTimer* relayout_ = nullptr;

    core::ConceptGraph graph_;
    core::ConceptGraph mermaidChart_;
    QHash<QString, ConceptNodeItem*> items_;
    bool mermaid_ = false;
    bool overfitting_ = false;
    QString selected_;
    QList<core::NodeId> editorSelection_;
    QString error_;
    QString mermaidText_;
};

}  // namespace layerlab::ui
