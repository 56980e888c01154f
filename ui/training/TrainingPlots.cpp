#include "ui/training/TrainingPlots.h"

#include "ui/PlotScale.h"

#include <QFileInfo>
#include <QSvgGenerator>
#include <QToolTip>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace layerlab::ui {

namespace {

const QColor kBlue(31, 119, 180), kOrange(230, 120, 20), kGreen(44, 160, 44), kPurple(120, 80, 170);
// Earlier runs: one hue each, drawn faded.
const QColor kEarlier[] = {QColor(150, 150, 150), QColor(200, 110, 160), QColor(100, 170, 190), QColor(180, 160, 80)};

QColor faded(QColor c, int alpha) {
    c.setAlpha(alpha);
    return c;
}

QCPGraph* addGraph(QCustomPlot* plot, const QString& name, const QPen& pen, bool markers = false) {
    QCPGraph* g = plot->addGraph();
    g->setName(name);
    g->setPen(pen);
    if (markers) g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, pen.color(), Qt::white, 5));
    return g;
}

QString formatNumber(double v) { return QString::number(v, 'g', 5); }

// The nearest point (within 16 px) of any visible series under the mouse, as a tooltip.
void showNearest(QCustomPlot* plot, QMouseEvent* event) {
    if (event->buttons() != Qt::NoButton) return;
    const QPointF pos = event->position();
    constexpr double kRadius = 16;
    double best = kRadius * kRadius;
    QString text;
    for (int i = 0; i < plot->graphCount(); ++i) {
        QCPGraph* g = plot->graph(i);
        if (!g->visible() || g->data()->isEmpty()) continue;
        QCPAxis* kx = g->keyAxis();
        QCPAxis* vy = g->valueAxis();
        double lo = kx->pixelToCoord(pos.x() - kRadius), hi = kx->pixelToCoord(pos.x() + kRadius);
        if (lo > hi) std::swap(lo, hi);
        auto begin = g->data()->findBegin(lo, false);
        auto end = g->data()->findEnd(hi, false);
        const auto span = end - begin;
        const int stride = span > 4000 ? static_cast<int>(span / 4000) + 1 : 1;  // bounded work per move
        for (auto d = begin; d < end; d += stride) {
            const double dx = kx->coordToPixel(d->key) - pos.x(), dy = vy->coordToPixel(d->value) - pos.y();
            const double dist = dx * dx + dy * dy;
            if (dist < best) {
                best = dist;
                text = QStringLiteral("%1\n%2 %3: %4")
                           .arg(g->name(), kx->label(), formatNumber(d->key), formatNumber(d->value));
            }
            if (end - d <= stride) break;
        }
    }
    if (text.isEmpty()) QToolTip::hideText();
    else QToolTip::showText(event->globalPosition().toPoint(), text, plot);
}

// Replots a plot asked to replot while it was hidden, when it shows.
class ShowReplotter : public QObject {
public:
    ShowReplotter(QCustomPlot* plot, bool* stale) : QObject(plot), stale_(stale) { plot->installEventFilter(this); }
    bool eventFilter(QObject* watched, QEvent* e) override {
        if (e->type() == QEvent::Show && *stale_) {
            *stale_ = false;
            static_cast<QCustomPlot*>(watched)->replot(QCustomPlot::rpQueuedReplot);
        }
        return false;
    }

private:
    bool* stale_;
};

}  // namespace

TrainingPlots::TrainingPlots(QWidget* parent) {
    for (int i = 0; i < kPlotCount; ++i) {
        plots_[i] = new QCustomPlot(parent);
        new ShowReplotter(plots_[i], &stale_[i]);
    }
    plots_[Loss]->setObjectName(QStringLiteral("lossPlot"));
    plots_[Metric]->setObjectName(QStringLiteral("metricPlot"));
    plots_[LearningRate]->setObjectName(QStringLiteral("learningRatePlot"));
    setupPlot(Loss, QObject::tr("epoch"), QObject::tr("loss"));
    setupPlot(Metric, QObject::tr("epoch"), QObject::tr("accuracy"));
    setupPlot(LearningRate, QObject::tr("step"), QObject::tr("learning rate"));
    metricTitle_ = QObject::tr("Accuracy");
}

