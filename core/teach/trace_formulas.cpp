#include "core/teach/trace_formulas.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace layerlab::core {

namespace {

constexpr const char* kSub[] = {"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};
constexpr const char* kSup[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};

std::string digits(int n, const char* const* table) {
    const std::string s = std::to_string(n);
    std::string out;
    for (char c : s) out += c == '-' ? "-" : table[c - '0'];
    return out;
}

std::string stageSup(int stage) { return "⁽" + digits(stage, kSup) + "⁾"; }

std::string pairSub(int j1, int k1) {
    return j1 < 10 && k1 < 10 ? subscript(j1) + subscript(k1) : subscript(j1) + "," + subscript(k1);
}

// A factor in a product: negative numbers in parentheses.
std::string factor(double v) {
    if (v >= 0) return formatNumber(v);
    std::string s = "(";  // (appends: g++ 12 warns falsely on "literal" + temporary, bug 105651)
    s.append(formatNumber(v)).append(")");
    return s;
}

std::string result(const FormulaOptions& opt, double v) { return opt.hideResults ? opt.blank : formatNumber(v); }
// A computed value substituted into a formula (blank when hidden), as a factor.
std::string computedFactor(const FormulaOptions& opt, double v) { return opt.hideResults ? opt.blank : factor(v); }

// Joins terms with " + ", writing "a - b" for a term that starts with '-';
// more than maxTerms: the first ones, "…" and the last.
std::string joinTerms(const std::vector<std::string>& terms, int maxTerms) {
    std::vector<std::string> shown;
    const int n = static_cast<int>(terms.size());
    const int head = std::max(1, maxTerms - 2);
    if (n > std::max(maxTerms, 2)) {
        shown.assign(terms.begin(), terms.begin() + head);
        shown.push_back("…");
        shown.push_back(terms.back());
    } else {
        shown = terms;
    }
    std::string s;
    for (std::size_t i = 0; i < shown.size(); ++i) {
        const std::string& t = shown[i];
        if (i == 0) s = t;
        else if (!t.empty() && t[0] == '-') s += " - " + t.substr(1);
        else s += " + " + t;
    }
    return s;
}

std::string vectorText(const std::vector<float>& v, int maxTerms) {
    std::vector<std::string> parts;
    for (float x : v) parts.push_back(formatNumber(x));
    if (static_cast<int>(parts.size()) > maxTerms) {
        const std::size_t n = parts.size();
        parts.resize(static_cast<std::size_t>(std::max(1, maxTerms - 2)));
        parts.push_back("…");
        parts.push_back(formatNumber(v.back()));
        std::string count = "(";
        parts.push_back(count.append(std::to_string(n)).append(" values)"));
    }
    std::string s = "(";
    for (std::size_t i = 0; i < parts.size(); ++i) s += (i ? ", " : "") + parts[i];
    return s + ")";
}

bool validNeuron(const Trace& t, int stage, int neuron) {
    return stage >= 0 && stage < static_cast<int>(t.stages.size()) && neuron >= 0 &&
           neuron < static_cast<int>(t.stages[static_cast<std::size_t>(stage)].a.size());
}

const TraceStage& st(const Trace& t, int s) { return t.stages[static_cast<std::size_t>(s)]; }

// The value the loss reads of the output stage (a, which is z without activation).
std::string lossInputSymbol(const Trace& t, int k) {
    const int last = static_cast<int>(t.stages.size()) - 1;
    return stageSymbol(t, t.output().activation == Activation::Identity ? "z" : "a", last, k);
}

// The same with the index k: "z⁽²⁾ₖ".
std::string lossInputSymbolK(const Trace& t) {
    const int last = static_cast<int>(t.stages.size()) - 1;
    return std::string(t.output().activation == Activation::Identity ? "z" : "a") + stageSup(last) + "ₖ";
}

std::string eToThe(double v) { return "e^" + factor(v); }

}  // namespace

std::string formatNumber(double v) {
    if (v == 0 || !std::isfinite(v)) return v == 0 ? "0" : (std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf"));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

std::string subscript(int n) { return digits(n, kSub); }

std::string stageSymbol(const Trace& trace, const std::string& letter, int stage, int neuron) {
    (void)trace;
    std::string s = stage == 0 ? "x" : letter;
    if (stage == 0) return s.append(subscript(neuron + 1));
    return s.append(stageSup(stage)).append(subscript(neuron + 1));
}

std::string weightSymbol(int stage, int neuron, int input) {
    std::string s = "w";
    return s.append(stageSup(stage)).append(pairSub(neuron + 1, input + 1));
}

std::vector<int> consumersOf(const Trace& trace, int stage) {
    std::vector<int> out;
    for (std::size_t s = 0; s < trace.stages.size(); ++s) {
        const auto& in = trace.stages[s].inputStages;
        if (std::find(in.begin(), in.end(), stage) != in.end()) out.push_back(static_cast<int>(s));
    }
    return out;
}

std::vector<TraceStep> traceSteps(const Trace& trace) {
    std::vector<TraceStep> steps{{TracePhase::Input, 0}};
    const int S = static_cast<int>(trace.stages.size());
    for (int s = 1; s < S; ++s) steps.push_back({TracePhase::Forward, s});
    steps.push_back({TracePhase::Loss, 0});
    for (int s = S - 1; s >= 1; --s) steps.push_back({TracePhase::Backward, s});
    steps.push_back({TracePhase::Update, 0});
    return steps;
}

std::string describeStep(const Trace& trace, const TraceStep& step) {
    const int S = static_cast<int>(trace.stages.size()) - 1;
    auto what = [&](int s) {
        const TraceStage& x = st(trace, s);
        std::string d = x.name + " (" + x.type;
        if (x.kind == StageKind::Dense) {
            d.append(" ").append(std::to_string(x.units));
            if (x.activation != Activation::Identity) d += std::string(", ") + activationName(x.activation);
        } else {
            d += ", " + x.shape.toString();
        }
        return d + ")";
    };
    switch (step.phase) {
        case TracePhase::Input:
            return "Start: the sample enters the network, x = " + vectorText(trace.stages.front().a, 6);
        case TracePhase::Forward: {
            const bool dense = st(trace, step.stage).kind == StageKind::Dense;
            return "Forward " + std::to_string(step.stage) + "/" + std::to_string(S) + ": " + what(step.stage) +
                   (dense ? ": z = W·a + b, then a = f(z)" : ": computes its output");
        }
        case TracePhase::Loss:
            return "Loss: " + std::string(lossName(trace.loss)) + " compares the prediction with the target";
        case TracePhase::Backward: {
            const bool dense = st(trace, step.stage).kind == StageKind::Dense;
            return "Backward " + std::to_string(S - step.stage + 1) + "/" + std::to_string(S) + ": " +
                   what(step.stage) + (dense ? ": δ = ∂L/∂z, then ∂L/∂w = δ·a and ∂L/∂b = δ" : ": gradients flow through");
        }
        case TracePhase::Update:
            return "Update: every weight w ← w − α·∂L/∂w with α = " + formatNumber(trace.learningRate) +
                   ", then the loss again";
    }
    return {};
}

std::vector<std::string> forwardFormulas(const Trace& t, int stage, int neuron, const FormulaOptions& opt) {
    if (!validNeuron(t, stage, neuron)) return {};
    const TraceStage& s = st(t, stage);
    if (s.kind == StageKind::Input) return {stageSymbol(t, "x", 0, neuron) + " = " + formatNumber(s.a[neuron])};
    if (s.kind != StageKind::Dense) return blockFormulas(t, stage, TracePhase::Forward, opt);
    const int p = s.inputStages.front();
    const auto& aPrev = st(t, p).a;
    const std::string zSym = stageSymbol(t, "z", stage, neuron), aSym = stageSymbol(t, "a", stage, neuron);
    const std::string bSym = stageSymbol(t, "b", stage, neuron);
    std::string symbolic, rangeNote;
    std::vector<std::string> numeric;
    if (s.fanIn > opt.maxTerms) {
        symbolic = "Σₖ w" + stageSup(stage) + subscript(neuron + 1) + "ₖ·" + (p == 0 ? "xₖ" : "a" + stageSup(p) + "ₖ");
        rangeNote = "   (k = 1…" + std::to_string(s.fanIn) + ")";
    } else {
        std::vector<std::string> sym;
        for (int k = 0; k < s.fanIn; ++k) sym.push_back(weightSymbol(stage, neuron, k) + "·" + stageSymbol(t, "a", p, k));
        symbolic = joinTerms(sym, opt.maxTerms);
    }
    for (int k = 0; k < s.fanIn; ++k)
        numeric.push_back(formatNumber(s.W[static_cast<std::size_t>(neuron + k * s.units)]) + "·" +
                          (p == 0 ? factor(aPrev[static_cast<std::size_t>(k)])
                                  : computedFactor(opt, aPrev[static_cast<std::size_t>(k)])));
    if (s.hasBias) {
        symbolic += " + " + bSym;
        numeric.push_back(formatNumber(s.b[neuron]));
    }
    std::string numericText = joinTerms(numeric, opt.maxTerms + (s.hasBias ? 1 : 0));
    if (s.hasBias && static_cast<int>(numeric.size()) > opt.maxTerms + 1) {
        // Keep the bias visible at the end of a truncated sum.
        std::vector<std::string> noBias(numeric.begin(), numeric.end() - 1);
        numericText = joinTerms(noBias, opt.maxTerms);
        const std::string& b = numeric.back();
        numericText += b[0] == '-' ? " - " + b.substr(1) : " + " + b;
    }
    std::vector<std::string> lines{zSym + " = " + symbolic + " = " + numericText + " = " + result(opt, s.z[neuron]) + rangeNote};

    const double z = s.z[neuron];
    const std::string zf = computedFactor(opt, z), zv = result(opt, z), a = result(opt, s.a[neuron]);
    auto eTo = [&](double v) { return opt.hideResults ? "e^" + opt.blank : eToThe(v); };
    switch (s.activation) {
        case Activation::Identity:
            if (stage + 1 < static_cast<int>(t.stages.size()) || t.outputActivation == OutputActivation::None)
                lines.push_back(aSym + " = " + zSym + " = " + a + "   (no activation)");
            break;
        case Activation::ReLU:
            lines.push_back(aSym + " = relu(" + zSym + ") = max(0, " + zv + ") = " + a);
            break;
        case Activation::LeakyReLU:
            lines.push_back(aSym + " = leaky_relu(" + zSym + ") = max(" + formatNumber(s.leakySlope) + "·" + zf + ", " +
                            zv + ") = " + a);
            break;
        case Activation::Sigmoid:
            lines.push_back(aSym + " = σ(" + zSym + ") = 1 / (1 + e^-" + zSym + ") = 1 / (1 + " + eTo(-z) + ") = " + a);
            break;
        case Activation::Tanh:
            lines.push_back(aSym + " = tanh(" + zSym + ") = tanh(" + zv + ") = " + a);
            break;
        case Activation::Softmax: {
            std::vector<std::string> den;
            for (float zk : s.z) den.push_back(eTo(zk));
            lines.push_back(aSym + " = e^" + zSym + " / Σₖ e^z" + stageSup(stage) + "ₖ = " + eTo(z) + " / (" +
                            joinTerms(den, opt.maxTerms) + ") = " + a);
            break;
        }
    }
    if (stage + 1 == static_cast<int>(t.stages.size()) && t.outputActivation != OutputActivation::None &&
        neuron < static_cast<int>(t.prediction.size())) {
        const std::string u = lossInputSymbol(t, neuron), pSym = "p" + subscript(neuron + 1);
        const double uv = s.a[neuron];
        const std::string pv = result(opt, t.prediction[neuron]);
        if (t.outputActivation == OutputActivation::Softmax) {
            std::vector<std::string> den;
            for (float ak : s.a) den.push_back(eTo(ak));
            lines.push_back(pSym + " = e^" + u + " / Σₖ e^" + lossInputSymbolK(t) + " = " + eTo(uv) + " / (" +
                            joinTerms(den, opt.maxTerms) + ") = " + pv);
        } else {
            lines.push_back(pSym + " = σ(" + u + ") = 1 / (1 + " + eTo(-uv) + ") = " + pv);
        }
    }
    return lines;
}

std::string lossConvention(const Trace& t) {
    const int K = t.outputCount();
    const std::string outputs = "mean over the " + std::to_string(K) + " outputs";
    switch (t.loss) {
        case LossKind::MeanSquaredError:
            // loss.cpp: L = 1/K · Σₖ (pₖ - yₖ)², dL/dp = 2 (p - y) / K; no ½ anywhere.
            if (K == 1) return "squared error, no ½ factor";
            if (K == 2) return outputs + " = ½·Σ";
            return outputs + ", no ½ factor";
        case LossKind::SoftmaxCrossEntropy: return "natural log";
        case LossKind::BinaryCrossEntropyLogits: return K == 1 ? "natural log" : outputs + ", natural log";
    }
    return {};
}

std::vector<std::string> lossFormulas(const Trace& t, const FormulaOptions& opt, bool after) {
    const int K = t.outputCount();
    if (K == 0 || t.stages.size() < 2) return {};
    std::vector<std::string> lines;
    const auto y = [&](int k) { return static_cast<double>(t.target[static_cast<std::size_t>(k)]); };
    const auto p = [&](int k) { return static_cast<double>(t.prediction[static_cast<std::size_t>(k)]); };
    const std::string Kinv = "(1/" + std::to_string(K) + ")";
    switch (t.loss) {
        case LossKind::SoftmaxCrossEntropy: {
            lines.push_back("target: class " + std::to_string(t.label) + ", y = " + vectorText(t.target, opt.maxTerms) +
                            " (one-hot)");
            const int c = t.label;
            lines.push_back("L = -log p" + subscript(c + 1) + " = -log(" + result(opt, p(c)) + ") = " +
                            result(opt, t.lossValue));
            break;
        }
        case LossKind::BinaryCrossEntropyLogits: {
            lines.push_back("target: y = " + vectorText(t.target, opt.maxTerms));
            std::vector<std::string> terms;
            for (int k = 0; k < K; ++k)
                terms.push_back("[" + formatNumber(y(k)) + "·log(" + result(opt, p(k)) + ") + " + formatNumber(1 - y(k)) +
                                "·log(" + result(opt, 1 - p(k)) + ")]");
            if (K == 1)
                lines.push_back("L = -[y₁·log p₁ + (1 - y₁)·log(1 - p₁)] = -" + terms[0] + " = " + result(opt, t.lossValue));
            else
                lines.push_back("L = -" + Kinv + " Σₖ [yₖ·log pₖ + (1 - yₖ)·log(1 - pₖ)] = -" + Kinv + "·(" +
                                joinTerms(terms, opt.maxTerms) + ") = " + result(opt, t.lossValue));
            break;
        }
        case LossKind::MeanSquaredError: {
            lines.push_back("target: y = " + vectorText(t.target, opt.maxTerms));
            const auto& a = t.output().a;
            std::vector<std::string> terms;
            for (int k = 0; k < K; ++k) terms.push_back("(" + result(opt, a[k]) + " - " + factor(y(k)) + ")²");
            const std::string u = lossInputSymbol(t, 0);
            if (K == 1)
                lines.push_back("L = (" + u + " - y₁)² = " + terms[0] + " = " + result(opt, t.lossValue));
            else
                lines.push_back("L = " + Kinv + " Σₖ (" + lossInputSymbolK(t) + " - yₖ)² = (" + joinTerms(terms, opt.maxTerms) + ") / " +
                                std::to_string(K) + " = " + result(opt, t.lossValue));
            break;
        }
    }
    if (!lines.empty()) lines.back() += "   (" + lossConvention(t) + ")";
    if (after)
        lines.push_back("L after the update = " + result(opt, t.lossAfter) + "   (before: " + result(opt, t.lossValue) +
                        ", change " + result(opt, t.lossAfter - t.lossValue) + ")");
    return lines;
}

std::vector<std::string> deltaFormulas(const Trace& t, int stage, int neuron, const FormulaOptions& opt) {
    if (!validNeuron(t, stage, neuron) || stage == 0) return {};
    const TraceStage& s = st(t, stage);
    if (s.kind != StageKind::Dense) return blockFormulas(t, stage, TracePhase::Backward, opt);
    const int last = static_cast<int>(t.stages.size()) - 1;
    const std::string zSym = stageSymbol(t, "z", stage, neuron), aSym = stageSymbol(t, "a", stage, neuron);
    const std::string dSym = stageSymbol(t, "δ", stage, neuron);
    const bool identity = s.activation == Activation::Identity;
    // dL/da: what the loss input's symbol is called (a, or z without activation).
    const std::string uSym = identity ? zSym : aSym;
    const std::string lhs = identity ? dSym + " = ∂L/∂" + zSym : "∂L/∂" + aSym;
    const double dA = s.dA[neuron];
    std::vector<std::string> lines;
    if (stage == last) {
        const int K = t.outputCount();
        const std::string y = formatNumber(t.target[neuron]), yS = "y" + subscript(neuron + 1);
        const std::string pS = "p" + subscript(neuron + 1);
        const std::string over = K == 1 ? "" : " / " + std::to_string(K);
        switch (t.loss) {
            case LossKind::SoftmaxCrossEntropy:
                lines.push_back(lhs + " = " + pS + " - " + yS + " = " + result(opt, t.prediction[neuron]) + " - " + y +
                                " = " + result(opt, dA));
                break;
            case LossKind::BinaryCrossEntropyLogits:
                if (K == 1)
                    lines.push_back(lhs + " = " + pS + " - " + yS + " = " + result(opt, t.prediction[neuron]) + " - " + y +
                                    " = " + result(opt, dA));
                else
                    lines.push_back(lhs + " = (" + pS + " - " + yS + ")" + over + " = (" +
                                    result(opt, t.prediction[neuron]) + " - " + y + ")" + over + " = " + result(opt, dA));
                break;
            case LossKind::MeanSquaredError:
                lines.push_back(lhs + " = 2·(" + uSym + " - " + yS + ")" + over + " = 2·(" + result(opt, s.a[neuron]) +
                                " - " + factor(t.target[neuron]) + ")" + over + " = " + result(opt, dA));
                break;
        }
    } else {
        const std::vector<int> consumers = consumersOf(t, stage);
        const bool single = consumers.size() == 1 && st(t, consumers[0]).kind == StageKind::Dense &&
                            st(t, consumers[0]).inputStages.size() == 1;
        if (single) {
            const int c = consumers[0];
            const TraceStage& n = st(t, c);
            std::vector<std::string> terms;
            for (int k = 0; k < n.units; ++k)
                terms.push_back(formatNumber(n.W[static_cast<std::size_t>(k + neuron * n.units)]) + "·" +
                                computedFactor(opt, n.delta[static_cast<std::size_t>(k)]));
            lines.push_back(lhs + " = Σₖ w" + stageSup(c) + "ₖ" + subscript(neuron + 1) + "·δ" + stageSup(c) + "ₖ = " +
                            joinTerms(terms, opt.maxTerms) + " = " + result(opt, dA));
        } else {
            std::string names;
            for (int c : consumers) names += (names.empty() ? "" : ", ") + st(t, c).name;
            lines.push_back(lhs + " = " + result(opt, dA) + "   (summed over what reads " + s.name + ": " + names + ")");
        }
    }
    if (identity) return lines;
    const double a = s.a[neuron], z = s.z[neuron], d = s.delta[neuron];
    const std::string head = dSym + " = ∂L/∂" + aSym + " · ";
    switch (s.activation) {
        case Activation::Identity: break;
        case Activation::Sigmoid:
            lines.push_back(head + aSym + "·(1 - " + aSym + ") = " + computedFactor(opt, dA) + " · " + result(opt, a) +
                            "·(1 - " + result(opt, a) + ") = " + result(opt, d));
            break;
        case Activation::Tanh:
            lines.push_back(head + "(1 - " + aSym + "²) = " + computedFactor(opt, dA) + " · (1 - " + computedFactor(opt, a) +
                            "²) = " + result(opt, d));
            break;
        case Activation::ReLU:
            lines.push_back(head + "[" + zSym + " > 0] = " + computedFactor(opt, dA) + " · " +
                            (opt.hideResults ? opt.blank : z > 0 ? "1" : "0") + " = " + result(opt, d));
            break;
        case Activation::LeakyReLU:
            lines.push_back(head + "(" + zSym + " > 0 ? 1 : " + formatNumber(s.leakySlope) + ") = " + computedFactor(opt, dA) +
                            " · " + (opt.hideResults ? opt.blank : z > 0 ? "1" : formatNumber(s.leakySlope)) + " = " +
                            result(opt, d));
            break;
        case Activation::Softmax: {
            double dot = 0;
            for (std::size_t k = 0; k < s.a.size(); ++k) dot += static_cast<double>(s.a[k]) * s.dA[k];
            lines.push_back(dSym + " = " + aSym + "·(∂L/∂" + aSym + " - Σₖ a" + stageSup(stage) + "ₖ·∂L/∂a" + stageSup(stage) +
                            "ₖ) = " + result(opt, a) + "·(" + result(opt, dA) + " - " + computedFactor(opt, dot) + ") = " +
                            result(opt, d));
            break;
        }
    }
    return lines;
}

std::string weightGradientFormula(const Trace& t, int stage, int neuron, int input, const FormulaOptions& opt) {
    if (!validNeuron(t, stage, neuron) || st(t, stage).kind != StageKind::Dense) return {};
    const TraceStage& s = st(t, stage);
    const std::string dSym = stageSymbol(t, "δ", stage, neuron);
    if (input < 0) {
        if (!s.hasBias) return {};
        return "∂L/∂" + stageSymbol(t, "b", stage, neuron) + " = " + dSym + " = " + result(opt, s.db[neuron]);
    }
    if (input >= s.fanIn) return {};
    const int p = s.inputStages.front();
    const std::size_t i = static_cast<std::size_t>(neuron + input * s.units);
    return "∂L/∂" + weightSymbol(stage, neuron, input) + " = " + dSym + " · " + stageSymbol(t, "a", p, input) + " = " +
           result(opt, s.delta[neuron]) + " · " +
           (p == 0 ? factor(st(t, p).a[static_cast<std::size_t>(input)])
                   : computedFactor(opt, st(t, p).a[static_cast<std::size_t>(input)])) +
           " = " + result(opt, s.dW[i]);
}

std::string updateFormula(const Trace& t, int stage, int neuron, int input, const FormulaOptions& opt) {
    if (!validNeuron(t, stage, neuron) || st(t, stage).kind != StageKind::Dense) return {};
    const TraceStage& s = st(t, stage);
    const std::string alpha = formatNumber(t.learningRate);
    if (input < 0) {
        if (!s.hasBias) return {};
        const std::string b = stageSymbol(t, "b", stage, neuron);
        return b + " ← " + b + " - α·∂L/∂" + b + " = " + formatNumber(s.b[neuron]) + " - " + alpha + "·" +
               computedFactor(opt, s.db[neuron]) + " = " + result(opt, s.newB[neuron]);
    }
    if (input >= s.fanIn) return {};
    const std::size_t i = static_cast<std::size_t>(neuron + input * s.units);
    const std::string w = weightSymbol(stage, neuron, input);
    return w + " ← " + w + " - α·∂L/∂" + w + " = " + formatNumber(s.W[i]) + " - " + alpha + "·" +
           computedFactor(opt, s.dW[i]) + " = " + result(opt, s.newW[i]);
}

std::vector<std::string> blockFormulas(const Trace& t, int stage, TracePhase phase, const FormulaOptions& opt) {
    if (stage < 0 || stage >= static_cast<int>(t.stages.size())) return {};
    const TraceStage& s = st(t, stage);
    std::vector<std::string> lines;
    if (!s.a.empty()) {
        const auto [lo, hi] = std::minmax_element(s.a.begin(), s.a.end());
        double mean = 0;
        for (float v : s.a) mean += v;
        mean /= static_cast<double>(s.a.size());
        const bool given = stage == 0;
        auto val = [&](double v) { return given ? formatNumber(v) : result(opt, v); };
        lines.push_back(s.name + " (" + s.type + ", " + s.shape.toString() + " = " + std::to_string(s.a.size()) +
                        " values): from " + val(*lo) + " to " + val(*hi) + ", mean " + val(mean));
    }
    if (s.paramCount > 0)
        lines.push_back(std::to_string(s.paramCount) + " parameters θ, ‖θ‖ = " + formatNumber(s.paramNorm));  // given
    if (stage > 0 && (phase == TracePhase::Backward || phase == TracePhase::Update)) {
        lines.push_back("‖∂L/∂(output)‖ = " + result(opt, s.deltaNorm));
        if (s.paramCount > 0) lines.push_back("‖∂L/∂θ‖ = " + result(opt, s.gradNorm));
    }
    if (stage > 0 && phase == TracePhase::Update && s.paramCount > 0)
        lines.push_back("θ ← θ - α·∂L/∂θ moves θ by ‖Δθ‖ = α·‖∂L/∂θ‖ = " + formatNumber(t.learningRate) + "·" +
                        result(opt, s.gradNorm) + " = " + result(opt, t.learningRate * s.gradNorm));
    return lines;
}

}  // namespace layerlab::core
