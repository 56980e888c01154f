// Writes a picture of a QGraphicsScene's items (the network diagram) for
// slides: SVG (QSvgGenerator), PNG (2x pixel density, white background) or
// PDF (QPdfWriter, one page the size of the diagram), by the path's suffix.
// Everything goes through QSaveFile: a failed export leaves no file behind
// and an existing file untouched. Selection highlights are not drawn.
//
// GUI thread only.
#pragma once

#include <QString>

class QGraphicsScene;

namespace layerlab::ui {

// requires: scene non-null. ensures: true and the file written, or false and
// *error says why (unknown suffix, empty diagram, cannot write <path>: reason).
bool exportSceneDiagram(QGraphicsScene* scene, const QString& path, QString* error = nullptr);

}  // namespace layerlab::ui