void TrainingPlots::setupPlot(Plot p, const QString& xLabel, const QString& yLabel) {
    QCustomPlot* plot = plots_[p];
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    // Wide solid lines as separate segments: half the cost of a stroked
    // polyline with joins, alike to the eye at a point or two per pixel
    // (exports to SVG/PDF still use real polylines).
    plot->setPlottingHint(QCP::phFastPolylines, true);
    plot->setNoAntialiasingOnDrag(true);
    plot->xAxis->setLabel(xLabel);
    plot->yAxis->setLabel(yLabel);
    plot->legend->setVisible(true);
    QFont small = plot->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    plot->legend->setFont(small);
    plot->legend->setBrush(QColor(255, 255, 255, 210));
    plot->setMinimumSize(200, 120);
    QObject::connect(plot, &QCustomPlot::mouseMove, plot, [this, plot, p](QMouseEvent* e) {
        if (e->buttons() != Qt::NoButton) follow_[p] = false;  // the user pans: stop following new points
        showNearest(plot, e);
    });
    QObject::connect(plot, &QCustomPlot::mouseWheel, plot, [this, p](QWheelEvent*) { follow_[p] = false; });
    QObject::connect(plot, &QCustomPlot::mouseDoubleClick, plot, [this, p](QMouseEvent*) {
        fit(p);
        replot(p);
    });
}

QCPGraph* TrainingPlots::series(Plot p, const QString& name) const {
    QCustomPlot* plot = plots_[p];
    for (int i = 0; i < plot->graphCount(); ++i)
        if (plot->graph(i)->name() == name) return plot->graph(i);
    return nullptr;
}

void TrainingPlots::sync(const std::vector<RunHistory>& runs) {
    std::vector<int> ids;
    ids.reserve(runs.size());
    for (const RunHistory& r : runs) ids.push_back(r.id);
    if (ids != builtIds_) rebuild(runs);
    if (!runs.empty()) appendCurrent(runs.back());
    for (int i = 0; i < kPlotCount; ++i) rescaleIfFollowing(static_cast<Plot>(i));
    // No empty legend box before the first run.
    for (QCustomPlot* plot : plots_) plot->legend->setVisible(plot->legend->itemCount() > 0);
}

void TrainingPlots::rebuild(const std::vector<RunHistory>& runs) {
    for (QCustomPlot* plot : plots_) plot->clearGraphs();
    builtIds_.clear();
    for (const RunHistory& r : runs) builtIds_.push_back(r.id);
    cur_ = Current{};
    ema_.reset();
    if (runs.empty()) {  // a new project: nothing of the last one, and the plots follow new points again
        metricTitle_ = QObject::tr("Accuracy");
        plots_[Metric]->yAxis->setLabel(QObject::tr("accuracy"));
        follow_.fill(true);
        return;
    }
    const int earlier = static_cast<int>(runs.size()) - 1;
    for (int i = 0; i < earlier; ++i) addEarlierRun(runs[static_cast<std::size_t>(i)], earlier - i, earlier);

    const RunHistory& run = runs.back();
    const bool classification = run.task == core::TaskKind::Classification;
    metricTitle_ = classification ? QObject::tr("Accuracy") : QObject::tr("R²");
    const QString metric = classification ? QObject::tr(" accuracy") : QStringLiteral(" R²");
    plots_[Metric]->yAxis->setLabel(classification ? QObject::tr("accuracy") : QObject::tr("R²"));
    cur_.runId = run.id;
    for (int p = 0; p < kPlotCount; ++p)
        cur_.label[p] = addGraph(plots_[p], runLabel(run), QPen(p == Metric ? kOrange : p == Loss ? kBlue : kPurple, 2));
    cur_.raw = addGraph(plots_[Loss], QString::fromLatin1(kNameBatchLoss), QPen(faded(kBlue, 70), 1));
    cur_.raw->setAntialiased(false);  // a faint 1 px line of every batch: the plot's costliest curve to smooth
    cur_.smooth = addGraph(plots_[Loss], QString::fromLatin1(kNameSmoothedLoss), QPen(kBlue, 2));
    cur_.trainLoss = addGraph(plots_[Loss], QString::fromLatin1(kNameTrainLoss), QPen(kOrange, 2), true);
    cur_.valLoss = addGraph(plots_[Loss], QString::fromLatin1(kNameValLoss), QPen(kGreen, 2), true);
    cur_.objective = addGraph(plots_[Loss], QString::fromLatin1(kNameObjective), QPen(kOrange, 1.5, Qt::DashLine), true);
    cur_.trainMetric = addGraph(plots_[Metric], QString::fromLatin1(kNameTrainMetric) + metric, QPen(kOrange, 2), true);
    cur_.valMetric = addGraph(plots_[Metric], QString::fromLatin1(kNameValMetric) + metric, QPen(kGreen, 2), true);
    cur_.lr = addGraph(plots_[LearningRate], QString::fromLatin1(kNameLearningRate), QPen(kPurple, 2));
    const QPen testPen(QColor(200, 30, 60), 2);
    cur_.testLoss = addGraph(plots_[Loss], QString::fromLatin1(kNameTestLoss), testPen);
    cur_.testMetric = addGraph(plots_[Metric], QString::fromLatin1(kNameTestMetric) + metric, testPen);
    for (QCPGraph* g : {cur_.testLoss, cur_.testMetric}) {
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, testPen.color(), testPen.color(), 10));
    }
    for (QCustomPlot* plot : plots_) restylePlot(plot);  // the new series take the display scale
}

