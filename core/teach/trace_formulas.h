// The arithmetic of a Trace as text, with the numbers substituted: the
// step-through view, the CSV and the Markdown worksheet all use these, so
// they always agree. Plain UTF-8 strings (sub/superscript digits, Greek).
//
// Notation (layers numbered by stage: the input is x, stage s >= 1 has
// superscript (s), neurons and inputs are numbered from 1):
//   z⁽ˢ⁾ⱼ = Σₖ w⁽ˢ⁾ⱼₖ·a⁽ᵖ⁾ₖ + b⁽ˢ⁾ⱼ     a⁽ˢ⁾ⱼ = f(z⁽ˢ⁾ⱼ)     (p = the stage feeding s)
//   δ⁽ˢ⁾ⱼ = ∂L/∂z⁽ˢ⁾ⱼ     ∂L/∂w⁽ˢ⁾ⱼₖ = δ⁽ˢ⁾ⱼ·a⁽ᵖ⁾ₖ     w ← w − α·∂L/∂w
// The result after the last "=" is the engine's value (not recomputed from
// the rounded terms). With hideResults every computed value (the result and
// the computed values substituted into a formula: activations, δ, ∂L/∂w, p,
// L) becomes the blank, for predict-then-check quizzes; the given values
// (inputs, weights, biases, target, α) stay visible.
//
// Thread: pure functions of their arguments.
#pragma once

#include "core/teach/formula_options.h"
#include "core/teach/trace.h"

#include <string>
#include <vector>

namespace layerlab::core {

enum class TracePhase { Input, Forward, Loss, Backward, Update };

// One step of the step-through. stage: the stage computed (Forward) or
// differentiated (Backward); 0 otherwise.
struct TraceStep {
    TracePhase phase = TracePhase::Input;
    int stage = 0;
    bool operator==(const TraceStep&) const = default;
};

// Input, Forward 1..S, Loss, Backward S..1, Update (S = stages after the input).
std::vector<TraceStep> traceSteps(const Trace& trace);
// "Forward 1/2: hidden (Dense 2, sigmoid): z = W·x + b, then a = f(z)".
std::string describeStep(const Trace& trace, const TraceStep& step);


// 4 significant digits, no trailing zeros: "2", "0.8808", "-0.27", "1.2e-05".
std::string formatNumber(double v);
// "₁₂" for 12; "₁₂,₃" when two indices need a separator.
std::string subscript(int n);
// The symbol of a value of stage s, neuron j (1-based): "x₂" for the input,
// "z⁽¹⁾₂", "a⁽¹⁾₂", "δ⁽²⁾₁", "b⁽¹⁾₂". letter: "z", "a", "δ", "b".
std::string stageSymbol(const Trace& trace, const std::string& letter, int stage, int neuron);
// "w⁽¹⁾₁₂": weight from input k to neuron j of stage s (1-based j and k).
std::string weightSymbol(int stage, int neuron, int input);

// All functions below take 0-based neuron/input indices and return empty
// results for out-of-range arguments.
// Dense stage: the z line, the a line, and for the output under a folded
// softmax/sigmoid the probability line. Input stage: "x₁ = 1". Block: a summary.
std::vector<std::string> forwardFormulas(const Trace& trace, int stage, int neuron, const FormulaOptions& opt = {});
// The target, the loss with numbers and its convention in brackets (lossConvention),
// and (with `after`) the loss after the update.
std::vector<std::string> lossFormulas(const Trace& trace, const FormulaOptions& opt = {}, bool after = false);
// What the engine's loss of one sample is, for the text next to its value:
// MSE "mean over the 2 outputs = ½·Σ", "mean over the 3 outputs, no ½ factor",
// "squared error, no ½ factor" (one output); the cross-entropies "natural log"
// (BCE with several outputs: "mean over the K outputs, natural log"). Training
// also averages over the samples of a batch; one traced sample is a batch of 1.
std::string lossConvention(const Trace& trace);
// Dense stage: ∂L/∂a (from the loss or the chain rule over the next layer)
// and δ = ∂L/∂a · f'(z). Block: gradient norms.
std::vector<std::string> deltaFormulas(const Trace& trace, int stage, int neuron, const FormulaOptions& opt = {});
// ∂L/∂w⁽ˢ⁾ⱼₖ = δ⁽ˢ⁾ⱼ · a⁽ᵖ⁾ₖ = ... ; input == -1: the bias.
std::string weightGradientFormula(const Trace& trace, int stage, int neuron, int input, const FormulaOptions& opt = {});
// w ← w − α·∂L/∂w = old − α·g = new; input == -1: the bias.
std::string updateFormula(const Trace& trace, int stage, int neuron, int input, const FormulaOptions& opt = {});
// Block stage (or a Dense stage drawn as a block): what is known by `phase`.
std::vector<std::string> blockFormulas(const Trace& trace, int stage, TracePhase phase, const FormulaOptions& opt = {});

// Which stages read stage s (their inputStages contain s).
std::vector<int> consumersOf(const Trace& trace, int stage);

}  // namespace layerlab::core
