#include "core/teach/trace.h"

#include "core/layers/recurrent.h"

#include "core/layers/layer_registry.h"
#include "core/optim/optimizer.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace layerlab::core {

namespace {

bool isElementwiseActivation(const std::string& type, Activation& kind) {
    if (type == "ReLU") kind = Activation::ReLU;
    else if (type == "LeakyReLU") kind = Activation::LeakyReLU;
    else if (type == "Sigmoid") kind = Activation::Sigmoid;
    else if (type == "Tanh") kind = Activation::Tanh;
    else if (type == "Softmax") kind = Activation::Softmax;
    else return false;
    return true;
}

std::vector<float> toVector(const Matrix* m) {
    if (!m) return {};
    return std::vector<float>(m->data(), m->data() + m->size());
}

double norm2(std::span<const float> v) {
    double s = 0;
    for (float x : v) s += static_cast<double>(x) * static_cast<double>(x);
    return std::sqrt(s);
}

bool allFinite(std::span<const float> v) {
    return std::all_of(v.begin(), v.end(), [](float x) { return std::isfinite(x); });
}

ParamMap nodeParams(const Graph& g, NodeId id) {
    const Node* n = g.node(id);
    const LayerInfo* info = n ? g.registry().find(n->type) : nullptr;
    return info ? g.registry().withDefaults(*info, n->params) : ParamMap{};
}

// The compiled layer (index into net.layers()) whose output feeds input
// `port` of `node`: Flatten nodes are views and are looked through; -1 is
// the network input.
int producerOf(const Network& net, const std::unordered_map<NodeId, int>& layerIndex, NodeId node, int port) {
    const Graph& g = net.graph();
    const Edge* e = g.inputEdge(node, port);
    NodeId from = e ? e->from : 0;
    while (from) {
        const Node* n = g.node(from);
        if (!n || n->type != "Flatten") break;
        const Edge* up = g.inputEdge(from, 0);
        from = up ? up->from : 0;
    }
    const auto it = layerIndex.find(from);
    return it == layerIndex.end() ? -1 : it->second;
}

// Restores the network's parameters and state when the trace is done,
// whatever path it leaves by.
class ParamGuard {
public:
    explicit ParamGuard(Network& net)
        : net_(net), params_(net.params().begin(), net.params().end()), state_(net.state().begin(), net.state().end()) {}
    ~ParamGuard() {
        std::copy(params_.begin(), params_.end(), net_.params().begin());
        std::copy(state_.begin(), state_.end(), net_.state().begin());
    }
    ParamGuard(const ParamGuard&) = delete;
    ParamGuard& operator=(const ParamGuard&) = delete;
    const std::vector<float>& params() const { return params_; }

private:
    Network& net_;
    std::vector<float> params_, state_;
};

}  // namespace

const char* activationName(Activation a) {
    switch (a) {
        case Activation::Identity: return "identity";
        case Activation::ReLU: return "relu";
        case Activation::LeakyReLU: return "leaky_relu";
        case Activation::Sigmoid: return "sigmoid";
        case Activation::Tanh: return "tanh";
        case Activation::Softmax: return "softmax";
    }
    return "identity";
}

Result<ResolvedTarget> resolveTarget(const Network& net, const TraceTarget& target) {
    const int K = net.outputShape().size();
    ResolvedTarget r;
    r.values = Matrix::Zero(K, 1);
    auto labelError = [&] {
        return makeError("the target class " + std::to_string(target.label) + " is outside 0.." +
                         std::to_string(K - 1) + ": the network has " + std::to_string(K) + " outputs");
    };
    if (net.loss() == LossKind::SoftmaxCrossEntropy) {
        if (target.label < 0)
            return makeError("softmax cross-entropy compares with a class: give the sample's class (0.." +
                             std::to_string(K - 1) + ")");
        if (target.label >= K) return labelError();
        r.label = target.label;
        r.values(target.label, 0) = 1;
        return r;
    }
    if (!target.values.empty()) {
        if (static_cast<int>(target.values.size()) != K)
            return makeError("expected " + std::to_string(K) + " target value" + (K == 1 ? "" : "s") +
                             " (one per output), got " + std::to_string(target.values.size()));
        if (!allFinite(target.values)) return makeError("the target values must be finite numbers");
        for (int k = 0; k < K; ++k) r.values(k, 0) = target.values[static_cast<std::size_t>(k)];
        r.label = target.label;
        return r;
    }
    if (target.label < 0) return makeError("give the sample's target: " + std::to_string(K) + " value(s) or a class");
    if (K == 1) {
        if (target.label > 1) return makeError("a single output takes the class as 0 or 1, not " +
                                               std::to_string(target.label));
        r.values(0, 0) = static_cast<Scalar>(target.label);
    } else {
        if (target.label >= K) return labelError();
        r.values(target.label, 0) = 1;
    }
    r.label = target.label;
    return r;
}

