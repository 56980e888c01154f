#include "core/teach/trace_recurrent.h"

#include "core/layers/recurrent.h"
#include "core/teach/trace_formulas.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace layerlab::core {

namespace {

std::vector<float> column(const Matrix& m, Eigen::Index col, Eigen::Index row0, Eigen::Index rows) {
    std::vector<float> v(static_cast<std::size_t>(rows));
    for (Eigen::Index i = 0; i < rows; ++i) v[static_cast<std::size_t>(i)] = m(row0 + i, col);
    return v;
}

std::vector<float> slice(std::span<const float> s, std::size_t first, std::size_t count) {
    return {s.begin() + static_cast<std::ptrdiff_t>(first), s.begin() + static_cast<std::ptrdiff_t>(first + count)};
}

// "σ", "tanh", "relu", "hσ" as the formulas write the functions.
std::string fn(const std::string& name) {
    if (name == "sigmoid") return "σ";
    if (name == "hard_sigmoid") return "hard_σ";
    return name;
}

std::string n(double v) { return formatNumber(v); }

// "x₃" style symbols with the time step.
std::string sym(const std::string& letter, int t) { return letter + subscript(t); }

}  // namespace

double RecurrentTrace::gradientRatio() const {
    double lo = 0, hi = 0;
    bool first = true;
    for (const RecurrentStep& s : unrolled) {
        if (first) lo = hi = s.dhNorm;
        lo = std::min(lo, s.dhNorm);
        hi = std::max(hi, s.dhNorm);
        first = false;
    }
    if (hi <= 0) return 1;
    return lo > 0 ? hi / lo : std::numeric_limits<double>::infinity();
}

RecurrentTrace unrollRecurrent(const Recurrent& layer, std::span<const float> params, std::span<const float> grads,
                               std::span<const float> updated) {
    const RecurrentConfig& c = layer.config();
    RecurrentTrace r;
    r.cell = recurrentCellName(c.cell);
    r.gates = recurrentGateNames(c.cell);
    r.activation = std::string(recurrentActivationName(c.activation));
    r.gateActivation = std::string(recurrentActivationName(c.gate));
    r.steps = c.steps;
    r.features = c.features;
    r.units = c.units;
    r.returnSequences = c.returnSequences;
    r.hasBias = c.useBias;
    const int G = recurrentGates(c.cell), H = c.units, F = c.features;
    const std::size_t nih = static_cast<std::size_t>(G * H) * F, nhh = static_cast<std::size_t>(G * H) * H,
                      nb = static_cast<std::size_t>(G * H);
    r.Wih = slice(params, 0, nih);
    r.Whh = slice(params, nih, nhh);
    r.dWih = slice(grads, 0, nih);
    r.dWhh = slice(grads, nih, nhh);
    r.newWih = slice(updated, 0, nih);
    r.newWhh = slice(updated, nih, nhh);
    if (c.useBias) {
        r.bih = slice(params, nih + nhh, nb);
        r.bhh = slice(params, nih + nhh + nb, nb);
        r.dbih = slice(grads, nih + nhh, nb);
        r.dbhh = slice(grads, nih + nhh + nb, nb);
        r.newBih = slice(updated, nih + nhh, nb);
        r.newBhh = slice(updated, nih + nhh + nb, nb);
    }
    // Batch 1: column t of the per-step buffers is time step t.
    const Matrix& hidden = layer.hiddenStates();
    const Matrix& cells = layer.cellStates();
    const bool lstm = c.cell == RecurrentCell::LSTM;
    const bool backwardRan = layer.hiddenGrads().cols() == c.steps && !layer.stepGradNorm().empty();
    for (int t = 0; t < c.steps; ++t) {
        RecurrentStep s;
        s.x = column(layer.timeMajorInput(), t, 0, F);
        s.hPrev = column(hidden, t, 0, H);
        s.h = column(hidden, t + 1, 0, H);
        if (lstm) {
            s.cPrev = column(cells, t, 0, H);
            s.c = column(cells, t + 1, 0, H);
            s.actC = column(layer.cellActivations(), t, 0, H);
        }
        for (int g = 0; g < G; ++g) {
            s.pre.push_back(column(layer.preActivations(), t, g * H, H));
            s.gate.push_back(column(layer.gateValues(), t, g * H, H));
            if (backwardRan) s.dPre.push_back(column(layer.gateGrads(), t, g * H, H));
        }
        if (backwardRan) {
            s.dh = column(layer.hiddenGrads(), t, 0, H);
            s.dhNorm = layer.stepGradNorm()[static_cast<std::size_t>(t)];
        }
        r.unrolled.push_back(std::move(s));
    }
    return r;
}

