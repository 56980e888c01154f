// The step-through unrolled in time: what a recurrent layer (SimpleRNN, LSTM,
// GRU; core/layers/recurrent.h) did with the one traced sample, time step by
// time step: its input x_t, every gate's pre-activation and value, the cell
// state c_t (LSTM) and hidden state h_t going forward; then the gradient
// dL/dh_t that reached each step going backward (its norm per step shows a
// vanishing or exploding gradient) and dL/d(pre-activation) of every gate;
// then the weights, their gradients and the SGD update. Plain values read
// from the layer's own record (nothing recomputed), so the numbers are the
// engine's.
#pragma once

#include "core/common/types.h"
#include "core/teach/formula_options.h"

#include <span>
#include <string>
#include <vector>

namespace layerlab::core {

class Recurrent;

struct RecurrentStep {
    std::vector<float> x;                        // x_t (F values)
    std::vector<std::vector<float>> pre, gate;   // per gate: H pre-activations and values
    std::vector<float> c, h;                     // c_t (LSTM, else empty), h_t
    std::vector<float> actC;                     // LSTM: act(c_t)
    std::vector<float> cPrev, hPrev;             // c_{t-1}, h_{t-1} (zeros at t = 0)
    std::vector<float> dh;                       // dL/dh_t: from the output at t and from step t+1
    std::vector<std::vector<float>> dPre;        // per gate: dL/d(pre-activation)
    double dhNorm = 0;                           // ||dL/dh_t||
};

struct RecurrentTrace {
    std::string cell;                 // "SimpleRNN", "LSTM", "GRU"
    std::vector<std::string> gates;   // "i","f","g","o" / "r","z","n" / "h"
    std::string activation, gateActivation;  // "tanh", "sigmoid", ...
    int steps = 0, features = 0, units = 0;
    bool returnSequences = false, hasBias = false;
    std::vector<RecurrentStep> unrolled;  // t = 0 .. steps-1
    // Row-major as PyTorch (recurrent.h): W_ih G*H x F, W_hh G*H x H, biases G*H each.
    std::vector<float> Wih, Whh, bih, bhh, dWih, dWhh, dbih, dbhh, newWih, newWhh, newBih, newBhh;
    // max_t ||dh_t|| / min_t ||dh_t|| (>= 1): large = the gradient vanished on its way back.
    double gradientRatio() const;
};

// requires: layer's last forward and backward were the traced sample (batch 1);
//           params, grads and updated are the layer's slices of the network's
//           parameters, gradients and parameters after the SGD step.
// ensures: the unrolled record described above.
RecurrentTrace unrollRecurrent(const Recurrent& layer, std::span<const float> params, std::span<const float> grads,
                               std::span<const float> updated);

// One time step of one unit with its numbers, one line per gate and state,
// e.g. for an LSTM at t = 3, unit 1:
//   "i = σ(W_ii x + b_ii + W_hi h + b_hi) = σ(0.412) = 0.602"
//   ...
//   "c_3 = f ⊙ c_2 + i ⊙ g = 0.731 × 0.210 + 0.602 × 0.377 = 0.381"
//   "h_3 = o ⊙ tanh(c_3) = 0.655 × 0.364 = 0.238"
// requires: 0 <= t < steps, 0 <= unit < units.
// ensures: with opt.hideResults every computed result (a gate's value, c_t,
//          h_t) is opt.blank; the operands and the zero start state stay.
std::vector<std::string> recurrentForwardFormulas(const RecurrentTrace& r, int t, int unit,
                                                  const FormulaOptions& opt = {});
// The same step backward: dL/dh_t and where it goes (the gates'
// pre-activation gradients and dL/dh_{t-1} = W_hh^T dL/d(pre)); with
// opt.hideResults the gradients and the norm are opt.blank.
std::vector<std::string> recurrentBackwardFormulas(const RecurrentTrace& r, int t, int unit,
                                                   const FormulaOptions& opt = {});

}  // namespace layerlab::core
