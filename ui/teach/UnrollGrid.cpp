#include "ui/teach/UnrollGrid.h"

#include "core/teach/trace_formulas.h"
#include "ui/teach/DiagramItems.h"

#include <QFontMetrics>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace layerlab::ui {

namespace {

const QColor kGrey(232, 232, 236);
const QColor kCurrent(230, 150, 0);

}  // namespace

UnrollGrid::UnrollGrid(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    setMouseTracking(false);
}

void UnrollGrid::setBands(std::vector<UnrollBand> bands, int steps) {
    bands_.clear();
    for (UnrollBand& b : bands) {
        Band band;
        double most = 0;
        for (const auto& step : b.values)
            for (float v : step) most = std::max(most, static_cast<double>(std::abs(v)));
        band.scale = most > 0 && std::isfinite(most) ? most : 1;
        band.data = std::move(b);
        band.last = steps - 1;
        bands_.push_back(std::move(band));
    }
    steps_ = steps;
    current_ = std::min(current_, steps - 1);
    selBand_ = -1;
    layoutBands();
}

void UnrollGrid::setRevealed(int band, int first, int last) {
    if (band < 0 || band >= bandCount()) return;
    bands_[static_cast<std::size_t>(band)].first = first;
    bands_[static_cast<std::size_t>(band)].last = last;
    update();
}

void UnrollGrid::setCurrentStep(int t) {
    current_ = std::clamp(t, -1, steps_ - 1);
    update();
}

void UnrollGrid::setHideNumbers(bool hide) {
    hide_ = hide;
    update();
}

void UnrollGrid::setDisplayScale(double scale) {
    scale_ = scale;
    layoutBands();
}

void UnrollGrid::setFitHeight(int height) {
    if (height == fitHeight_) return;
    fitHeight_ = height;
    layoutBands();
}

void UnrollGrid::setSelectedCell(int band, int t, int unit) {
    selBand_ = band;
    selStep_ = t;
    selUnit_ = unit;
    update();
}

QString UnrollGrid::bandSymbol(int band) const {
    return band >= 0 && band < bandCount() ? bands_[static_cast<std::size_t>(band)].data.symbol : QString();
}

int UnrollGrid::unitCount(int band) const {
    if (band < 0 || band >= bandCount()) return 0;
    const auto& v = bands_[static_cast<std::size_t>(band)].data.values;
    return v.empty() ? 0 : static_cast<int>(v.front().size());
}

bool UnrollGrid::showsNumbers(int band) const { return unitCount(band) <= kMaxNumberRows; }

bool UnrollGrid::revealed(int band, int t) const {
    if (band < 0 || band >= bandCount()) return false;
    const Band& b = bands_[static_cast<std::size_t>(band)];
    return t >= b.first && t <= b.last && t >= 0 && t < steps_;
}

QString UnrollGrid::cellText(int band, int t, int unit) const {
    if (!revealed(band, t) || unit < 0 || unit >= unitCount(band)) return {};
    const Band& b = bands_[static_cast<std::size_t>(band)];
    if (hide_ && !b.data.alwaysShown) return QStringLiteral("?");
    if (!showsNumbers(band)) return {};
    return QString::fromStdString(
        core::formatNumber(b.data.values[static_cast<std::size_t>(t)][static_cast<std::size_t>(unit)]));
}

QFont UnrollGrid::cellFont() const { return diagram::font(9.5 * scale_); }

int UnrollGrid::rowHeight() const { return QFontMetrics(cellFont()).height() + qRound(6 * scale_); }

int UnrollGrid::headerHeight() const { return rowHeight() + qRound(4 * scale_); }

int UnrollGrid::columnWidth() const {
    const int label = QFontMetrics(cellFont()).horizontalAdvance(QStringLiteral("t=%1").arg(std::max(steps_ - 1, 0))) +
                      qRound(8 * scale_);
    return std::max({label, qRound(26 * scale_), numberWidth_});
}

