// A Trace written out for use outside LayerLab:
//  * CSV, one row per number (spreadsheets, grading scripts);
//  * a Markdown worksheet for lecture notes or homework: the network, the
//    input, each forward step's formulas with the numbers, the loss, each
//    backward step, the update and the loss after it. The "hide numbers"
//    variant leaves blanks where the computed results go (inputs, weights,
//    the target and the learning rate stay given).
// Both use trace_formulas, so they say what the step-through view says.
//
// Thread: pure functions.
#pragma once

#include "core/teach/trace.h"

#include <string>

namespace layerlab::core {

// Header: stage,layer,neuron,kind,input,value
//   stage  0 = input, 1.. = layers in order (as in the view's columns)
//   neuron 1-based neuron (or element of a block); empty for per-layer rows
//   kind   input | w | b | z | a | da | delta | dw | db | new_w | new_b
//          (Dense; da = dL/da, delta = dL/dz), block rows a | delta | grad_norm,
//          and the loss rows target | p | loss | loss_after | learning_rate
//   input  1-based input index k for w, dw, new_w (weight from input k to neuron)
//   value  enough digits to read the float back exactly (%.9g)
// Layer names are quoted when they hold a comma or a quote (RFC 4180).
std::string traceToCsv(const Trace& trace);

struct MarkdownOptions {
    std::string title = "Backpropagation worksheet";
    bool hideNumbers = false;   // blanks for computed results (quiz / homework)
    std::string blank = "____"; // what a blank looks like
    int maxNeurons = 16;        // per layer: formulas for at most this many neurons
    int maxWeights = 64;        // per layer: weight tables and per-weight lines up to this many weights
};
std::string traceToMarkdown(const Trace& trace, const MarkdownOptions& options = {});

}  // namespace layerlab::core