std::vector<std::string> recurrentForwardFormulas(const RecurrentTrace& r, int t, int unit, const FormulaOptions& opt) {
    const auto res = [&opt](double v) { return opt.hideResults ? opt.blank : n(v); };
    std::vector<std::string> out;
    if (t < 0 || t >= r.steps || unit < 0 || unit >= r.units) return out;
    const RecurrentStep& s = r.unrolled[static_cast<std::size_t>(t)];
    const auto j = static_cast<std::size_t>(unit);
    const std::string x = sym("x", t), hp = t == 0 ? "h₋₁" : sym("h", t - 1), cp = t == 0 ? "c₋₁" : sym("c", t - 1);
    const std::string act = fn(r.activation), gate = fn(r.gateActivation);
    auto gateLine = [&](std::size_t g, const std::string& f, const std::string& inner) {
        out.push_back(r.gates[g] + " = " + f + "(" + inner + ") = " + f + "(" + n(s.pre[g][j]) + ") = " +
                      res(s.gate[g][j]));
    };
    const std::string b = r.hasBias ? " + b" : "";
    if (r.cell == "SimpleRNN") {
        out.push_back(sym("h", t) + " = " + act + "(W_ih " + x + " + W_hh " + hp + b + ") = " + act + "(" +
                      n(s.pre[0][j]) + ") = " + res(s.h[j]));
        if (t == 0) out.push_back(hp + " = 0 (every window starts from a zero state)");
        return out;
    }
    if (r.cell == "LSTM") {
        const char* what[] = {"input gate: how much of g to write", "forget gate: how much of c to keep",
                              "candidate: what could be written", "output gate: how much of the cell to show"};
        for (std::size_t g = 0; g < 4; ++g) {
            const std::string gg = r.gates[g];
            gateLine(g, g == 2 ? act : gate,
                     "W_i" + gg + " " + x + " + W_h" + gg + " " + hp + (r.hasBias ? " + b_" + gg : ""));
            out.back() += "   (" + std::string(what[g]) + ")";
        }
        out.push_back(sym("c", t) + " = f ⊙ " + cp + " + i ⊙ g = " + n(s.gate[1][j]) + " × " + n(s.cPrev[j]) + " + " +
                      n(s.gate[0][j]) + " × " + n(s.gate[2][j]) + " = " + res(s.c[j]));
        out.push_back(sym("h", t) + " = o ⊙ " + act + "(" + sym("c", t) + ") = " + n(s.gate[3][j]) + " × " + n(s.actC[j]) +
                      " = " + res(s.h[j]));
    } else {  // GRU
        gateLine(0, gate, "W_ir " + x + " + W_hr " + hp + (r.hasBias ? " + b_r" : ""));
        out.back() += "   (reset gate: how much of the old state the candidate sees)";
        gateLine(1, gate, "W_iz " + x + " + W_hz " + hp + (r.hasBias ? " + b_z" : ""));
        out.back() += "   (update gate: how much of the old state to keep)";
        gateLine(2, act, "W_in " + x + (r.hasBias ? " + b_in" : "") + " + r ⊙ (W_hn " + hp +
                             (r.hasBias ? " + b_hn" : "") + ")");
        out.back() += "   (candidate)";
        out.push_back(sym("h", t) + " = (1 − z) ⊙ n + z ⊙ " + hp + " = (1 − " + n(s.gate[1][j]) + ") × " +
                      n(s.gate[2][j]) + " + " + n(s.gate[1][j]) + " × " + n(s.hPrev[j]) + " = " + res(s.h[j]));
    }
    if (t == 0) out.push_back(hp + (r.cell == "LSTM" ? " = " + cp : std::string()) +
                              " = 0 (every window starts from a zero state)");
    return out;
}

std::vector<std::string> recurrentBackwardFormulas(const RecurrentTrace& r, int t, int unit, const FormulaOptions& opt) {
    const auto res = [&opt](double v) { return opt.hideResults ? opt.blank : n(v); };
    std::vector<std::string> out;
    if (t < 0 || t >= r.steps || unit < 0 || unit >= r.units) return out;
    const RecurrentStep& s = r.unrolled[static_cast<std::size_t>(t)];
    if (s.dh.empty()) return out;
    const auto j = static_cast<std::size_t>(unit);
    const bool last = t == r.steps - 1;
    std::string from;
    if (r.returnSequences) from = last ? "from the output at this step" : "from the output at this step + from step " + std::to_string(t + 1);
    else from = last ? "from the output (only the last step is output)" : "only from step " + std::to_string(t + 1);
    out.push_back("∂L/∂" + sym("h", t) + " = " + res(s.dh[j]) + "   (" + from + ")   ‖∂L/∂" + sym("h", t) +
                  "‖ = " + res(s.dhNorm));
    for (std::size_t g = 0; g < s.dPre.size(); ++g)
        out.push_back("∂L/∂pre_" + r.gates[g] + " = " + res(s.dPre[g][j]));
    if (t > 0)
        out.push_back("∂L/∂" + sym("h", t - 1) + " += W_hhᵀ ∂L/∂pre (every gate of every unit), passed back to step " +
                      std::to_string(t - 1));
    out.push_back("∂L/∂W_ih += ∂L/∂pre " + sym("x", t) + "ᵀ,   ∂L/∂W_hh += ∂L/∂pre " +
                  (t == 0 ? std::string("h₋₁") : sym("h", t - 1)) + "ᵀ   (summed over the time steps)");
    return out;
}

}  // namespace layerlab::core
