// Network: a compiled graph, ready to train. Layers in topological order,
// one flat parameter buffer (and a same-sized gradient buffer) with per-layer
// views, one flat state buffer (BatchNorm running stats), and per-node
// activation and gradient buffers sized for the current batch.
//
// Built by compileNetwork(); not copyable (layers hold pointers into the
// buffers), movable. Used by one thread at a time.
#pragma once

#include "core/common/result.h"
#include "core/common/types.h"
#include "core/graph/graph.h"
#include "core/layers/layer.h"
#include "core/layers/layer_registry.h"
#include "core/losses/loss.h"
#include "core/net/weights.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace layerlab::core {

// How the network's raw output becomes a prediction a user reads.
enum class OutputActivation { None, Softmax, Sigmoid };

struct CompiledLayer {
    NodeId node = 0;
    std::string type, name;
    std::vector<Shape> inputShapes;  // one per input port, as the shape rule saw them
    Shape outputShape;
    std::size_t paramOffset = 0, paramCount = 0;  // view into params()
    std::size_t stateOffset = 0, stateCount = 0;  // view into state()
};

// A layer of the graph that is not connected to the trained path (see
// network_path.h): it is not compiled, has no parameters here, and is named
// so that views can mark it.
struct StrayLayer {
    NodeId node = 0;
    std::string type, name;
    bool operator==(const StrayLayer&) const = default;
};

class Network {
public:
    Network() = default;
    Network(Network&&) noexcept = default;
    Network& operator=(Network&&) noexcept = default;
    Network(const Network&) = delete;
    Network& operator=(const Network&) = delete;

    const Shape& inputShape() const { return inputShape_; }
    // The graph's Input node this network reads.
    NodeId inputNode() const { return inputNode_; }
    // Shape of output() (logits when a final Softmax/Sigmoid was folded into the loss).
    const Shape& outputShape() const { return outputShape_; }
    OutputActivation outputActivation() const { return outputActivation_; }
    LossKind loss() const { return loss_; }

    std::size_t paramCount() const { return params_.size(); }
    std::span<Scalar> params() { return params_; }
    std::span<const Scalar> params() const { return params_; }
    std::span<Scalar> grads() { return grads_; }
    std::span<const Scalar> grads() const { return grads_; }
    std::span<Scalar> state() { return state_; }
    std::span<const Scalar> state() const { return state_; }
    // 1 where weight decay applies (weights), 0 for biases and normalisation parameters.
    const std::vector<std::uint8_t>& decayMask() const { return decayMask_; }
    const std::vector<CompiledLayer>& layers() const { return info_; }
    // The graph's layers left out because they are not connected to the
    // Input -> output path (graph order). Empty for a fully connected graph.
    const std::vector<StrayLayer>& strayLayers() const { return stray_; }
    // Forward FLOPs per sample (2 x multiply-adds), from the registry's rules.
    double flopsPerSample() const { return flops_; }

    // ensures: parameters and state drawn from seed (same seed, same values).
    void initialize(std::uint64_t seed);

    // The network's own numbers by value (what a project saves).
    // ensures: result.params == params(), result.state == state().
    Weights weights() const;
    // ensures: true iff w has exactly paramCount() parameters and state().size() state values.
    bool fits(const Weights& w) const;
    // ensures: on success params() == w.params and state() == w.state; when w
    //          does not fit, an error giving both sizes and nothing changed.
    Status setWeights(const Weights& w);

    // requires: x is inputShape().size() x batch, batch >= 1; x outlives the
    //           matching backward() call (it is read, not copied).
    // ensures: returns the output (outputShape().size() x batch).
    const Matrix& forward(const Matrix& x, Mode mode);
    // requires: the last forward() was Mode::Train or Mode::Inspect; dOutput has output()'s dims.
    // ensures: grads() = dL/dparams for this batch (zeroed first, then accumulated).
    void backward(const Matrix& dOutput);
    // forward(x, Eval) then the output activation: probabilities or values.
    void predict(const Matrix& x, Matrix& out);
    const Matrix& output() const;
    // The activation of a node after the last forward (for teaching views);
    // nullptr for the Input node, an unknown node or a folded Softmax/Sigmoid.
    const Matrix* activationOf(NodeId node) const;
    // dL/d(the node's output) after the last backward() (for teaching views);
    // nullptr where activationOf() is nullptr. Reads the buffer backward()
    // fills anyway: no copy, nothing added to training.
    const Matrix* gradientOf(NodeId node) const;
    // The layer object computing a node (for teaching views that read a
    // layer's own record, e.g. a recurrent layer's time steps); nullptr for
    // the Input node or an unknown node.
    const Layer* layerOf(NodeId node) const;
    // The graph this network was compiled from (node names, parameters, edges).
    const Graph& graph() const { return graph_; }

    // A second instance of the same network for data-parallel training: its
    // layers READ this network's parameters (shared, not copied) and write
    // their own gradients (replica.grads()) and their own copy of the state
    // (BatchNorm running statistics of a replica are scratch). layerSeed seeds
    // the replica's own randomness (dropout masks).
    // requires: this network outlives the replica and is not moved meanwhile;
    //           nobody writes params() while the replica runs forward/backward.
    Result<Network> makeReplica(std::uint64_t layerSeed) const;
    // Hands sync to every layer (Layer::setBatchSync): later Train passes
    // compute one part of a split batch; nullptr ends that.
    void setBatchSync(BatchSync* sync);

private:
    friend Result<Network> compileNetwork(const Graph&, LossKind, std::uint64_t);

    struct Step {
        std::unique_ptr<Layer> layer;
        std::vector<int> inputs;  // indices into acts_; -1 = the network input
    };

    Shape inputShape_, outputShape_;
    NodeId inputNode_ = 0;
    OutputActivation outputActivation_ = OutputActivation::None;
    LossKind loss_ = LossKind::MeanSquaredError;
    std::vector<Step> steps_;
    std::vector<CompiledLayer> info_;
    std::vector<StrayLayer> stray_;
    // 64-byte aligned: Eigen peels vectorised reductions by address, so an
    // allocation-dependent alignment would change float summation order, and
    // with it the numbers, from run to run.
    using AlignedBuffer = std::vector<Scalar, Eigen::aligned_allocator<Scalar>>;
    AlignedBuffer params_, grads_, state_;
    std::vector<std::uint8_t> decayMask_;
    std::vector<Matrix> acts_, dActs_;
    int outputIndex_ = -1;        // step whose act is the output
    double flops_ = 0;
    Graph graph_{LayerRegistry::builtin()};  // what this was compiled from (for replicas)
    const Matrix* lastInput_ = nullptr;
    // Scratch pointer arrays so forward/backward allocate nothing.
    std::vector<const Matrix*> inPtrs_;
    std::vector<Matrix*> dInPtrs_;
};

// Compiles a graph for a loss: the trained path of findNetworkPath() (one
// Input, one output: a node nobody consumes, and every node between them);
// layers not connected to it are left out and listed in strayLayers(), and
// the network is the same (layers, parameter layout, numbers) as for the
// graph without them. Every shape on the path must infer. A final Softmax
// under softmax_cross_entropy, or a final Sigmoid under bce_with_logits, is
// folded into the (fused, stable) loss; predict() still applies it.
// Errors name the node and say how to fix it.
// layerSeed seeds the layers' own randomness streams (dropout) before
// initialize() reseeds them; replicas use it to draw different masks.
Result<Network> compileNetwork(const Graph& graph, LossKind loss, std::uint64_t layerSeed = 0);

}  // namespace layerlab::core
