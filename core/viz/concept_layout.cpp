#include "core/viz/concept_layout.h"

#include "core/viz/concept_style.h"
#include "core/viz/graph_layout.h"
#include "core/viz/graphviz_context.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>

namespace layerlab::core {

namespace {

// DOT string body: quotes and backslashes escaped, newlines as \n, other control characters dropped.
std::string escape(const std::string& s) {
    std::string out;
    out.reserve(s.size() + 8);
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (static_cast<unsigned char>(c) >= 0x20) {
            out += c;
        }
    }
    return out;
}

std::string inches(double points) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", points / 72.0);
    return buf;
}

const char* rankdir(ConceptDirection d) {
    switch (d) {
        case ConceptDirection::TopToBottom: return "TB";
        case ConceptDirection::BottomToTop: return "BT";
        case ConceptDirection::LeftToRight: return "LR";
        case ConceptDirection::RightToLeft: return "RL";
    }
    return "TB";
}

const char* shapeAttrs(ConceptShape s) {
    switch (s) {
        case ConceptShape::Box: return "shape=box, style=filled";
        case ConceptShape::Rounded: return "shape=box, style=\"rounded,filled\"";
        case ConceptShape::Diamond: return "shape=diamond, style=filled";
        case ConceptShape::Circle: return "shape=circle, style=filled";
        case ConceptShape::Hexagon: return "shape=hexagon, style=filled";
    }
    return "shape=box, style=filled";
}

// Box size for a label of `text` measured by the view's font, per outline.
TextSize boxFor(ConceptShape shape, TextSize text) {
    constexpr double padX = 10, padY = 6;
    const double w = text.width + 2 * padX, h = text.height + 2 * padY;
    switch (shape) {
        case ConceptShape::Diamond: return {w * 1.6 + 8, h * 1.8};
        case ConceptShape::Circle: {
            const double d = std::hypot(text.width, text.height) + 2 * padY;
            return {d, d};
        }
        case ConceptShape::Hexagon: return {w * 1.3, h * 1.25};
        case ConceptShape::Box:
        case ConceptShape::Rounded: break;
    }
    return {std::max(w, 54.0), std::max(h, 28.0)};
}

