// NodeItem: one layer on the canvas, a rounded kNodeBoxWidth x kNodeBoxHeight
// box whose top-left is the node's document position. It shows the layer
// type (header in its category colour), the name, the key parameters
// ("128 units"), the output shape ("→ 128") and the parameter count. When
// shape inference has a diagnostic for the node the border turns red and the
// tooltip is the diagnostic. A stray layer (not connected to the network,
// so not trained: GraphDocument::networkPath) is drawn faded with a dashed
// border and says so in its tooltip. Input ports sit on the top edge (one per input),
// the output port at the bottom centre.
//
// The item never changes the graph: it is selectable but not movable by Qt;
// GraphScene turns drags into GraphDocument::moveNodes and calls refresh()
// from the document's signals.
#pragma once

#include "core/graph/graph.h"

#include <QGraphicsItem>
#include <QString>
#include <QVector>

namespace layerlab::ui {

class GraphDocument;
class PortItem;

class NodeItem : public QGraphicsItem {
public:
    enum { Type = QGraphicsItem::UserType + 1 };

    NodeItem(const GraphDocument& doc, core::NodeId id);

    int type() const override { return Type; }
    core::NodeId nodeId() const { return id_; }

    // Re-reads name, params, shape, diagnostic and position from the document;
    // rebuilds the input ports when their count changed.
    void refresh();

    int inputCount() const { return static_cast<int>(inputs_.size()); }
    PortItem* inputPort(int port) const;  // nullptr when out of range
    PortItem* outputPort() const { return output_; }
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

    const GraphDocument& doc_;
    core::NodeId id_;
    QString type_, name_, params_, shape_, paramCount_, error_;
    QColor colour_;
    bool stray_ = false;
    QVector<PortItem*> inputs_;
    PortItem* output_ = nullptr;
};

}  // namespace layerlab::ui
