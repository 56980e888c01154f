#include "core/net/network_path.h"

#include "core/layers/layer_registry.h"

#include <algorithm>
#include <unordered_set>

namespace layerlab::core {

namespace {

using NodeSet = std::unordered_set<NodeId>;

bool isInputNode(const Graph& g, const Node& n) {
    const LayerInfo* info = g.registry().find(n.type);
    return info && info->isInput;
}

// Everything reachable from `start` following edges forward (start included).
NodeSet downstream(const Graph& g, const std::vector<NodeId>& start) {
    NodeSet seen(start.begin(), start.end());
    std::vector<NodeId> todo = start;
    while (!todo.empty()) {
        const NodeId id = todo.back();
        todo.pop_back();
        for (const Edge& e : g.edges())
            if (e.from == id && seen.insert(e.to).second) todo.push_back(e.to);
    }
    return seen;
}

// Everything that feeds `start`, following edges backward (start included).
NodeSet upstream(const Graph& g, const std::vector<NodeId>& start) {
    NodeSet seen(start.begin(), start.end());
    std::vector<NodeId> todo = start;
    while (!todo.empty()) {
        const NodeId id = todo.back();
        todo.pop_back();
        for (const Edge& e : g.edges())
            if (e.to == id && seen.insert(e.from).second) todo.push_back(e.from);
    }
    return seen;
}

// The set's nodes in graph order.
std::vector<NodeId> inGraphOrder(const Graph& g, const NodeSet& set) {
    std::vector<NodeId> out;
    for (const Node& n : g.nodes())
        if (set.count(n.id)) out.push_back(n.id);
    return out;
}

// The layer an Input should feed: a non-Input layer none of whose inputs is
// connected, heading the most layers (graph order breaks ties). 0: none.
NodeId firstLayer(const Graph& g) {
    NodeId best = 0;
    std::size_t bestCount = 0;
    for (const Node& n : g.nodes()) {
        if (isInputNode(g, n) || g.inputCount(n.id) < 1) continue;
        bool free = true;
        for (int p = 0; p < g.inputCount(n.id) && free; ++p) free = g.inputEdge(n.id, p) == nullptr;
        if (!free) continue;
        const std::size_t count = downstream(g, {n.id}).size();
        if (count > bestCount) {
            best = n.id;
            bestCount = count;
        }
    }
    return best;
}

std::string deleteLabel(const Graph& g, const std::vector<NodeId>& ids) {
    if (ids.size() <= 3) return "Delete " + nodeNames(g, ids);
    return "Delete " + std::to_string(ids.size()) + " layers (" + nodeNames(g, {ids.begin(), ids.begin() + 2}) + ", ...)";
}

}  // namespace

bool NetworkPath::isStray(NodeId id) const { return std::find(stray.begin(), stray.end(), id) != stray.end(); }

std::string nodeNames(const Graph& graph, const std::vector<NodeId>& ids) {
    std::string out;
    for (NodeId id : ids) {
        if (!out.empty()) out += ", ";
        if (const Node* n = graph.node(id)) out += n->name;
        else out += graph.describe(id);
    }
    return out;
}

NetworkPath findNetworkPath(const Graph& g) {
    NetworkPath r;
    if (g.nodes().empty()) {
        r.error = makeError("the network is empty; add an Input layer and at least one layer");
        return r;
    }
    std::vector<NodeId> inputs, feeding;
    for (const Node& n : g.nodes()) {
        if (!isInputNode(g, n)) continue;
        inputs.push_back(n.id);
        if (!g.consumers(n.id).empty()) feeding.push_back(n.id);
    }
    if (inputs.empty()) {
        const NodeId first = firstLayer(g);
        r.error = makeNodeError(first, "the network has no Input layer; add one and connect it to the first layer");
        if (first) r.fix = {PathFix::Kind::AddInput, {}, Edge{0, first, 0}, "Add an Input above " + g.node(first)->name};
        return r;
    }
    if (feeding.empty()) {
        const NodeId input = inputs.front();
        const NodeId first = firstLayer(g);
        std::string message = "the Input layer is not connected to any layer";
        if (first) {
            message += "; connect it to " + g.node(first)->name;
            r.fix = {PathFix::Kind::Connect, {}, Edge{input, first, 0},
                     "Connect " + g.node(input)->name + " \u2192 " + g.node(first)->name};
        }
        r.error = makeNodeError(input, message);
        return r;
    }

    // The part the Input feeds: what it reaches, and whatever else feeds that.
    const NodeSet reached = downstream(g, feeding);
    const NodeSet connected = upstream(g, inGraphOrder(g, reached));
    for (const Node& n : g.nodes())
        if (!connected.count(n.id)) r.stray.push_back(n.id);
    std::vector<NodeId> sinks;
    for (const Node& n : g.nodes())
        if (reached.count(n.id) && g.consumers(n.id).empty()) sinks.push_back(n.id);

    if (sinks.size() > 1) {
        // Keep the output with the longest history; the others' own branches are loose.
        NodeId main = sinks.front();
        std::size_t mainCount = 0;
        for (NodeId s : sinks)
            if (const std::size_t c = upstream(g, {s}).size(); c > mainCount) {
                main = s;
                mainCount = c;
            }
        const NodeSet keep = upstream(g, {main});
        std::vector<NodeId> others;
        for (NodeId s : sinks)
            if (s != main) others.push_back(s);
        NodeSet loose;
        for (NodeId id : upstream(g, others))
            if (!keep.count(id)) loose.insert(id);
        const std::vector<NodeId> looseList = inGraphOrder(g, loose);
        r.error = makeNodeError(others.front(), "the network has " + std::to_string(sinks.size()) + " outputs (" +
                                                    nodeNames(g, sinks) +
                                                    "); connect them so that exactly one layer is the output, or "
                                                    "delete " + nodeNames(g, looseList));
        r.fix = {PathFix::Kind::Remove, looseList, {}, deleteLabel(g, looseList)};
        return r;
    }

    const NodeId output = sinks.front();
    std::vector<NodeId> pathInputs;
    for (NodeId id : inputs)
        if (connected.count(id)) pathInputs.push_back(id);
    if (pathInputs.size() > 1) {
        r.error = makeNodeError(pathInputs[1], "the network has " + std::to_string(pathInputs.size()) +
                                                   " Input layers; LayerLab trains networks with one input (delete " +
                                                   g.describe(pathInputs[1]) + ")");
        return r;
    }
    r.input = pathInputs.front();
    r.output = output;
    r.trained = inGraphOrder(g, connected);
    return r;
}

}  // namespace layerlab::core
