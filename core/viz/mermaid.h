// Mermaid flowcharts, as teachers already write them, read into a
// ConceptGraph that concept_layout.h lays out with Graphviz.
//
// Understood:
//   graph TD | flowchart LR      header; direction TD, TB, BT, LR, RL (none = TB)
//   A[box]  B(rounded)  C{decision}  D((circle))  E([stadium])  F[[subroutine]]  G{{hexagon}}
//   A["quoted ] label"]          quotes let a label hold brackets; <br> breaks a line
//   A --> B    A --- B           arrow, plain line (more dashes are fine: A ----> B)
//   A -.-> B   A ==> B           dotted and thick arrows (-.- and === without a head)
//   A -->|label| B   A -- label --> B   link labels
//   A --> B --> C   A & B --> C  chains and groups
//   %% comment                   whole-line comments (also after a statement)
//   ;                            separates statements on one line
// Lines starting with classDef, class, style, linkStyle, click, subgraph, end
// or direction are accepted and ignored (styling and grouping are not drawn).
// A node declared again with another label or shape takes the last one.
//
// Thread: pure function; safe on any thread.
#pragma once

#include "core/common/result.h"
#include "core/viz/concept_graph.h"

#include <string_view>

namespace layerlab::core {

// ensures: on success concepts in order of first mention (id = Mermaid id,
//          group Other, shape as written, label = text or the id), edges in
//          order; at least one concept.
// errors: Error.line / Error.column (1-based, columns in characters) point at
//         the problem and the message says what was expected there ("expected
//         ']' to close the label of node 'A' opened at column 3").
// The largest Mermaid file the readers accept (a chart is a few KB).
inline constexpr std::uint64_t kMaxMermaidBytes = std::uint64_t{1} << 24;

Result<ConceptGraph> parseMermaid(std::string_view text);

}  // namespace layerlab::core