int UnrollGrid::headerWidth() const {
    QFont bold = cellFont();
    bold.setBold(true);
    const QFontMetrics fb(bold), fm(cellFont());
    int w = qRound(60 * scale_);
    for (const Band& b : bands_)
        w = std::max(w, fb.horizontalAdvance(b.data.symbol) + fm.horizontalAdvance(QStringLiteral("  ") + b.data.label) +
                            fm.horizontalAdvance(QStringLiteral(" (888)")));
    return w + qRound(10 * scale_);
}

void UnrollGrid::layoutBands() {
    const QFontMetrics fm(cellFont());
    numberWidth_ = 0;
    int fixed = headerHeight(), heat = 0;
    const int gap = qRound(6 * scale_);
    for (int i = 0; i < bandCount(); ++i) {
        fixed += gap;
        if (!showsNumbers(i)) {
            ++heat;
            continue;
        }
        fixed += std::max(1, unitCount(i)) * rowHeight();
        for (const auto& step : bands_[static_cast<std::size_t>(i)].data.values)
            for (float v : step)
                numberWidth_ = std::max(numberWidth_, fm.horizontalAdvance(QString::fromStdString(core::formatNumber(v))));
    }
    if (numberWidth_ > 0) numberWidth_ += qRound(12 * scale_);
    const int fitted = fitHeight_ > 0 && heat > 0 ? (fitHeight_ - fixed - 4) / heat : 0;
    int y = headerHeight();
    for (int i = 0; i < bandCount(); ++i) {
        Band& b = bands_[static_cast<std::size_t>(i)];
        const int units = unitCount(i);
        b.top = y;
        if (showsNumbers(i)) b.height = std::max(1, units) * rowHeight();
        else if (fitted > 0) b.height = std::clamp(fitted, qRound(20 * scale_), qRound(64 * scale_));
        else b.height = qRound(std::clamp(units, 32, 64) * scale_);
        y += b.height + gap;
    }
    updateGeometry();
    resize(sizeHint());
    update();
}

QSize UnrollGrid::sizeHint() const {
    const int h = bands_.empty() ? headerHeight() : bands_.back().top + bands_.back().height + 2;
    return {headerWidth() + steps_ * columnWidth() + 2, h};
}

QRect UnrollGrid::cellRect(int band, int t, int unit) const {
    if (band < 0 || band >= bandCount() || t < 0 || t >= steps_ || unit < 0 || unit >= unitCount(band)) return {};
    const Band& b = bands_[static_cast<std::size_t>(band)];
    const int x = headerWidth() + t * columnWidth(), units = unitCount(band);
    const int y0 = b.top + static_cast<int>(std::floor(static_cast<double>(unit) * b.height / units));
    const int y1 = b.top + static_cast<int>(std::floor(static_cast<double>(unit + 1) * b.height / units));
    return QRect(x, y0, columnWidth(), std::max(1, y1 - y0));
}

