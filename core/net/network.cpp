#include "core/net/network.h"

#include "core/common/memory.h"
#include "core/common/text.h"
#include "core/layers/layer_registry.h"
#include "core/net/network_path.h"
#include "core/net/shape_inference.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace layerlab::core {

Result<Network> compileNetwork(const Graph& graph, LossKind loss, std::uint64_t layerSeed) {
    const NetworkPath path = findNetworkPath(graph);
    if (!path.ok()) return *path.error;
    const std::unordered_set<NodeId> trained(path.trained.begin(), path.trained.end());
    // Only the trained path must infer: a stray layer's missing input is not the network's.
    const ShapeReport shapes = inferShapes(graph);
    for (const Diagnostic& d : shapes.diagnostics)
        if (trained.count(d.node) || d.node == 0) return makeNodeError(d.node, d.message);
    const LayerRegistry& registry = graph.registry();
    const NodeId input = path.input;

    auto order = graph.topologicalOrder();
    if (!order) return order.error();
    Network net;
    net.loss_ = loss;
    net.inputShape_ = *shapes.shapeOf(input);
    net.inputNode_ = input;

    // Fold a final Softmax/Sigmoid into the fused loss.
    NodeId outputNode = path.output;
    const Node& sinkNode = *graph.node(outputNode);
    NodeId folded = 0;
    if (loss == LossKind::SoftmaxCrossEntropy) {
        net.outputActivation_ = OutputActivation::Softmax;
        if (sinkNode.type == "Softmax") folded = outputNode;
    } else if (loss == LossKind::BinaryCrossEntropyLogits) {
        net.outputActivation_ = OutputActivation::Sigmoid;
        if (sinkNode.type == "Sigmoid") folded = outputNode;
    }
    if (folded) {
        outputNode = graph.inputEdge(folded, 0)->from;
        if (outputNode == input)
            return makeNodeError(folded, "the network has no layer with weights before its final " + sinkNode.type);
    }

    std::unordered_map<NodeId, int> actIndex;  // node -> index into acts_; Input -> -1
    actIndex[input] = -1;
    std::size_t paramTotal = 0, stateTotal = 0;
    std::uint64_t stepNo = 0;
    for (NodeId id : *order) {
        if (id == input || id == folded || !trained.count(id)) continue;
        const Node& n = *graph.node(id);
        const LayerInfo& info = *registry.find(n.type);
        const ParamMap params = registry.withDefaults(info, n.params);
        if (n.type == "Flatten") {
            // Samples are already flat columns (C,H,W order): Flatten is a
            // view of its input, not a copy.
            actIndex[id] = actIndex.at(graph.inputEdge(id, 0)->from);
            continue;
        }
        std::vector<Shape> inShapes;
        Network::Step step;
        for (int p = 0; p < info.inputs(params); ++p) {
            const Edge* e = graph.inputEdge(id, p);
            inShapes.push_back(*shapes.shapeOf(e->from));
            step.inputs.push_back(actIndex.at(e->from));
        }
        const Shape& out = *shapes.shapeOf(id);
        step.layer = info.create(params, inShapes, out, deriveSeed(layerSeed, stepNo++));
        if (!step.layer) return makeNodeError(id, graph.describe(id) + ": this layer type cannot be trained");
        CompiledLayer cl;
        cl.node = id;
        cl.type = n.type;
        cl.name = n.name;
        cl.inputShapes = inShapes;
        cl.outputShape = out;
        cl.paramOffset = paramTotal;
        cl.paramCount = step.layer->paramCount();
        cl.stateOffset = stateTotal;
        cl.stateCount = step.layer->stateCount();
        paramTotal += cl.paramCount;
        stateTotal += cl.stateCount;
        // Parameters, gradients and the decay mask are the first large allocations.
        if (auto s = checkMemory(9.0 * static_cast<double>(paramTotal) + 4.0 * static_cast<double>(stateTotal),
                                 "this network needs",
                                 " for its " + withThousands(static_cast<long long>(paramTotal)) +
                                     " parameters and their gradients");
            !s)
            return makeNodeError(id, s.error().message);
        if (info.flops) net.flops_ += info.flops(params, inShapes, out);
        // Weight decay: on weights, not on biases (the trailing `units`/`filters`
        // values of Dense/Conv2D) nor on BatchNorm's scale and shift.
        std::size_t decayed = 0;
        if (n.type == "Dense" || n.type == "Conv2D") {
            const auto biases = static_cast<std::size_t>(n.type == "Dense" ? out.size() : out.channels());
            decayed = cl.paramCount - (paramBool(params, "use_bias") ? biases : 0);
        }
        net.decayMask_.insert(net.decayMask_.end(), decayed, 1);
        net.decayMask_.insert(net.decayMask_.end(), cl.paramCount - decayed, 0);
        actIndex[id] = static_cast<int>(net.steps_.size());
        net.steps_.push_back(std::move(step));
        net.info_.push_back(std::move(cl));
    }
    net.outputIndex_ = actIndex.at(outputNode);
    if (net.outputIndex_ < 0)
        return makeNodeError(outputNode, "the network has no layer that computes anything; add a Dense or Conv2D layer");
    net.outputShape_ = *shapes.shapeOf(outputNode);
    net.params_.assign(paramTotal, 0);
    net.grads_.assign(paramTotal, 0);
    net.state_.assign(stateTotal, 0);
    for (std::size_t i = 0; i < net.steps_.size(); ++i) {
        const CompiledLayer& cl = net.info_[i];
        net.steps_[i].layer->bind(cl.paramCount ? net.params_.data() + cl.paramOffset : nullptr,
                                  cl.paramCount ? net.grads_.data() + cl.paramOffset : nullptr,
                                  cl.stateCount ? net.state_.data() + cl.stateOffset : nullptr);
    }
    for (NodeId id : path.stray) {
        const Node& n = *graph.node(id);
        net.stray_.push_back({id, n.type, n.name});
    }
    net.graph_ = graph;
    net.acts_.resize(net.steps_.size());
    net.dActs_.resize(net.steps_.size());
    return net;
}

