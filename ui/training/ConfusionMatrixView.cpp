#include "ui/training/ConfusionMatrixView.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace layerlab::ui {

namespace {
constexpr int kPad = 6;
constexpr int kMaxLabelWidth = 140;  // longer class names are elided
const QColor kEmpty(250, 250, 252);
const QColor kRight(31, 95, 168);    // diagonal
const QColor kWrong(214, 84, 30);    // off-diagonal

QColor mix(const QColor& a, const QColor& b, double t) {
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * t),
                            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * t),
                            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * t));
}

// Shade of a cell: the diagonal by its row fraction, mistakes by its square
// root so that a few percent of errors is still visible.
double shade(bool diagonal, double fraction) { return diagonal ? fraction : std::sqrt(fraction); }

constexpr int kMaxCountPx = 22;       // at display scale 1
constexpr int kWantedCellHeight = 18; // turned names that leave less than this give way to numbers

QFont pixelFont(const QFont& base, int px) {
    QFont f = base;
    f.setPixelSize(std::max(1, px));
    return f;
}
}  // namespace

ConfusionMatrixView::ConfusionMatrixView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAccessibleName(tr("Confusion matrix"));
}

void ConfusionMatrixView::setMatrix(const core::ConfusionMatrix& matrix, const QStringList& classNames) {
    matrix_ = matrix;
    names_ = classNames;
    if (selected_.first >= matrix_.classes || selected_.second >= matrix_.classes) selected_ = {-1, -1};
    updateGeometry();
    update();
}

void ConfusionMatrixView::clear() {
    matrix_ = {};
    names_.clear();
    selected_ = {-1, -1};
    update();
}

QString ConfusionMatrixView::name(int k) const {
    return k < names_.size() && !names_[k].isEmpty() ? names_[k] : tr("class %1").arg(k);
}

double ConfusionMatrixView::rowFraction(int truth, int predicted) const {
    long row = 0;
    for (int p = 0; p < matrix_.classes; ++p) row += matrix_.at(truth, p);
    return row > 0 ? static_cast<double>(matrix_.at(truth, predicted)) / static_cast<double>(row) : 0.0;
}

QString ConfusionMatrixView::rowLabel(int k, Columns columns) const {
    if (columns == Columns::NumbersOnly) return QString::number(k);
    return columns == Columns::Numbers ? QStringLiteral("%1 (%2)").arg(name(k)).arg(k) : name(k);
}

void ConfusionMatrixView::setDisplayScale(double scale) {
    if (!(scale > 0)) return;
    scale_ = scale;
    updateGeometry();
    update();
}

ConfusionMatrixView::Geometry ConfusionMatrixView::geometry() const {
    Geometry best;
    const int k = matrix_.classes;
    if (k <= 0) return best;
    const QFontMetrics fm = fontMetrics();
    int nameWidth = 0;
    for (int c = 0; c < k; ++c) nameWidth = std::max(nameWidth, fm.horizontalAdvance(name(c)));
    nameWidth = std::min(nameWidth + 2, kMaxLabelWidth);  // + 2: horizontalAdvance rounds, elidedText does not
    const int title = fm.height() + 4;
    long most = 0;
    for (int t = 0; t < k; ++t)
        for (int p = 0; p < k; ++p) most = std::max(most, matrix_.at(t, p));
    const QString widest = QString::number(most);

    for (Columns columns : {Columns::Names, Columns::TurnedNames, Columns::Numbers, Columns::NumbersOnly}) {
        Geometry g;
        g.columns = columns;
        g.labelWidth = nameWidth;
        if (columns == Columns::Numbers)
            g.labelWidth = std::min(nameWidth + fm.horizontalAdvance(QStringLiteral(" (%1)").arg(k - 1)),
                                    kMaxLabelWidth + 40);
        if (columns == Columns::NumbersOnly) g.labelWidth = fm.horizontalAdvance(QString::number(k - 1)) + 2;
        const int left = title + g.labelWidth + kPad;
        const int columnLabels = columns == Columns::TurnedNames ? nameWidth : fm.height();
        const int bottom = title + columnLabels + kPad;
        g.cellW = (width() - left - kPad) / k;
        g.cellH = (height() - kPad - bottom) / k;
        const int columnLabelWidth =
            columns == Columns::Names ? nameWidth : fm.horizontalAdvance(QString::number(k - 1));
        if (columns != Columns::TurnedNames && columnLabelWidth > g.cellW - 4) continue;  // labels would overlap
        // Fill the space, but keep the cells from turning into strips.
        g.cellW = std::max(4, std::min(g.cellW, g.cellH * 5 / 2));
        g.cellH = std::max(4, std::min(g.cellH, g.cellW));
        // The counts: as large as the cell allows, within [kMinCountPx, kMaxCountPx * scale].
        int px = std::min(static_cast<int>(g.cellH * 0.6), static_cast<int>(kMaxCountPx * scale_));
        while (px >= kMinCountPx && QFontMetrics(pixelFont(font(), px)).horizontalAdvance(widest) > g.cellW - 4) --px;
        g.fontPx = px >= kMinCountPx ? px : 0;
        const int side = g.cellW * k;
        const int x = left + std::max(0, (width() - left - kPad - side) / 2);
        g.grid = QRect(x, kPad, side, g.cellH * k);
        // Counts that can be read come first, then the taller cells.
        const bool better = best.cellH == 0 || (g.fontPx > 0 && best.fontPx == 0) ||
                            ((g.fontPx > 0) == (best.fontPx > 0) && g.cellH > best.cellH);
        if (better) best = g;
        if (g.fontPx > 0 && g.cellH >= kWantedCellHeight) return g;  // the first way that reads well
    }
    return best;
}

