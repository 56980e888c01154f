#include "core/viz/graph_layout.h"

#include "core/viz/graphviz_context.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>

namespace layerlab::core {

namespace {

// DOT string literal body: quotes and backslashes escaped, control characters dropped.
std::string escapeDot(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) >= 0x20) {
            out += c;
        }
    }
    return out;
}

std::string dotName(NodeId id) {
    std::string name = "n";  // (not "n" + to_string: GCC 12 -Wrestrict false positive)
    name += std::to_string(id);
    return name;
}

// Inches with enough digits that 180 px round-trips to 180 points exactly.
std::string inches(double pixels) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", pixels / 72.0);
    return buf;
}

struct GraphCloser {
    GVC_t* gvc = nullptr;
    bool laidOut = false;
    void operator()(Agraph_t* g) const {
        if (laidOut) gvFreeLayout(gvc, g);
        agclose(g);
    }
};

}  // namespace

std::mutex& graphvizMutex() {
    static std::mutex m;
    return m;
}

GVC_t* graphvizContext() {
    static GVC_t* gvc = gvContext();
    return gvc;
}

std::string modelToDot(const Graph& graph, LayoutDirection dir) {
    std::ostringstream dot;
    dot << "digraph model {\n";
    // Left to right, the ranks sit further apart: the shape label ("32x26x26") sits on the edge between them.
    const bool sideways = dir == LayoutDirection::LeftToRight;
    dot << "  graph [rankdir=" << (sideways ? "LR" : "TB") << ", nodesep=0.5, ranksep=" << (sideways ? "1.25" : "0.6")
        << "];\n";
    dot << "  node [shape=box, style=rounded, fontname=\"Helvetica\", fixedsize=true, width="
        << inches(kNodeBoxWidth) << ", height=" << inches(kNodeBoxHeight) << "];\n";
    dot << "  edge [fontname=\"Helvetica\", fontsize=10];\n";
    for (const Node& n : graph.nodes())
        dot << "  " << dotName(n.id) << " [label=\"" << escapeDot(n.type) << "\\n" << escapeDot(n.name) << "\"];\n";
    for (const Edge& e : graph.edges()) {
        dot << "  " << dotName(e.from) << " -> " << dotName(e.to);
        if (graph.inputCount(e.to) > 1) dot << " [headlabel=\"" << (e.toPort + 1) << "\"]";
        dot << ";\n";
    }
    dot << "}\n";
    return dot.str();
}

Result<std::map<NodeId, Point>> layoutGraph(const Graph& graph, LayoutDirection dir) {
    std::map<NodeId, Point> out;
    if (graph.nodes().empty()) return out;
    const std::string dot = modelToDot(graph, dir);

    std::lock_guard lock(graphvizMutex());
    agseterr(AGERR);  // warnings are not errors; errors are reported through return codes
    GVC_t* gvc = graphvizContext();
    if (!gvc) return makeError("Graphviz could not start (gvContext failed); reinstall Graphviz (libgvc6)");
    GraphCloser closer{gvc, false};
    std::unique_ptr<Agraph_t, GraphCloser&> g(agmemread(dot.c_str()), closer);
    if (!g) return makeError("Graphviz could not read the model's DOT text");
    if (gvLayout(gvc, g.get(), "dot") != 0)
        return makeError("Graphviz has no 'dot' layout plugin, so auto-layout is unavailable; install the "
                         "Graphviz plugins (Debian package libgvplugin-core / libgvc6) and try again");
    closer.laidOut = true;

    double minX = 0, minY = 0;
    bool first = true;
    for (const Node& n : graph.nodes()) {
        std::string name = dotName(n.id);
        Agnode_t* gn = agnode(g.get(), name.data(), 0);
        if (!gn) return makeError("Graphviz lost node " + graph.describe(n.id) + " during layout");
        const pointf c = ND_coord(gn);  // centre, points (= pixels), y up
        // Flip y to point down; centre -> top-left corner of the box.
        const Point p{c.x - kNodeBoxWidth / 2, -c.y - kNodeBoxHeight / 2};
        minX = first ? p.x : std::min(minX, p.x);
        minY = first ? p.y : std::min(minY, p.y);
        first = false;
        out[n.id] = p;
    }
    for (auto& [id, p] : out) p = Point{p.x - minX, p.y - minY};  // the layout starts at (0, 0)
    return out;
}

LayoutDirection flowDirection(const Graph& graph) {
    std::size_t sideways = 0, edges = 0;
    for (const Edge& e : graph.edges()) {
        const Node* from = graph.node(e.from);
        const Node* to = graph.node(e.to);
        if (!from || !to) continue;
        ++edges;
        const double dx = to->position.x - from->position.x, dy = to->position.y - from->position.y;
        if (dx > std::abs(dy)) ++sideways;
    }
    return 2 * sideways > edges ? LayoutDirection::LeftToRight : LayoutDirection::TopToBottom;
}

}  // namespace layerlab::core
