#include "ui/teach/DiagramItems.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStringList>
#include <QVariant>

#include <algorithm>
#include <cmath>

namespace layerlab::ui {

namespace {
constexpr int kKeyData = 0;
constexpr qreal kLinePad = 3;
}  // namespace

namespace diagram {
QColor positive() { return QColor(37, 99, 185); }
QColor negative() { return QColor(200, 45, 45); }
QColor gradient() { return QColor(128, 60, 190); }
QColor muted() { return QColor(95, 95, 105); }
QColor signColor(double v) { return v < 0 ? negative() : positive(); }
QFont font(qreal pointSize, bool bold) {
    QFont f;
    f.setPointSizeF(pointSize);
    f.setBold(bold);
    return f;
}
QRgb heatColour(double v, double scale) {
    const double t = std::clamp(v / scale, -1.0, 1.0);
    const QColor c = t < 0 ? negative() : positive();
    const double a = std::abs(t);
    auto mix = [&](int ch) { return static_cast<int>(std::lround(255 * (1 - a) + ch * a)); };
    return qRgb(mix(c.red()), mix(c.green()), mix(c.blue()));
}
}  // namespace diagram

void setSelectionKey(QGraphicsItem* item, const TraceSelection& sel) {
    item->setData(kKeyData, QVariantList{static_cast<int>(sel.kind), sel.stage, sel.neuron, sel.input});
}

std::optional<TraceSelection> selectionKey(const QGraphicsItem* item) {
    const QVariantList v = item->data(kKeyData).toList();
    if (v.size() != 4) return std::nullopt;
    return TraceSelection{static_cast<TraceSelection::Kind>(v[0].toInt()), v[1].toInt(), v[2].toInt(), v[3].toInt()};
}

// ---- TraceNeuronItem ----

TraceNeuronItem::TraceNeuronItem(qreal radius, QString value, QList<ColoredLine> lines, QColor fill, bool selected)
    : r_(radius), value_(std::move(value)), lines_(std::move(lines)), fill_(fill), selected_(selected) {}

namespace {
QStringList texts(const QList<ColoredLine>& lines) {
    QStringList out;
    for (const ColoredLine& l : lines) out << l.first;
    return out;
}
}  // namespace

QString TraceNeuronItem::text() const { return (QStringList{value_} + texts(lines_)).join(QLatin1Char('\n')); }

QRectF TraceNeuronItem::boundingRect() const {
    const QFontMetricsF fm(diagram::font(11.5));
    qreal w = 2 * r_;
    for (const auto& l : lines_) w = std::max(w, fm.horizontalAdvance(l.first) + 4);
    const qreal below = lines_.size() * fm.height() + kLinePad;
    return QRectF(-w / 2 - 3, -r_ - 3, w + 6, 2 * r_ + 6 + below);
}

QPainterPath TraceNeuronItem::shape() const {
    QPainterPath p;
    p.addEllipse(QPointF(0, 0), r_ + 2, r_ + 2);
    return p;
}

void TraceNeuronItem::paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) {
    p->setRenderHint(QPainter::Antialiasing);
    p->setBrush(fill_);
    p->setPen(QPen(selected_ ? QColor(230, 150, 0) : QColor(60, 60, 70), selected_ ? 3.5 : 1.6));
    p->drawEllipse(QPointF(0, 0), r_, r_);
    p->setPen(Qt::black);
    QFont f = diagram::font(13.5, true);
    const QFontMetricsF big(f);
    if (big.horizontalAdvance(value_) > 2 * r_ - 4) f.setPointSizeF(11);
    p->setFont(f);
    p->drawText(QRectF(-r_, -r_, 2 * r_, 2 * r_), Qt::AlignCenter, value_);
    const QFont small = diagram::font(11.5);
    const QFontMetricsF fm(small);
    p->setFont(small);
    qreal y = r_ + kLinePad;
    for (const auto& l : lines_) {
        p->setPen(l.second);
        const qreal w = fm.horizontalAdvance(l.first);
        p->drawText(QRectF(-w / 2 - 2, y, w + 4, fm.height()), Qt::AlignCenter, l.first);
        y += fm.height();
    }
}

// ---- TraceEdgeItem ----

TraceEdgeItem::TraceEdgeItem(QPointF from, QPointF to, const QPen& pen) {
    QPainterPath path(from);
    path.lineTo(to);
    setPath(path);
    setPen(pen);
}

