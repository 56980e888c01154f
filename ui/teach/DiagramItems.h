// Graphics items of the neuron diagram (NeuronDiagram builds them from a
// core::Trace): a neuron circle with its value inside and small coloured
// lines below (z, p, δ), an edge whose hit area is wider than its pen, a text
// tag with a background (edge labels, biases, the loss box, captions) and a
// heat map of a block's values. Every clickable item carries the
// TraceSelection it stands for (setSelectionKey), so a click maps back to ids,
// never to pointers.
//
// Thread: GUI thread. Items are owned by their scene.
#pragma once

#include "ui/teach/TraceViewState.h"

#include <QColor>
#include <QFont>
#include <QGraphicsItem>
#include <QGraphicsPathItem>
#include <QImage>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>
#include <span>

namespace layerlab::ui {

// Colours shared by the diagram and the legend.
namespace diagram {
QColor positive();      // weights > 0, values > 0 (blue)
QColor negative();      // weights < 0, values < 0 (red)
QColor gradient();      // δ and ∂L/∂w (purple)
QColor muted();         // z, captions (grey)
QColor signColor(double v);
QFont font(qreal pointSize, bool bold = false);
// The heat maps' colour of v: white at 0, towards positive() or negative()
// as |v| reaches scale (> 0; clamped beyond it).
QRgb heatColour(double v, double scale);
}  // namespace diagram

void setSelectionKey(QGraphicsItem* item, const TraceSelection& sel);
std::optional<TraceSelection> selectionKey(const QGraphicsItem* item);

using ColoredLine = QPair<QString, QColor>;

// A neuron: circle of `radius` centred on the item's origin, `value` inside,
// `lines` centred below it.
class TraceNeuronItem : public QGraphicsItem {
public:
    TraceNeuronItem(qreal radius, QString value, QList<ColoredLine> lines, QColor fill, bool selected);
    // What is drawn: the value inside, then the lines below, one per line.
    QString text() const;
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    qreal r_;
    QString value_;
    QList<ColoredLine> lines_;
    QColor fill_;
    bool selected_;
};

// A straight edge; clicks hit within a few pixels of it.
class TraceEdgeItem : public QGraphicsPathItem {
public:
    TraceEdgeItem(QPointF from, QPointF to, const QPen& pen);
    QPainterPath shape() const override;
};

// Text lines on a rounded background, centred on the item's origin.
class TraceTagItem : public QGraphicsItem {
public:
    TraceTagItem(QList<ColoredLine> lines, const QFont& font, QColor border = Qt::transparent, bool selected = false,
            Qt::Alignment align = Qt::AlignHCenter);
    // What is drawn, one line per line.
    QString text() const;
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QList<ColoredLine> lines_;
    QFont font_;
    QColor border_;
    bool selected_;
    Qt::Alignment align_;
    QRectF rect_;
};

// An image drawn into `size` (pixels stay sharp), centred on the origin.
class TraceHeatMapItem : public QGraphicsItem {
public:
    TraceHeatMapItem(QImage image, QSizeF size, bool selected);
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QImage image_;
    QSizeF size_;
    bool selected_;
};

// values as an image: C×H×W shapes tile up to 16 channels, vectors fill a
// near-square grid; blue > 0, red < 0, white 0, scaled by the largest |value|
// (grey levels from black to white when `gray`, for non-negative images such as pixels).
QImage heatMapImage(std::span<const float> values, const core::Shape& shape, bool gray);

}  // namespace layerlab::ui
