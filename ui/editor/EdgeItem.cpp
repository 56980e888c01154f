#include "ui/editor/EdgeItem.h"

#include <QFont>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace layerlab::ui {

namespace {
QFont labelFont() {
    QFont f;
    f.setPixelSize(12);
    return f;
}
}  // namespace

EdgeItem::EdgeItem(const core::Edge& edge) : edge_(edge) {
    setFlag(ItemIsSelectable);
    setZValue(-1);  // under the nodes
    setPen(QPen(QColor(90, 100, 115), 2.0, Qt::SolidLine, Qt::RoundCap));
}

void EdgeItem::setEnds(QPointF from, QPointF to, core::LayoutDirection flow) {
    prepareGeometryChange();
    QPainterPath p(from);
    const bool sideways = flow == core::LayoutDirection::LeftToRight;
    const double d = std::max(40.0, std::abs(sideways ? to.x() - from.x() : to.y() - from.y()) * 0.5);
    const QPointF out = sideways ? QPointF(d, 0) : QPointF(0, d);
    p.cubicTo(from + out, to - out, to);
    mid_ = p.pointAtPercent(0.5);
    setPath(p);
}

void EdgeItem::setLabel(const QString& text) {
    if (text == label_) return;
    prepareGeometryChange();
    label_ = text;
    update();
}

void EdgeItem::setHighlight(Highlight h) {
    if (h == highlight_) return;
    highlight_ = h;
    update();
}

QRectF EdgeItem::labelRect() const {
    if (label_.isEmpty()) return {};
    const QFontMetricsF fm(labelFont());
    const QSizeF s(fm.horizontalAdvance(label_) + 10, fm.height() + 4);
    return QRectF(mid_ - QPointF(s.width() / 2, s.height() / 2), s);
}

QRectF EdgeItem::boundingRect() const {
    return QGraphicsPathItem::boundingRect().adjusted(-9, -9, 9, 9).united(labelRect());
}

QPainterPath EdgeItem::shape() const {
    QPainterPathStroker stroker;
    stroker.setWidth(10);
    QPainterPath s = stroker.createStroke(path());
    if (!label_.isEmpty()) s.addRect(labelRect());
    return s;
}

void EdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    QPen p = pen();
    if (isSelected()) {
        p.setColor(QColor(30, 120, 230));
        p.setWidthF(3.0);
    }
    if (highlight_ != Highlight::None) {
        // A halo under a thick line: visible at the zoom a whole network is seen at.
        const QColor c = highlight_ == Highlight::Accept ? QColor(30, 120, 230) : QColor(215, 40, 40);
        QColor halo = c;
        halo.setAlpha(70);
        painter->setPen(QPen(halo, 16.0, Qt::SolidLine, Qt::RoundCap));
        painter->drawPath(path());
        p.setColor(c);
        p.setWidthF(6.0);
    }
    painter->setPen(p);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(path());
    if (label_.isEmpty()) return;
    const QRectF r = labelRect();
    const QColor frame = highlight_ == Highlight::Accept   ? QColor(30, 120, 230)
                         : highlight_ == Highlight::Refuse ? QColor(215, 40, 40)
                         : isSelected()                    ? QColor(30, 120, 230)
                                                           : QColor(170, 175, 185);
    painter->setPen(QPen(frame, highlight_ == Highlight::None ? 1 : 2));
    painter->setBrush(QColor(255, 255, 255, 235));
    painter->drawRoundedRect(r, 4, 4);
    painter->setFont(labelFont());
    painter->setPen(QColor(50, 55, 65));
    painter->drawText(r, Qt::AlignCenter, label_);
}

}  // namespace layerlab::ui
