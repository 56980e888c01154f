// The one Graphviz context of the process, shared by every layout and render
// in core/viz (internal to core/viz: include only from its .cpp files).
//
// One context, never freed: loading the plugins is the slow part, and
// Graphviz 2.42's pango plugin keeps a pointer to the last font name it
// measured, which lives in the context that measured it. Freeing a context
// left that pointer dangling, and the next layout in ANY context read freed
// memory (AddressSanitizer: heap-use-after-free in the pango plugin's
// strcmp, under gvLayout).
//
// requires: graphvizMutex() (graph_layout.h) held by the caller.
// ensures: the same context on every call; null when Graphviz cannot start.
#pragma once

#include <gvc.h>

namespace layerlab::core {

GVC_t* graphvizContext();

}  // namespace layerlab::core
