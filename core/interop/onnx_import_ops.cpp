// One ONNX node at a time (onnx_import_state.h): layers for the computing
// operators, values for the shape arithmetic torch.onnx.export writes around
// them, views for the seq-major tensors around recurrent operators.
#include "core/interop/onnx_import_state.h"

#include "core/common/text.h"
#include "core/interop/onnx_layout.h"
#include "core/layers/conv2d.h"
#include "core/layers/layer_registry.h"
#include "core/layers/recurrent.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace layerlab::core::onnx_import {

namespace {

std::int64_t attrInt(const onnx::NodeProto& n, const std::string& name, std::int64_t def) {
    const auto* a = findAttr(n, name);
    return a ? a->i() : def;
}
float attrFloat(const onnx::NodeProto& n, const std::string& name, float def) {
    const auto* a = findAttr(n, name);
    return a ? a->f() : def;
}
std::vector<std::int64_t> attrInts(const onnx::NodeProto& n, const std::string& name) {
    const auto* a = findAttr(n, name);
    return a ? std::vector<std::int64_t>(a->ints().begin(), a->ints().end()) : std::vector<std::int64_t>{};
}
std::string attrString(const onnx::NodeProto& n, const std::string& name, const std::string& def) {
    const auto* a = findAttr(n, name);
    return a ? a->s() : def;
}

Result<const Value*> in(const State& s, const onnx::NodeProto& n, int k) {
    if (!has(n, k)) return fail(n, "input " + std::to_string(k + 1) + " is missing");
    const auto it = s.values.find(n.input(k));
    if (it == s.values.end())
        return fail(n, "reads the tensor " + onnx_import::quoted(n.input(k)) +
                           ", which no earlier node, initializer or graph input gives (the nodes must be in order)");
    if (const auto* u = std::get_if<Unusable>(&it->second))
        return fail(n, "reads " + onnx_import::quoted(n.input(k)) + ", " + u->why);
    return &it->second;
}
Result<Run> runIn(const State& s, const onnx::NodeProto& n, int k) {
    auto v = in(s, n, k);
    if (!v) return v.error();
    if (const auto* r = std::get_if<Run>(*v)) return *r;
    return fail(n, "input " + std::to_string(k + 1) + " is a constant; LayerLab's layers compute on the data only");
}
Result<const Const*> constIn(const State& s, const onnx::NodeProto& n, int k) {
    auto v = in(s, n, k);
    if (!v) return v.error();
    if (const auto* c = std::get_if<Const>(*v)) return c;
    return fail(n, "input " + std::to_string(k + 1) + " (" + onnx_import::quoted(n.input(k)) +
                       ") must be a constant (an initializer), but it is computed from the data");
}
void out(State& s, const onnx::NodeProto& n, int k, Value v) {
    if (k < n.output_size() && !n.output(k).empty()) s.values[n.output(k)] = std::move(v);
}

const Shape& shapeOf(const State& s, const Run& r) { return s.layers[static_cast<std::size_t>(r.layer)].shape; }
// The ONNX rank of a tensor holding r.
int onnxRank(const State& s, const Run& r) {
    switch (r.view) {
        case View::Batch: return 1 + shapeOf(s, r).rank();
        case View::SeqMajor: case View::RnnYh: case View::LastKeep: return 3;
        case View::RnnY: return 4;
    }
    return 0;
}
Result<Run> batchIn(const State& s, const onnx::NodeProto& n, int k) {
    auto r = runIn(s, n, k);
    if (!r) return r;
    if (r->view != View::Batch)
        return fail(n, "reads a recurrent layer's time-major output in a way LayerLab cannot follow; "
                       "export the model with batch_first=True");
    return r;
}

Result<Run> layer(State& s, const onnx::NodeProto& n, const std::string& type, ParamMap params, std::vector<int> from,
                  std::vector<float> weights = {}, std::vector<float> state = {}) {
    auto id = addLayer(s, nodeName(n), type, std::move(params), std::move(from));
    if (!id) return id.error();
    s.layers[static_cast<std::size_t>(*id)].weights = std::move(weights);
    s.layers[static_cast<std::size_t>(*id)].state = std::move(state);
    return Run{*id, View::Batch};
}

Status emit(State& s, const onnx::NodeProto& n, Result<Run> r) {
    if (!r) return r.error();
    out(s, n, 0, *r);
    return {};
}

Status dense(State& s, const onnx::NodeProto& n, bool gemm) {
    auto x = batchIn(s, n, 0);
    if (!x) return x.error();
    const Shape& xs = shapeOf(s, *x);
    if (xs.rank() != 1) return fail(n, "multiplies a " + std::to_string(onnxRank(s, *x)) + "-D tensor; LayerLab's Dense reads vectors (put a Flatten first)");
    auto b = constIn(s, n, 1);
    if (!b) return b.error();
    const Const& B = **b;
    if (!B.isFloat || B.dims.size() != 2) return fail(n, "its weight must be a 2-D float tensor");
    if (gemm && attrInt(n, "transA", 0) != 0) return fail(n, "transA=1 (the data transposed) has no LayerLab layer");
    const bool transB = gemm && attrInt(n, "transB", 0) != 0;
    const std::int64_t inF = transB ? B.dims[1] : B.dims[0], units = transB ? B.dims[0] : B.dims[1];
    if (inF != xs.size())
        return fail(n, "its weight is " + std::to_string(B.dims[0]) + "x" + std::to_string(B.dims[1]) + " but its input has " +
                           std::to_string(xs.size()) + " features");
    const float alpha = gemm ? attrFloat(n, "alpha", 1.f) : 1.f, beta = gemm ? attrFloat(n, "beta", 1.f) : 1.f;
    const auto U = static_cast<std::size_t>(units), F = static_cast<std::size_t>(inF);
    // LayerLab's W is units x in, column-major: ONNX's [in, units] row-major as it is.
    std::vector<float> w = transB ? onnx_layout::rowToColumnMajor(B.f.data(), U, F) : B.f;
    for (float& v : w) v *= alpha;
    const bool bias = gemm && has(n, 2);
    if (bias) {
        auto c = constIn(s, n, 2);
        if (!c) return c.error();
        const Const& C = **c;
        if (!C.isFloat || (C.count() != U && C.count() != 1))
            return fail(n, "its bias C must hold " + std::to_string(U) + " floats (or one), found " + std::to_string(C.count()));
        for (std::size_t u = 0; u < U; ++u) w.push_back(beta * C.f[C.count() == 1 ? 0 : u]);
    }
    return emit(s, n, layer(s, n, "Dense", {{"units", units}, {"use_bias", bias}}, {x->layer}, std::move(w)));
}

// MatMul's Dense (no bias) followed by Add of a constant: the bias.
Status addBias(State& s, const onnx::NodeProto& n, int runPort) {
    auto x = batchIn(s, n, runPort);
    if (!x) return x.error();
    auto c = constIn(s, n, 1 - runPort);
    if (!c) return c.error();
    PendingLayer& d = s.layers[static_cast<std::size_t>(x->layer)];
    const bool taken = std::any_of(s.layers.begin(), s.layers.end(), [&](const PendingLayer& l) {
        return std::find(l.from.begin(), l.from.end(), x->layer) != l.from.end();
    });
    if (d.type != "Dense" || paramBool(d.params, "use_bias") || taken)
        return fail(n, "adds a constant tensor to computed values, which LayerLab has no layer for (only a "
                       "MatMul's bias can be added)");
    const std::size_t U = static_cast<std::size_t>(d.shape.size());
    if (!(*c)->isFloat || (*c)->count() != U)
        return fail(n, "the bias must hold " + std::to_string(U) + " floats, found " + std::to_string((*c)->count()));
    d.params["use_bias"] = true;
    d.weights.insert(d.weights.end(), (*c)->f.begin(), (*c)->f.end());
    s.values[n.input(runPort)] = Unusable{"whose bias was merged into the Dense layer; it cannot be used elsewhere"};
    out(s, n, 0, *x);
    return {};
}

Status conv(State& s, const onnx::NodeProto& n) {
    auto x = batchIn(s, n, 0);
    if (!x) return x.error();
    const Shape xs = shapeOf(s, *x);
    if (!xs.isImage()) return fail(n, "needs an image (channels x height x width), found " + xs.toString());
    auto w = constIn(s, n, 1);
    if (!w) return w.error();
    const Const& W = **w;
    if (!W.isFloat || W.dims.size() != 4 || W.dims[1] != xs.channels() || W.dims[2] != W.dims[3])
        return fail(n, "its weight must be [filters, " + std::to_string(xs.channels()) + ", k, k] (a square kernel)");
    if (attrInt(n, "group", 1) != 1) return fail(n, "a grouped convolution (group > 1) has no LayerLab layer");
    for (std::int64_t d : attrInts(n, "dilations"))
        if (d != 1) return fail(n, "a dilated convolution has no LayerLab layer");
    auto st = attrInts(n, "strides");
    if (st.empty()) st = {1, 1};
    if (st.size() != 2 || st[0] != st[1]) return fail(n, "LayerLab's Conv2D has one stride for both axes");
    // LayerLab's ranges (builtin_layers.cpp), checked before any arithmetic uses them.
    if (W.dims[2] < 1 || W.dims[2] > 15 || st[0] < 1 || st[0] > 8)
        return fail(n, "a " + std::to_string(W.dims[2]) + "x" + std::to_string(W.dims[2]) + " kernel with stride " +
                           std::to_string(st[0]) + "; LayerLab's Conv2D has kernels of 1 to 15 and strides of 1 to 8");
    const int k = static_cast<int>(W.dims[2]);
    const int stride = static_cast<int>(st[0]);
    auto pads = attrInts(n, "pads");
    if (pads.empty()) pads = {0, 0, 0, 0};
    const std::string autoPad = attrString(n, "auto_pad", "NOTSET");
    bool same = false;
    auto sameAxis = [&](int size, std::int64_t before, std::int64_t after) {
        auto a = convAxis(size, k, stride, true);
        const int total = std::max((a->out - 1) * stride + k - size, 0);
        return before == a->padBefore && after == total - a->padBefore;
    };
    if (autoPad == "SAME_UPPER") {
        same = true;
    } else if (autoPad == "SAME_LOWER") {
        same = sameAxis(xs.height(), 0, 0) && sameAxis(xs.width(), 0, 0);
        if (!same) return fail(n, "auto_pad SAME_LOWER pads more before than after; LayerLab pads as SAME_UPPER");
    } else if (autoPad == "NOTSET" || autoPad == "VALID") {
        const bool zero = autoPad == "VALID" || std::all_of(pads.begin(), pads.end(), [](auto p) { return p == 0; });
        if (!zero) {
            if (pads.size() != 4 || !sameAxis(xs.height(), pads[0], pads[2]) || !sameAxis(xs.width(), pads[1], pads[3]))
                return fail(n, "its padding is neither \"valid\" (none) nor \"same\" (TensorFlow's rule: out = "
                               "ceil(in / stride), the smaller half before); LayerLab's Conv2D has only those two");
            same = true;
        }
    } else {
        return fail(n, "unknown auto_pad " + onnx_import::quoted(autoPad));
    }
    const auto F = static_cast<std::size_t>(W.dims[0]);
    const std::size_t ckk = W.f.size() / std::max<std::size_t>(F, 1);
    std::vector<float> params = onnx_layout::rowToColumnMajor(W.f.data(), F, ckk);
    const bool bias = has(n, 2);
    if (bias) {
        auto b = constIn(s, n, 2);
        if (!b) return b.error();
        if (!(*b)->isFloat || (*b)->count() != F) return fail(n, "its bias must hold " + std::to_string(F) + " floats");
        params.insert(params.end(), (*b)->f.begin(), (*b)->f.end());
    }
    return emit(s, n, layer(s, n, "Conv2D",
                            {{"filters", static_cast<std::int64_t>(F)}, {"kernel", std::int64_t{k}},
                             {"stride", std::int64_t{stride}}, {"padding", std::string(same ? "same" : "valid")},
                             {"use_bias", bias}},
                            {x->layer}, std::move(params)));
}

Status pool(State& s, const onnx::NodeProto& n, const std::string& type) {
    auto x = batchIn(s, n, 0);
    if (!x) return x.error();
    const auto k = attrInts(n, "kernel_shape");
    auto st = attrInts(n, "strides");
    if (st.empty()) st = {1, 1};
    if (k.size() != 2 || k[0] != k[1] || st.size() != 2 || st[0] != st[1])
        return fail(n, "LayerLab pools square windows with one stride for both axes");
    if (k[0] < 1 || k[0] > 16 || st[0] < 1 || st[0] > 16)
        return fail(n, "LayerLab pools windows of 1 to 16 with strides of 1 to 16");
    for (std::int64_t p : attrInts(n, "pads"))
        if (p != 0) return fail(n, "a padded pooling window has no LayerLab layer");
    for (std::int64_t d : attrInts(n, "dilations"))
        if (d != 1) return fail(n, "a dilated pooling window has no LayerLab layer");
    const std::string autoPad = attrString(n, "auto_pad", "NOTSET");
    if (autoPad != "NOTSET" && autoPad != "VALID") return fail(n, "a padded pooling window has no LayerLab layer");
    const Shape xs = shapeOf(s, *x);
    if (attrInt(n, "ceil_mode", 0) != 0 && xs.isImage() &&
        ((xs.height() - k[0]) % st[0] != 0 || (xs.width() - k[0]) % st[0] != 0))
        return fail(n, "ceil_mode=1 adds a partial window, which LayerLab's pools do not");
    return emit(s, n, layer(s, n, type, {{"size", k[0]}, {"stride", st[0]}}, {x->layer}));
}

Status batchNorm(State& s, const onnx::NodeProto& n) {
    auto x = batchIn(s, n, 0);
    if (!x) return x.error();
    const Shape xs = shapeOf(s, *x);
    if (xs.isSequence()) return fail(n, "LayerLab's BatchNorm normalises vectors or images, not sequences");
    const std::size_t C = static_cast<std::size_t>(xs.isImage() ? xs.channels() : xs.size());
    std::vector<float> p, st;
    for (int k = 1; k <= 4; ++k) {
        auto c = constIn(s, n, k);
        if (!c) return c.error();
        if (!(*c)->isFloat || (*c)->count() != C)
            return fail(n, "input " + std::to_string(k + 1) + " must hold " + std::to_string(C) + " floats, found " +
                               std::to_string((*c)->count()));
        (k <= 2 ? p : st).insert((k <= 2 ? p : st).end(), (*c)->f.begin(), (*c)->f.end());
    }
    const double eps = attrFloat(n, "epsilon", 1e-5f);
    double momentum = attrFloat(n, "momentum", 0.9f);
    if (!(momentum >= 0 && momentum <= 0.999)) momentum = 0.9;
    for (int k = 1; k < n.output_size(); ++k) out(s, n, k, Unusable{"a training-mode statistic LayerLab does not give"});
    return emit(s, n, layer(s, n, "BatchNorm", {{"epsilon", eps}, {"momentum", momentum}}, {x->layer}, std::move(p),
                            std::move(st)));
}

}  // namespace

