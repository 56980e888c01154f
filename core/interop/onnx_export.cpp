// onnxModelBytes: walks the compiled network's trained path in graph order and
// writes each layer as one ONNX node (a few for the layers ONNX spells
// differently: recurrent layers are seq-major in ONNX, Add of n inputs is a
// chain). Tensor names are the LayerLab node names; helper nodes are named
// "<node>/<what>".
#include "core/interop/onnx_export.h"

#include "core/interop/onnx_layout.h"
#include "core/layers/conv2d.h"
#include "core/layers/recurrent.h"
#include "core/net/network_path.h"
#include "core/net/shape_inference.h"

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include <algorithm>
#include <exception>
#include <map>
#include <set>

namespace layerlab::core {

namespace {

constexpr int kOpset = 13;
constexpr int kIrVersion = 7;  // the IR of opset 13 (onnx 1.8); onnx 1.12 reads it

class Builder {
public:
    explicit Builder(onnx::GraphProto& g) : g_(g) {
        used_.insert("input");
        used_.insert("output");
    }

    // A tensor or node name not used yet, from `base`.
    std::string fresh(const std::string& base) {
        std::string name = base;
        for (int i = 1; used_.count(name); ++i) name = base + "_" + std::to_string(i);
        used_.insert(name);
        return name;
    }

    onnx::NodeProto& node(const std::string& op, const std::string& name, const std::vector<std::string>& in,
                          const std::string& out) {
        onnx::NodeProto& n = *g_.add_node();
        n.set_op_type(op);
        n.set_name(name);
        for (const std::string& i : in) n.add_input(i);
        n.add_output(out);
        return n;
    }

    std::string floats(const std::string& base, const std::vector<std::int64_t>& dims, const float* data,
                       std::size_t count) {
        onnx::TensorProto& t = *g_.add_initializer();
        t.set_name(fresh(base));
        t.set_data_type(onnx::TensorProto::FLOAT);
        for (std::int64_t d : dims) t.add_dims(d);
        t.set_raw_data(std::string(reinterpret_cast<const char*>(data), count * sizeof(float)));
        return t.name();
    }
    std::string floats(const std::string& base, const std::vector<std::int64_t>& dims, const std::vector<float>& v) {
        return floats(base, dims, v.data(), v.size());
    }

    std::string ints(const std::string& base, const std::vector<std::int64_t>& dims,
                     const std::vector<std::int64_t>& v) {
        onnx::TensorProto& t = *g_.add_initializer();
        t.set_name(fresh(base));
        t.set_data_type(onnx::TensorProto::INT64);
        for (std::int64_t d : dims) t.add_dims(d);
        for (std::int64_t x : v) t.add_int64_data(x);
        return t.name();
    }

private:
    onnx::GraphProto& g_;
    std::set<std::string> used_;
};

void attr(onnx::NodeProto& n, const std::string& name, std::int64_t v) {
    onnx::AttributeProto& a = *n.add_attribute();
    a.set_name(name);
    a.set_type(onnx::AttributeProto::INT);
    a.set_i(v);
}
void attr(onnx::NodeProto& n, const std::string& name, float v) {
    onnx::AttributeProto& a = *n.add_attribute();
    a.set_name(name);
    a.set_type(onnx::AttributeProto::FLOAT);
    a.set_f(v);
}
void attr(onnx::NodeProto& n, const std::string& name, const std::vector<std::int64_t>& v) {
    onnx::AttributeProto& a = *n.add_attribute();
    a.set_name(name);
    a.set_type(onnx::AttributeProto::INTS);
    for (std::int64_t x : v) a.add_ints(x);
}
void attr(onnx::NodeProto& n, const std::string& name, const std::vector<float>& v) {
    onnx::AttributeProto& a = *n.add_attribute();
    a.set_name(name);
    a.set_type(onnx::AttributeProto::FLOATS);
    for (float x : v) a.add_floats(x);
}
void attr(onnx::NodeProto& n, const std::string& name, const std::vector<std::string>& v) {
    onnx::AttributeProto& a = *n.add_attribute();
    a.set_name(name);
    a.set_type(onnx::AttributeProto::STRINGS);
    for (const std::string& x : v) a.add_strings(x);
}

void valueInfo(onnx::ValueInfoProto& v, const std::string& name, const Shape& sample) {
    v.set_name(name);
    onnx::TypeProto_Tensor& t = *v.mutable_type()->mutable_tensor_type();
    t.set_elem_type(onnx::TensorProto::FLOAT);
    onnx::TensorShapeProto& s = *t.mutable_shape();
    s.add_dim()->set_dim_param("N");
    for (int d : sample.dims) s.add_dim()->set_dim_value(d);
}

std::string onnxActivation(RecurrentActivation a) {
    switch (a) {
        case RecurrentActivation::Tanh: return "Tanh";
        case RecurrentActivation::ReLU: return "Relu";
        case RecurrentActivation::Sigmoid: return "Sigmoid";
        case RecurrentActivation::HardSigmoid: return "HardSigmoid";
    }
    return "Tanh";
}

struct Emit {
    Builder& b;
    const Network& net;
    const Node& node;
    const ParamMap params;              // with the registry's defaults
    std::vector<std::string> in;        // input tensors, by port
    std::vector<Shape> inShapes;
    Shape outShape;
    const CompiledLayer* layer;         // nullptr for layers without a compiled step (Flatten, folded)
    std::string out;                    // the tensor to write

