#include "ui/PlotScale.h"

#include <qcustomplot.h>

#include <cmath>

namespace layerlab::ui {

namespace {

constexpr const char* kScale = "layerlabPlotScale";

// The value `name` of `owner` had when first seen (remembered as a property).
template <class T>
T base(QObject* owner, const char* name, const T& now) {
    const QVariant v = owner->property(name);
    if (v.isValid()) return v.value<T>();
    owner->setProperty(name, QVariant::fromValue(now));
    return now;
}

QFont scaled(QFont f, double s) {
    if (f.pointSizeF() > 0) f.setPointSizeF(f.pointSizeF() * s);
    else if (f.pixelSize() > 0) f.setPixelSize(std::max(1, static_cast<int>(std::lround(f.pixelSize() * s))));
    return f;
}

void styleAxis(QCPAxis* axis, double s) {
    axis->setLabelFont(scaled(base(axis, "baseLabelFont", axis->labelFont()), s));
    axis->setTickLabelFont(scaled(base(axis, "baseTickLabelFont", axis->tickLabelFont()), s));
    axis->setSelectedLabelFont(scaled(base(axis, "baseSelectedLabelFont", axis->selectedLabelFont()), s));
    axis->setSelectedTickLabelFont(scaled(base(axis, "baseSelectedTickLabelFont", axis->selectedTickLabelFont()), s));
}

void styleGraph(QCPGraph* g, double s) {
    QPen pen = g->pen();
    const double width = base(g, "basePenWidth", pen.widthF());
    pen.setWidthF(width > 0 ? width * s : (s == 1 ? 0 : s));  // 0 is a 1-pixel cosmetic pen
    g->setPen(pen);
    QCPScatterStyle scatter = g->scatterStyle();
    if (!scatter.isNone()) {
        scatter.setSize(base(g, "baseScatterSize", scatter.size()) * s);
        QPen outline = scatter.pen();
        const double ow = base(g, "baseScatterPenWidth", outline.widthF());
        outline.setWidthF(ow > 0 ? ow * s : (s == 1 ? 0 : s));
        scatter.setPen(outline);
        g->setScatterStyle(scatter);
    }
}

}  // namespace

double plotScale(const QCustomPlot* plot) {
    const QVariant v = plot->property(kScale);
    return v.isValid() ? v.toDouble() : 1.0;
}

void setPlotScale(QCustomPlot* plot, double scale) {
    if (!(scale > 0)) return;
    plot->setProperty(kScale, scale);
    restylePlot(plot);
}

void restylePlot(QCustomPlot* plot) {
    const double s = plotScale(plot);
    const QList<QCPLayoutElement*> elements = plot->plotLayout()->elements(true);
    for (QCPLayoutElement* e : elements) {
        if (!e) continue;
        if (auto* rect = qobject_cast<QCPAxisRect*>(e)) {
            for (QCPAxis* axis : rect->axes()) styleAxis(axis, s);
        } else if (auto* colour = qobject_cast<QCPColorScale*>(e)) {
            styleAxis(colour->axis(), s);
        } else if (auto* text = qobject_cast<QCPTextElement*>(e)) {
            text->setFont(scaled(base(text, "baseFont", text->font()), s));
        } else if (auto* legend = qobject_cast<QCPLegend*>(e)) {
            legend->setFont(scaled(base(legend, "baseFont", legend->font()), s));
            const QSize icon = base(legend, "baseIconSize", legend->iconSize());
            legend->setIconSize(QSize(static_cast<int>(std::lround(icon.width() * s)),
                                      static_cast<int>(std::lround(icon.height() * s))));
        }
    }
    for (int i = 0; i < plot->graphCount(); ++i) styleGraph(plot->graph(i), s);
}

void usePowersOfTen(QCPAxis* axis) {
    axis->setScaleType(QCPAxis::stLogarithmic);
    axis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    axis->setNumberFormat(QStringLiteral("eb"));
    axis->setNumberPrecision(0);
}

}  // namespace layerlab::ui
