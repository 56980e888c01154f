// Recurrent layers: SimpleRNN, LSTM and GRU over a sequence of T time steps of
// F features (the input Shape {T, F}; a sample's values are time-major, value
// (t, f) at row t*F + f of its column). The hidden state starts at 0 for every
// sample and window (no state carried between batches).
//
// Formulas, gate order and weight layout are PyTorch's (nn.RNN, nn.LSTM,
// nn.GRU with batch_first=True, one layer, one direction), so weights map one
// to one: the layer's parameters are, in this order and each row-major exactly
// as PyTorch stores it (tensor.flatten()):
//   weight_ih  (G*H x F), weight_hh (G*H x H), bias_ih (G*H), bias_hh (G*H)
// (the biases only with use_bias), where H = units and G = 1 (SimpleRNN),
// 4 (LSTM: gates i, f, g, o) or 3 (GRU: r, z, n). With x = x_t, h = h_{t-1}:
//   SimpleRNN: h_t = act(W_ih x + b_ih + W_hh h + b_hh)
//   LSTM:      i = s(W_ii x + b_ii + W_hi h + b_hi)     f = s(W_if x + b_if + W_hf h + b_hf)
//              g = act(W_ig x + b_ig + W_hg h + b_hg)   o = s(W_io x + b_io + W_ho h + b_ho)
//              c_t = f * c_{t-1} + i * g                h_t = o * act(c_t)
//   GRU:       r = s(W_ir x + b_ir + W_hr h + b_hr)     z = s(W_iz x + b_iz + W_hz h + b_hz)
//              n = act(W_in x + b_in + r * (W_hn h + b_hn))
//              h_t = (1 - z) * n + z * h_{t-1}
// s is the recurrent (gate) activation, sigmoid by default (or PyTorch's
// Hardsigmoid, relu6(x + 3) / 6); act is tanh by default, relu (Keras'
// LSTM(activation='relu') applies it to g and to the cell's output, as here)
// or sigmoid. PyTorch's own modules have tanh and sigmoid only (nn.RNN also
// relu); the other choices equal the same formulas with the other function.
// Keras keeps one bias per gate (b_ih + b_hh here): its bias count is half ours.
//
// Output: h_{T-1} ({H}) or, with return_sequences, every h_t ({T, H}, time-major).
//
// Computation, batched over B samples: the inputs of all time steps are
// projected by one product (W_ih [x_0 .. x_{T-1}], G*H x T*B); each step then
// adds W_hh h_{t-1} for the whole batch (one product) and applies the cell.
// Backpropagation through time runs the steps in reverse, then the weight
// gradients are two products over all steps. Buffers are sized when the batch
// size changes, never per step.
#pragma once

#include "core/layers/initializers.h"
#include "core/layers/layer.h"

#include <string>
#include <string_view>
#include <vector>

namespace layerlab::core {

enum class RecurrentCell { SimpleRNN, LSTM, GRU };
enum class RecurrentActivation { Tanh, ReLU, Sigmoid, HardSigmoid };

struct RecurrentConfig {
    RecurrentCell cell = RecurrentCell::LSTM;
    int steps = 1;      // T
    int features = 1;   // F
    int units = 1;      // H
    bool returnSequences = false;
    bool useBias = true;
    RecurrentActivation activation = RecurrentActivation::Tanh;     // act
    RecurrentActivation gate = RecurrentActivation::Sigmoid;        // s (LSTM, GRU)
    // How weight_ih starts (fanIn F, fanOut G*H, as Keras' kernel) and whether
    // weight_hh starts orthogonal (Keras' default) or from recurrentInit.
    InitKind inputInit = InitKind::XavierUniform;
    bool recurrentOrthogonal = true;
    InitKind recurrentInit = InitKind::XavierUniform;  // when !recurrentOrthogonal (fanIn H, fanOut G*H)
    Scalar initValue = 0;                             // the Constant initializer's value
    bool unitForgetBias = true;  // LSTM: b_if starts at 1 (Keras' unit_forget_bias), the other biases at 0
};

// Gates per cell: 1, 4, 3.
int recurrentGates(RecurrentCell cell);
// "SimpleRNN", "LSTM", "GRU"; the gates' letters ("h"; "i","f","g","o"; "r","z","n").
const char* recurrentCellName(RecurrentCell cell);
std::vector<std::string> recurrentGateNames(RecurrentCell cell);
// "tanh", "relu", "sigmoid", "hard_sigmoid" (the registry's choice names) and back.
std::string_view recurrentActivationName(RecurrentActivation a);
Result<RecurrentActivation> recurrentActivationFromName(std::string_view name);

class Recurrent final : public Layer {
public:
    // requires: steps, features, units >= 1.
    // ensures: paramCount() = G*H*F + G*H*H (+ 2*G*H with bias), laid out as above.
    explicit Recurrent(const RecurrentConfig& config);

