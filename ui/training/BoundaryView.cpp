#include "ui/training/BoundaryView.h"

#include "ui/PlotScale.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <cmath>

namespace layerlab::ui {

namespace {

const QColor kPaper(255, 255, 255);
constexpr int kValueBins = 16;  // regression points are drawn in this many colour bins

QColor mix(const QColor& a, const QColor& b, double t) {
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * t),
                            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * t),
                            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * t));
}

// TensorFlow Playground's diverging scale: orange (low), white, blue (high).
QCPColorGradient divergingGradient() {
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.0, QColor(245, 147, 34));
    g.setColorStopAt(0.5, QColor(248, 248, 248));
    g.setColorStopAt(1.0, QColor(8, 119, 189));
    g.setColorInterpolation(QCPColorGradient::ciRGB);
    return g;
}

// The range the regression colours span: the true and predicted values of the
// evaluated samples (the grid may extrapolate beyond; it saturates).
QCPRange valueRange(const core::EpochInsight& in) {
    double lo = INFINITY, hi = -INFINITY;
    for (const auto* v : {&in.targetValues, &in.predictedValues})
        for (float x : *v)
            if (std::isfinite(x)) {
                lo = std::min(lo, static_cast<double>(x));
                hi = std::max(hi, static_cast<double>(x));
            }
    if (!(lo <= hi)) lo = -1, hi = 1;
    if (hi - lo < 1e-9) lo -= 1, hi += 1;
    return QCPRange(lo, hi);
}

}  // namespace

QColor BoundaryView::classColor(int k) {
    static const std::array<QColor, 10> tableau = {
        QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44),  QColor(214, 39, 40),
        QColor(148, 103, 189), QColor(140, 86, 75), QColor(227, 119, 194), QColor(127, 127, 127),
        QColor(188, 189, 34), QColor(23, 190, 207)};
    if (k >= 0 && k < static_cast<int>(tableau.size())) return tableau[static_cast<std::size_t>(k)];
    return QColor::fromHsv((k * 47) % 360, 170, 200);
}

BoundaryView::BoundaryView(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->xAxis->setLabel(tr("input 1"));
    plot_->yAxis->setLabel(tr("input 2"));
    plot_->legend->setFont(font());
    plot_->legend->setBrush(QColor(255, 255, 255, 200));
    plot_->legend->setBorderPen(QPen(QColor(160, 160, 160)));
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);

    map_ = new QCPItemPixmap(plot_);
    map_->setLayer(QStringLiteral("background"));
    map_->setScaled(true, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    map_->topLeft->setType(QCPItemPosition::ptPlotCoords);
    map_->bottomRight->setType(QCPItemPosition::ptPlotCoords);
    clear();
}

void BoundaryView::setColorScale(bool shown) {
    if (shown && !scale_) {
        scale_ = new QCPColorScale(plot_);
        scale_->setGradient(divergingGradient());
        scale_->setLabel(tr("predicted value"));
        plot_->plotLayout()->addElement(0, 1, scale_);
    } else if (!shown && scale_) {
        plot_->plotLayout()->remove(scale_);  // deletes it
        plot_->plotLayout()->simplify();
        scale_ = nullptr;
    }
}

void BoundaryView::setDataUnits(const core::Preprocessing& preprocessing, const QStringList& featureNames) {
    units_ = preprocessing;
    featureNames_ = featureNames;
    auto title = [&](int k) {
        const QString name = k < featureNames_.size() ? featureNames_[k] : QString();
        return name.isEmpty() ? tr("input %1").arg(k + 1) : name;
    };
    plot_->xAxis->setLabel(title(0));
    plot_->yAxis->setLabel(title(1));
    if (shown_.boundaryResolution > 0) showInsight(shown_);
    else plot_->replot(QCustomPlot::rpQueuedReplot);
}

