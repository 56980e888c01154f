// PlotScale: a QCustomPlot drawn larger for a projector. setPlotScale(plot, s)
// sets, as s times the values they had when first seen, the fonts of the axes
// (label and tick labels, a colour scale's too), of the legend and of text
// elements, the legend's icons, and the pen widths and scatter sizes of the
// graphs; s = 1 gives the first values back exactly. An owner that adds
// graphs later calls restylePlot(plot) so that they take the plot's scale.
// Neither replots. GUI thread only.
#pragma once

class QCPAxis;
class QCustomPlot;

namespace layerlab::ui {

// requires: scale > 0.
void setPlotScale(QCustomPlot* plot, double scale);
// 1 until setPlotScale was called.
double plotScale(const QCustomPlot* plot);
// Applies plotScale(plot) to everything in the plot (new graphs included).
void restylePlot(QCustomPlot* plot);
// A logarithmic axis whose ticks read as powers of ten (10⁻⁵, 10⁰): gradient
// norms that span many orders of magnitude.
void usePowersOfTen(QCPAxis* axis);

}  // namespace layerlab::ui
