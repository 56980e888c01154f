// The network as the user draws it: nodes (layer type, name, parameters,
// position) with stable ids, and edges from a node's single output to an input
// port of another node. Mutations check their preconditions and refuse with a
// reason (unknown type, unknown node, port out of range, input taken, cycle)
// instead of leaving the graph half-changed. Value type: copy it to snapshot.
#pragma once

#include "core/common/result.h"
#include "core/params/params.h"

#include <cstdint>
#include <string>
#include <vector>

namespace layerlab::core {

class LayerRegistry;

using NodeId = std::uint64_t;  // 0 is never a valid id

struct Point {
    double x = 0, y = 0;
    bool operator==(const Point&) const = default;
};

struct Node {
    NodeId id = 0;
    std::string type;   // LayerRegistry key
    std::string name;   // unique, shown to the user ("dense_1")
    ParamMap params;    // only the values the user set or the file had; defaults come from the registry
    Point position;
    bool operator==(const Node&) const = default;
};

// Every node has one output; an edge feeds it to input port toPort of `to`.
struct Edge {
    NodeId from = 0;
    NodeId to = 0;
    int toPort = 0;
    bool operator==(const Edge&) const = default;
};

// Node names are for people and for the canvas: at most this many bytes.
inline constexpr std::size_t kMaxNodeNameBytes = 200;

class Graph {
public:
    // The layer types this graph may hold (LayerRegistry::builtin() for
    // LayerLab's own; a test may pass a smaller one). requires: registry
    // outlives the graph and its copies.
    explicit Graph(const LayerRegistry& registry);

    const LayerRegistry& registry() const { return *registry_; }

    // ensures: on success a node of `type` exists with a fresh id (or `id` when
    //          non-zero and unused, for undo/redo and loading) and a unique name
    //          (a default "dense_1"-style one when name is empty).
    // refuses: unknown type, invalid params, id already used, name already used
    //          or longer than kMaxNodeNameBytes.
    Result<NodeId> addNode(const std::string& type, const ParamMap& params = {}, Point position = {},
                           const std::string& name = {}, NodeId id = 0);
    // Removes the node and every edge touching it. refuses: unknown node.
    Status removeNode(NodeId id);
    // refuses: unknown nodes, self-loop, toPort outside the target's inputs,
    //          that input already connected, an edge that would close a cycle.
    Status connect(NodeId from, NodeId to, int toPort = 0);
    // Removes the edge into (to, toPort). refuses: no such edge.
    Status disconnect(NodeId to, int toPort);
    // refuses: unknown node, unknown parameter, invalid value (message says the range).
    Status setParam(NodeId id, const std::string& key, const ParamValue& value);
    Status setPosition(NodeId id, Point p);
    Status rename(NodeId id, const std::string& name);

    const Node* node(NodeId id) const;
    const Node* findByName(std::string_view name) const;
    const std::vector<Node>& nodes() const { return nodes_; }
    // Sorted by (to, toPort).
    const std::vector<Edge>& edges() const { return edges_; }
    bool contains(NodeId id) const { return node(id) != nullptr; }

    // Number of input ports of the node (from its type and params). 0 for unknown.
    int inputCount(NodeId id) const;
    // The edge into (to, port), or nullptr.
    const Edge* inputEdge(NodeId to, int port) const;
    std::vector<NodeId> consumers(NodeId from) const;
    // Would connect(from, to) close a cycle? (to reaches from, or from == to)
    bool wouldCreateCycle(NodeId from, NodeId to) const;
    // Kahn's algorithm, ties broken by insertion order (deterministic).
    // refuses: a cycle (names a node on it).
    Result<std::vector<NodeId>> topologicalOrder() const;

    // "Dense 'dense_1'", for messages.
    std::string describe(NodeId id) const;
    NodeId nextId() const { return nextId_; }

    bool operator==(const Graph& o) const { return nodes_ == o.nodes_ && edges_ == o.edges_; }

private:
    std::string uniqueName(const std::string& type) const;
    Node* mutableNode(NodeId id);

    const LayerRegistry* registry_;
    std::vector<Node> nodes_;
    std::vector<Edge> edges_;
    NodeId nextId_ = 1;
};

}  // namespace layerlab::core
