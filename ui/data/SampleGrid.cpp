#include "ui/data/SampleGrid.h"

#include "ui/data/SampleImage.h"

#include <QPainter>

#include <algorithm>

namespace layerlab::ui {

namespace {
constexpr int kGap = 6;
constexpr int kColumns = 8;
}  // namespace

SampleGrid::SampleGrid(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("sampleGrid"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void SampleGrid::clear() {
    images_.clear();
    labels_.clear();
    update();
    updateGeometry();
}

void SampleGrid::setData(std::shared_ptr<const core::Dataset> data, int maxCount) {
    images_.clear();
    labels_.clear();
    if (data && canDrawSamples(*data)) {
        const int n = std::min(maxCount, data->count());
        for (int i = 0; i < n; ++i) {
            images_.push_back(sampleImage(*data, i));
            // Just the class name under a small picture ("Sneaker", "7").
            const auto k = static_cast<std::size_t>(i);
            const bool named = data->task == core::TaskKind::Classification && k < data->labels.size() &&
                               data->labels[k] >= 0 && data->labels[k] < data->classCount();
            labels_ << (named ? QString::fromStdString(data->classNames[static_cast<std::size_t>(data->labels[k])])
                              : sampleLabel(*data, i));
        }
        const int side = std::max(data->inputShape.width(), data->inputShape.height());
        cell_ = std::max(1, 56 / std::max(1, side)) * side;
    }
    update();
    updateGeometry();
}

int SampleGrid::columns() const { return std::max(1, std::min(kColumns, (width() - kGap) / (cell_ + kGap + 24))); }

QSize SampleGrid::sizeHint() const {
    const int rows = (sampleCount() + kColumns - 1) / kColumns;
    const int textH = fontMetrics().height();
    return {kColumns * (cell_ + 24 + kGap) + kGap, std::max(1, rows) * (cell_ + textH + kGap) + kGap};
}

QSize SampleGrid::minimumSizeHint() const {
    return sampleCount() > 0 ? sizeHint() : QSize(kColumns * (cell_ + 24 + kGap) + kGap, 120);
}

void SampleGrid::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    if (images_.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Sample images appear here once the files are found."));
        return;
    }
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    const int cols = columns();
    const int textH = fontMetrics().height();
    const int cellW = cell_ + 24;
    for (int i = 0; i < sampleCount(); ++i) {
        const int x = kGap + (i % cols) * (cellW + kGap);
        const int y = kGap + (i / cols) * (cell_ + textH + kGap);
        const QRect picture(x + (cellW - cell_) / 2, y, cell_, cell_);
        p.drawImage(picture, images_[static_cast<std::size_t>(i)]);
        p.setPen(palette().color(QPalette::Mid));
        p.drawRect(picture.adjusted(0, 0, -1, -1));
        p.setPen(palette().color(QPalette::Text));
        const QString text = fontMetrics().elidedText(labels_[i], Qt::ElideRight, cellW + kGap);
        p.drawText(QRect(x - kGap / 2, y + cell_, cellW + kGap, textH), Qt::AlignCenter, text);
    }
}

}  // namespace layerlab::ui