void BoundaryView::setDisplayScale(double scale) {
    setPlotScale(plot_, scale);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

double BoundaryView::pointSize() const {
    for (int i = 0; i < plot_->graphCount(); ++i)
        if (plot_->graph(i)->dataCount() > 0) return plot_->graph(i)->scatterStyle().size();
    return 0;
}

double BoundaryView::toData(int axis, double v) const { return core::originalValue(units_, axis, v); }

void BoundaryView::clear() {
    shown_ = {};
    setColorScale(false);
    plot_->clearGraphs();
    plot_->legend->setVisible(false);
    image_ = QImage();
    map_->setVisible(false);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

QColor BoundaryView::cellColor(int row, int col) const {
    if (image_.isNull()) return {};
    return image_.pixelColor(col, image_.height() - 1 - row);
}

void BoundaryView::showInsight(const core::EpochInsight& in) {
    const int res = in.boundaryResolution;
    const auto cells = static_cast<std::size_t>(res) * static_cast<std::size_t>(res);
    if (res <= 0 || in.boundaryValue.size() != cells) {
        clear();
        return;
    }
    if (&in != &shown_) shown_ = in;
    const bool classification = in.task == core::TaskKind::Classification;
    image_ = QImage(res, res, QImage::Format_RGB32);
    QCPRange range;
    if (classification) {
        const int k = std::max(2, static_cast<int>(in.classNames.size()));
        const double chance = 1.0 / k;
        for (int r = 0; r < res; ++r) {
            auto* line = reinterpret_cast<QRgb*>(image_.scanLine(res - 1 - r));
            for (int c = 0; c < res; ++c) {
                const std::size_t at = static_cast<std::size_t>(r * res + c);
                const double conf = at < in.boundaryConfidence.size() ? in.boundaryConfidence[at] : 1.0;
                const double sure = std::clamp((conf - chance) / (1.0 - chance), 0.0, 1.0);
                line[c] = mix(kPaper, classColor(static_cast<int>(in.boundaryValue[at])), 0.12 + 0.6 * sure).rgb();
            }
        }
    } else {
        range = valueRange(in);
        QCPColorGradient gradient = divergingGradient();
        for (int r = 0; r < res; ++r) {
            auto* line = reinterpret_cast<QRgb*>(image_.scanLine(res - 1 - r));
            for (int c = 0; c < res; ++c) {
                const float v = in.boundaryValue[static_cast<std::size_t>(r * res + c)];
                line[c] = std::isfinite(v) ? gradient.color(v, range) : qRgb(200, 200, 200);
            }
        }
    }
    map_->setPixmap(QPixmap::fromImage(image_));
    // The grid is evenly spaced in the transformed units; undoing an affine
    // transform keeps it evenly spaced, so the bitmap just moves.
    const double x0 = toData(0, in.xMin), x1 = toData(0, in.xMax), y0 = toData(1, in.yMin), y1 = toData(1, in.yMax);
    map_->topLeft->setCoords(std::min(x0, x1), std::max(y0, y1));
    map_->bottomRight->setCoords(std::max(x0, x1), std::min(y0, y1));
    map_->setVisible(true);

    setColorScale(!classification);
    if (scale_) scale_->setDataRange(range);

    showPoints(in, range.lower, range.upper);
    restylePlot(plot_);  // new point series take the display scale
    plot_->xAxis->setRange(std::min(x0, x1), std::max(x0, x1));
    plot_->yAxis->setRange(std::min(y0, y1), std::max(y0, y1));
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void BoundaryView::showPoints(const core::EpochInsight& in, double lo, double hi) {
    plot_->clearGraphs();
    const std::size_t n = std::min(in.pointX.size(), in.pointY.size());
    // Large enough to see from the back of a room, with a dark rim that stands
    // out on the point's own (pale) class region.
    const double size = n > 1500 ? 7 : 10;
    const QPen outline(QColor(30, 30, 35), 1.3);
    if (in.task == core::TaskKind::Classification) {
        const int k = static_cast<int>(in.classNames.size());
        std::vector<QVector<double>> xs(static_cast<std::size_t>(k)), ys(static_cast<std::size_t>(k));
        for (std::size_t i = 0; i < n && i < in.truth.size(); ++i) {
            const int t = in.truth[i];
            if (t < 0 || t >= k) continue;
            xs[static_cast<std::size_t>(t)].push_back(toData(0, in.pointX[i]));
            ys[static_cast<std::size_t>(t)].push_back(toData(1, in.pointY[i]));
        }
        for (int c = 0; c < k; ++c) {
            QCPGraph* g = plot_->addGraph();
            g->setName(QString::fromStdString(in.classNames[static_cast<std::size_t>(c)]));
            g->setLineStyle(QCPGraph::lsNone);
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, outline, classColor(c), size));
            g->setData(xs[static_cast<std::size_t>(c)], ys[static_cast<std::size_t>(c)], true);
        }
        plot_->legend->setVisible(k > 0 && k <= 12);
        return;
    }
    // Regression: points by their true value, binned into a few colours.
    QCPColorGradient gradient = divergingGradient();
    std::array<QVector<double>, kValueBins> xs, ys;
    const double span = hi - lo;
    for (std::size_t i = 0; i < n && i < in.targetValues.size(); ++i) {
        const double t = span > 0 ? (in.targetValues[i] - lo) / span : 0.5;
        const int bin = std::clamp(static_cast<int>(t * kValueBins), 0, kValueBins - 1);
        xs[static_cast<std::size_t>(bin)].push_back(toData(0, in.pointX[i]));
        ys[static_cast<std::size_t>(bin)].push_back(toData(1, in.pointY[i]));
    }
    const QPen dark(QColor(30, 30, 35), 1.3);
    for (int b = 0; b < kValueBins; ++b) {
        if (xs[static_cast<std::size_t>(b)].isEmpty()) continue;
        const double value = lo + span * (b + 0.5) / kValueBins;
        QCPGraph* g = plot_->addGraph();
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, dark, QColor(gradient.color(value, QCPRange(lo, hi))), size));
        g->setData(xs[static_cast<std::size_t>(b)], ys[static_cast<std::size_t>(b)], true);
    }
    plot_->legend->setVisible(false);
}

}  // namespace layerlab::ui
