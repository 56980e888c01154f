#include "core/graph/graph.h"

#include "core/common/text.h"

#include "core/layers/layer_registry.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace layerlab::core {

Graph::Graph(const LayerRegistry& registry) : registry_(&registry) {}

const Node* Graph::node(NodeId id) const {
    for (const auto& n : nodes_)
        if (n.id == id) return &n;
    return nullptr;
}

Node* Graph::mutableNode(NodeId id) { return const_cast<Node*>(static_cast<const Graph*>(this)->node(id)); }

const Node* Graph::findByName(std::string_view name) const {
    for (const auto& n : nodes_)
        if (n.name == name) return &n;
    return nullptr;
}

std::string Graph::describe(NodeId id) const {
    const Node* n = node(id);
    if (!n) return "node #" + std::to_string(id);
    return n->type + " '" + n->name + "'";
}

std::string Graph::uniqueName(const std::string& type) const {
    std::string base;
    for (std::size_t i = 0; i < type.size(); ++i) {
        const char c = type[i];
        const bool upper = std::isupper(static_cast<unsigned char>(c)) != 0;
        // "MaxPool2D" -> "maxpool2d"; keep it simple and readable.
        base += upper ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
    }
    for (int k = 1;; ++k) {
        std::string candidate = base + "_" + std::to_string(k);
        if (!findByName(candidate)) return candidate;
    }
}

Result<NodeId> Graph::addNode(const std::string& type, const ParamMap& params, Point position,
                              const std::string& name, NodeId id) {
    const LayerInfo* info = registry_->find(type);
    if (!info) {
        std::string known;
        for (const auto& i : registry_->all()) known += (known.empty() ? "" : ", ") + i.type;
        return makeError("unknown layer type " + quoteBrief(type) + "; known types: " + known);
    }
    if (auto s = registry_->validate(*info, params); !s) {
        Error e = s.error();
        e.message = type + (name.empty() ? "" : " " + quoteBrief(name)) + ": " + e.message;
        return e;
    }
    if (name.size() > kMaxNodeNameBytes)
        return makeError("the node name " + quoteBrief(name) + " is too long; a name has at most " +
                         std::to_string(kMaxNodeNameBytes) + " characters");
    if (id != 0 && node(id)) return makeError("node id " + std::to_string(id) + " is already used");
    if (!name.empty() && findByName(name)) return makeError("a node named '" + name + "' already exists");
    Node n;
    n.id = id != 0 ? id : nextId_;
    n.type = type;
    n.name = name.empty() ? uniqueName(type) : name;
    n.params = params;
    n.position = position;
    nextId_ = std::max(nextId_, n.id + 1);
    nodes_.push_back(std::move(n));
    return nodes_.back().id;
}

Status Graph::removeNode(NodeId id) {
    auto it = std::find_if(nodes_.begin(), nodes_.end(), [&](const Node& n) { return n.id == id; });
    if (it == nodes_.end()) return makeNodeError(id, "no node with id " + std::to_string(id));
    std::erase_if(edges_, [&](const Edge& e) { return e.from == id || e.to == id; });
    nodes_.erase(it);
    return {};
}

int Graph::inputCount(NodeId id) const {
    const Node* n = node(id);
    if (!n) return 0;
    const LayerInfo* info = registry_->find(n->type);
    if (!info) return 0;
    return info->inputs(registry_->withDefaults(*info, n->params));
}

const Edge* Graph::inputEdge(NodeId to, int port) const {
    for (const auto& e : edges_)
        if (e.to == to && e.toPort == port) return &e;
    return nullptr;
}

std::vector<NodeId> Graph::consumers(NodeId from) const {
    std::vector<NodeId> out;
    for (const auto& e : edges_)
        if (e.from == from) out.push_back(e.to);
    return out;
}

bool Graph::wouldCreateCycle(NodeId from, NodeId to) const {
    if (from == to) return true;
    // Does `to` already reach `from`? Then from -> to closes a cycle.
    std::vector<NodeId> stack{to};
    std::vector<NodeId> seen;
    while (!stack.empty()) {
        const NodeId n = stack.back();
        stack.pop_back();
        if (n == from) return true;
        if (std::find(seen.begin(), seen.end(), n) != seen.end()) continue;
        seen.push_back(n);
        for (const auto& e : edges_)
            if (e.from == n) stack.push_back(e.to);
    }
    return false;
}

