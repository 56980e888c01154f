// SampleGrid: the first samples of an image data set drawn as a grid of small
// pictures (scaled up without smoothing) with their labels underneath. Used by
// the MNIST import dialog to show what was found before importing.
//
// Thread: GUI thread. Holds a shared_ptr to the data it shows.
#pragma once

#include "core/data/dataset.h"

#include <QImage>
#include <QStringList>
#include <QWidget>

#include <memory>
#include <vector>

namespace layerlab::ui {

class SampleGrid : public QWidget {
    Q_OBJECT

public:
    explicit SampleGrid(QWidget* parent = nullptr);

    // ensures: shows the first min(maxCount, data->count()) samples (none when
    //          data is null or not drawable as images).
    void setData(std::shared_ptr<const core::Dataset> data, int maxCount = 32);
    void clear();
    // Number of pictures shown.
    int sampleCount() const { return static_cast<int>(images_.size()); }
    QString labelAt(int i) const { return labels_.value(i); }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;  // room for every picture at 8 per row

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    int columns() const;
    std::vector<QImage> images_;
    QStringList labels_;
    int cell_ = 56;  // picture side in pixels
};

}  // namespace layerlab::ui
