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

QFont cellFont(const QFont& base, int cell) {
    QFont f = base;
    f.setPixelSize(std::clamp(static_cast<int>(cell * 0.32), 8, 14));
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

ConfusionMatrixView::Geometry ConfusionMatrixView::geometry() const {
    Geometry g;
    const int k = matrix_.classes;
    if (k <= 0) return g;
    const QFontMetrics fm = fontMetrics();
    int labelWidth = 0;
    for (int c = 0; c < k; ++c) labelWidth = std::max(labelWidth, fm.horizontalAdvance(name(c)));
    // + 2: horizontalAdvance rounds, elidedText does not; a name must not lose its last letter.
    labelWidth = std::min(labelWidth + 2, kMaxLabelWidth);
    const int title = fm.height() + 4;
    const int left = title + labelWidth + kPad;
    const int availableW = width() - left - kPad;
    auto cellFor = [&](int bottom) { return std::min(availableW / k, (height() - kPad - bottom) / k); };
    int bottom = title + fm.height() + kPad;
    g.cell = cellFor(bottom);
    if (labelWidth > g.cell - 4) {
        g.rotateColumnLabels = true;
        bottom = title + labelWidth + kPad;
        g.cell = cellFor(bottom);
    }
    g.cell = std::max(g.cell, 4);
    const int side = g.cell * k;
    // Centre the block horizontally in the space right of the labels.
    const int x = left + std::max(0, (availableW - side) / 2);
    g.grid = QRect(x, kPad, side, side);
    return g;
}

QRect ConfusionMatrixView::cellRect(int truth, int predicted) const {
    if (truth < 0 || predicted < 0 || truth >= matrix_.classes || predicted >= matrix_.classes) return {};
    const Geometry g = geometry();
    return QRect(g.grid.left() + predicted * g.cell, g.grid.top() + truth * g.cell, g.cell, g.cell);
}

std::pair<int, int> ConfusionMatrixView::cellAt(QPoint p) const {
    const Geometry g = geometry();
    if (matrix_.classes <= 0 || !g.grid.contains(p)) return {-1, -1};
    const int t = std::min((p.y() - g.grid.top()) / g.cell, matrix_.classes - 1);
    const int c = std::min((p.x() - g.grid.left()) / g.cell, matrix_.classes - 1);
    return {t, c};
}

QString ConfusionMatrixView::cellText(int truth, int predicted) const {
    if (truth < 0 || predicted < 0 || truth >= matrix_.classes || predicted >= matrix_.classes) return {};
    const int cell = geometry().cell;
    const QString text = QString::number(matrix_.at(truth, predicted));
    const QFontMetrics fm(cellFont(font(), cell));
    return cell >= 12 && fm.horizontalAdvance(text) <= cell - 2 ? text : QString();
}

void ConfusionMatrixView::setSelectedCell(int truth, int predicted) {
    if (truth < 0 || predicted < 0 || truth >= matrix_.classes || predicted >= matrix_.classes) truth = predicted = -1;
    selected_ = {truth, predicted};
    update();
}

QSize ConfusionMatrixView::sizeHint() const { return {360, 300}; }
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
    const QFont cf = cellFont(font(), g.cell);
    const QFontMetrics cfm(cf);
    const bool twoLines = g.cell >= 3 * cfm.height();

    for (int t = 0; t < k; ++t) {
        for (int p = 0; p < k; ++p) {
            const QRect r = cellRect(t, p);
            const double f = rowFraction(t, p);
            const double s = shade(t == p, f);
            painter.fillRect(r, matrix_.at(t, p) == 0 ? kEmpty : mix(kEmpty, t == p ? kRight : kWrong, 0.12 + 0.88 * s));
            const QString text = cellText(t, p);
            if (text.isEmpty()) continue;
            painter.setFont(cf);
            // Zeros are quiet so that the counts that matter stand out.
            painter.setPen(matrix_.at(t, p) == 0 ? QColor(180, 180, 185)
                                                 : (s > 0.55 ? QColor(Qt::white) : QColor(34, 34, 34)));
            if (twoLines && matrix_.at(t, p) > 0) {
                const QRect top(r.left(), r.top(), r.width(), r.height() / 2 + cfm.height() / 4);
                painter.drawText(top, Qt::AlignHCenter | Qt::AlignBottom, text);
                QFont small = cf;
                small.setPixelSize(std::max(7, cf.pixelSize() - 3));
                painter.setFont(small);
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
        painter.drawLine(g.grid.left() + i * g.cell, g.grid.top(), g.grid.left() + i * g.cell, g.grid.bottom());
        painter.drawLine(g.grid.left(), g.grid.top() + i * g.cell, g.grid.right(), g.grid.top() + i * g.cell);
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
        const QRect r(title, g.grid.top() + t * g.cell, labelWidth, g.cell);
        painter.drawText(r, Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(name(t), Qt::ElideRight, labelWidth));
    }
    // Column labels (predicted class) under the grid, rotated when they do not fit.
    for (int p = 0; p < k; ++p) {
        const QString text = fm.elidedText(name(p), Qt::ElideRight, kMaxLabelWidth);
        const int cx = g.grid.left() + p * g.cell + g.cell / 2;
        if (g.rotateColumnLabels) {
            painter.save();
            painter.translate(cx, g.grid.bottom() + 4);
            painter.rotate(90);
            painter.drawText(QRect(0, -fm.height() / 2, kMaxLabelWidth, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                             text);
            painter.restore();
        } else {
            painter.drawText(QRect(cx - g.cell / 2, g.grid.bottom() + 3, g.cell, fm.height()), Qt::AlignCenter, text);
        }
    }
    // Axis titles.
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    int bottomTitleY = g.grid.bottom() + 4 + fm.height();
    if (g.rotateColumnLabels) {
        int longest = 0;
        for (int p = 0; p < k; ++p) longest = std::max(longest, fm.horizontalAdvance(name(p)));
        bottomTitleY = g.grid.bottom() + 6 + std::min(longest, kMaxLabelWidth);
    }
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
