#include "ui/training/ForecastPlot.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <limits>

namespace layerlab::ui {

namespace {

QColor splitColour(const std::string& split) {
    if (split == "validation") return {226, 135, 40};
    if (split == "test") return {46, 150, 110};
    return {52, 118, 200};
}

int splitOrder(const std::string& split) { return split == "training" ? 0 : split == "validation" ? 1 : 2; }

// Plot keys: seconds since 1970 for dates (QCPAxisTickerDateTime), else the time as is.
double key(const core::ForecastSplit& f, double t) { return f.timeIsDate ? t * 86400.0 : t; }

QString num(double v) { return QString::number(v, 'g', 4); }

}  // namespace

ForecastPlot::ForecastPlot(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* options = new QHBoxLayout;
    naive_ = new QCheckBox(tr("Naive forecast (the last value seen)"), this);
    naive_->setObjectName(QStringLiteral("forecastNaive"));
    recursive_ = new QCheckBox(tr("Feed predictions back (multi-step)"), this);
    recursive_->setObjectName(QStringLiteral("forecastRecursive"));
    recursive_->setToolTip(tr("From each split's first window on, the network sees only its own earlier "
                              "predictions: how far ahead can it forecast before the errors pile up? (For "
                              "windows of the target alone, one step ahead.)"));
    options->addWidget(naive_);
    options->addWidget(recursive_);
    options->addStretch(1);
    layout->addLayout(options);
    plot_ = new QCustomPlot(this);
    plot_->setObjectName(QStringLiteral("forecastPlot"));
    plot_->setMinimumHeight(160);
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->legend->setVisible(true);
    plot_->legend->setBrush(QColor(255, 255, 255, 200));
    QFont small = plot_->legend->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    plot_->legend->setFont(small);
    // The legend in a row above the axes: inside, it would hide the latest years.
    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(0, 0, plot_->legend);
    plot_->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot_->legend->setBorderPen(Qt::NoPen);
    plot_->plotLayout()->setRowStretchFactor(0, 0.001);
    layout->addWidget(plot_, 1);
    table_ = new QLabel(this);
    table_->setObjectName(QStringLiteral("forecastTable"));
    table_->setTextFormat(Qt::RichText);
    layout->addWidget(table_);
    connect(naive_, &QCheckBox::toggled, this, &ForecastPlot::redraw);
    connect(recursive_, &QCheckBox::toggled, this, &ForecastPlot::redraw);
    clear();
}

void ForecastPlot::clear() {
    splits_.clear();
    redraw();
}

void ForecastPlot::showForecasts(const std::vector<core::ForecastSplit>& splits) {
    splits_.clear();
    for (const core::ForecastSplit& f : splits)
        if (!f.empty()) splits_.push_back(f);
    std::sort(splits_.begin(), splits_.end(),
              [](const auto& a, const auto& b) { return splitOrder(a.split) < splitOrder(b.split); });
    redraw();
}

void ForecastPlot::redraw() {
    plot_->clearGraphs();
    const bool dates = !splits_.empty() && splits_.front().timeIsDate;
    if (dates) {
        auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
        ticker->setDateTimeFormat(QStringLiteral("yyyy-MM"));
        ticker->setDateTimeSpec(Qt::UTC);
        plot_->xAxis->setTicker(ticker);
    } else {
        plot_->xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    }
    bool anyRecursive = false, naiveInLegend = false, recursiveInLegend = false;
    QCPGraph* actual = nullptr;
    for (const core::ForecastSplit& f : splits_) {
        if (!actual) {
            actual = plot_->addGraph();
            actual->setName(tr("actual"));
            actual->setPen(QPen(QColor(90, 90, 90), 1.4));
        }
        QVector<double> x, y, p, n, r;
        for (std::size_t i = 0; i < f.actual.size(); ++i) {
            x.push_back(key(f, f.time[i]));
            y.push_back(f.actual[i]);
            p.push_back(f.predicted[i]);
            if (i < f.naive.size()) n.push_back(f.naive[i]);
            if (i < f.recursive.size()) r.push_back(f.recursive[i]);
        }
        // A gap (NaN) between splits: the windows that cross a boundary have no forecast.
        if (!actual->data()->isEmpty() && !x.isEmpty())
            actual->addData((actual->data()->at(actual->data()->size() - 1)->key + x.front()) / 2,
                            std::numeric_limits<double>::quiet_NaN());
        actual->addData(x, y, true);
        QCPGraph* g = plot_->addGraph();
        g->setName(QString::fromStdString(f.split));  // short legend entries: the row above the plot is narrow
        g->setPen(QPen(splitColour(f.split), 2.0));
        g->setData(x, p, true);
        if (naive_->isChecked() && n.size() == x.size()) {
            QCPGraph* ng = plot_->addGraph();
            ng->setName(tr("naive"));
            ng->setPen(QPen(QColor(150, 150, 150), 1.2, Qt::DashLine));
            ng->setData(x, n, true);
            if (naiveInLegend) ng->removeFromLegend();  // one legend entry for every split's naive line
            naiveInLegend = true;
        }
        anyRecursive = anyRecursive || !f.recursive.empty();
        if (recursive_->isChecked() && !r.isEmpty()) {
            QCPGraph* rg = plot_->addGraph();
            rg->setName(tr("fed back"));
            rg->setPen(QPen(splitColour(f.split).darker(150), 1.6, Qt::DotLine));
            rg->setData(x.mid(0, r.size()), r, true);
            if (recursiveInLegend) rg->removeFromLegend();
            recursiveInLegend = true;
        }
    }
    recursive_->setEnabled(anyRecursive);
    if (!splits_.empty()) {
        const QString t = QString::fromStdString(splits_.front().timeName);
        plot_->xAxis->setLabel(t);
        plot_->yAxis->setLabel(tr("data's units"));
        plot_->rescaleAxes();
    }
    plot_->replot();

    if (splits_.empty()) {
        table_->setText(tr("The forecast appears after the first epoch of a time-series network."));
        return;
    }
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='2'><tr><th></th><th>R²</th><th>MAE</th>"
                                  "<th>RMSE</th><th>&nbsp;&nbsp;</th><th>naive R²</th><th>naive MAE</th><th>naive RMSE</th></tr>");
    for (const core::ForecastSplit& f : splits_) {
        const bool beats = f.naive.empty() || f.model.rmse < f.baseline.rmse;
        html += QStringLiteral("<tr><td style='color:%1'><b>%2</b></td><td>%3</td><td>%4</td><td>%5</td><td></td>"
                               "<td>%6</td><td>%7</td><td>%8</td><td>%9</td></tr>")
                    .arg(splitColour(f.split).name(), QString::fromStdString(f.split), QString::number(f.model.r2, 'f', 3),
                         num(f.model.mae), num(f.model.rmse), QString::number(f.baseline.r2, 'f', 3), num(f.baseline.mae),
                         num(f.baseline.rmse),
                         f.naive.empty() ? QString() : beats ? tr("✓ beats naive") : tr("✗ no better"));
    }
    table_->setText(html + QStringLiteral("</table>"));
}

QString ForecastPlot::tableText() const {
    QTextDocument doc;
    doc.setHtml(table_->text());
    return doc.toPlainText();
}

}  // namespace layerlab::ui