QRect ConfusionMatrixView::cellRect(int truth, int predicted) const {
    if (truth < 0 || predicted < 0 || truth >= matrix_.classes || predicted >= matrix_.classes) return {};
    const Geometry g = geometry();
    return QRect(g.grid.left() + predicted * g.cellW, g.grid.top() + truth * g.cellH, g.cellW, g.cellH);
}

std::pair<int, int> ConfusionMatrixView::cellAt(QPoint p) const {
    const Geometry g = geometry();
    if (matrix_.classes <= 0 || !g.grid.contains(p)) return {-1, -1};
    const int t = std::min((p.y() - g.grid.top()) / g.cellH, matrix_.classes - 1);
    const int c = std::min((p.x() - g.grid.left()) / g.cellW, matrix_.classes - 1);
    return {t, c};
}

QString ConfusionMatrixView::cellText(int truth, int predicted) const {
    if (truth < 0 || predicted < 0 || truth >= matrix_.classes || predicted >= matrix_.classes) return {};
    return geometry().fontPx > 0 ? QString::number(matrix_.at(truth, predicted)) : QString();
}

void ConfusionMatrixView::setSelectedCell(int truth, int predicted) {
    if (truth < 0 || predicted < 0 || truth >= matrix_.classes || predicted >= matrix_.classes) truth = predicted = -1;
    selected_ = {truth, predicted};
    update();
}

QSize ConfusionMatrixView::sizeHint() const {
    // Room for every count at a comfortable size, and the class names beside.
    const int k = std::max(matrix_.classes, 3);
    const QFontMetrics fm = fontMetrics();
    int nameWidth = 0;
    for (int c = 0; c < matrix_.classes; ++c) nameWidth = std::max(nameWidth, fm.horizontalAdvance(name(c)));
    nameWidth = std::min(std::max(nameWidth, fm.horizontalAdvance(tr("class %1").arg(0))) + 2, kMaxLabelWidth);
    long most = 999;
    for (long n : matrix_.counts) most = std::max(most, n);
    const int px = static_cast<int>(14 * scale_);
    const int cellW = std::max(QFontMetrics(pixelFont(font(), px)).horizontalAdvance(QString::number(most)) + 12, 2 * px);
    const int cellH = 2 * px;
    const int title = fm.height() + 4;
    return {title + nameWidth + k * cellW + 2 * kPad, k * cellH + title + fm.height() + 3 * kPad};
}
QSize ConfusionMatrixView::minimumSizeHint() const { return {160, 140}; }

