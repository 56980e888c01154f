#include "ui/FlowLayout.h"

#include <QStyle>
#include <QTimer>
#include <QWidget>

#include <algorithm>

namespace layerlab::ui {

FlowLayout::FlowLayout(QWidget* parent) : QLayout(parent) {}

FlowLayout::~FlowLayout() {
    while (QLayoutItem* item = takeAt(0)) delete item;
}

void FlowLayout::addItem(QLayoutItem* item) { items_.append(item); }

QLayoutItem* FlowLayout::takeAt(int index) {
    return index >= 0 && index < items_.size() ? items_.takeAt(index) : nullptr;
}

int FlowLayout::gap() const {
    if (spacing() >= 0) return spacing();
    const QWidget* w = parentWidget();
    return w ? w->style()->pixelMetric(QStyle::PM_LayoutHorizontalSpacing, nullptr, w) : 6;
}

int FlowLayout::rowsHeight() const {
    if (lastWidth_ > 0) return arrange(QRect(0, 0, lastWidth_, 0), false);
    return sizeHint().height();
}

QSize FlowLayout::minimumSize() const {
    QSize size;
    for (const QLayoutItem* item : items_) size = size.expandedTo(item->minimumSize());
    const QMargins m = contentsMargins();
    return QSize(size.width() + m.left() + m.right(), rowsHeight());
}

QSize FlowLayout::sizeHint() const {
    // One row when there is room for it.
    int width = 0, height = 0;
    for (const QLayoutItem* item : items_) {
        if (item->isEmpty()) continue;
        width += item->sizeHint().width() + (width > 0 ? gap() : 0);
        height = std::max(height, item->sizeHint().height());
    }
    const QMargins m = contentsMargins();
    const int oneRow = height + m.top() + m.bottom();
    return QSize(width + m.left() + m.right(), lastWidth_ > 0 ? arrange(QRect(0, 0, lastWidth_, 0), false) : oneRow);
}

void FlowLayout::setGeometry(const QRect& rect) {
    QLayout::setGeometry(rect);
    if (rect.width() != lastWidth_) {
        const int before = rowsHeight();
        lastWidth_ = rect.width();
        if (rowsHeight() != before) {
            // More or fewer rows: the layouts above (and the widget's size
            // constraints) are asked again, once this layout pass is over.
            QTimer::singleShot(0, this, [this] {
                for (QLayout* l = this; l; l = qobject_cast<QLayout*>(l->parent())) l->invalidate();
                if (QWidget* w = parentWidget()) w->updateGeometry();
            });
        }
    }
    arrange(rect, true);
}

int FlowLayout::arrange(const QRect& rect, bool place) const {
    const QMargins m = contentsMargins();
    const QRect area = rect.marginsRemoved(m);
    const int space = gap();
    // Items of a row share its height and are centred in it.
    int y = area.y(), row = 0;
    QList<QPair<QLayoutItem*, int>> line;  // item, x
    auto flush = [&] {
        if (place)
            for (const auto& [item, x] : line) {
                const QSize s = item->sizeHint();
                item->setGeometry(QRect(QPoint(x, y + (row - s.height()) / 2), s));
            }
        line.clear();
    };
    int x = area.x();
    for (QLayoutItem* item : items_) {
        if (item->isEmpty()) continue;
        const QSize s = item->sizeHint();
        if (!line.isEmpty() && x + s.width() > area.right() + 1) {
            flush();
            y += row + space;
            x = area.x();
            row = 0;
        }
        line.append({item, x});
        x += s.width() + space;
        row = std::max(row, s.height());
    }
    flush();
    return y + row - rect.y() + m.bottom();
}

}  // namespace layerlab::ui
