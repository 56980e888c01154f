// The single-sample trace behind the backprop step-through: one sample goes
// through a compiled Network with batch 1 and every intermediate is recorded,
// using the engine's own layers, loss and optimizer (nothing is re-derived):
//  * forward in Mode::Inspect = the evaluation-mode function (BatchNorm uses
//    its running statistics, Dropout is off), keeping what backward needs;
//  * the project's loss and its gradient, then Network::backward();
//  * one plain SGD step w <- w - alpha * dL/dw (core::Optimizer, kind SGD) and
//    a second forward for the loss after the update.
// The record is grouped into stages, the columns of a neuron diagram: the
// input, then one stage per Dense layer (z = W a_prev + b, with the
// element-wise activation that directly follows it merged in as a = f(z)),
// and one "block" stage per other layer (convolution, pooling, BatchNorm,
// a stand-alone activation...), recorded as values and gradient norms.
//
// Value types; no pointers into the network. Thread: traceSample uses the
// network on the calling thread; the Trace may then go anywhere.
#pragma once

#include "core/common/result.h"
#include "core/common/types.h"
#include "core/graph/graph.h"
#include "core/losses/loss.h"
#include "core/net/network.h"
#include "core/teach/trace_recurrent.h"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace layerlab::core {

// What the sample is compared with.
struct TraceTarget {
    // Class index (0-based). Softmax cross-entropy needs it. For the other
    // losses it stands for a one-hot vector (or 0/1 for a single output)
    // when values is empty.
    int label = -1;
    std::vector<float> values;  // target values, one per output (MSE, BCE)
};

struct TraceOptions {
    double learningRate = 0.01;  // alpha of the SGD update shown (the project's rate)
};

enum class StageKind { Input, Dense, Block };

// Element-wise activation merged into a Dense stage (a = f(z)).
enum class Activation { Identity, ReLU, LeakyReLU, Sigmoid, Tanh, Softmax };
// "identity", "relu", "leaky_relu", "sigmoid", "tanh", "softmax".
const char* activationName(Activation a);

struct TraceStage {
    StageKind kind = StageKind::Input;
    std::string name;               // node name ("hidden"); "input" for the Input stage
    std::string type;               // registry type ("Input", "Dense", "Conv2D", ...)
    NodeId node = 0;                // the layer's node (the Input node for stage 0)
    NodeId activationNode = 0;      // the merged activation's node; 0 when none
    Activation activation = Activation::Identity;
    double leakySlope = 0;          // LeakyReLU's alpha
    Shape shape;                    // shape of z and a (one sample)
    std::vector<int> inputStages;   // stages feeding this one (port order); empty for the input

    // Values of the one sample (shape.size() each).
    std::vector<float> z;           // Dense: W a_prev + b. Block: the layer's output. Input: x.
    std::vector<float> a;           // after the merged activation (= z when none)
    std::vector<float> dA;          // dL/da (empty for the input)
    std::vector<float> delta;       // dL/dz (Dense: delta; Block: = dA)

    // Dense: W is units x fanIn, column-major: W[j + k * units] is the weight
    // from input k to neuron j (the Network's parameter layout, W then b).
    int units = 0, fanIn = 0;
    bool hasBias = false;
    std::vector<float> W, b, dW, db, newW, newB;

    // Every stage with parameters (Dense and blocks).
    std::size_t paramOffset = 0, paramCount = 0;  // view into Network::params()
    double paramNorm = 0, gradNorm = 0;           // L2 norms of the parameters and of dL/dparams
    double deltaNorm = 0;                         // L2 norm of delta

    // A recurrent layer (SimpleRNN, LSTM, GRU) unrolled in time; empty otherwise.
    std::vector<RecurrentTrace> recurrent;        // 0 or 1 entries
};

struct Trace {
    LossKind loss = LossKind::MeanSquaredError;
    OutputActivation outputActivation = OutputActivation::None;  // applied by the loss (folded)
    std::vector<TraceStage> stages;  // [0] is the input; the last is the output
    int label = -1;                  // the target class, or -1
    std::vector<float> target;       // what the loss compares with: one-hot for softmax CE
    std::vector<float> prediction;   // softmax/sigmoid probabilities of the output, or its values
    double lossValue = 0;            // the loss of this sample (the engine's)
    double lossAfter = 0;            // after the SGD step, same sample
    std::vector<float> predictionAfter;
    double learningRate = 0;
    std::vector<std::string> notes;  // what the reader should know (eval-mode layers, ...)

    const TraceStage& output() const { return stages.back(); }
    int outputCount() const { return static_cast<int>(target.size()); }
};

// requires: net compiled (any weights); input.size() == net.inputShape().size().
// ensures: the trace of this sample with net's current parameters and state;
//          net's parameters and state are left exactly as they were (its
//          activation and gradient buffers are overwritten).
// errors: wrong input size, a label outside [0, outputs), target values of the
//         wrong count, a label missing for softmax cross-entropy, non-finite values.
Result<Trace> traceSample(Network& net, std::span<const float> input, const TraceTarget& target,
                          const TraceOptions& options = {});

// The target as the loss reads it for this network (one column): labels for
// softmax CE, values (outputs x 1) otherwise. Checks it as traceSample does.
struct ResolvedTarget {
    int label = -1;
    Matrix values;  // outputs x 1; for softmax CE the one-hot vector of label

    // What the network's loss reads: the label for softmax CE, else values.
    // The result refers to this object, which must outlive it.
    Targets targetsFor(LossKind loss) const {
        Targets t;
        if (loss == LossKind::SoftmaxCrossEntropy) t.labels = std::span<const int>(&label, 1);
        else t.values = &values;
        return t;
    }
};
Result<ResolvedTarget> resolveTarget(const Network& net, const TraceTarget& target);

// "hidden W[1,2]" (neuron 1, input 2, 1-based), "hidden b[1]", "conv_1 parameter 17":
// where parameter `index` of the flat buffer lives. Empty when out of range.
std::string describeParameter(const Network& net, std::size_t index);

}  // namespace layerlab::core
