// LayerStyle: the look shared by every place that shows a layer type, so the
// canvas boxes, the palette and the inspector agree: one colour per registry
// category and a small icon drawn from it (a miniature node box).
//
// Pure functions of their arguments; GUI thread only (QPixmap).
#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

namespace layerlab::ui {

// Header colour of a registry category ("Core", "Convolution", "Activation",
// "Merge", "Regularization", "Normalization", "Recurrent"); a neutral grey for any other.
QColor categoryColor(const QString& category);

// ensures: a 16x16 icon (with a 2x pixmap for high-DPI screens) showing a
// rounded box with a header band in categoryColor(category).
QIcon categoryIcon(const QString& category);

}  // namespace layerlab::ui
