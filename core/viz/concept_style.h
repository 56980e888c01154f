// Colours of the concept map, shared by the DOT text (Graphviz's SVG) and the
// Qt view so both drawings look the same. "#rrggbb" strings.
#pragma once

#include "core/viz/concept_graph.h"

#include <string_view>

namespace layerlab::core {

inline constexpr std::string_view kConceptOutlineColour = "#64748b";
inline constexpr std::string_view kConceptTextColour = "#1e293b";
inline constexpr std::string_view kConceptEdgeColour = "#64748b";
inline constexpr std::string_view kConceptEdgeLabelColour = "#475569";
inline constexpr std::string_view kConceptMarkedColour = "#dc2626";   // outline of a marked concept
inline constexpr std::string_view kConceptMarkedFill = "#fee2e2";
inline constexpr std::string_view kConceptHighlightColour = "#f59e0b";  // concepts of the selected layers

// Fill of a concept box by group: model blue, algorithm green, math violet,
// data orange, compute grey, other (Mermaid) pale yellow.
constexpr std::string_view conceptFillColour(ConceptGroup g) {
    switch (g) {
        case ConceptGroup::Model: return "#dbeafe";
        case ConceptGroup::Algorithm: return "#dcfce7";
        case ConceptGroup::Math: return "#ede9fe";
        case ConceptGroup::Data: return "#ffedd5";
        case ConceptGroup::Compute: return "#e5e7eb";
        case ConceptGroup::Other: return "#fef9c3";
    }
    return "#ffffff";
}

}  // namespace layerlab::core
