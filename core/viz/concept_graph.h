// The concept map as data: concepts (ideas such as "gradient descent" or
// "ReLU ×2") with the editor nodes and project settings they stand for, and
// labelled links between them. buildConceptGraph instantiates the map of
// LayerLab's lessons for one project (its layers, loss, optimizer, data,
// preprocessing, metrics, threads); a Mermaid flowchart (mermaid.h) gives a
// ConceptGraph too. concept_layout.h lays it out and renders it with Graphviz.
//
// Thread: value types and pure functions; safe on any thread.
#pragma once

#include "core/graph/graph.h"

#include <string>
#include <string_view>
#include <vector>

namespace layerlab::core {

struct Project;
struct EpochStats;

// Colour family of a concept in the drawing. Other = not from a project (Mermaid).
enum class ConceptGroup { Model, Algorithm, Math, Data, Compute, Other };
std::string_view conceptGroupName(ConceptGroup g);  // "model", "algorithm", "math", "data", "compute", "other"

// Outline drawn for a concept. Project maps use Rounded; Mermaid keeps what
// the chart asked for: A[box], B(rounded), C{diamond}, D((circle)), E{{hexagon}}.
enum class ConceptShape { Box, Rounded, Diamond, Circle, Hexagon };

enum class ConceptEdgeStyle { Solid, Dotted, Thick };

struct Concept {
    std::string id;               // unique within the graph, e.g. "optimizer", "layer_Dense"
    std::string label;            // shown text with current values ("Adam, lr 0.001"); '\n' breaks lines
    ConceptGroup group = ConceptGroup::Other;
    ConceptShape shape = ConceptShape::Rounded;
    std::string textKey;          // explanation in resources/concepts/<textKey>.md; empty = none
    std::string description;      // fallback explanation when there is no text (a layer's registry help)
    std::vector<NodeId> nodes;    // editor nodes this concept refers to (ascending)
    std::vector<std::string> settings;  // project settings it refers to ("optimizer", "learningRate", ...)
    bool marked = false;          // drawn as a warning (overfitting seen in training)
};

struct ConceptEdge {
    std::string from, to;         // concept ids
    std::string label;            // may be empty
    bool directed = true;         // false: a plain line (Mermaid ---)
    ConceptEdgeStyle style = ConceptEdgeStyle::Solid;
    int minLength = 1;            // ranks the link spans at least (2 staggers siblings into two rows)
};

enum class ConceptDirection { TopToBottom, BottomToTop, LeftToRight, RightToLeft };

struct ConceptGraph {
    std::vector<Concept> concepts;
    std::vector<ConceptEdge> edges;   // endpoints always name concepts of this graph
    ConceptDirection direction = ConceptDirection::TopToBottom;

    // nullptr when no concept has that id.
    const Concept* find(std::string_view id) const;
    // Index into concepts, or -1.
    int indexOf(std::string_view id) const;
    // Ids of the concepts whose `nodes` contain any of `ids`, in concept order.
    std::vector<std::string> conceptsOfNodes(const std::vector<NodeId>& ids) const;
    // Is there an edge from -> to (either way when undirected)?
    bool hasEdge(std::string_view from, std::string_view to) const;
};

struct ConceptOptions {
    // Training showed validation loss rising while training loss falls: the
    // "overfitting" concept is marked (it always links to dropout, weight
    // decay and early stopping, the usual remedies).
    bool overfitting = false;
};

// The training event that marks the overfitting concept: over the last
// `window` epochs with a validation loss, the validation loss rose (the last
// is above the first of the window and above the best so far) while the
// training loss fell. False with fewer than `window` such epochs.
// requires: window >= 2.
bool overfittingSeen(const std::vector<EpochStats>& history, int window = 3);

// The lesson map for the project:
//   model -> learning algorithm -> neural network -> backpropagation -> activation function -> ReLU ×2 ...
//   mathematical model -> gradient descent -> optimizer ("Adam, lr 0.001") / loss -> gradient ...
//   loss -> evaluation (metrics) -> tuning -> overfitting -> dropout / weight decay / early stopping
//   data -> preprocessing -> normalisation, split, features -> neural network; compute -> parallelism.
//   A project on sequences adds recurrence, LSTM / GRU gates, backpropagation through time,
//   vanishing / exploding gradients and sequence windows (concept_sequence.h).
// One concept per kind of layer in use ("Dense ×3 (weights and bias)", "Conv2D (convolution)") with
// the ids of those layers. Concept ids are stable across calls (a layer kind's id is "layer_<Type>").
// ensures: every edge names existing concepts; deterministic output for equal inputs.
ConceptGraph buildConceptGraph(const Project& project, const ConceptOptions& options = {});

}  // namespace layerlab::core
