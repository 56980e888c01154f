// The model graph as DOT text, and its automatic layout with Graphviz `dot`.
//
// Thread: safe to call from any thread; every Graphviz call in LayerLab goes
// through one process-wide mutex (graphvizMutex()), because cgraph and gvc
// are not thread-safe. Output is deterministic: the same graph gives the same
// DOT text and the same positions, run after run.
#pragma once

#include "core/common/result.h"
#include "core/graph/graph.h"

#include <map>
#include <mutex>
#include <string>

namespace layerlab::core {

enum class LayoutDirection { TopToBottom, LeftToRight };

// Size of a node box on the canvas, in scene pixels (72 px per inch, so one
// pixel is one Graphviz point). layoutGraph spaces boxes of this size.
inline constexpr double kNodeBoxWidth = 180.0;
inline constexpr double kNodeBoxHeight = 70.0;

// DOT text of the model: `digraph model { ... }` with one box node per layer,
// named "n<id>" and labelled "<type>\n<name>", and one edge per connection
// (in the graph's edge order; edges into multi-input layers carry the 1-based
// input port as headlabel). Names are escaped for DOT. Used by layoutGraph and
// by exports.
std::string modelToDot(const Graph& graph, LayoutDirection dir = LayoutDirection::TopToBottom);

// Lays the graph out with Graphviz `dot` (layers flow along `dir`).
// ensures: one entry per node: the TOP-LEFT corner of its kNodeBoxWidth x
//          kNodeBoxHeight box in scene pixels, y pointing DOWN, shifted so
//          the smallest x and the smallest y are 0; no two boxes overlap.
//          An empty graph gives an empty map.
// errors:  the Graphviz `dot` layout plugin is missing, or Graphviz refused
//          the graph (message says what to install or what failed).
Result<std::map<NodeId, Point>> layoutGraph(const Graph& graph, LayoutDirection dir = LayoutDirection::TopToBottom);

// The way the drawn graph flows, read from its node positions: LeftToRight
// when more than half of the edges run further right than up or down (as
// layoutGraph(..., LeftToRight) places them), else TopToBottom (also for a
// graph without edges). The canvas puts the ports on the sides it flows by.
LayoutDirection flowDirection(const Graph& graph);

// The one lock that serialises every Graphviz call in the process (also for
// other core/viz code rendering SVG). Hold it around any gvc/cgraph use.
std::mutex& graphvizMutex();

}  // namespace layerlab::core