void UnrollGrid::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), QColor(252, 252, 253));
    const QFont font = cellFont();
    QFont bold = font;
    bold.setBold(true);
    const int hw = headerWidth(), cw = columnWidth(), hh = headerHeight();
    p.setFont(font);
    for (int t = 0; t < steps_; ++t) {
        p.setFont(t == current_ ? bold : font);
        p.setPen(t == current_ ? QColor(150, 90, 0) : diagram::muted());
        p.drawText(QRect(hw + t * cw, 0, cw, hh), Qt::AlignCenter, QStringLiteral("t=%1").arg(t));
    }
    for (int i = 0; i < bandCount(); ++i) {
        const Band& b = bands_[static_cast<std::size_t>(i)];
        const int units = unitCount(i);
        const bool numbers = showsNumbers(i);
        const bool hidden = hide_ && !b.data.alwaysShown;
        for (int t = 0; t < steps_; ++t) {
            const QRect col(hw + t * cw, b.top, cw, b.height);
            if (!revealed(i, t)) {
                p.fillRect(col, kGrey);
                continue;
            }
            const auto& v = b.data.values[static_cast<std::size_t>(t)];
            for (int j = 0; j < units; ++j) {
                const QRect cell = cellRect(i, t, j);
                const double value = v[static_cast<std::size_t>(j)];
                // Numbers on a light tint (readable); heat maps at full strength.
                const QColor fill = hidden ? QColor(Qt::white)
                                           : QColor(diagram::heatColour(value, numbers ? b.scale * 2.6 : b.scale));
                p.fillRect(cell, fill);
                if (numbers) {
                    p.setPen(QColor(215, 215, 222));
                    p.drawRect(cell.adjusted(0, 0, -1, -1));
                    p.setPen(hidden ? diagram::muted() : diagram::signColor(value).darker(130));
                    p.drawText(cell, Qt::AlignCenter, cellText(i, t, j));
                }
            }
            if (!numbers && hidden) {
                p.fillRect(col, QColor(244, 244, 247));
                p.setPen(diagram::muted());
                p.drawText(col, Qt::AlignCenter, QStringLiteral("?"));
            }
        }
        p.setPen(QColor(190, 190, 200));
        p.drawRect(QRect(hw, b.top, steps_ * cw, b.height).adjusted(0, 0, -1, -1));
    }
    if (current_ >= 0 && !bands_.empty()) {
        p.setPen(QPen(kCurrent, 2.5 * scale_));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRect(hw + current_ * cw, 1, cw, height() - 2).adjusted(1, 1, -1, -1));
    }
    if (selBand_ >= 0) {
        const QRect cell = cellRect(selBand_, selStep_, selUnit_);
        if (!cell.isEmpty()) {
            p.setPen(QPen(QColor(40, 40, 50), 2.2 * scale_));
            p.drawRect(cell.adjusted(0, 0, -1, -1));
        }
    }
    // The row names stay at the left edge of the scroll area's view (sticky).
    const int sx = std::max(0, -x());
    p.fillRect(QRect(sx, 0, hw, height()), QColor(252, 252, 253));
    for (int i = 0; i < bandCount(); ++i) {
        const Band& b = bands_[static_cast<std::size_t>(i)];
        const int units = unitCount(i);
        const bool numbers = showsNumbers(i);
        // A heat band two lines high names its unit count on a second line, a lower one after the label.
        const bool twoLines = !numbers && b.height >= 2 * QFontMetrics(font).height();
        const QRect head(sx + 4, b.top, hw - 8, numbers ? rowHeight() : b.height);
        const Qt::Alignment align = Qt::AlignLeft | (twoLines ? Qt::AlignTop : Qt::AlignVCenter);
        p.setFont(bold);
        p.setPen(Qt::black);
        const int symbolWidth = QFontMetrics(bold).horizontalAdvance(b.data.symbol);
        p.drawText(head, align, b.data.symbol);
        p.setFont(font);
        p.setPen(diagram::muted());
        const QString count = !numbers && !twoLines ? QStringLiteral(" (%1)").arg(units) : QString();
        p.drawText(head.adjusted(symbolWidth, 0, 0, 0), align, QStringLiteral("  ") + b.data.label + count);
        if (numbers && units > 1)
            for (int j = 0; j < units; ++j)
                p.drawText(QRect(sx + 4, b.top + j * rowHeight(), hw - 8, rowHeight()), Qt::AlignRight | Qt::AlignVCenter,
                           QString::number(j + 1));
        else if (twoLines)
            p.drawText(head, Qt::AlignRight | Qt::AlignBottom, tr("%1 units").arg(units));
    }
}

void UnrollGrid::mousePressEvent(QMouseEvent* event) {
    const QPoint pos = event->position().toPoint();
    const int hw = headerWidth(), cw = columnWidth();
    if (pos.x() < hw + std::max(0, -x()) || cw <= 0) return QWidget::mousePressEvent(event);  // the row names
    const int t = (pos.x() - hw) / cw;
    for (int i = 0; i < bandCount(); ++i) {
        const Band& b = bands_[static_cast<std::size_t>(i)];
        if (pos.y() < b.top || pos.y() >= b.top + b.height || t >= steps_) continue;
        const int units = unitCount(i);
        const int j = std::clamp(static_cast<int>(static_cast<double>(pos.y() - b.top) * units / b.height), 0, units - 1);
        emit cellClicked(i, t, j);
        return;
    }
    QWidget::mousePressEvent(event);
}

}  // namespace layerlab::ui
