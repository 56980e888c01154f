// EdgeItem: the connection from a node's output port to an input port of
// another node, drawn as an S-curve along the graph's flow (vertical, or
// horizontal for a graph laid out left to right) with the tensor shape of its
// source as a label at the middle. It holds the core::Edge (ids, port), never
// node pointers; GraphScene calls setEnds() whenever either node moves and
// setLabel() whenever shapes change. Selectable (Delete disconnects it).
// While a palette drag hovers it, it is highlighted: blue when the layer can
// be inserted there, red when not.
#pragma once

#include "core/graph/graph.h"
#include "core/viz/graph_layout.h"

#include <QGraphicsPathItem>
#include <QString>

namespace layerlab::ui {

class EdgeItem : public QGraphicsPathItem {
public:
    enum { Type = QGraphicsItem::UserType + 2 };

    explicit EdgeItem(const core::Edge& edge);

    int type() const override { return Type; }
    const core::Edge& edge() const { return edge_; }
    // Scene positions of the source output port and the target input port;
    // the curve leaves and enters along `flow`.
    void setEnds(QPointF from, QPointF to, core::LayoutDirection flow = core::LayoutDirection::TopToBottom);
    // "32x26x26", or empty when the source has no shape (no label drawn).
    void setLabel(const QString& text);
    QString label() const { return label_; }
    enum class Highlight { None, Accept, Refuse };
    void setHighlight(Highlight h);
    Highlight highlight() const { return highlight_; }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QRectF labelRect() const;

    core::Edge edge_;
    QString label_;
    QPointF mid_;
    Highlight highlight_ = Highlight::None;
};

}  // namespace layerlab::ui
