#include "ui/training/InsightImageGrid.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace layerlab::ui {

namespace {
constexpr int kTargetSide = 84;  // an image is scaled by a whole factor to about this many pixels
constexpr int kMinTileWidth = 104;
constexpr int kGap = 8;
}  // namespace

InsightImageGrid::InsightImageGrid(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    setAccessibleName(tr("Misclassified images"));
}

QImage InsightImageGrid::toImage(const std::vector<std::uint8_t>& pixels, const core::Shape& shape) {
    const int c = shape.channels(), h = shape.height(), w = shape.width();
    const std::size_t plane = static_cast<std::size_t>(h) * static_cast<std::size_t>(w);
    if (h <= 0 || w <= 0 || pixels.size() < plane * static_cast<std::size_t>(c)) return {};
    if (c == 3) {
        QImage img(w, h, QImage::Format_RGB888);
        for (int y = 0; y < h; ++y) {
            uchar* line = img.scanLine(y);
            for (int x = 0; x < w; ++x) {
                const std::size_t at = static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x);
                line[3 * x + 0] = pixels[at];
                line[3 * x + 1] = pixels[plane + at];
                line[3 * x + 2] = pixels[2 * plane + at];
            }
        }
        return img;
    }
    QImage img(w, h, QImage::Format_Grayscale8);
    for (int y = 0; y < h; ++y)
        std::copy_n(pixels.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(w), w, img.scanLine(y));
    return img;
}

void InsightImageGrid::setImages(const std::vector<core::MisclassifiedImage>& images, const core::Shape& shape,
                                 const QStringList& classNames) {
    tiles_.clear();
    hovered_ = -1;
    const int side = std::max(shape.height(), shape.width());
    const int factor = std::max(1, side > 0 ? kTargetSide / side : 1);
    imageSize_ = QSize(shape.width() * factor, shape.height() * factor);
    auto name = [&](int k) { return k >= 0 && k < classNames.size() ? classNames[k] : QString::number(k); };
    for (const core::MisclassifiedImage& m : images) {
        QImage img = toImage(m.pixels, shape);
        if (img.isNull()) continue;
        Tile t;
        t.index = m.index;
        t.image = img.scaled(imageSize_, Qt::IgnoreAspectRatio, Qt::FastTransformation);
        const QString percent = QString::number(100.0 * m.confidence, 'f', 0);
        t.caption = QStringLiteral("%1 → %2 (%3%)").arg(name(m.truth), name(m.predicted), percent);
        t.tooltip = tr("Sample %1\nTrue: %2\nPredicted: %3 with %4% confidence\nClick to inspect it")
                        .arg(m.index)
                        .arg(name(m.truth), name(m.predicted), percent);
        tiles_.push_back(std::move(t));
    }
    updateGeometry();
    update();
}

void InsightImageGrid::clear() {
    tiles_.clear();
    hovered_ = -1;
    updateGeometry();
    update();
}

QSize InsightImageGrid::tileSize() const {
    const int lines = 2 * fontMetrics().height();
    return {std::max(kMinTileWidth, imageSize_.width() + 8), imageSize_.height() + lines + 10};
}

int InsightImageGrid::columns(int width) const {
    return std::max(1, (width - kGap) / (tileSize().width() + kGap));
}

QRect InsightImageGrid::tileRect(int i) const {
    if (i < 0 || i >= count()) return {};
    const QSize t = tileSize();
    const int cols = columns(width());
    return QRect(kGap + (i % cols) * (t.width() + kGap), kGap + (i / cols) * (t.height() + kGap), t.width(),
                 t.height());
}

int InsightImageGrid::tileAt(QPoint p) const {
    for (int i = 0; i < count(); ++i)
        if (tileRect(i).contains(p)) return i;
    return -1;
}

int InsightImageGrid::heightForWidth(int w) const {
    if (tiles_.empty()) return 60;
    const int rows = (count() + columns(w) - 1) / columns(w);
    return kGap + rows * (tileSize().height() + kGap);
}

QSize InsightImageGrid::sizeHint() const {
    const int w = 6 * (tileSize().width() + kGap) + kGap;
    return {w, heightForWidth(w)};
}

void InsightImageGrid::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    if (tiles_.empty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("No misclassified images"));
        return;
    }
    const QFontMetrics fm = fontMetrics();
    for (int i = 0; i < count(); ++i) {
        const Tile& t = tiles_[static_cast<std::size_t>(i)];
        const QRect r = tileRect(i);
        if (i == hovered_) painter.fillRect(r, palette().color(QPalette::Highlight).lighter(185));
        const QRect imageRect(r.left() + (r.width() - t.image.width()) / 2, r.top() + 4, t.image.width(),
                              t.image.height());
        painter.drawImage(imageRect.topLeft(), t.image);
        painter.setPen(QColor(190, 60, 40));
        painter.drawRect(imageRect.adjusted(-1, -1, 0, 0));
        painter.setPen(palette().color(QPalette::WindowText));
        const QRect text(r.left() + 2, imageRect.bottom() + 4, r.width() - 4, 2 * fm.height());
        painter.drawText(text, Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, t.caption);
    }
}

void InsightImageGrid::mousePressEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton) return QWidget::mousePressEvent(e);
    const int i = tileAt(e->position().toPoint());
    if (i >= 0) emit imageClicked(tiles_[static_cast<std::size_t>(i)].index);
}

void InsightImageGrid::mouseMoveEvent(QMouseEvent* e) {
    const int i = tileAt(e->position().toPoint());
    if (i != hovered_) {
        hovered_ = i;
        setCursor(i >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
        setToolTip(i >= 0 ? tiles_[static_cast<std::size_t>(i)].tooltip : QString());
        update();
    }
    QWidget::mouseMoveEvent(e);
}

void InsightImageGrid::leaveEvent(QEvent* e) {
    hovered_ = -1;
    update();
    QWidget::leaveEvent(e);
}

}  // namespace layerlab::ui
