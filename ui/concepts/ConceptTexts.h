// The explanations shown beside the concept map: finds the resources/concepts
// folder (like the examples folder: $LAYERLAB_CONCEPTS, next to the installed
// or built app, or the source tree), reads <key>.md through core (cached) and
// formats a concept as HTML for the side panel.
//
// GUI thread only.
#pragma once

#include "core/graph/graph.h"
#include "core/viz/concept_graph.h"

#include <QString>

namespace layerlab::ui {

// The folder holding the concept texts, or empty when none is found.
QString conceptTextFolder();

// HTML: the concept's label, its text's title, explanation and formula (or the
// layer's description, or a note that there is none), the editor layers it
// refers to (names from graph, may be null) and the settings it refers to.
QString conceptExplanationHtml(const core::Concept& c, const core::Graph* graph);

// HTML shown when no concept is selected: how to use the map and the colours.
QString conceptLegendHtml(bool mermaid);

}  // namespace layerlab::ui
