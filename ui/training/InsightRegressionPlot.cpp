#include "ui/training/InsightRegressionPlot.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace layerlab::ui {

InsightRegressionPlot::InsightRegressionPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->xAxis->setLabel(tr("target (true value)"));
    plot_->yAxis->setLabel(tr("prediction"));
    plot_->plotLayout()->insertRow(0);
    QFont bold = font();
    bold.setBold(true);
    title_ = new QCPTextElement(plot_, QString(), bold);
    plot_->plotLayout()->addElement(0, 0, title_);

    auto* identity = new QCPItemStraightLine(plot_);
    identity->point1->setCoords(0, 0);
    identity->point2->setCoords(1, 1);
    identity->setPen(QPen(QColor(120, 120, 120), 1.2, Qt::DashLine));

    QCPGraph* points = plot_->addGraph();
    points->setName(tr("samples"));
    points->setLineStyle(QCPGraph::lsNone);
    points->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(8, 119, 189, 150), 5));
    clear();
}

void InsightRegressionPlot::clear() {
    plot_->graph(0)->data()->clear();
    title_->setText(tr("Prediction vs target"));
    plot_->xAxis->setRange(0, 1);
    plot_->yAxis->setRange(0, 1);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

QString InsightRegressionPlot::title() const { return title_->text(); }
int InsightRegressionPlot::pointCount() const { return plot_->graph(0)->dataCount(); }

void InsightRegressionPlot::showInsight(const core::EpochInsight& in) {
    const std::size_t n = std::min(in.targetValues.size(), in.predictedValues.size());
    QVector<double> x, y;
    x.reserve(static_cast<qsizetype>(n));
    y.reserve(static_cast<qsizetype>(n));
    double lo = INFINITY, hi = -INFINITY;
    for (std::size_t i = 0; i < n; ++i) {
        const double t = in.targetValues[i], p = in.predictedValues[i];
        x.push_back(t);
        y.push_back(p);
        for (double v : {t, p})
            if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    // sortedByKey = false: the points are samples, not a curve.
    plot_->graph(0)->setData(x, y, false);
    if (!(lo <= hi)) lo = 0, hi = 1;
    const double margin = hi > lo ? 0.05 * (hi - lo) : 1.0;
    plot_->xAxis->setRange(lo - margin, hi + margin);
    plot_->yAxis->setRange(lo - margin, hi + margin);
    title_->setText(tr("Prediction vs target: R² = %1   MSE = %2")
                        .arg(in.regression.r2, 0, 'f', 3)
                        .arg(in.regression.mse, 0, 'g', 4));
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace layerlab::ui
