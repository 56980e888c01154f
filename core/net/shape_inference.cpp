#include "core/net/shape_inference.h"

#include "core/layers/layer_registry.h"

namespace layerlab::core {

const Shape* ShapeReport::shapeOf(NodeId id) const {
    auto it = shapes.find(id);
    return it == shapes.end() ? nullptr : &it->second;
}

const Diagnostic* ShapeReport::diagnosticFor(NodeId id) const {
    for (const auto& d : diagnostics)
        if (d.node == id) return &d;
    return nullptr;
}

ShapeReport inferShapes(const Graph& graph) {
    ShapeReport report;
    auto order = graph.topologicalOrder();
    if (!order) {
        report.diagnostics.push_back({order.error().node, order.error().message});
        return report;
    }
    const LayerRegistry& registry = graph.registry();
    for (NodeId id : *order) {
        const Node& n = *graph.node(id);
        const std::string who = graph.describe(id);
        const LayerInfo* info = registry.find(n.type);
        if (!info) {
            report.diagnostics.push_back({id, who + ": unknown layer type"});
            continue;
        }
        const ParamMap params = registry.withDefaults(*info, n.params);
        if (auto s = registry.validate(*info, params); !s) {
            report.diagnostics.push_back({id, who + ": " + s.error().message});
            continue;
        }
        const int inputs = info->inputs(params);
        std::vector<Shape> inShapes;
        bool upstreamBroken = false;
        std::string missing;
        for (int p = 0; p < inputs; ++p) {
            const Edge* e = graph.inputEdge(id, p);
            if (!e) {
                missing += (missing.empty() ? "" : ", ") + std::to_string(p + 1);
                continue;
            }
            const Shape* s = report.shapeOf(e->from);
            if (!s) {
                upstreamBroken = true;
                continue;
            }
            inShapes.push_back(*s);
        }
        if (!missing.empty()) {
            report.diagnostics.push_back(
                {id, who + ": input " + missing + (inputs > 1 ? " of " + std::to_string(inputs) : "") +
                         " is not connected; drag an edge from a layer's output to it"});
            continue;
        }
        if (upstreamBroken) continue;  // the cause is reported on an upstream node
        auto out = info->shape(params, inShapes);
        if (!out) {
            report.diagnostics.push_back({id, who + ": " + out.error().message});
            continue;
        }
        // Checked before any later rule multiplies it further (or a layer allocates it).
        if (auto ok = checkSampleSize(*out); !ok) {
            report.diagnostics.push_back({id, who + ": its output " + ok.error().message});
            continue;
        }
        report.shapes.emplace(id, std::move(out).value());
    }
    return report;
}

}  // namespace layerlab::core
