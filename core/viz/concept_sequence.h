// The sequence part of the lesson map (concept_graph.h): recurrence, the LSTM
// and GRU gates, backpropagation through time, vanishing and exploding
// gradients, and time-series windows with their leakage rules. Shown only for
// a project that reads sequences (a recurrent layer or LastStep in the model,
// or time-series data), like the convolution concept only with a Conv2D.
//
// Thread: pure functions over values; safe on any thread.
#pragma once

#include "core/viz/concept_graph.h"

namespace layerlab::core {

// Does the map of this project get the sequence concepts? True with a layer of
// the registry's "Recurrent" category (SimpleRNN, LSTM, GRU, LastStep) or
// time-series data (DataKind::Series).
bool isSequenceProject(const Project& project);

// Adds to g, built by buildConceptGraph up to here:
//   "recurrence"          hidden state over time; nodes = every Recurrent-category layer
//   "bptt"                backpropagation through time
//   "recurrent_gradients" vanishing / exploding gradients; setting "clipNorm"
//   "sequence_windows"    windows, horizon, stride, chronological split; setting "data"
//   "layer_LSTM", "layer_GRU" as "(none in the model)" when g has no such layer kind
// and their links to the lesson map (neural_network, backpropagation,
// activation, gradient, preprocessing, split, normalisation, evaluation) and from
// "recurrence" to each recurrent layer kind in g ("layer_SimpleRNN", ...).
// requires: isSequenceProject(project); g holds the layer-kind concepts.
// ensures: the ids above are new in g; the links name concepts buildConceptGraph adds.
void addSequenceConcepts(ConceptGraph& g, const Project& project);

}  // namespace layerlab::core
