// Helpers of buildConceptGraph (concept_graph.cpp) and its sequence part
// (concept_sequence.cpp): appending concepts and solid directed links to a
// ConceptGraph, and numbers as the map's labels write them. Internal to core/viz.
//
// Thread: operates on the caller's graph only.
#pragma once

#include "core/viz/concept_graph.h"

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace layerlab::core {

// "%g": 0.001, 1e-05, 64.
inline std::string conceptNumber(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

struct ConceptBuilder {
    ConceptGraph& g;

    Concept& add(std::string id, std::string label, ConceptGroup group, std::string key,
                 std::vector<std::string> settings = {}) {
        Concept c;
        c.id = std::move(id);
        c.label = std::move(label);
        c.group = group;
        c.textKey = std::move(key);
        c.settings = std::move(settings);
        g.concepts.push_back(std::move(c));
        return g.concepts.back();
    }
    void link(std::string from, std::string to, std::string label = {}, int minLength = 1) {
        g.edges.push_back(
            ConceptEdge{std::move(from), std::move(to), std::move(label), true, ConceptEdgeStyle::Solid, minLength});
    }
};

}  // namespace layerlab::core