QPainterPath TraceEdgeItem::shape() const {
    QPainterPathStroker s;
    s.setWidth(std::max<qreal>(9, pen().widthF() + 4));
    return s.createStroke(path());
}

// ---- TraceTagItem ----

QString TraceTagItem::text() const { return texts(lines_).join(QLatin1Char('\n')); }

TraceTagItem::TraceTagItem(QList<ColoredLine> lines, const QFont& font, QColor border, bool selected, Qt::Alignment align)
    : lines_(std::move(lines)), font_(font), border_(border), selected_(selected), align_(align) {
    const QFontMetricsF fm(font_);
    qreal w = 0;
    for (const auto& l : lines_) w = std::max(w, fm.horizontalAdvance(l.first));
    const qreal h = lines_.size() * fm.height();
    rect_ = QRectF(-w / 2 - 4, -h / 2 - 2, w + 8, h + 4);
}

QRectF TraceTagItem::boundingRect() const { return rect_.adjusted(-2, -2, 2, 2); }

void TraceTagItem::paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) {
    p->setRenderHint(QPainter::Antialiasing);
    p->setBrush(QColor(255, 255, 255, 235));
    p->setPen(selected_ ? QPen(QColor(230, 150, 0), 2.5) : QPen(border_, 1));
    p->drawRoundedRect(rect_, 4, 4);
    p->setFont(font_);
    const QFontMetricsF fm(font_);
    qreal y = rect_.top() + 2;
    for (const auto& l : lines_) {
        p->setPen(l.second);
        p->drawText(QRectF(rect_.left() + 4, y, rect_.width() - 8, fm.height()), align_ | Qt::AlignVCenter, l.first);
        y += fm.height();
    }
}

// ---- TraceHeatMapItem ----

TraceHeatMapItem::TraceHeatMapItem(QImage image, QSizeF size, bool selected)
    : image_(std::move(image)), size_(size), selected_(selected) {}

QRectF TraceHeatMapItem::boundingRect() const {
    return QRectF(-size_.width() / 2 - 3, -size_.height() / 2 - 3, size_.width() + 6, size_.height() + 6);
}

void TraceHeatMapItem::paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) {
    const QRectF r(-size_.width() / 2, -size_.height() / 2, size_.width(), size_.height());
    p->setRenderHint(QPainter::SmoothPixmapTransform, false);
    p->drawImage(r, image_);
    p->setBrush(Qt::NoBrush);
    p->setPen(selected_ ? QPen(QColor(230, 150, 0), 3) : QPen(QColor(60, 60, 70), 1.2));
    p->drawRect(r);
}

QImage heatMapImage(std::span<const float> values, const core::Shape& shape, bool gray) {
    const int n = static_cast<int>(values.size());
    int tileW, tileH, channels;
    if (shape.isImage() && shape.size() == n) {
        channels = std::min(shape.channels(), 16);
        tileW = shape.width();
        tileH = shape.height();
    } else {
        channels = 1;
        tileW = std::max(1, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(std::max(n, 1))))));
        tileH = std::max(1, (n + tileW - 1) / tileW);
    }
    const int cols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(channels))));
    const int rows = (channels + cols - 1) / cols;
    const int gap = channels > 1 ? 1 : 0;
    QImage img(cols * tileW + (cols - 1) * gap, rows * tileH + (rows - 1) * gap, QImage::Format_RGB32);
    img.fill(QColor(225, 225, 230));
    float scale = 0;
    for (float v : values) scale = std::max(scale, std::abs(v));
    if (scale == 0) scale = 1;
    auto colour = [&](float v) {
        if (!gray) return diagram::heatColour(v, scale);
        const double t = std::clamp(static_cast<double>(v) / scale, 0.0, 1.0);
        const int g = static_cast<int>(std::lround(255 * t));  // bright = large, as pixels
        return qRgb(g, g, g);
    };
    const int perTile = tileW * tileH;
    for (int c = 0; c < channels; ++c) {
        const int ox = (c % cols) * (tileW + gap), oy = (c / cols) * (tileH + gap);
        for (int i = 0; i < perTile; ++i) {
            const int idx = c * perTile + i;
            if (idx >= n) break;
            img.setPixel(ox + i % tileW, oy + i / tileW, colour(values[static_cast<std::size_t>(idx)]));
        }
    }
    return img;
}

}  // namespace layerlab::ui
