// A ConceptGraph as DOT text, laid out by Graphviz `dot` (boxes and edge
// splines in points, y pointing down, origin at the drawing's top-left), or
// rendered by Graphviz's own SVG renderer (gvRenderData).
//
// Thread: safe from any thread; every Graphviz call holds graphvizMutex()
// (graph_layout.h), so calls from several threads run one at a time.
// Errors: a Graphviz failure (missing plugin, refused input) is an Error
// value whose message says what failed; nothing here throws or aborts.
#pragma once

#include "core/common/result.h"
#include "core/viz/concept_graph.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace layerlab::core {

// Fonts the DOT text asks for (Graphviz sizes labels with them; a view that
// draws the layout should use the same sizes, in points = scene units).
inline constexpr double kConceptFontSize = 12.0;
inline constexpr double kConceptEdgeFontSize = 10.0;

struct TextSize {
    double width = 0, height = 0;  // points
};

struct ConceptLayoutOptions {
    // Measures a (possibly multi-line) label drawn at fontSize points. When set,
    // node boxes are sized from it (so the text of the drawing fits the font the
    // view really uses); when empty, Graphviz estimates the text size itself.
    std::function<TextSize(const std::string& text, double fontSize)> measure;
    // Graphviz layout engine; "dot" draws the layered map. Another name is
    // passed to Graphviz as is (an unknown one gives an error value).
    std::string engine = "dot";
};

struct ConceptNodeLayout {
    std::string id;           // the concept's id
    Point centre;             // points, y down
    double width = 0, height = 0;
};

struct ConceptEdgeLayout {
    std::string from, to;     // concept ids (as in the graph's edge)
    // Cubic Bézier: start, then (control1, control2, end) triples; y down.
    // Empty when Graphviz gave the edge no route.
    std::vector<Point> spline;
    bool hasArrow = false;    // directed: the arrowhead runs from spline.back() to arrowTip
    Point arrowTip;
    bool hasLabel = false;
    Point labelCentre;
    TextSize labelSize;
};

struct ConceptLayout {
    double width = 0, height = 0;       // the whole drawing, points
    std::vector<ConceptNodeLayout> nodes;  // same order as graph.concepts
    std::vector<ConceptEdgeLayout> edges;  // same order as graph.edges
};

// The label as drawn: a long one-line label broken into lines of about
// maxLine characters (UTF-8 aware), preferring a break before " (" or after
// ": ", else at the space nearest the middle; at most three lines. Labels that
// already hold '\n' (a Mermaid <br>) are kept as written.
std::string wrapConceptLabel(std::string_view label, std::size_t maxLine = 24);

// `digraph concepts { ... }`: one node per concept (named by its id, wrapped label,
// shape, fill colour of its group, a red outline when marked), one edge per
// link (edge label, id "e<index>", dir=none for undirected, dotted/bold style),
// rankdir from the graph's direction. All text escaped for DOT.
std::string conceptGraphToDot(const ConceptGraph& graph);

// requires: edge endpoints name concepts of the graph (else an error naming the edge).
// ensures: one node layout per concept, one edge layout per edge; every box lies
//          inside [0, width] x [0, height]; deterministic. An empty graph gives an
//          empty layout of size 0 x 0.
Result<ConceptLayout> layoutConcepts(const ConceptGraph& graph, const ConceptLayoutOptions& options = {});

// The map drawn by Graphviz's SVG renderer ("<?xml ... <svg ...>"), fonts and
// colours from conceptGraphToDot. errors: as layoutConcepts, or no svg renderer.
Result<std::string> renderConceptSvg(const ConceptGraph& graph);

}  // namespace layerlab::core