Result<Trace> traceSample(Network& net, std::span<const float> input, const TraceTarget& target,
                          const TraceOptions& options) {
    const int inSize = net.inputShape().size();
    if (static_cast<int>(input.size()) != inSize)
        return makeError("the network's input takes " + std::to_string(inSize) + " value" + (inSize == 1 ? "" : "s") +
                         ", the sample has " + std::to_string(input.size()));
    if (!allFinite(input)) return makeError("the sample's inputs must be finite numbers");
    if (!std::isfinite(options.learningRate) || options.learningRate < 0)
        return makeError("the learning rate must be a finite number >= 0");
    auto resolved = resolveTarget(net, target);
    if (!resolved) return resolved.error();

    const Graph& graph = net.graph();
    const auto& layers = net.layers();
    std::unordered_map<NodeId, int> layerIndex;
    for (std::size_t i = 0; i < layers.size(); ++i) layerIndex[layers[i].node] = static_cast<int>(i);

    ParamGuard guard(net);
    Matrix x(inSize, 1);
    std::copy(input.begin(), input.end(), x.data());
    const Matrix& out = net.forward(x, Mode::Inspect);
    auto loss = makeLoss(net.loss());
    const Targets targets = resolved->targetsFor(net.loss());
    Matrix dOut, prediction;
    Trace t;
    t.lossValue = loss->compute(out, targets, &dOut);
    loss->activate(out, prediction);
    net.backward(dOut);

    t.loss = net.loss();
    t.outputActivation = net.outputActivation();
    t.label = resolved->label;
    t.target = toVector(&resolved->values);
    t.prediction = toVector(&prediction);
    t.learningRate = options.learningRate;

    // Stages.
    TraceStage in;
    in.kind = StageKind::Input;
    in.type = "Input";
    in.name = "input";
    if (const Node* n = graph.node(net.inputNode())) {
        in.node = n->id;
        in.name = n->name;
    }
    in.shape = net.inputShape();
    in.z = in.a = std::vector<float>(input.begin(), input.end());
    t.stages.push_back(std::move(in));

    const std::span<const float> params = net.params(), grads = net.grads();
    std::vector<int> stageOfLayer(layers.size(), 0);
    auto stageOf = [&](int layer) { return layer < 0 ? 0 : stageOfLayer[static_cast<std::size_t>(layer)]; };
    bool hasBatchNorm = false, hasDropout = false;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const CompiledLayer& cl = layers[i];
        hasBatchNorm |= cl.type == "BatchNorm";
        hasDropout |= cl.type == "Dropout";
        TraceStage s;
        s.name = cl.name;
        s.type = cl.type;
        s.node = cl.node;
        s.shape = cl.outputShape;
        for (int p = 0; p < graph.inputCount(cl.node); ++p)
            s.inputStages.push_back(stageOf(producerOf(net, layerIndex, cl.node, p)));
        s.z = toVector(net.activationOf(cl.node));
        s.delta = toVector(net.gradientOf(cl.node));
        s.a = s.z;
        s.dA = s.delta;
        s.paramOffset = cl.paramOffset;
        s.paramCount = cl.paramCount;
        s.paramNorm = norm2(params.subspan(cl.paramOffset, cl.paramCount));
        s.gradNorm = norm2(grads.subspan(cl.paramOffset, cl.paramCount));
        s.deltaNorm = norm2(s.delta);
        const int stageIndex = static_cast<int>(t.stages.size());
        stageOfLayer[i] = stageIndex;
        if (cl.type == "Dense") {
            s.kind = StageKind::Dense;
            s.units = cl.outputShape.size();
            s.fanIn = static_cast<int>(t.stages[static_cast<std::size_t>(s.inputStages.front())].a.size());
            const std::size_t nW = static_cast<std::size_t>(s.units) * static_cast<std::size_t>(s.fanIn);
            s.hasBias = cl.paramCount > nW;
            const auto w = params.subspan(cl.paramOffset, cl.paramCount);
            const auto g = grads.subspan(cl.paramOffset, cl.paramCount);
            s.W.assign(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(nW));
            s.dW.assign(g.begin(), g.begin() + static_cast<std::ptrdiff_t>(nW));
            if (s.hasBias) {
                s.b.assign(w.begin() + static_cast<std::ptrdiff_t>(nW), w.end());
                s.db.assign(g.begin() + static_cast<std::ptrdiff_t>(nW), g.end());
            }
            // Merge the element-wise activation that alone consumes this layer.
            Activation act = Activation::Identity;
            if (i + 1 < layers.size() && isElementwiseActivation(layers[i + 1].type, act) &&
                graph.consumers(cl.node).size() == 1 &&
                producerOf(net, layerIndex, layers[i + 1].node, 0) == static_cast<int>(i)) {
                const CompiledLayer& next = layers[i + 1];
                s.activation = act;
                s.activationNode = next.node;
                if (act == Activation::LeakyReLU) s.leakySlope = paramFloat(nodeParams(graph, next.node), "alpha");
                s.a = toVector(net.activationOf(next.node));
                s.dA = toVector(net.gradientOf(next.node));
                stageOfLayer[++i] = stageIndex;
            }
        } else {
            s.kind = StageKind::Block;
        }
        t.stages.push_back(std::move(s));
    }

    // The SGD step, with the engine's optimizer.
    OptimizerConfig sgd;
    sgd.kind = OptimizerKind::SGD;
    sgd.learningRate = options.learningRate;
    Optimizer optimizer(sgd, net.paramCount());
    std::vector<float> updated(params.begin(), params.end());
    optimizer.step(updated, grads, options.learningRate);
    for (TraceStage& s : t.stages) {
        if (s.kind != StageKind::Dense) continue;
        const std::size_t nW = s.W.size();
        const auto u = std::span<const float>(updated).subspan(s.paramOffset, s.paramCount);
        s.newW.assign(u.begin(), u.begin() + static_cast<std::ptrdiff_t>(nW));
        if (s.hasBias) s.newB.assign(u.begin() + static_cast<std::ptrdiff_t>(nW), u.end());
    }
    // Recurrent layers unrolled in time, read from the layers' own record of
    // this forward and backward (before the second forward below).
    for (TraceStage& s : t.stages) {
        const auto* rnn = dynamic_cast<const Recurrent*>(s.kind == StageKind::Block ? net.layerOf(s.node) : nullptr);
        if (!rnn) continue;
        s.recurrent.push_back(unrollRecurrent(*rnn, params.subspan(s.paramOffset, s.paramCount),
                                              grads.subspan(s.paramOffset, s.paramCount),
                                              std::span<const float>(updated).subspan(s.paramOffset, s.paramCount)));
    }
    std::copy(updated.begin(), updated.end(), net.params().begin());
    const Matrix& after = net.forward(x, Mode::Eval);
    t.lossAfter = loss->compute(after, targets, nullptr);
    Matrix predictionAfter;
    loss->activate(after, predictionAfter);
    t.predictionAfter = toVector(&predictionAfter);

    if (hasBatchNorm)
        t.notes.push_back("BatchNorm layers use their running statistics (evaluation mode), as when the network "
                          "predicts; a training step normalises with the batch's statistics instead.");
    if (hasDropout)
        t.notes.push_back("Dropout is off (evaluation mode): every unit takes part; a training step drops units "
                          "at random.");
    return t;
}

std::string describeParameter(const Network& net, std::size_t index) {
    for (const CompiledLayer& cl : net.layers()) {
        if (index < cl.paramOffset || index >= cl.paramOffset + cl.paramCount) continue;
        const std::size_t local = index - cl.paramOffset;
        if (cl.type == "Dense") {
            const auto units = static_cast<std::size_t>(cl.outputShape.size());
            const bool bias = paramBool(nodeParams(net.graph(), cl.node), "use_bias");
            const std::size_t nW = cl.paramCount - (bias ? units : 0);
            if (local >= nW) return cl.name + " b[" + std::to_string(local - nW + 1) + "]";
            return cl.name + " W[" + std::to_string(local % units + 1) + "," + std::to_string(local / units + 1) + "]";
        }
        return cl.name + " parameter " + std::to_string(local + 1) + " of " + std::to_string(cl.paramCount);
    }
    return {};
}

}  // namespace layerlab::core
