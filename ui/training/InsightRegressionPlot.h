// InsightRegressionPlot: prediction against target for every evaluated sample
// of a regression task (first output), with the line y = x where a perfect
// model's points would lie, and R² and MSE in the title. Both axes span the
// same range so that distance from the line reads the same in x and y.
// Zoom and pan with the mouse. GUI thread only.
#pragma once

#include "core/train/insight.h"

#include <QWidget>

class QCustomPlot;
class QCPTextElement;

namespace layerlab::ui {

class InsightRegressionPlot : public QWidget {
    Q_OBJECT

public:
    explicit InsightRegressionPlot(QWidget* parent = nullptr);

    // ensures: one point per (targetValues[i], predictedValues[i]); the title
    //          shows insight.regression's R² and MSE.
    void showInsight(const core::EpochInsight& insight);
    void clear();

    QCustomPlot* plot() const { return plot_; }
    QString title() const;
    int pointCount() const;

private:
    QCustomPlot* plot_;
    QCPTextElement* title_;
};

}  // namespace layerlab::ui
