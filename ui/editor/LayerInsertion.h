// LayerInsertion: the composite edits the canvas offers, with tidy positions
// (Placement), ready for GraphDocument::addChain / checkChain. Shared by the
// scene (drops on an edge or on the canvas) and CanvasActions (keys, menus).
// Each returns a ChainEdit; none changes the document.
//
// GUI thread (reads the document).
#pragma once

#include "ui/editor/GraphDocument.h"

#include <optional>

namespace layerlab::ui {

// from -> chain -> (to, port) in place of `edge` ("Insert ReLU"). The chain
// starts kLayerGap below `from` (lower when `anchor`, a drop point, is
// lower), centred on anchor's x (else on from's); `to` and what it feeds move
// down to make room.
ChainEdit insertOnEdgeEdit(const GraphDocument& doc, const core::Edge& edge, const LayerChain& chain,
                           std::optional<QPointF> anchor = std::nullopt);
// The chain fed by `node`, taking over every edge out of it ("Insert
// Dropout"); just below it, what it fed moved down to make room. When node
// feeds nothing, the same as appendBelowEdit.
ChainEdit insertAfterEdit(const GraphDocument& doc, NodeId node, const LayerChain& chain);
// The chain at a free spot below `node`, fed by it ("Add Dense + ReLU").
ChainEdit appendBelowEdit(const GraphDocument& doc, NodeId node, const LayerChain& chain);
// The chain unconnected at a free spot around `centre` (its first box
// centred there when free).
ChainEdit addNearEdit(const GraphDocument& doc, QPointF centre, const LayerChain& chain);

}  // namespace layerlab::ui