    const float* params_() const { return net.params().data() + layer->paramOffset; }
    const float* state_() const { return net.state().data() + layer->stateOffset; }
    std::string sub(const std::string& what) const { return b.fresh(node.name + "/" + what); }
};

// An activation over a whole sample (LayerLab's Softmax): ONNX's Softmax is
// over one axis, so an image or sequence is flattened first and reshaped back.
void emitSoftmax(Builder& b, const std::string& name, const std::string& in, const Shape& shape,
                 const std::string& out) {
    if (shape.rank() <= 1) {
        attr(b.node("Softmax", name, {in}, out), "axis", std::int64_t{1});
        return;
    }
    const std::string flat = b.fresh(name + "/flatten"), soft = b.fresh(name + "/softmax");
    attr(b.node("Flatten", flat, {in}, flat), "axis", std::int64_t{1});
    attr(b.node("Softmax", soft, {flat}, soft), "axis", std::int64_t{1});
    std::vector<std::int64_t> dims{-1};
    for (int d : shape.dims) dims.push_back(d);
    const std::string target = b.ints(name + ".shape", {static_cast<std::int64_t>(dims.size())}, dims);
    b.node("Reshape", name, {soft, target}, out);
}

Status emitRecurrent(Emit& e) {
    RecurrentCell cell = RecurrentCell::SimpleRNN;
    if (e.node.type == "LSTM") cell = RecurrentCell::LSTM;
    if (e.node.type == "GRU") cell = RecurrentCell::GRU;
    const std::size_t G = static_cast<std::size_t>(recurrentGates(cell));
    const std::size_t H = static_cast<std::size_t>(paramInt(e.params, "units"));
    const std::size_t F = static_cast<std::size_t>(e.inShapes[0].dims[1]);
    const bool bias = paramBool(e.params, "use_bias");
    const float* p = e.params_();
    using onnx_layout::reorderGates;
    const std::vector<float> W = reorderGates(cell, p, H, F, true);
    const std::vector<float> R = reorderGates(cell, p + G * H * F, H, H, true);
    const auto gh = static_cast<std::int64_t>(G * H);
    std::vector<std::string> inputs{e.sub("transpose_in"), e.b.floats(e.node.name + ".W", {1, gh, std::int64_t(F)}, W),
                                    e.b.floats(e.node.name + ".R", {1, gh, std::int64_t(H)}, R)};
    if (bias) {
        const float* bih = p + G * H * (F + H);
        std::vector<float> B = reorderGates(cell, bih, H, 1, true);
        const std::vector<float> Bh = reorderGates(cell, bih + G * H, H, 1, true);
        B.insert(B.end(), Bh.begin(), Bh.end());
        inputs.push_back(e.b.floats(e.node.name + ".B", {1, 2 * gh}, B));
    }
    attr(e.b.node("Transpose", inputs[0], {e.in[0]}, inputs[0]), "perm", std::vector<std::int64_t>{1, 0, 2});

    auto act = recurrentActivationFromName(paramString(e.params, "activation"));
    if (!act) return makeNodeError(e.node.id, e.node.name + ": " + act.error().message);
    RecurrentActivation gate = RecurrentActivation::Sigmoid;
    if (cell != RecurrentCell::SimpleRNN) {
        auto g = recurrentActivationFromName(paramString(e.params, "recurrent_activation"));
        if (!g) return makeNodeError(e.node.id, e.node.name + ": " + g.error().message);
        gate = *g;
    }
    std::vector<RecurrentActivation> acts;
    if (cell == RecurrentCell::SimpleRNN) acts = {*act};
    else if (cell == RecurrentCell::LSTM) acts = {gate, *act, *act};
    else acts = {gate, *act};
    std::vector<std::string> names;
    std::vector<float> alpha, beta;
    for (RecurrentActivation a : acts) {
        names.push_back(onnxActivation(a));
        const bool hard = a == RecurrentActivation::HardSigmoid;
        alpha.push_back(hard ? onnx_layout::kHardSigmoidAlpha : 0.f);
        beta.push_back(hard ? onnx_layout::kHardSigmoidBeta : 0.f);
    }
    const bool sequences = paramBool(e.params, "return_sequences");
    const std::string op = cell == RecurrentCell::SimpleRNN ? "RNN" : e.node.type;
    // Outputs Y [T,1,N,H] and Y_h [1,N,H]: one is used (an unused one is named "").
    const std::string y = e.sub(sequences ? "Y" : "Y_h");
    onnx::NodeProto& n = e.b.node(op, e.node.name, inputs, sequences ? y : std::string());
    if (!sequences) n.add_output(y);
    attr(n, "hidden_size", static_cast<std::int64_t>(H));
    // The default activations are not written: OpenCV 4.6 cannot read the attribute.
    const bool defaults = *act == RecurrentActivation::Tanh && gate == RecurrentActivation::Sigmoid;
    if (!defaults) attr(n, "activations", names);
    if (std::find(acts.begin(), acts.end(), RecurrentActivation::HardSigmoid) != acts.end()) {
        attr(n, "activation_alpha", alpha);
        attr(n, "activation_beta", beta);
    }
    if (cell == RecurrentCell::GRU) attr(n, "linear_before_reset", std::int64_t{1});
    // The direction axis goes by Reshape, not Squeeze: Y_h [1,N,H] -> [N,H];
    // Y [T,1,N,H] -> [T,N,H] -> [N,T,H]. (OpenCV 4.6 reads only opset-11 Squeeze;
    // its recurrent import fails further on anyway, also for torch's own files.)
    const auto T = static_cast<std::int64_t>(e.inShapes[0].dims[0]), h = static_cast<std::int64_t>(H);
    if (!sequences) {
        const std::string shape = e.b.ints(e.node.name + ".shape", {2}, {-1, h});
        e.b.node("Reshape", e.sub("reshape"), {y, shape}, e.out);
        return {};
    }
    const std::string shape = e.b.ints(e.node.name + ".shape", {3}, {T, -1, h});
    const std::string seq = e.sub("reshape");
    e.b.node("Reshape", seq, {y, shape}, seq);
    attr(e.b.node("Transpose", e.sub("transpose_out"), {seq}, e.out), "perm", std::vector<std::int64_t>{1, 0, 2});
    return {};
}

Status emitLayer(Emit& e) {
    const std::string& t = e.node.type;
    const std::string& name = e.node.name;
    if (t == "Dense") {
        std::string x = e.in[0];
        if (e.inShapes[0].rank() > 1) {
            x = e.sub("flatten");
            attr(e.b.node("Flatten", x, {e.in[0]}, x), "axis", std::int64_t{1});
        }
        const std::size_t units = static_cast<std::size_t>(e.outShape.size());
        const std::size_t in = static_cast<std::size_t>(e.inShapes[0].size());
        const std::vector<float> W = onnx_layout::columnToRowMajor(e.params_(), units, in);
        std::vector<std::string> inputs{x, e.b.floats(name + ".weight", {std::int64_t(units), std::int64_t(in)}, W)};
        if (paramBool(e.params, "use_bias"))
            inputs.push_back(e.b.floats(name + ".bias", {std::int64_t(units)}, e.params_() + units * in, units));
        attr(e.b.node("Gemm", name, inputs, e.out), "transB", std::int64_t{1});
        return {};
    }
    if (t == "Conv2D") {
        const Shape& s = e.inShapes[0];
        const int k = static_cast<int>(paramInt(e.params, "kernel")), st = static_cast<int>(paramInt(e.params, "stride"));
        const bool same = paramString(e.params, "padding") == "same";
        auto ah = convAxis(s.height(), k, st, same), aw = convAxis(s.width(), k, st, same);
        if (!ah || !aw) return makeNodeError(e.node.id, name + ": " + (ah ? aw : ah).error().message);
        auto total = [&](const ConvAxis& a) { return std::max((a.out - 1) * st + k - a.in, 0); };
        const std::size_t F = static_cast<std::size_t>(e.outShape.channels());
        const std::size_t ckk = static_cast<std::size_t>(s.channels()) * static_cast<std::size_t>(k * k);
        const std::vector<float> W = onnx_layout::columnToRowMajor(e.params_(), F, ckk);
        std::vector<std::string> inputs{
            e.in[0], e.b.floats(name + ".weight", {std::int64_t(F), s.channels(), k, k}, W)};
        if (paramBool(e.params, "use_bias"))
            inputs.push_back(e.b.floats(name + ".bias", {std::int64_t(F)}, e.params_() + F * ckk, F));
        onnx::NodeProto& n = e.b.node("Conv", name, inputs, e.out);
        attr(n, "kernel_shape", std::vector<std::int64_t>{k, k});
        attr(n, "strides", std::vector<std::int64_t>{st, st});
        const int th = same ? total(*ah) : 0, tw = same ? total(*aw) : 0;
        attr(n, "pads", std::vector<std::int64_t>{ah->padBefore, aw->padBefore, th - ah->padBefore, tw - aw->padBefore});
        return {};
    }
    if (t == "MaxPool2D" || t == "AvgPool2D") {
        const std::int64_t size = paramInt(e.params, "size"), stride = paramInt(e.params, "stride");
        onnx::NodeProto& n = e.b.node(t == "MaxPool2D" ? "MaxPool" : "AveragePool", name, {e.in[0]}, e.out);
        attr(n, "kernel_shape", std::vector<std::int64_t>{size, size});
        attr(n, "strides", std::vector<std::int64_t>{stride ? stride : size, stride ? stride : size});
        return {};
    }
    static const std::map<std::string, std::string> unary = {
        {"ReLU", "Relu"}, {"Sigmoid", "Sigmoid"}, {"Tanh", "Tanh"}, {"Flatten", "Flatten"}};
    if (auto u = unary.find(t); u != unary.end()) {
        onnx::NodeProto& n = e.b.node(u->second, name, {e.in[0]}, e.out);
        if (t == "Flatten") attr(n, "axis", std::int64_t{1});
        return {};
    }
    if (t == "LeakyReLU") {
        attr(e.b.node("LeakyRelu", name, {e.in[0]}, e.out), "alpha", static_cast<float>(paramFloat(e.params, "alpha")));
        return {};
    }
    if (t == "Softmax") {
        emitSoftmax(e.b, name, e.in[0], e.inShapes[0], e.out);
        return {};
    }
    if (t == "Add") {
        std::string acc = e.in[0];
        for (std::size_t i = 1; i < e.in.size(); ++i) {
            const bool last = i + 1 == e.in.size();
            const std::string step = last ? e.out : e.sub("add" + std::to_string(i));
            e.b.node("Add", last ? name : step, {acc, e.in[i]}, step);
            acc = step;
        }
        return {};
    }
    if (t == "Concat") {
        attr(e.b.node("Concat", name, e.in, e.out), "axis", std::int64_t{1});
        return {};
    }
    if (t == "Dropout") {
        e.b.node("Identity", name, {e.in[0]}, e.out);  // evaluation: passes the values through
        return {};
    }
    if (t == "BatchNorm") {
        const auto C = static_cast<std::size_t>(e.inShapes[0].isImage() ? e.inShapes[0].channels() : e.inShapes[0].size());
        const std::vector<std::int64_t> d{std::int64_t(C)};
        // A sequence {T,F} is normalised per value (T*F features), as LayerLab does:
        // ONNX's channel axis is 1, so flatten it first and reshape back after.
        const Shape& shape = e.inShapes[0];
        const bool sequence = shape.isSequence();
        std::string in = e.in[0], out = e.out;
        if (sequence) {
            in = e.sub("flatten");
            attr(e.b.node("Flatten", in, {e.in[0]}, in), "axis", std::int64_t{1});
            out = e.sub("normalised");
        }
        onnx::NodeProto& n =
            e.b.node("BatchNormalization", sequence ? out : name,
                     {in, e.b.floats(name + ".scale", d, e.params_(), C), e.b.floats(name + ".bias", d, e.params_() + C, C),
                      e.b.floats(name + ".running_mean", d, e.state_(), C),
                      e.b.floats(name + ".running_var", d, e.state_() + C, C)},
                     out);
        attr(n, "epsilon", static_cast<float>(paramFloat(e.params, "epsilon")));
        attr(n, "momentum", static_cast<float>(paramFloat(e.params, "momentum")));
        if (sequence) {
            const std::string target =
                e.b.ints(name + ".shape", {3}, {-1, std::int64_t(shape.dims[0]), std::int64_t(shape.dims[1])});
            e.b.node("Reshape", name, {out, target}, e.out);
        }
        return {};
    }
    if (t == "LSTM" || t == "GRU" || t == "SimpleRNN") return emitRecurrent(e);
    if (t == "LastStep") {
        const std::string idx = e.b.ints(name + ".index", {}, {e.inShapes[0].dims[0] - 1});
        attr(e.b.node("Gather", name, {e.in[0], idx}, e.out), "axis", std::int64_t{1});
        return {};
    }
    return makeNodeError(e.node.id, "layer '" + name + "' is a " + t + ", which the ONNX export does not know");
}

}  // namespace

static Result<std::string> modelBytes(const Network& net, const std::string& modelName) {
    const Graph& graph = net.graph();
    const NetworkPath path = findNetworkPath(graph);
    if (!path.ok()) return *path.error;
    const ShapeReport shapes = inferShapes(graph);
    auto order = graph.topologicalOrder();
    if (!order) return order.error();
    std::map<NodeId, const CompiledLayer*> compiled;
    for (const CompiledLayer& cl : net.layers()) compiled[cl.node] = &cl;
    const std::set<NodeId> trained(path.trained.begin(), path.trained.end());

    onnx::ModelProto model;
    model.set_ir_version(kIrVersion);
    model.set_producer_name("LayerLab");
    model.set_producer_version(LAYERLAB_VERSION);
    model.add_opset_import()->set_version(kOpset);  // the default domain ""
    onnx::GraphProto& g = *model.mutable_graph();
    g.set_name(modelName.empty() ? "layerlab" : modelName);
    Builder b(g);

    // What predict() adds after the graph's last node.
    const Node& sink = *graph.node(path.output);
    std::string extra;
    if (net.outputActivation() == OutputActivation::Softmax && sink.type != "Softmax") extra = "Softmax";
    if (net.outputActivation() == OutputActivation::Sigmoid && sink.type != "Sigmoid") extra = "Sigmoid";

    std::map<NodeId, std::string> tensor;
    for (NodeId id : *order) {
        if (!trained.count(id)) continue;
        const Node& n = *graph.node(id);
        if (id == path.input) {
            tensor[id] = "input";
            valueInfo(*g.add_input(), "input", net.inputShape());
            continue;
        }
        const LayerInfo& info = *graph.registry().find(n.type);
        Emit e{b, net, n, graph.registry().withDefaults(info, n.params), {}, {}, *shapes.shapeOf(id), nullptr, {}};
        for (int p = 0; p < graph.inputCount(id); ++p) {
            const Edge* edge = graph.inputEdge(id, p);
            e.in.push_back(tensor.at(edge->from));
            e.inShapes.push_back(*shapes.shapeOf(edge->from));
        }
        if (auto c = compiled.find(id); c != compiled.end()) e.layer = c->second;
        const bool needsNumbers = n.type == "Dense" || n.type == "Conv2D" || n.type == "BatchNorm" ||
                                  n.type == "LSTM" || n.type == "GRU" || n.type == "SimpleRNN";
        if (needsNumbers && !e.layer) return makeNodeError(id, "layer '" + n.name + "' is not compiled in this network");
        e.out = id == path.output && extra.empty() ? "output" : b.fresh(n.name);
        if (auto s = emitLayer(e); !s) return s.error();
        tensor[id] = e.out;
    }
    if (!extra.empty()) {
        const std::string name = b.fresh(sink.name + "/" + (extra == "Softmax" ? "softmax" : "sigmoid"));
        if (extra == "Softmax") emitSoftmax(b, name, tensor.at(path.output), *shapes.shapeOf(path.output), "output");
        else b.node("Sigmoid", name, {tensor.at(path.output)}, "output");
    }
    valueInfo(*g.add_output(), "output", *shapes.shapeOf(path.output));
    try {
        onnx::checker::check_model(model);
    } catch (const std::exception& ex) {
        return makeError(std::string("the ONNX model LayerLab wrote fails ONNX's checker: ") + ex.what());
    }
    std::string bytes;
    if (!model.SerializeToString(&bytes)) return makeError("could not serialize the ONNX model (is it above 2 GB?)");
    return bytes;
}

Result<std::string> onnxModelBytes(const Network& net, const std::string& modelName) {
    try {
        return modelBytes(net, modelName);
    } catch (const std::exception& e) {  // protobuf and the checker report by throwing
        return makeError(std::string("could not write the ONNX model: ") + e.what());
    }
}

}  // namespace layerlab::core