void ConfusionMatrixView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    const int k = matrix_.classes;
    if (k <= 0) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("No predictions yet"));
        return;
    }
    const Geometry g = geometry();
    const QFontMetrics fm = fontMetrics();
    const QFont cf = pixelFont(font(), g.fontPx);
    const QFontMetrics cfm(cf);
    const bool twoLines = g.fontPx > 0 && g.cellH >= 2.6 * cfm.height() && g.cellW >= cfm.horizontalAdvance(QStringLiteral("100%")) + 4;

    for (int t = 0; t < k; ++t) {
        for (int p = 0; p < k; ++p) {
            const QRect r = cellRect(t, p);
            const double f = rowFraction(t, p);
            const double s = shade(t == p, f);
            painter.fillRect(r, matrix_.at(t, p) == 0 ? kEmpty : mix(kEmpty, t == p ? kRight : kWrong, 0.12 + 0.88 * s));
            if (g.fontPx <= 0) continue;
            const QString text = QString::number(matrix_.at(t, p));
            painter.setFont(cf);
            // Zeros are quiet so that the counts that matter stand out.
            painter.setPen(matrix_.at(t, p) == 0 ? QColor(170, 170, 176)
                                                 : (s > 0.55 ? QColor(Qt::white) : QColor(34, 34, 34)));
            if (twoLines && matrix_.at(t, p) > 0) {
                const QRect top(r.left(), r.top(), r.width(), r.height() / 2 + cfm.height() / 4);
                painter.drawText(top, Qt::AlignHCenter | Qt::AlignBottom, text);
                painter.setFont(pixelFont(cf, std::max(kMinCountPx, g.fontPx * 3 / 4)));
                const QRect bottom(r.left(), top.bottom() + 1, r.width(), r.bottom() - top.bottom());
                painter.drawText(bottom, Qt::AlignHCenter | Qt::AlignTop, QString::number(100.0 * f, 'f', 0) + '%');
            } else {
                painter.drawText(r, Qt::AlignCenter, text);
            }
        }
    }
    // Thin separators, then the frame and the selection.
    painter.setPen(QPen(QColor(255, 255, 255), 1));
    for (int i = 1; i < k; ++i) {
        painter.drawLine(g.grid.left() + i * g.cellW, g.grid.top(), g.grid.left() + i * g.cellW, g.grid.bottom());
        painter.drawLine(g.grid.left(), g.grid.top() + i * g.cellH, g.grid.right(), g.grid.top() + i * g.cellH);
    }
    painter.setPen(QPen(QColor(150, 150, 160), 1));
    painter.drawRect(g.grid.adjusted(0, 0, -1, -1));
    if (selected_.first >= 0) {
        painter.setPen(QPen(QColor(20, 20, 20), 3));
        painter.drawRect(cellRect(selected_.first, selected_.second).adjusted(1, 1, -2, -2));
    }

    // Row labels (true class) right-aligned left of the grid.
    painter.setFont(font());
    painter.setPen(palette().color(QPalette::WindowText));
    const int title = fm.height() + 4;
    const int labelRight = g.grid.left() - kPad;
    const int labelWidth = labelRight - title;
    for (int t = 0; t < k; ++t) {
        const QRect r(title, g.grid.top() + t * g.cellH, labelWidth, g.cellH);
        painter.drawText(r, Qt::AlignRight | Qt::AlignVCenter,
                         fm.elidedText(rowLabel(t, g.columns), Qt::ElideRight, std::min(labelWidth, g.labelWidth)));
    }
    // Column labels (predicted class) under the grid: names, turned names or numbers.
    int longest = 0;
    for (int p = 0; p < k; ++p) {
        const bool numbered = g.columns == Columns::Numbers || g.columns == Columns::NumbersOnly;
        const QString text = numbered ? QString::number(p) : fm.elidedText(name(p), Qt::ElideRight, kMaxLabelWidth);
        longest = std::max(longest, fm.horizontalAdvance(text));
        const int cx = g.grid.left() + p * g.cellW + g.cellW / 2;
        if (g.columns == Columns::TurnedNames) {
            painter.save();
            painter.translate(cx, g.grid.bottom() + 4);
            painter.rotate(90);
            painter.drawText(QRect(0, -fm.height() / 2, kMaxLabelWidth, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                             text);
            painter.restore();
        } else {
            painter.drawText(QRect(cx - g.cellW / 2, g.grid.bottom() + 3, g.cellW, fm.height()), Qt::AlignCenter, text);
        }
    }
    // Axis titles.
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    const int bottomTitleY = g.columns == Columns::TurnedNames ? g.grid.bottom() + 6 + std::min(longest, kMaxLabelWidth)
                                                               : g.grid.bottom() + 4 + fm.height();
    painter.drawText(QRect(g.grid.left(), bottomTitleY, g.grid.width(), title), Qt::AlignCenter, tr("Predicted class"));
    painter.save();
    painter.translate(0, g.grid.center().y());
    painter.rotate(-90);
    painter.drawText(QRect(-g.grid.height() / 2 - 40, 0, g.grid.height() + 80, title), Qt::AlignCenter,
                     tr("True class"));
    painter.restore();
}

void ConfusionMatrixView::mousePressEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton) return QWidget::mousePressEvent(e);
    const auto [t, p] = cellAt(e->position().toPoint());
    if (t < 0) return;
    setSelectedCell(t, p);
    emit cellClicked(t, p);
}

void ConfusionMatrixView::mouseMoveEvent(QMouseEvent* e) {
    setCursor(cellAt(e->position().toPoint()).first >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
    QWidget::mouseMoveEvent(e);
}

bool ConfusionMatrixView::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        const auto [t, p] = cellAt(help->pos());
        if (t < 0) {
            QToolTip::hideText();
        } else {
            const long n = matrix_.at(t, p);
            QToolTip::showText(help->globalPos(),
                               tr("True: %1\nPredicted: %2\n%3 sample(s), %4% of %1\nClick to list them")
                                   .arg(name(t), name(p))
                                   .arg(n)
                                   .arg(100.0 * rowFraction(t, p), 0, 'f', 1),
                               this);
        }
        return true;
    }
    return QWidget::event(e);
}

}  // namespace layerlab::ui
