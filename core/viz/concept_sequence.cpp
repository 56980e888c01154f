#include "core/viz/concept_sequence.h"

#include "core/io/project.h"
#include "core/layers/layer_registry.h"
#include "core/viz/concept_builder.h"

#include <algorithm>

namespace layerlab::core {

namespace {

bool isRecurrentKind(const Graph& graph, const std::string& type) {
    const LayerInfo* info = graph.registry().find(type);
    return info && info->category == "Recurrent";
}

std::string clipLabel(double clipNorm) {
    if (clipNorm <= 0) return "Vanishing / exploding gradients, clipping off";
    return "Vanishing / exploding gradients, clip norm " + conceptNumber(clipNorm);
}

std::string windowsLabel(const DataSource& d) {
    if (d.kind != DataKind::Series) return "Sequence windows (no time series loaded)";
    const SeriesOptions& s = d.series;
    return "Windows: " + std::to_string(s.window) + " steps, horizon " + std::to_string(s.horizon) + ", stride " +
           std::to_string(s.stride);
}

}  // namespace

bool isSequenceProject(const Project& project) {
    if (project.data.kind == DataKind::Series) return true;
    for (const Node& n : project.graph.nodes())
        if (isRecurrentKind(project.graph, n.type)) return true;
    return false;
}

void addSequenceConcepts(ConceptGraph& g, const Project& project) {
    const Graph& graph = project.graph;
    ConceptBuilder b{g};
    std::vector<NodeId> recurrent;
    for (const Node& n : graph.nodes())
        if (isRecurrentKind(graph, n.type)) recurrent.push_back(n.id);
    std::sort(recurrent.begin(), recurrent.end());

    const DataSource& d = project.data;
    const std::string over = d.kind == DataKind::Series ? std::to_string(d.series.window) + " time steps" : "time";
    b.add("recurrence", "Recurrence: hidden state over " + over, ConceptGroup::Model, "recurrence").nodes = recurrent;
    b.link("neural_network", "recurrence", "over time");
    b.link("recurrence", "activation", "tanh, σ gates");
    // The recurrent layer kinds hang below recurrence (buildConceptGraph leaves them unlinked);
    // the gated cells are shown even when unused, as the remedy for vanishing gradients.
    for (const char* type : {"SimpleRNN", "LSTM", "GRU", "LastStep"}) {
        const std::string id = std::string("layer_") + type;
        const bool gated = id == "layer_LSTM" || id == "layer_GRU";
        if (!g.find(id)) {
            if (!gated) continue;
            b.add(id, std::string(type) + " (none in the model)", ConceptGroup::Model,
                  id == "layer_LSTM" ? "lstm" : "gru");
        }
        b.link("recurrence", id, id == "layer_LastStep" ? "last step" : "cell");
    }

    b.add("bptt", "Backpropagation through time", ConceptGroup::Algorithm, "bptt");
    b.add("recurrent_gradients", clipLabel(project.training.optimizer.clipNorm), ConceptGroup::Math,
          "vanishing_gradients", {"clipNorm"});
    b.link("backpropagation", "bptt", "unrolled in time");
    b.link("recurrence", "bptt", "trained by");
    b.link("bptt", "recurrent_gradients", "product of Jacobians");
    b.link("gradient", "recurrent_gradients", "over many steps");
    b.link("recurrent_gradients", "layer_LSTM", "remedy");
    b.link("recurrent_gradients", "layer_GRU", "remedy");

    b.add("sequence_windows", windowsLabel(d), ConceptGroup::Data, "sequence_windows", {"data"});
    b.link("preprocessing", "sequence_windows", "cuts into");
    b.link("sequence_windows", "split", "chronological");
    b.link("sequence_windows", "normalisation", "fitted on training rows");
    b.link("sequence_windows", "evaluation", "vs naive forecast");
}

}  // namespace layerlab::core