void Network::initialize(std::uint64_t seed) {
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        Rng rng(deriveSeed(seed, i));
        steps_[i].layer->initialize(rng);
    }
}

Weights Network::weights() const {
    return Weights{{params_.begin(), params_.end()}, {state_.begin(), state_.end()}};
}

bool Network::fits(const Weights& w) const { return w.params.size() == params_.size() && w.state.size() == state_.size(); }

Status Network::setWeights(const Weights& w) {
    if (!fits(w))
        return makeError("the weights have " + std::to_string(w.params.size()) + " parameters and " +
                         std::to_string(w.state.size()) + " state values; the network needs " +
                         std::to_string(params_.size()) + " and " + std::to_string(state_.size()));
    std::copy(w.params.begin(), w.params.end(), params_.begin());
    std::copy(w.state.begin(), w.state.end(), state_.begin());
    return {};
}

const Matrix& Network::forward(const Matrix& x, Mode mode) {
    lastInput_ = &x;
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        Step& s = steps_[i];
        inPtrs_.clear();
        for (int k : s.inputs) inPtrs_.push_back(k < 0 ? &x : &acts_[static_cast<std::size_t>(k)]);
        s.layer->forward(inPtrs_, acts_[i], mode);
    }
    return output();
}

const Matrix& Network::output() const { return acts_[static_cast<std::size_t>(outputIndex_)]; }

void Network::backward(const Matrix& dOutput) {
    std::fill(grads_.begin(), grads_.end(), Scalar{0});
    const Eigen::Index batch = dOutput.cols();
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        Matrix& d = dActs_[i];
        if (d.rows() != acts_[i].rows() || d.cols() != batch) d.resize(acts_[i].rows(), batch);
        if (static_cast<int>(i) == outputIndex_) d = dOutput;
        else d.setZero();
    }
    for (std::size_t i = steps_.size(); i-- > 0;) {
        Step& s = steps_[i];
        inPtrs_.clear();
        dInPtrs_.clear();
        for (int k : s.inputs) {
            inPtrs_.push_back(k < 0 ? lastInput_ : &acts_[static_cast<std::size_t>(k)]);
            dInPtrs_.push_back(k < 0 ? nullptr : &dActs_[static_cast<std::size_t>(k)]);
        }
        s.layer->backward(inPtrs_, acts_[i], dActs_[i], dInPtrs_);
    }
}

void Network::predict(const Matrix& x, Matrix& out) {
    const Matrix& z = forward(x, Mode::Eval);
    switch (outputActivation_) {
    case OutputActivation::None:
        out = z;
        break;
    case OutputActivation::Softmax: {
        out.resize(z.rows(), z.cols());
        for (Eigen::Index j = 0; j < z.cols(); ++j) {
            const Scalar m = z.col(j).maxCoeff();
            out.col(j) = (z.col(j).array() - m).exp().matrix();
            out.col(j) /= out.col(j).sum();
        }
        break;
    }
    case OutputActivation::Sigmoid:
        out = (1.0f / (1.0f + (-z.array()).exp())).matrix();
        break;
    }
}

Result<Network> Network::makeReplica(std::uint64_t layerSeed) const {
    auto compiled = compileNetwork(graph_, loss_, layerSeed);
    if (!compiled) return compiled.error();
    Network replica = std::move(compiled).value();
    replica.params_.clear();
    replica.params_.shrink_to_fit();
    replica.state_ = state_;
    for (std::size_t i = 0; i < replica.steps_.size(); ++i) {
        const CompiledLayer& cl = replica.info_[i];
        // const_cast: the replica reads the shared parameters, never writes them
        // (only the optimizer does, on the primary, between steps).
        Scalar* shared = cl.paramCount ? const_cast<Scalar*>(params_.data()) + cl.paramOffset : nullptr;
        replica.steps_[i].layer->bind(shared, cl.paramCount ? replica.grads_.data() + cl.paramOffset : nullptr,
                                      cl.stateCount ? replica.state_.data() + cl.stateOffset : nullptr);
    }
    return replica;
}

void Network::setBatchSync(BatchSync* sync) {
    for (Step& s : steps_) s.layer->setBatchSync(sync);
}

const Matrix* Network::activationOf(NodeId node) const {
    for (std::size_t i = 0; i < info_.size(); ++i)
        if (info_[i].node == node) return &acts_[i];
    return nullptr;
}

const Layer* Network::layerOf(NodeId node) const {
    for (std::size_t i = 0; i < info_.size(); ++i)
        if (info_[i].node == node) return steps_[i].layer.get();
    return nullptr;
}

const Matrix* Network::gradientOf(NodeId node) const {
    for (std::size_t i = 0; i < info_.size(); ++i)
        if (info_[i].node == node) return &dActs_[i];
    return nullptr;
}

}  // namespace layerlab::core
