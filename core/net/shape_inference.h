// Shape inference over the whole graph: a pure function from a Graph to each
// node's output shape and one diagnostic per node that cannot be computed
// (missing input, shape mismatch, bad parameter), each naming the node.
// Nodes downstream of a broken node get no shape and no diagnostic of their
// own, so the user sees the first cause, not its echoes.
#pragma once

#include "core/common/shape.h"
#include "core/graph/graph.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace layerlab::core {

struct Diagnostic {
    NodeId node = 0;
    std::string message;  // "Conv2D 'conv2d_1': needs an image input ..."
};

struct ShapeReport {
    std::map<NodeId, Shape> shapes;        // output shape of every node that has one
    std::vector<Diagnostic> diagnostics;   // in topological order
    bool ok() const { return diagnostics.empty(); }
    const Shape* shapeOf(NodeId id) const;
    const Diagnostic* diagnosticFor(NodeId id) const;
};

ShapeReport inferShapes(const Graph& graph);

}  // namespace layerlab::core
