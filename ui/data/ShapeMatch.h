// ShapeMatch: after data are imported, the network's ends must fit them: the
// Input node's shape must be one sample of the data, and the layer that feeds
// the output (the last layer with "units", found by walking back from the
// network's single output through Softmax/Sigmoid/activations/Dropout) must
// have one unit per class (classification; 1 is also accepted for two classes
// with the binary cross-entropy loss) or targetDim units (regression).
//
// proposeShapeMatch() is a pure function over values (any thread);
// applyShapeMatch() and offerShapeMatch() edit the document (GUI thread) as ONE
// undo step "Match network to data".
#pragma once

#include "core/data/dataset.h"
#include "core/graph/graph.h"
#include "core/losses/loss.h"

#include <QString>

#include <vector>

class QWidget;

namespace layerlab::ui {

class GraphDocument;

struct ShapeChange {
    core::NodeId node = 0;
    std::string key;          // "shape" (Input) or "units" (the last layer)
    core::ParamValue from, to;
    QString description;      // "Input 'input': shape 2 → 1x28x28"
};

struct ShapeMatchProposal {
    std::vector<ShapeChange> changes;  // empty: the network already fits (or cannot be matched, see note)
    QString note;                      // why a part could not be matched (no Input, no layer with units); may be empty
    bool empty() const { return changes.empty(); }
};

// requires: nothing (an empty or broken graph gives an empty proposal with a note).
// ensures: a change for the Input node when its shape is neither the data's
//          sample shape nor a flat vector of the same size; a change for the
//          last units layer when its units differ from what the data need.
//          The graph is not modified.
ShapeMatchProposal proposeShapeMatch(const core::Graph& graph, core::LossKind loss, const core::Dataset& data);

// requires: doc != nullptr; proposal computed from doc's current graph.
// ensures: every change applied inside one undo macro "Match network to data";
//          nothing pushed when the proposal is empty. Returns the first refusal
//          (the macro then holds the changes made before it).
core::Status applyShapeMatch(GraphDocument* doc, const ShapeMatchProposal& proposal);

// When the network does not fit the data, asks in a QMessageBox (listing the
// changes) whether to change it; Yes applies them as one undo step.
// Returns true when changes were applied.
bool offerShapeMatch(QWidget* parent, GraphDocument* doc, const core::Dataset& data);

}  // namespace layerlab::ui