    std::size_t paramCount() const override;
    void bind(Scalar* params, Scalar* grads, Scalar* state) override;
    // ensures: weight_ih from inputInit; weight_hh orthogonal (rows orthonormal
    //          columns of a QR of a normal matrix, signs fixed, as Keras) or from
    //          recurrentInit; biases 0 (LSTM with unitForgetBias: b_if = 1).
    void initialize(Rng& rng) override;
    // requires: inputs[0] is T*F x B.
    // ensures: out is H x B (h_{T-1}) or T*H x B (every h_t) as configured; the
    //          per-step record below describes this forward (every Mode: the
    //          buffers are the computation's workspace, nothing else changes).
    void forward(std::span<const Matrix* const> inputs, Matrix& out, Mode mode) override;
    // ensures: backpropagation through time: ADDS dL/dx into *dInputs[0] (when
    //          non-null) and dL/dparams into the bound gradients; stepGradNorm()
    //          describes this backward.
    void backward(std::span<const Matrix* const> inputs, const Matrix& out, const Matrix& dOut,
                  std::span<Matrix* const> dInputs) override;

    const RecurrentConfig& config() const { return cfg_; }

    // The last forward, for the step-through (column t*B + b is time step t of
    // sample b of that batch):
    // gate activations (G*H x T*B, gate-major rows: gate k's unit j at k*H + j);
    const Matrix& gateValues() const { return gates_; }
    // h_t (H x (T+1)*B; the first B columns are h_{-1} = 0, then h_0 ..);
    const Matrix& hiddenStates() const { return hidden_; }
    // LSTM: c_t, laid out as hiddenStates() (empty for the other cells);
    const Matrix& cellStates() const { return cell_; }
    // the input, time-major (F x T*B), and LSTM's act(c_t) (H x T*B);
    const Matrix& timeMajorInput() const { return xtm_; }
    const Matrix& cellActivations() const { return actCell_; }
    // the pre-activations (G*H x T*B; GRU's n rows hold W_in x + b_in + r * (W_hn h + b_hn));
    const Matrix& preActivations() const { return pre_; }
    // The last backward: dL/dh_t (H x T*B, everything reaching step t's hidden
    // state) and dL/d(pre-activation) of every gate (G*H x T*B);
    const Matrix& hiddenGrads() const { return dHidden_; }
    const Matrix& gateGrads() const { return dPre_; }
    // the norm of dL/dh_t over the batch for t = 0 .. T-1
    // (the gradient reaching each step's hidden state: from the output at that
    // step and from step t+1). Vanishing or exploding gradients show here.
    const std::vector<double>& stepGradNorm() const { return gradNorm_; }

private:
    void resize(Eigen::Index batch);
    // One step's cell: pre_ block t (G*H x B) holds the input projection plus
    // b_ih; adds the recurrent part and writes gates_, hidden_ (and cell_).
    void stepForward(int t);
    // dh (H x B) = dL/dh_t; writes dPre_ (and dPreH_ for GRU) block t and
    // dh becomes dL/dh_{t-1}.
    void stepBackward(int t, Matrix& dh);

    RecurrentConfig cfg_;
    int G_;
    Scalar* params_ = nullptr;
    Scalar* grads_ = nullptr;
    Eigen::Index batch_ = 0;
    Matrix xtm_;      // F x T*B: the input, time-major
    Matrix pre_;      // G*H x T*B: input projections (+ b_ih); GRU's n rows then the whole n pre-activation
    Matrix hn_;       // GRU: H x T*B, W_hn h_{t-1} + b_hn
    Matrix gates_;    // G*H x T*B
    Matrix hidden_;   // H x (T+1)*B
    Matrix cell_;     // LSTM: H x (T+1)*B
    Matrix actCell_;  // LSTM: H x T*B, act(c_t)
    Matrix rec_;      // G*H x B: one step's recurrent product
    Matrix dPre_;     // G*H x T*B: dL/d(input projection) per step
    Matrix dPreH_;    // GRU: G*H x T*B, dL/d(hidden projection); LSTM/RNN use dPre_
    Matrix dHidden_;  // H x T*B: dL/dh_t as it reached step t
    Matrix dh_, dc_;  // H x B
    Matrix dX_;       // F x T*B
    std::vector<double> gradNorm_;
};

}  // namespace layerlab::core
