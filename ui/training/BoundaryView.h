// BoundaryView: the decision-boundary map of a network with two inputs, as in
// TensorFlow Playground. The plane (the insight's grid bounds) is shaded by
// what the network predicts there: for classification the predicted class's
// colour, paler where the network is unsure (winning probability near 1/K);
// for regression a diverging orange-white-blue scale with a colour bar. The
// evaluated samples are drawn on top, coloured by their true class (or true
// value) as discs with a dark outline, so they stand out on their own class's
// region, and a legend names the classes. The axes are in the data's own
// units (setDataUnits: the fitted preprocessing undone) and named after the
// features. One bitmap per update (one pixel per grid cell, smoothly scaled),
// so it is cheap enough to redraw after every epoch. Zoom and pan with the
// mouse. GUI thread only.
#pragma once

#include "core/data/preprocess.h"
#include "core/train/insight.h"

#include <QColor>
#include <QImage>
#include <QStringList>
#include <QWidget>

class QCustomPlot;
class QCPItemPixmap;
class QCPColorScale;

namespace layerlab::ui {

class BoundaryView : public QWidget {
    Q_OBJECT

public:
    explicit BoundaryView(QWidget* parent = nullptr);

    // requires: insight.boundaryResolution > 0 with resolution^2 values (else the view is cleared).
    void showInsight(const core::EpochInsight& insight);
    void clear();
    // The preprocessing the insight's inputs went through (axes are shown
    // before it: core::originalValue) and the data's feature names (axis
    // titles; "input 1", "input 2" when absent). Redraws what is shown.
    void setDataUnits(const core::Preprocessing& preprocessing, const QStringList& featureNames);
    // Fonts, markers and outlines times scale (1 = normal). Redraws.
    void setDisplayScale(double scale);
    // Diameter in pixels of the points drawn now (0 when none).
    double pointSize() const;

    QCustomPlot* plot() const { return plot_; }
    // The map before scaling: one pixel per grid cell, top row = yMax.
    const QImage& mapImage() const { return image_; }
    // The shade of grid cell (row, col) (row 0 at yMin, as in EpochInsight).
    QColor cellColor(int row, int col) const;

    // Colour of class k (Tableau 10, then varied hues).
    static QColor classColor(int k);

private:
    void showPoints(const core::EpochInsight& insight, double lo, double hi);
    // A grid or point coordinate of axis 0 (x) or 1 (y) in the data's units.
    double toData(int axis, double v) const;
    // Adds the colour bar right of the plot (regression) or removes it.
    void setColorScale(bool shown);

    QCustomPlot* plot_;
    QCPItemPixmap* map_;
    QCPColorScale* scale_ = nullptr;  // only while showing regression
    QImage image_;
    core::EpochInsight shown_;  // kept to redraw with other units or scale
    core::Preprocessing units_;
    QStringList featureNames_;
};

}  // namespace layerlab::ui