Status Graph::connect(NodeId from, NodeId to, int toPort) {
    if (!node(from)) return makeNodeError(from, "cannot connect: no node with id " + std::to_string(from));
    if (!node(to)) return makeNodeError(to, "cannot connect: no node with id " + std::to_string(to));
    if (from == to) return makeNodeError(to, "cannot connect " + describe(from) + " to itself");
    const int inputs = inputCount(to);
    if (toPort < 0 || toPort >= inputs) {
        return makeNodeError(to, describe(to) + " has " + std::to_string(inputs) + " input" + (inputs == 1 ? "" : "s") +
                                 "; there is no input port " + std::to_string(toPort + 1));
    }
    if (const Edge* e = inputEdge(to, toPort)) {
        return makeNodeError(to, "input " + std::to_string(toPort + 1) + " of " + describe(to) +
                                 " is already connected to " + describe(e->from) + "; disconnect it first");
    }
    if (wouldCreateCycle(from, to)) {
        return makeNodeError(to, "connecting " + describe(from) + " to " + describe(to) +
                                 " would create a cycle; a network must flow one way from input to output");
    }
    // Canonical order (by target, then port): the same edges always serialise
    // the same way, whatever order they were made or undone in.
    const Edge edge{from, to, toPort};
    auto at = std::lower_bound(edges_.begin(), edges_.end(), edge, [](const Edge& a, const Edge& b) {
        return a.to != b.to ? a.to < b.to : a.toPort < b.toPort;
    });
    edges_.insert(at, edge);
    return {};
}

Status Graph::disconnect(NodeId to, int toPort) {
    auto it = std::find_if(edges_.begin(), edges_.end(), [&](const Edge& e) { return e.to == to && e.toPort == toPort; });
    if (it == edges_.end())
        return makeNodeError(to, "input " + std::to_string(toPort + 1) + " of " + describe(to) + " is not connected");
    edges_.erase(it);
    return {};
}

Status Graph::setParam(NodeId id, const std::string& key, const ParamValue& value) {
    Node* n = mutableNode(id);
    if (!n) return makeNodeError(id, "no node with id " + std::to_string(id));
    const LayerInfo* info = registry_->find(n->type);
    const ParamSpec* spec = info ? info->findParam(key) : nullptr;
    if (!spec) return makeNodeError(id, describe(id) + " has no parameter " + quoteBrief(key));
    if (auto s = validateParam(*spec, value); !s) return makeNodeError(id, describe(id) + ": " + s.error().message);
    // Changing an input count must not leave edges on ports that vanish.
    if (info->inputCountParam == key) {
        const auto newCount = std::holds_alternative<std::int64_t>(value) ? std::get<std::int64_t>(value)
                                                                          : static_cast<std::int64_t>(std::get<double>(value));
        for (const auto& e : edges_)
            if (e.to == id && e.toPort >= newCount)
                return makeNodeError(id, describe(id) + ": input " + std::to_string(e.toPort + 1) +
                                         " is still connected; disconnect it before lowering the number of inputs");
    }
    n->params[key] = value;
    return {};
}

Status Graph::setPosition(NodeId id, Point p) {
    Node* n = mutableNode(id);
    if (!n) return makeNodeError(id, "no node with id " + std::to_string(id));
    n->position = p;
    return {};
}

Status Graph::rename(NodeId id, const std::string& name) {
    Node* n = mutableNode(id);
    if (!n) return makeNodeError(id, "no node with id " + std::to_string(id));
    if (name.empty()) return makeNodeError(id, "a node name cannot be empty");
    if (name.size() > kMaxNodeNameBytes)
        return makeNodeError(id, "the node name " + quoteBrief(name) + " is too long; a name has at most " +
                                     std::to_string(kMaxNodeNameBytes) + " characters");
    if (const Node* other = findByName(name); other && other->id != id)
        return makeNodeError(id, "a node named '" + name + "' already exists");
    n->name = name;
    return {};
}

Result<std::vector<NodeId>> Graph::topologicalOrder() const {
    std::unordered_map<NodeId, int> indegree;
    for (const auto& n : nodes_) indegree[n.id] = 0;
    for (const auto& e : edges_) ++indegree[e.to];
    std::vector<NodeId> order;
    order.reserve(nodes_.size());
    std::vector<bool> done(nodes_.size(), false);
    // O(n^2) in the worst case; graphs drawn by hand are small, and the
    // insertion-order tie-break keeps the result stable for the user.
    bool progress = true;
    while (progress) {
        progress = false;
        for (std::size_t i = 0; i < nodes_.size(); ++i) {
            if (done[i] || indegree[nodes_[i].id] != 0) continue;
            done[i] = true;
            progress = true;
            order.push_back(nodes_[i].id);
            for (const auto& e : edges_)
                if (e.from == nodes_[i].id) --indegree[e.to];
        }
    }
    if (order.size() != nodes_.size()) {
        for (std::size_t i = 0; i < nodes_.size(); ++i)
            if (!done[i])
                return makeNodeError(nodes_[i].id, "the graph has a cycle through " + describe(nodes_[i].id) +
                                                   "; a network must flow one way from input to output");
    }
    return order;
}

}  // namespace layerlab::core
