// Graphics items of the concept map, built from a core::ConceptLayout (scene
// units = Graphviz points, y down): a box per concept in its group's colour
// and outline shape, and a path with an arrowhead and a label per link.
// The items only draw; ConceptMapView decides what is selected/highlighted.
//
// GUI thread only. The scene owns the items.
#pragma once

#include "core/viz/concept_graph.h"
#include "core/viz/concept_layout.h"

#include <QFont>
#include <QGraphicsItem>
#include <QGraphicsPathItem>
#include <QString>

class QGraphicsScene;

namespace layerlab::ui {

// The fonts the map is drawn with, sized in scene units (= Graphviz points).
QFont conceptNodeFont();
QFont conceptEdgeFont();
// Measures a label in conceptNodeFont() (for core::ConceptLayoutOptions::measure).
core::TextSize measureConceptLabel(const std::string& text, double fontSize);

class ConceptNodeItem : public QGraphicsItem {
public:
    enum { Type = UserType + 301 };

    // requires: box from the same layout as concept. The item is centred on box.centre.
    ConceptNodeItem(const core::Concept& c, const core::ConceptNodeLayout& box);

    int type() const override { return Type; }
    QString conceptId() const { return id_; }
    // Clicked concept: thick dark outline.
    void setCurrent(bool on);
    bool isCurrent() const { return current_; }
    // Concept of a layer selected in the editor: amber halo.
    void setHighlighted(bool on);
    bool isHighlighted() const { return highlighted_; }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QPainterPath outline() const;  // in item coordinates, centred on (0, 0)

    QString id_;
    QString label_;
    core::ConceptGroup group_;
    core::ConceptShape shape_;
    bool marked_ = false;
    QSizeF size_;
    bool current_ = false;
    bool highlighted_ = false;
};

class ConceptEdgeItem : public QGraphicsItem {
public:
    enum { Type = UserType + 302 };

    ConceptEdgeItem(const core::ConceptEdge& edge, const core::ConceptEdgeLayout& route);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
    QString label() const { return label_; }
    // Where the label is drawn (scene coordinates), empty when unlabelled.
    QRectF labelRect() const { return labelRect_; }

private:
    QPainterPath path_;
    QPolygonF arrow_;
    QString label_;
    QRectF labelRect_;
    core::ConceptEdgeStyle style_;
    QRectF bounds_;
};

// Clears the scene and fills it with the items of graph laid out as layout.
// requires: layout = layoutConcepts(graph) (same order of concepts and edges).
void fillConceptScene(QGraphicsScene* scene, const core::ConceptGraph& graph, const core::ConceptLayout& layout);

}  // namespace layerlab::ui
