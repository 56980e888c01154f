// NodeItem: one layer on the canvas, a rounded kNodeBoxWidth x kNodeBoxHeight
// box whose top-left is the node's document position. It shows the layer
// type (header in its category colour), the name, the key parameters
// ("128 units"), the output shape ("→ 128") and the parameter count. When
// shape inference has a diagnostic for the node the border turns red and the
// tooltip is the diagnostic. A stray layer (not connected to the network,
// so not trained: GraphDocument::networkPath) is drawn faded with a dashed
// border and says so in its tooltip. Input ports sit on the top edge (one per
// input), the output port at the bottom centre; in a graph that flows left to
// right (setFlow) the inputs are on the left edge and the output on the right.
// Text is sized in scene pixels: at zoom z it is at least kSmallestTextPx * z
// pixels high on screen.
//
// The item never changes the graph: it is selectable but not movable by Qt;
// GraphScene turns drags into GraphDocument::moveNodes and calls refresh()
// from the document's signals.
#pragma once

#include "core/graph/graph.h"
#include "core/viz/graph_layout.h"

#include <QGraphicsItem>
#include <QString>
#include <QVector>

namespace layerlab::ui {

class GraphDocument;
class PortItem;

class NodeItem : public QGraphicsItem {
public:
    enum { Type = QGraphicsItem::UserType + 1 };
    // Pixel size of the node's smallest text (name, parameters, shape, count).
    static constexpr int kSmallestTextPx = 13;

    NodeItem(const GraphDocument& doc, core::NodeId id);

    int type() const override { return Type; }
    core::NodeId nodeId() const { return id_; }

    // Re-reads name, params, shape, diagnostic and position from the document;
    // rebuilds the input ports when their count changed.
    void refresh();

    int inputCount() const { return static_cast<int>(inputs_.size()); }
    PortItem* inputPort(int port) const;  // nullptr when out of range
    PortItem* outputPort() const { return output_; }
    // Which sides the ports sit on (GraphScene follows the graph's flow).
    void setFlow(core::LayoutDirection flow);
    core::LayoutDirection flow() const { return flow_; }
    bool hasError() const { return !error_.isEmpty(); }
    bool isStray() const { return stray_; }
    // The texts as drawn (for tests and the export).
    QString typeText() const { return type_; }
    QString paramsText() const { return params_; }
    QString shapeText() const { return shape_; }

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

    // Header colour of a registry category (ui::categoryColor in LayerStyle.h).
    static QColor categoryColor(const QString& category);

private:
    void rebuildPorts(int inputs);
    void placePorts();

    const GraphDocument& doc_;
    core::NodeId id_;
    QString type_, name_, params_, shape_, paramCount_, error_;
    QColor colour_;
    bool stray_ = false;
    QVector<PortItem*> inputs_;
    PortItem* output_ = nullptr;
    core::LayoutDirection flow_ = core::LayoutDirection::TopToBottom;
};

}  // namespace layerlab::ui