std::size_t chars(std::string_view s) {
    std::size_t n = 0;
    for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

// Splits s in two at the best place for a line break, or returns false.
bool splitOnce(std::string_view s, std::string& first, std::string& rest) {
    const std::size_t n = chars(s);
    std::size_t best = std::string_view::npos;
    if (const std::size_t paren = s.find(" ("); paren != std::string_view::npos && paren >= 4 && paren + 2 < s.size()) {
        best = paren;  // "Conv2D" / "(convolution, ...)"
    } else if (const std::size_t colon = s.find(": "); colon != std::string_view::npos && colon >= 4 &&
                                                       chars(s.substr(0, colon)) <= n * 2 / 3) {
        first = std::string(s.substr(0, colon + 1));
        rest = std::string(s.substr(colon + 2));
        return true;
    } else {
        double bestDistance = 1e9;
        for (std::size_t i = 1; i + 1 < s.size(); ++i) {
            if (s[i] != ' ') continue;
            const double d = std::abs(double(chars(s.substr(0, i))) - double(n) / 2);
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
    }
    if (best == std::string_view::npos) return false;
    first = std::string(s.substr(0, best));
    rest = std::string(s.substr(best + 1));
    return true;
}

Status checkGraph(const ConceptGraph& graph) {
    std::set<std::string_view> ids;
    for (const Concept& c : graph.concepts) {
        if (c.id.empty()) return makeError("a concept has an empty id");
        if (!ids.insert(c.id).second) return makeError("two concepts share the id '" + c.id + "'");
    }
    for (std::size_t i = 0; i < graph.edges.size(); ++i) {
        const ConceptEdge& e = graph.edges[i];
        if (!ids.count(e.from) || !ids.count(e.to))
            return makeError("link " + std::to_string(i + 1) + " (" + e.from + " -> " + e.to +
                             ") names a concept that is not in the map");
    }
    return {};
}

}  // namespace

std::string wrapConceptLabel(std::string_view label, std::size_t maxLine) {
    if (label.find('\n') != std::string_view::npos || chars(label) <= maxLine) return std::string(label);
    std::string first, rest;
    if (!splitOnce(label, first, rest)) return std::string(label);
    std::string out;
    for (const std::string* part : {&first, &rest}) {
        std::string a, b;
        if (!out.empty()) out += '\n';
        if (chars(*part) > maxLine + 10 && splitOnce(*part, a, b)) {
            out += a;
            out += '\n';
            out += b;
        } else {
            out += *part;
        }
    }
    return out;
}

namespace {

std::string toDot(const ConceptGraph& graph, const ConceptLayoutOptions* options) {
    std::ostringstream dot;
    dot << "digraph concepts {\n";
    dot << "  graph [rankdir=" << rankdir(graph.direction)
        << ", nodesep=0.3, ranksep=0.42, pad=0.15, bgcolor=white, fontname=\"Helvetica\"];\n";
    dot << "  node [fontname=\"Helvetica\", fontsize=" << kConceptFontSize << ", margin=\"0.14,0.07\", color=\""
        << kConceptOutlineColour << "\", penwidth=1.2, fontcolor=\"" << kConceptTextColour << "\"];\n";
    dot << "  edge [fontname=\"Helvetica\", fontsize=" << kConceptEdgeFontSize << ", fontcolor=\""
        << kConceptEdgeLabelColour << "\", color=\"" << kConceptEdgeColour << "\", arrowsize=0.7];\n";
    for (const Concept& c : graph.concepts) {
        const std::string label = wrapConceptLabel(c.label);
        dot << "  \"" << escape(c.id) << "\" [label=\"" << escape(label) << "\", " << shapeAttrs(c.shape)
            << ", fillcolor=\"" << (c.marked ? kConceptMarkedFill : conceptFillColour(c.group)) << "\"";
        if (c.marked) dot << ", color=\"" << kConceptMarkedColour << "\", penwidth=2.5";
        if (options && options->measure) {
            const TextSize box = boxFor(c.shape, options->measure(label, kConceptFontSize));
            dot << ", fixedsize=true, width=" << inches(box.width) << ", height=" << inches(box.height);
        }
        dot << "];\n";
    }
    for (std::size_t i = 0; i < graph.edges.size(); ++i) {
        const ConceptEdge& e = graph.edges[i];
        dot << "  \"" << escape(e.from) << "\" -> \"" << escape(e.to) << "\" [id=\"e" << i << "\"";
        if (!e.label.empty()) dot << ", label=\"" << escape(e.label) << "\"";
        if (!e.directed) dot << ", dir=none";
        if (e.style == ConceptEdgeStyle::Dotted) dot << ", style=dashed";
        if (e.style == ConceptEdgeStyle::Thick) dot << ", penwidth=2.5";
        if (e.minLength > 1) dot << ", minlen=" << e.minLength;
        dot << "];\n";
    }
    dot << "}\n";
    return dot.str();
}

// Graphviz reports errors through a callback; keep the last one for the message.
// Only touched while graphvizMutex() is held.
std::string& lastGraphvizError() {
    static std::string text;
    return text;
}

int captureError(char* message) {
    std::string& last = lastGraphvizError();
    last += message ? message : "";
    return 0;
}

std::string graphvizDetail() {
    std::string s = lastGraphvizError();
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s.empty() ? std::string() : " (Graphviz said: " + s + ")";
}

// A parsed and laid-out graph, freed in the right order. requires: mutex held for its life.
class LaidOut {
public:
    ~LaidOut() {
        if (graph_ && laidOut_) gvFreeLayout(graphvizContext(), graph_);
        if (graph_) agclose(graph_);
        agseterrf(previous_);
    }
    Status run(const std::string& dot, const std::string& engine) {
        lastGraphvizError().clear();
        agseterr(AGERR);
        previous_ = agseterrf(&captureError);
        if (!graphvizContext()) return makeError("Graphviz could not start (gvContext failed); reinstall Graphviz (libgvc6)");
        graph_ = agmemread(dot.c_str());
        if (!graph_) return makeError("Graphviz could not read the concept map's DOT text" + graphvizDetail());
        if (gvLayout(graphvizContext(), graph_, engine.c_str()) != 0)
            return makeError("Graphviz could not lay out the concept map with the '" + engine +
                             "' engine; install the Graphviz plugins (Debian package libgvplugin-core / "
                             "libgvc6) and try again" + graphvizDetail());
        laidOut_ = true;
        return {};
    }
    Agraph_t* graph() const { return graph_; }

private:
    Agraph_t* graph_ = nullptr;
    bool laidOut_ = false;
    agusererrf previous_ = nullptr;
};

}  // namespace

std::string conceptGraphToDot(const ConceptGraph& graph) { return toDot(graph, nullptr); }

Result<ConceptLayout> layoutConcepts(const ConceptGraph& graph, const ConceptLayoutOptions& options) {
    if (auto s = checkGraph(graph); !s) return s.error();
    ConceptLayout out;
    if (graph.concepts.empty()) return out;
    const std::string dot = toDot(graph, &options);  // measuring (the view's font) happens outside the lock

    std::lock_guard lock(graphvizMutex());
    LaidOut g;
    if (auto s = g.run(dot, options.engine); !s) return s.error();
    const boxf bb = GD_bb(g.graph());
    out.width = bb.UR.x - bb.LL.x;
    out.height = bb.UR.y - bb.LL.y;
    const auto flip = [&](pointf p) { return Point{p.x - bb.LL.x, bb.UR.y - p.y}; };

    out.nodes.reserve(graph.concepts.size());
    for (const Concept& c : graph.concepts) {
        std::string name = c.id;
        Agnode_t* n = agnode(g.graph(), name.data(), 0);
        if (!n) return makeError("Graphviz lost the concept '" + c.id + "' during layout");
        out.nodes.push_back(ConceptNodeLayout{c.id, flip(ND_coord(n)), ND_width(n) * 72.0, ND_height(n) * 72.0});
    }
    out.edges.resize(graph.edges.size());
    for (std::size_t i = 0; i < graph.edges.size(); ++i) {
        out.edges[i].from = graph.edges[i].from;
        out.edges[i].to = graph.edges[i].to;
    }
    char idAttr[] = "id";
    for (Agnode_t* n = agfstnode(g.graph()); n; n = agnxtnode(g.graph(), n)) {
        for (Agedge_t* e = agfstout(g.graph(), n); e; e = agnxtout(g.graph(), e)) {
            const char* id = agget(e, idAttr);
            if (!id || id[0] != 'e') continue;
            char* end = nullptr;
            const unsigned long index = std::strtoul(id + 1, &end, 10);
            if (end == id + 1 || *end != '\0' || index >= out.edges.size()) continue;
            ConceptEdgeLayout& el = out.edges[index];
            if (const splines* spl = ED_spl(e); spl && spl->size > 0) {
                const bezier& bz = spl->list[0];
                for (int k = 0; k < bz.size; ++k) el.spline.push_back(flip(bz.list[k]));
                if (bz.eflag) {
                    el.hasArrow = true;
                    el.arrowTip = flip(bz.ep);
                } else if (bz.sflag) {  // arrow drawn at the start: reverse so it is at the end
                    std::reverse(el.spline.begin(), el.spline.end());
                    el.hasArrow = true;
                    el.arrowTip = flip(bz.sp);
                }
            }
            if (const textlabel_t* l = ED_label(e); l && l->set) {
                el.hasLabel = true;
                el.labelCentre = flip(l->pos);
                el.labelSize = TextSize{l->dimen.x, l->dimen.y};
            }
        }
    }
    return out;
}

Result<std::string> renderConceptSvg(const ConceptGraph& graph) {
    if (auto s = checkGraph(graph); !s) return s.error();
    const std::string dot = toDot(graph, nullptr);
    std::lock_guard lock(graphvizMutex());
    LaidOut g;
    if (auto s = g.run(dot, "dot"); !s) return s.error();
    char* data = nullptr;
    unsigned int length = 0;
    if (gvRenderData(graphvizContext(), g.graph(), "svg", &data, &length) != 0 || !data)
        return makeError("Graphviz has no SVG renderer; install the Graphviz plugins (Debian package "
                         "libgvplugin-core) and try again" + graphvizDetail());
    std::string svg(data, length);
    gvFreeRenderData(data);
    return svg;
}

}  // namespace layerlab::core
