// ForecastPlot: a time-series network's forecast over time, in the data's own
// units (core/train/forecast.h): the actual series (grey), the network's
// forecast per split (training blue, validation orange, test green), and on
// request the naive forecast (the last value seen, dashed) and the recursive
// forecast that feeds the network's own predictions back (dotted). A table
// below gives R², MAE and RMSE per split beside the naive forecast's. Dates
// (days since 1970) are drawn as dates. Zoom and pan with the mouse.
// GUI thread only.
#pragma once

#include "core/train/forecast.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QCustomPlot;
class QLabel;

namespace layerlab::ui {

class ForecastPlot : public QWidget {
    Q_OBJECT

public:
    explicit ForecastPlot(QWidget* parent = nullptr);

    // ensures: draws every non-empty split of `splits` (training, validation,
    //          test in any order) and fills the table; previous splits go.
    void showForecasts(const std::vector<core::ForecastSplit>& splits);
    void clear();

    QCustomPlot* plot() const { return plot_; }
    QString tableText() const;  // the table as plain text (tests)
    int splitCount() const { return static_cast<int>(splits_.size()); }
    QCheckBox* naiveBox() const { return naive_; }
    QCheckBox* recursiveBox() const { return recursive_; }

private:
    void redraw();

    std::vector<core::ForecastSplit> splits_;
    QCustomPlot* plot_;
    QCheckBox *naive_, *recursive_;
    QLabel* table_;
};

}  // namespace layerlab::ui
