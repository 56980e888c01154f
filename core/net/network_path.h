// Which part of a drawn graph is the network that trains. A layer dropped on
// the canvas and left alone must not stop training: the trained path is the
// one Input, the one output (the layer nobody consumes) and every layer
// between them; every layer not connected to it is "stray" (reported, not
// trained). Where the graph is genuinely ambiguous (two outputs both fed from
// the Input, no Input, an Input feeding nothing) the report says why, names
// the layers, and proposes ONE edit that fixes it (PathFix), which an editor
// can offer as a single click.
//
// Pure functions of the graph (no shapes needed). compileNetwork() uses this;
// so do the editor's canvas marks and its model summary.
#pragma once

#include "core/common/result.h"
#include "core/graph/graph.h"

#include <optional>
#include <string>
#include <vector>

namespace layerlab::core {

// One edit that resolves an ambiguous graph.
struct PathFix {
    enum class Kind {
        None,      // nothing to propose
        Remove,    // delete `nodes` (the loose branch ending in an extra output)
        Connect,   // add `edge` (the Input's output into the first layer)
        AddInput,  // add an Input layer feeding (edge.to, edge.toPort); edge.from is 0
    };
    Kind kind = Kind::None;
    std::vector<NodeId> nodes;
    Edge edge;
    std::string label;  // what a button says: "Delete dense_3", "Connect input → dense_1"
    bool operator==(const PathFix&) const = default;
};

struct NetworkPath {
    NodeId input = 0;              // 0 when error is set
    NodeId output = 0;             // the one layer nobody consumes (before a final Softmax/Sigmoid is folded)
    std::vector<NodeId> trained;   // input, output and every node between, in graph order
    // Nodes not connected to the part the Input feeds, in graph order. Also
    // filled when error is set, as far as the Input's part is known (empty
    // when no Input feeds anything).
    std::vector<NodeId> stray;
    std::optional<Error> error;    // why there is no single path (names the layers)
    PathFix fix;                   // with an error: one edit that resolves it, when there is one

    bool ok() const { return !error.has_value(); }
    bool isStray(NodeId id) const;
};

// ensures: ok() with the trained path when the Input layers that feed
//          something reach exactly one output and that output's ancestors
//          hold exactly one Input; else error (and fix where one edit helps).
//          Deterministic: ties are broken by graph order.
NetworkPath findNetworkPath(const Graph& graph);

// "dense_3", "dense_3, dense_4" (names in the given order), for messages.
std::string nodeNames(const Graph& graph, const std::vector<NodeId>& ids);

}  // namespace layerlab::core