void TrainingPlots::setDisplayScale(double scale) {
    for (QCustomPlot* plot : plots_) {
        setPlotScale(plot, scale);
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void TrainingPlots::addEarlierRun(const RunHistory& run, int age, int count) {
    // The older, the fainter: the run just before the current one at alpha 150, the oldest near 70.
    const int alpha = count <= 1 ? 150 : 150 - (age - 1) * 80 / (count - 1);
    const QColor color = faded(kEarlier[(run.id - 1) % 4], alpha);
    const QString name = runLabel(run);

    QCPGraph* loss = addGraph(plots_[Loss], name, QPen(color, 1.5));
    const std::vector<double> smooth = emaSmooth(run.batchLoss, kSmoothing);
    for (std::size_t i = 0; i < smooth.size(); ++i) loss->addData(run.epochPosition(static_cast<std::int64_t>(i) + 1), smooth[i]);
    const bool hasVal = !run.epochs.empty() && run.epochs.front().hasValidation;
    QCPGraph* epochLoss = addGraph(plots_[Loss], name + (hasVal ? QObject::tr(" (validation)") : QObject::tr(" (train)")),
                                   QPen(color, 1.5, Qt::DashLine));
    epochLoss->removeFromLegend();
    QCPGraph* metric = addGraph(plots_[Metric], name, QPen(color, 1.5));
    for (const core::EpochStats& e : run.epochs) {
        epochLoss->addData(e.epoch, hasVal ? e.valLoss : e.trainLoss);
        metric->addData(e.epoch, hasVal ? e.valMetric : e.trainMetric);
    }
    QCPGraph* lr = addGraph(plots_[LearningRate], name, QPen(color, 1.5));
    for (std::size_t i = 0; i < run.learningRate.size(); ++i) lr->addData(static_cast<double>(i + 1), run.learningRate[i]);
}

void TrainingPlots::appendCurrent(const RunHistory& run) {
    if (run.id != cur_.runId) return;
    for (std::size_t i = cur_.batches; i < run.batchLoss.size(); ++i) {
        const auto step = static_cast<std::int64_t>(i) + 1;
        const double x = run.epochPosition(step);
        cur_.raw->addData(x, run.batchLoss[i]);
        cur_.smooth->addData(x, ema_.add(run.batchLoss[i]));
        cur_.lr->addData(static_cast<double>(step), run.learningRate[i]);
    }
    cur_.batches = run.batchLoss.size();
    for (std::size_t i = cur_.epochs; i < run.epochs.size(); ++i) {
        const core::EpochStats& e = run.epochs[i];
        cur_.trainLoss->addData(e.epoch, e.trainLoss);
        if (e.penalty > 0) cur_.objective->addData(e.epoch, e.trainLoss + e.penalty);
        cur_.trainMetric->addData(e.epoch, e.trainMetric);
        if (e.hasValidation) {
            cur_.valLoss->addData(e.epoch, e.valLoss);
            cur_.valMetric->addData(e.epoch, e.valMetric);
        }
    }
    cur_.epochs = run.epochs.size();
    if (run.test && cur_.testLoss->data()->isEmpty() && !run.epochs.empty()) {
        const double x = run.epochs.back().epoch;
        cur_.testLoss->addData(x, run.test->loss);
        cur_.testMetric->addData(x, run.test->metric);
    }
    for (QCPGraph* g : cur_.label) g->setName(runLabel(run));  // the test score arrives at the end
    // A legend entry for a series with no points (yet, or no validation set) only confuses.
    for (QCPGraph* g : {cur_.trainLoss, cur_.valLoss, cur_.objective, cur_.trainMetric, cur_.valMetric, cur_.testLoss,
                        cur_.testMetric}) {
        if (g->data()->isEmpty()) g->removeFromLegend();
        else g->addToLegend();
    }
}

void TrainingPlots::rescaleIfFollowing(Plot p) {
    if (!follow_[p]) return;
    QCustomPlot* plot = plots_[p];
    plot->rescaleAxes(true);
    // Keep a little room around the curves and never a zero-height range.
    QCPRange y = plot->yAxis->range();
    if (log_[p]) {
        if (y.lower > 0 && y.upper > 0) plot->yAxis->setRange(y.lower / 1.3, y.upper * 1.3);
    } else {
        const double pad = y.size() > 0 ? y.size() * 0.05 : std::max(1e-3, std::abs(y.center()) * 0.05);
        plot->yAxis->setRange(y.lower - pad, y.upper + pad);
    }
    if (plot->xAxis->range().size() <= 0) plot->xAxis->setRange(plot->xAxis->range().center() - 0.5, plot->xAxis->range().center() + 0.5);
}

void TrainingPlots::replot(Plot p) {
    // Drawing a plot nobody sees costs the GUI thread (and a training core) as much as one on screen.
    if (!plots_[p]->isVisible()) {
        stale_[p] = true;
        return;
    }
    stale_[p] = false;
    plots_[p]->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingPlots::replotLive(Plot p) {
    const double costMs = plots_[p]->replotTime(true);  // the average of the last redraws
    if (sinceLive_[p].isValid() && static_cast<double>(sinceLive_[p].elapsed()) < kLiveBudget * costMs) return;
    sinceLive_[p].start();
    replot(p);
}

void TrainingPlots::setLogScale(Plot p, bool on) {
    if (!canUseLogScale(p)) on = false;
    log_[p] = on;
    QCPAxis* y = plots_[p]->yAxis;
    if (on) {
        y->setScaleType(QCPAxis::stLogarithmic);
        y->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
        y->setNumberFormat(QStringLiteral("gb"));
    } else {
        y->setScaleType(QCPAxis::stLinear);
        y->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        y->setNumberFormat(QStringLiteral("gb"));
    }
    follow_[p] = true;
    rescaleIfFollowing(p);
}

void TrainingPlots::fit(Plot p) {
    follow_[p] = true;
    rescaleIfFollowing(p);
}

core::Status TrainingPlots::exportImage(QCustomPlot* plot, const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    const int w = plot->width() > 50 ? plot->width() : 800;
    const int h = plot->height() > 50 ? plot->height() : 500;
    bool ok = false;
    if (suffix == QLatin1String("png")) {
        ok = plot->savePng(path, w, h, 2.0);
    } else if (suffix == QLatin1String("pdf")) {
        ok = plot->savePdf(path, w, h);
    } else if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(QSize(w, h));
        svg.setViewBox(QRect(0, 0, w, h));
        svg.setTitle(QStringLiteral("LayerLab training plot"));
        QCPPainter painter;
        if (painter.begin(&svg)) {
            plot->toPainter(&painter, w, h);
            ok = painter.end();
        }
        ok = ok && QFileInfo(path).size() > 0;
    } else {
        return core::makeError("choose a file name ending in .png, .svg or .pdf (got '" + path.toStdString() + "')");
    }
    if (!ok) return core::makeError("could not write the plot to '" + path.toStdString() + "'; check the folder exists and is writable");
    return {};
}

}  // namespace layerlab::ui