std::string quoted(std::string_view text) {
    std::string t = quoteBrief(text);
    t.front() = '\'';
    if (t.back() == '"') t.back() = '\'';
    else if (auto q = t.rfind('"'); q != std::string::npos && q > 0) t[q] = '\'';
    return t;
}

std::string nodeName(const onnx::NodeProto& node) {
    if (!node.name().empty() || node.output_size() == 0) return node.name();
    return node.output(0);
}

Error fail(const onnx::NodeProto& n, const std::string& message) { return makeError(describeNode(n) + ": " + message); }

const onnx::AttributeProto* findAttr(const onnx::NodeProto& n, const std::string& name) {
    for (const auto& a : n.attribute())
        if (a.name() == name) return &a;
    return nullptr;
}

bool has(const onnx::NodeProto& n, int k) { return k < n.input_size() && !n.input(k).empty(); }

std::string describeNode(const onnx::NodeProto& node) {
    const std::string name = nodeName(node);
    return "node " + quoted(name) + " (" + node.op_type().substr(0, 40) + ")";
}

Status importRecurrent(State& s, const onnx::NodeProto& n);  // onnx_import_rnn.cpp
Status importShapeOp(State& s, const onnx::NodeProto& n, bool& handled);  // onnx_import_rnn.cpp

Status importNode(State& s, const onnx::NodeProto& n) {
    const std::string& op = n.op_type();
    if (!n.domain().empty() && n.domain() != "ai.onnx")
        return makeError("node " + quoted(n.name()) + " uses the operation " + (n.domain() + "." + op).substr(0, 60) +
                         ", which LayerLab has no layer for");
    if (std::all_of(n.output().begin(), n.output().end(), [](const std::string& o) { return o.empty(); }))
        return fail(n, "has no output");
    bool handled = false;
    if (auto st = importShapeOp(s, n, handled); !st || handled) return st;
    if (op == "Gemm") return dense(s, n, true);
    if (op == "MatMul") return dense(s, n, false);
    if (op == "Conv") return conv(s, n);
    if (op == "MaxPool") return pool(s, n, "MaxPool2D");
    if (op == "AveragePool") return pool(s, n, "AvgPool2D");
    if (op == "BatchNormalization") return batchNorm(s, n);
    if (op == "LSTM" || op == "GRU" || op == "RNN") return importRecurrent(s, n);
    if (op == "Relu" || op == "Sigmoid" || op == "Tanh" || op == "LeakyRelu" || op == "Softmax") {
        auto x = batchIn(s, n, 0);
        if (!x) return x.error();
        if (op == "LeakyRelu") return emit(s, n, layer(s, n, "LeakyReLU", {{"alpha", double{attrFloat(n, "alpha", 0.01f)}}}, {x->layer}));
        if (op == "Softmax") {
            const int rank = onnxRank(s, *x);
            std::int64_t axis = attrInt(n, "axis", s.opset >= 13 ? -1 : 1);
            if (axis < 0) axis += rank;
            // Before opset 13 Softmax flattens from `axis`: axis 1 is over the whole sample, as LayerLab's.
            if (!(axis == 1 && (rank == 2 || s.opset < 13)))
                return fail(n, "a softmax over one axis of a " + std::to_string(rank) +
                                   "-D tensor; LayerLab's Softmax is over the whole sample (put a Flatten first)");
        }
        static const std::map<std::string, std::string> types = {
            {"Relu", "ReLU"}, {"Sigmoid", "Sigmoid"}, {"Tanh", "Tanh"}, {"Softmax", "Softmax"}};
        return emit(s, n, layer(s, n, types.at(op), {}, {x->layer}));
    }
    if (op == "Add" || op == "Sum") {
        std::vector<int> from;
        for (int k = 0; k < n.input_size(); ++k) {
            auto v = in(s, n, k);
            if (!v) return v.error();
            if (std::holds_alternative<Const>(**v) && op == "Add" && n.input_size() == 2) return addBias(s, n, 1 - k);
            auto r = batchIn(s, n, k);
            if (!r) return r.error();
            from.push_back(r->layer);
        }
        if (from.size() == 1) {
            out(s, n, 0, Run{from[0], View::Batch});
            return {};
        }
        if (from.size() > 8) return fail(n, "adds " + std::to_string(from.size()) + " tensors; LayerLab's Add takes at most 8");
        return emit(s, n, layer(s, n, "Add", {{"inputs", static_cast<std::int64_t>(from.size())}}, from));
    }
    if (op == "Concat") {
        std::vector<int> from;
        for (int k = 0; k < n.input_size(); ++k) {
            auto r = batchIn(s, n, k);
            if (!r) return r.error();
            std::int64_t axis = attrInt(n, "axis", 1);
            if (axis < 0) axis += onnxRank(s, *r);
            if (axis != 1) return fail(n, "joins along axis " + std::to_string(axis) + "; LayerLab's Concat joins along axis 1 (features or channels)");
            from.push_back(r->layer);
        }
        if (from.size() < 2 || from.size() > 8) return fail(n, "LayerLab's Concat joins 2 to 8 inputs");
        return emit(s, n, layer(s, n, "Concat", {{"inputs", static_cast<std::int64_t>(from.size())}}, from));
    }
    if (op == "Reshape") {
        // A recurrent layer's direction axis dropped by Reshape (as LayerLab writes it).
        auto r = runIn(s, n, 0);
        if (!r) return r.error();
        if (r->view == View::RnnY || r->view == View::RnnYh) {
            const Shape rs = shapeOf(s, *r);
            auto c = constIn(s, n, 1);
            if (!c) return c.error();
            const std::vector<std::int64_t>& t = (*c)->i;
            auto any = [](std::int64_t v, std::int64_t want) { return v == -1 || v == want; };
            if (r->view == View::RnnY && !(*c)->isFloat && t.size() == 3 && (t[0] == rs.dims[0] || t[0] == 0) &&
                t[1] == -1 && any(t[2], rs.dims[1])) {
                out(s, n, 0, Run{r->layer, View::SeqMajor});
                return {};
            }
            if (r->view == View::RnnYh && !(*c)->isFloat && t.size() == 2 && t[0] == -1 && t[1] == rs.dims[1]) {
                auto id = lastStepLayer(s, n, r->layer);
                if (!id) return id.error();
                out(s, n, 0, Run{*id, View::Batch});
                return {};
            }
            return fail(n, "reshapes a recurrent layer's output in a way LayerLab does not follow");
        }
    }
    if (op == "Flatten" || op == "Reshape") {
        auto x = batchIn(s, n, 0);
        if (!x) return x.error();
        const Shape xs = shapeOf(s, *x);
        if (op == "Flatten" && attrInt(n, "axis", 1) != 1) return fail(n, "LayerLab flattens from axis 1 (everything but the batch)");
        if (op == "Reshape") {
            auto v = in(s, n, 1);
            if (!v) return v.error();
            std::vector<std::optional<std::int64_t>> t;  // nullopt: the batch size
            if (const auto* c = std::get_if<Const>(*v); c && !c->isFloat) t.assign(c->i.begin(), c->i.end());
            else if (const auto* sym = std::get_if<Sym>(*v)) t = sym->v;
            else return fail(n, "its target shape must be a constant list of integers");
            const bool batch = !t.empty() && (!t[0] || *t[0] == 0 || *t[0] == -1);
            bool keep = batch && t.size() == static_cast<std::size_t>(xs.rank()) + 1;
            for (std::size_t i = 1; keep && i < t.size(); ++i) keep = t[i] && *t[i] == xs.dims[i - 1];
            const bool flat = batch && t.size() == 2 && t[1] && (*t[1] == -1 || *t[1] == xs.size());
            if (keep || (flat && xs.rank() == 1)) {
                out(s, n, 0, *x);
                return {};
            }
            // Flatten -> Softmax -> Reshape back: LayerLab's Softmax over a whole image or sequence.
            const PendingLayer& soft = s.layers[static_cast<std::size_t>(x->layer)];
            if (!flat && batch && soft.type == "Softmax" &&
                s.layers[static_cast<std::size_t>(soft.from[0])].type == "Flatten") {
                const int before = s.layers[static_cast<std::size_t>(soft.from[0])].from[0];
                const Shape& bs = s.layers[static_cast<std::size_t>(before)].shape;
                bool same = t.size() == static_cast<std::size_t>(bs.rank()) + 1;
                for (std::size_t i = 1; same && i < t.size(); ++i) same = t[i] && *t[i] == bs.dims[i - 1];
                if (same) return emit(s, n, layer(s, n, "Softmax", {}, {before}));
            }
            if (!flat) return fail(n, "reshapes the data to another shape than [N, -1]; LayerLab only flattens (Flatten)");
        }
        if (xs.rank() == 1) {
            out(s, n, 0, *x);
            return {};
        }
        return emit(s, n, layer(s, n, "Flatten", {}, {x->layer}));
    }
    if (op == "Pad") {
        // torch.onnx.export writes AvgPool2d as a Pad of zeros before AveragePool.
        auto x = runIn(s, n, 0);
        if (!x) return x.error();
        std::vector<std::int64_t> pads = attrInts(n, "pads");
        if (has(n, 1)) {
            auto c = constIn(s, n, 1);
            if (!c) return c.error();
            if ((*c)->isFloat) return fail(n, "its pads must be integers");
            pads = (*c)->i;
        }
        if (!std::all_of(pads.begin(), pads.end(), [](std::int64_t p) { return p == 0; }))
            return fail(n, "pads the data, which LayerLab does only inside Conv2D (\"same\")");
        out(s, n, 0, *x);
        return {};
    }
    if (op == "Dropout" || op == "Identity") {
        auto v = in(s, n, 0);
        if (!v) return v.error();
        Value copy = **v;
        out(s, n, 0, std::move(copy));
        out(s, n, 1, Unusable{"a dropout mask, which LayerLab does not give"});
        return {};
    }
    const std::string name = nodeName(n);
    return makeError("node " + quoted(name) + " uses the operation " + std::string(op.substr(0, 40)) +
                     ", which LayerLab has no layer for");
}

}  // namespace layerlab::core::onnx_import
