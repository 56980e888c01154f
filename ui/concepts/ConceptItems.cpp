#include "ui/concepts/ConceptItems.h"

#include "core/viz/concept_style.h"

#include <QCursor>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QGuiApplication>
#include <QPainter>
#include <QtMath>

#include <cmath>

namespace layerlab::ui {

namespace {

QColor colour(std::string_view hex) { return QColor(QLatin1String(hex.data(), qsizetype(hex.size()))); }

QFont fontOfSize(double size) {
    QFont f = QGuiApplication::font();
    f.setPixelSize(qRound(size));
    f.setHintingPreference(QFont::PreferNoHinting);  // the same widths at every zoom
    return f;
}

QPointF toQ(core::Point p) { return {p.x, p.y}; }

}  // namespace

QFont conceptNodeFont() { return fontOfSize(core::kConceptFontSize); }
QFont conceptEdgeFont() { return fontOfSize(core::kConceptEdgeFontSize); }

core::TextSize measureConceptLabel(const std::string& text, double fontSize) {
    const QFontMetricsF fm(fontOfSize(fontSize));
    const QSizeF s = fm.boundingRect(QRectF(0, 0, 4000, 4000), Qt::AlignCenter, QString::fromStdString(text)).size();
    return {s.width() + 2, s.height()};
}

// ---- ConceptNodeItem ----

ConceptNodeItem::ConceptNodeItem(const core::Concept& c, const core::ConceptNodeLayout& box)
    : id_(QString::fromStdString(c.id)),
      label_(QString::fromStdString(core::wrapConceptLabel(c.label))),
      group_(c.group),
      shape_(c.shape),
      marked_(c.marked),
      size_(box.width, box.height) {
    setPos(toQ(box.centre));
    setZValue(1);
    setCursor(QCursor(Qt::PointingHandCursor));
    setAcceptHoverEvents(false);
}

void ConceptNodeItem::setCurrent(bool on) {
    if (current_ == on) return;
    current_ = on;
    update();
}

void ConceptNodeItem::setHighlighted(bool on) {
    if (highlighted_ == on) return;
    highlighted_ = on;
    update();
}

QRectF ConceptNodeItem::boundingRect() const {
    return QRectF(-size_.width() / 2, -size_.height() / 2, size_.width(), size_.height()).adjusted(-6, -6, 6, 6);
}

QPainterPath ConceptNodeItem::outline() const {
    const double w = size_.width(), h = size_.height();
    const QRectF r(-w / 2, -h / 2, w, h);
    QPainterPath path;
    switch (shape_) {
        case core::ConceptShape::Box: path.addRect(r); break;
        case core::ConceptShape::Rounded: path.addRoundedRect(r, 8, 8); break;
        case core::ConceptShape::Circle: path.addEllipse(r); break;
        case core::ConceptShape::Diamond:
            path.addPolygon(QPolygonF({QPointF(0, -h / 2), QPointF(w / 2, 0), QPointF(0, h / 2), QPointF(-w / 2, 0)}));
            path.closeSubpath();
            break;
        case core::ConceptShape::Hexagon: {
            const double inset = std::min(w * 0.2, h * 0.5);
            path.addPolygon(QPolygonF({QPointF(-w / 2, 0), QPointF(-w / 2 + inset, -h / 2), QPointF(w / 2 - inset, -h / 2),
                                       QPointF(w / 2, 0), QPointF(w / 2 - inset, h / 2), QPointF(-w / 2 + inset, h / 2)}));
            path.closeSubpath();
            break;
        }
    }
    return path;
}

QPainterPath ConceptNodeItem::shape() const { return outline(); }

void ConceptNodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    const QPainterPath path = outline();
    if (highlighted_) {
        QColor halo = colour(core::kConceptHighlightColour);
        halo.setAlpha(170);
        painter->setPen(QPen(halo, 8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(path);
    }
    painter->setBrush(colour(marked_ ? core::kConceptMarkedFill : core::conceptFillColour(group_)));
    QPen pen(colour(marked_ ? core::kConceptMarkedColour : core::kConceptOutlineColour), marked_ ? 2.5 : 1.2);
    if (current_) pen = QPen(colour(core::kConceptTextColour), 2.8);
    painter->setPen(pen);
    painter->drawPath(path);
    painter->setPen(colour(core::kConceptTextColour));
    painter->setFont(conceptNodeFont());
    painter->drawText(QRectF(-size_.width() / 2, -size_.height() / 2, size_.width(), size_.height()), Qt::AlignCenter,
                      label_);
}

// ---- ConceptEdgeItem ----

ConceptEdgeItem::ConceptEdgeItem(const core::ConceptEdge& edge, const core::ConceptEdgeLayout& route)
    : label_(QString::fromStdString(edge.label)), style_(edge.style) {
    setZValue(0);
    const std::vector<core::Point>& s = route.spline;
    if (!s.empty()) {
        path_.moveTo(toQ(s[0]));
        for (std::size_t i = 1; i + 2 < s.size(); i += 3) path_.cubicTo(toQ(s[i]), toQ(s[i + 1]), toQ(s[i + 2]));
    }
    if (route.hasArrow && !s.empty()) {
        const QPointF base = toQ(s.back()), tip = toQ(route.arrowTip);
        const QPointF d = tip - base;
        const double len = std::hypot(d.x(), d.y());
        if (len > 0.01) {
            const QPointF n(-d.y() / len, d.x() / len);
            const double half = std::max(3.0, len * 0.4);
            arrow_ = QPolygonF({tip, base + n * half, base - n * half});
        }
    }
    if (route.hasLabel && !label_.isEmpty()) {
        const QSizeF size(route.labelSize.width, route.labelSize.height);
        labelRect_ = QRectF(toQ(route.labelCentre) - QPointF(size.width() / 2, size.height() / 2), size);
    }
    bounds_ = path_.boundingRect().united(arrow_.boundingRect()).united(labelRect_).adjusted(-4, -4, 4, 4);
}

QRectF ConceptEdgeItem::boundingRect() const { return bounds_; }

void ConceptEdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    const QColor line = colour(core::kConceptEdgeColour);
    QPen pen(line, style_ == core::ConceptEdgeStyle::Thick ? 2.5 : 1.1);
    if (style_ == core::ConceptEdgeStyle::Dotted) pen.setStyle(Qt::DashLine);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(path_);
    if (!arrow_.isEmpty()) {
        painter->setPen(QPen(line, 1));
        painter->setBrush(line);
        painter->drawPolygon(arrow_);
    }
    if (labelRect_.isEmpty()) return;
    const QFont font = conceptEdgeFont();
    const QFontMetricsF fm(font);
    const double textWidth = fm.horizontalAdvance(label_);
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(255, 255, 255, 215));
    const QPointF c = labelRect_.center();
    const double w = std::min(textWidth, labelRect_.width() + 6) + 4;
    painter->drawRoundedRect(QRectF(c.x() - w / 2, c.y() - fm.height() / 2, w, fm.height()), 3, 3);
    painter->setPen(colour(core::kConceptEdgeLabelColour));
    painter->setFont(font);
    // Graphviz sized the label with its own font metrics: squeeze ours to fit when wider.
    const double squeeze = textWidth > labelRect_.width() + 6 ? (labelRect_.width() + 6) / textWidth : 1.0;
    painter->save();
    painter->translate(c);
    painter->scale(squeeze, 1.0);
    painter->drawText(QRectF(-textWidth / 2 - 2, -fm.height() / 2, textWidth + 4, fm.height()), Qt::AlignCenter, label_);
    painter->restore();
}

void fillConceptScene(QGraphicsScene* scene, const core::ConceptGraph& graph, const core::ConceptLayout& layout) {
    scene->clear();
    for (std::size_t i = 0; i < graph.edges.size() && i < layout.edges.size(); ++i)
        scene->addItem(new ConceptEdgeItem(graph.edges[i], layout.edges[i]));
    for (std::size_t i = 0; i < graph.concepts.size() && i < layout.nodes.size(); ++i)
        scene->addItem(new ConceptNodeItem(graph.concepts[i], layout.nodes[i]));
    scene->setSceneRect(QRectF(0, 0, layout.width, layout.height).adjusted(-20, -20, 20, 20));
}

}  // namespace layerlab::ui
