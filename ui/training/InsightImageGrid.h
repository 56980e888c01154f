// InsightImageGrid: a painted grid of misclassified images, each scaled by a
// whole factor with nearest-neighbour sampling (pixels stay crisp) and
// captioned "true → predicted (conf%)". Grayscale for 1 channel, RGB for 3
// (other channel counts show the first channel). The grid reflows to the
// widget's width (height-for-width, for a QScrollArea).
// Clicking an image emits imageClicked(sample index).
// GUI thread only; holds its own copies of the images.
#pragma once

#include "core/train/insight.h"

#include <QImage>
#include <QStringList>
#include <QWidget>

#include <vector>

namespace layerlab::ui {

class InsightImageGrid : public QWidget {
    Q_OBJECT

public:
    explicit InsightImageGrid(QWidget* parent = nullptr);

    // requires: every image holds shape.size() pixels (others are skipped).
    // ensures: one tile per image, in order.
    void setImages(const std::vector<core::MisclassifiedImage>& images, const core::Shape& shape,
                   const QStringList& classNames);
    void clear();

    int count() const { return static_cast<int>(tiles_.size()); }
    // Tile i's rectangle in widget coordinates (image and caption).
    QRect tileRect(int i) const;
    // The sample index shown in tile i.
    int sampleIndex(int i) const { return tiles_[static_cast<std::size_t>(i)].index; }
    QString caption(int i) const { return tiles_[static_cast<std::size_t>(i)].caption; }
    // The image as drawn (already scaled).
    QImage tileImage(int i) const { return tiles_[static_cast<std::size_t>(i)].image; }
    // The tile under p, or -1.
    int tileAt(QPoint p) const;

    // Pixels (C*H*W, 0..255) as an unscaled QImage: Grayscale8 for one
    // channel, RGB888 for three, the first channel otherwise.
    static QImage toImage(const std::vector<std::uint8_t>& pixels, const core::Shape& shape);

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int w) const override;
    QSize sizeHint() const override;

signals:
    void imageClicked(int sampleIndex);

protected:
    void paintEvent(QPaintEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void leaveEvent(QEvent* e) override;

private:
    struct Tile {
        int index = 0;
        QImage image;
        QString caption, tooltip;
    };
    int columns(int width) const;
    QSize tileSize() const;

    std::vector<Tile> tiles_;
    QSize imageSize_;
    int hovered_ = -1;
};

}  // namespace layerlab::ui
