// The recurrent operators and what torch.onnx.export writes around them for
// batch_first models: the shape arithmetic of the zero initial state
// (Shape -> Gather -> Unsqueeze -> Concat -> ConstantOfShape), the Transpose
// into and out of ONNX's time-major layout, Squeeze of the direction axis, and
// the last step picked by Gather or Slice.
#include "core/interop/onnx_import_state.h"

#include "core/common/text.h"
#include "core/interop/onnx_layout.h"
#include "core/layers/recurrent.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cmath>

namespace layerlab::core::onnx_import {

namespace {


const Value* find(const State& s, const onnx::NodeProto& n, int k) {
    if (!has(n, k)) return nullptr;
    auto it = s.values.find(n.input(k));
    return it == s.values.end() ? nullptr : &it->second;
}

Result<Run> runAt(const State& s, const onnx::NodeProto& n, int k) {
    const Value* v = find(s, n, k);
    if (!v) return fail(n, "input " + std::to_string(k + 1) + " is missing or not computed before this node");
    if (const auto* u = std::get_if<Unusable>(v)) return fail(n, "reads " + onnx_import::quoted(n.input(k)) + ", " + u->why);
    if (const auto* r = std::get_if<Run>(v)) return *r;
    return fail(n, "input " + std::to_string(k + 1) + " must be computed from the data");
}

// Integer list from a constant input (or, before opset 13, an attribute).
Result<std::vector<std::int64_t>> listAt(const State& s, const onnx::NodeProto& n, int k, const char* attr) {
    if (const Value* v = find(s, n, k)) {
        if (const auto* c = std::get_if<Const>(v); c && !c->isFloat) return c->i;
        return fail(n, "input " + std::to_string(k + 1) + " must be a constant list of integers");
    }
    if (const auto* a = findAttr(n, attr)) return std::vector<std::int64_t>(a->ints().begin(), a->ints().end());
    return fail(n, std::string("its ") + attr + " are missing");
}

// A value of the shape arithmetic: a computed shape, or a constant's integers.
const Sym* symOrNull(const Value* v, Sym& scratch) {
    if (!v) return nullptr;
    if (const auto* sym = std::get_if<Sym>(v)) return sym;
    if (const auto* c = std::get_if<Const>(v); c && !c->isFloat) {
        scratch.v.assign(c->i.begin(), c->i.end());
        return &scratch;
    }
    return nullptr;
}

bool isZero(const Value* v) {
    if (!v) return true;
    if (std::holds_alternative<Zeros>(*v)) return true;
    if (const auto* c = std::get_if<Const>(v); c && c->isFloat)
        return std::all_of(c->f.begin(), c->f.end(), [](float x) { return x == 0.f; });
    return false;
}

// The index of a time step as given (-1 or T-1: the last one), or an error.
Status lastIndex(const onnx::NodeProto& n, std::int64_t index, int T) {
    if (index == -1 || index == T - 1) return {};
    return fail(n, "picks time step " + std::to_string(index) + " of " + std::to_string(T) +
                       "; LayerLab keeps only the last one (LastStep, or return_sequences off)");
}

void out(State& s, const onnx::NodeProto& n, int k, Value v) {
    if (k < n.output_size() && !n.output(k).empty()) s.values[n.output(k)] = std::move(v);
}

Result<std::string> activationName(const onnx::NodeProto& n, const std::string& onnxName, float alpha, float beta,
                                   bool gate) {
    if (gate && onnxName == "Sigmoid") return std::string("sigmoid");
    if (gate && onnxName == "HardSigmoid") {
        if (std::abs(alpha - onnx_layout::kHardSigmoidAlpha) < 1e-6f && std::abs(beta - onnx_layout::kHardSigmoidBeta) < 1e-6f)
            return std::string("hard_sigmoid");
        return fail(n, "its gates use HardSigmoid with alpha " + std::to_string(alpha) + ", beta " + std::to_string(beta) +
                           "; LayerLab's hard sigmoid is PyTorch's (alpha 1/6, beta 0.5)");
    }
    if (!gate && onnxName == "Tanh") return std::string("tanh");
    if (!gate && onnxName == "Relu") return std::string("relu");
    if (!gate && onnxName == "Sigmoid") return std::string("sigmoid");
    return fail(n, "the activation " + onnx_import::quoted(onnxName) + (gate ? " for its gates" : "") + " has no LayerLab equivalent");
}

}  // namespace

Result<int> lastStepLayer(State& s, const onnx::NodeProto& n, int from) {
    if (auto it = s.lastStepOf.find(from); it != s.lastStepOf.end()) return it->second;
    auto id = addLayer(s, nodeName(n), "LastStep", {}, {from});
    if (id) s.lastStepOf[from] = *id;
    return id;
}

Status importRecurrent(State& s, const onnx::NodeProto& n) {
    const std::string& op = n.op_type();
    const RecurrentCell cell = op == "LSTM" ? RecurrentCell::LSTM : op == "GRU" ? RecurrentCell::GRU : RecurrentCell::SimpleRNN;
    auto x = runAt(s, n, 0);
    if (!x) return x.error();
    const Shape xs = s.layers[static_cast<std::size_t>(x->layer)].shape;
    if (x->view != View::SeqMajor || !xs.isSequence())
        return fail(n, "reads a tensor that is not a batch_first sequence turned time-major (Transpose perm [1,0,2]); "
                       "export the model with batch_first=True");
    const auto* dir = findAttr(n, "direction");
    if (dir && dir->s() != "forward") return fail(n, "a " + dir->s() + " recurrent layer; LayerLab's run forward only");
    for (const char* a : {"clip", "input_forget", "layout"})
        if (const auto* p = findAttr(n, a); p && (p->f() != 0 || p->i() != 0))
            return fail(n, std::string("the attribute ") + a + " has no LayerLab equivalent");
    const auto* hs = findAttr(n, "hidden_size");
    if (!hs || hs->i() < 1 || hs->i() > 4096) return fail(n, "hidden_size must be between 1 and 4096");
    const auto H = static_cast<std::size_t>(hs->i());
    const auto F = static_cast<std::size_t>(xs.dims[1]);
    const std::size_t G = static_cast<std::size_t>(recurrentGates(cell));
    if (cell == RecurrentCell::GRU) {
        const auto* lbr = findAttr(n, "linear_before_reset");
        if (!lbr || lbr->i() != 1)
            return fail(n, "linear_before_reset=0; LayerLab's GRU is PyTorch's, which applies the reset gate after the product");
    }
    // The weights: W [1, G*H, F], R [1, G*H, H], B [1, 2*G*H].
    std::vector<float> weights;
    for (int k = 1; k <= 2; ++k) {
        const Value* v = find(s, n, k);
        const auto* c = v ? std::get_if<Const>(v) : nullptr;
        const std::size_t cols = k == 1 ? F : H;
        if (!c || !c->isFloat || c->count() != G * H * cols)
            return fail(n, std::string(k == 1 ? "W" : "R") + " must be a constant of 1 x " + std::to_string(G * H) + " x " +
                               std::to_string(cols) + " floats");
        const auto w = onnx_layout::reorderGates(cell, c->f.data(), H, cols, false);
        weights.insert(weights.end(), w.begin(), w.end());
    }
    const bool bias = has(n, 3);
    if (bias) {
        const Value* v = find(s, n, 3);
        const auto* c = v ? std::get_if<Const>(v) : nullptr;
        if (!c || !c->isFloat || c->count() != 2 * G * H)
            return fail(n, "B must be a constant of 1 x " + std::to_string(2 * G * H) + " floats");
        for (int half = 0; half < 2; ++half) {
            const auto b = onnx_layout::reorderGates(cell, c->f.data() + half * G * H, H, 1, false);
            weights.insert(weights.end(), b.begin(), b.end());
        }
    }
    if (has(n, 4)) return fail(n, "sequence_lens (sequences of different lengths) has no LayerLab equivalent");
    for (int k = 5; k <= 6; ++k)
        if (has(n, k) && !isZero(find(s, n, k)))
            return fail(n, "its initial state is not zero; LayerLab's recurrent layers start every sequence at 0");
    if (has(n, 7)) return fail(n, "peephole weights (P) have no LayerLab equivalent");

    std::vector<std::string> acts;
    if (const auto* a = findAttr(n, "activations")) acts.assign(a->strings().begin(), a->strings().end());
    if (acts.empty()) {
        if (cell == RecurrentCell::LSTM) acts = {"Sigmoid", "Tanh", "Tanh"};
        else if (cell == RecurrentCell::GRU) acts = {"Sigmoid", "Tanh"};
        else acts = {"Tanh"};
    }
    const std::size_t want = cell == RecurrentCell::LSTM ? 3 : cell == RecurrentCell::GRU ? 2 : 1;
    if (acts.size() != want) return fail(n, "expected " + std::to_string(want) + " activations (one direction)");
    auto floatsOf = [&](const char* name, float def) {
        std::vector<float> v(want, def);
        if (const auto* a = findAttr(n, name))
            for (int i = 0; i < a->floats_size() && i < static_cast<int>(want); ++i) v[static_cast<std::size_t>(i)] = a->floats(i);
        return v;
    };
    const std::vector<float> alpha = floatsOf("activation_alpha", 0.2f), beta = floatsOf("activation_beta", 0.5f);
    ParamMap params{{"units", static_cast<std::int64_t>(H)}, {"return_sequences", true}, {"use_bias", bias}};
    const std::size_t actAt = cell == RecurrentCell::SimpleRNN ? 0 : 1;
    auto act = activationName(n, acts[actAt], alpha[actAt], beta[actAt], false);
    if (!act) return act.error();
    params["activation"] = *act;
    if (cell != RecurrentCell::SimpleRNN) {
        auto gate = activationName(n, acts[0], alpha[0], beta[0], true);
        if (!gate) return gate.error();
        params["recurrent_activation"] = *gate;
    }
    if (cell == RecurrentCell::LSTM && acts[2] != acts[1])
        return fail(n, "its cell output activation differs from its candidate's; LayerLab's LSTM uses one for both");
    auto id = addLayer(s, nodeName(n), recurrentCellName(cell), std::move(params), {x->layer});
    if (!id) return id.error();
    s.layers[static_cast<std::size_t>(*id)].weights = std::move(weights);
    out(s, n, 0, Run{*id, View::RnnY});
    out(s, n, 1, Run{*id, View::RnnYh});
    out(s, n, 2, Unusable{"the LSTM's last cell state, which LayerLab's layers do not give"});
    return {};
}

Status importShapeOp(State& s, const onnx::NodeProto& n, bool& handled) {
    const std::string& op = n.op_type();
    handled = true;
    Sym scratch0, scratch1;
    if (op == "Constant") {
        if (const auto* a = findAttr(n, "value")) {
            auto c = readTensor(a->t());
            if (!c) return fail(n, c.error().message);
            out(s, n, 0, std::move(c).value());
        } else if (const auto* f = findAttr(n, "value_float")) {
            out(s, n, 0, Const{{}, true, {f->f()}, {}});
        } else if (const auto* fs = findAttr(n, "value_floats")) {
            out(s, n, 0, Const{{fs->floats_size()}, true, {fs->floats().begin(), fs->floats().end()}, {}});
        } else if (const auto* i = findAttr(n, "value_int")) {
            out(s, n, 0, Const{{}, false, {}, {i->i()}});
        } else if (const auto* is = findAttr(n, "value_ints")) {
            out(s, n, 0, Const{{is->ints_size()}, false, {}, {is->ints().begin(), is->ints().end()}});
        } else {
            return fail(n, "a constant of a kind LayerLab does not read (sparse or string)");
        }
        return {};
    }
    if (op == "Shape") {
        auto x = runAt(s, n, 0);
        if (!x) return x.error();
        const Shape xs = s.layers[static_cast<std::size_t>(x->layer)].shape;
        Sym sym;
        if (x->view == View::Batch) {
            sym.v.push_back(std::nullopt);
            for (int d : xs.dims) sym.v.push_back(d);
        } else if (x->view == View::SeqMajor) {
            sym.v = {xs.dims[0], std::nullopt, xs.dims[1]};
        } else {
            return fail(n, "the shape of a recurrent layer's raw output is not followed by LayerLab");
        }
        out(s, n, 0, std::move(sym));
        return {};
    }
    if (op == "Gather") {
        const Value* data = find(s, n, 0);
        const Value* idx = find(s, n, 1);
        const auto* ic = idx ? std::get_if<Const>(idx) : nullptr;
        if (!ic || ic->isFloat || ic->i.empty()) return fail(n, "its indices must be constant integers");
        const std::int64_t axis = findAttr(n, "axis") ? findAttr(n, "axis")->i() : 0;
        if (const Sym* sym = symOrNull(data, scratch0)) {
            Sym r;
            const auto size = static_cast<std::int64_t>(sym->v.size());
            for (std::int64_t i : ic->i) {
                if (i < -size || i >= size) return fail(n, "index " + std::to_string(i) + " is out of range");
                r.v.push_back(sym->v[static_cast<std::size_t>(i < 0 ? i + size : i)]);
            }
            if (std::holds_alternative<Const>(*data)) {
                Const c{ic->dims, false, {}, {}};
                for (const auto& e : r.v) c.i.push_back(*e);
                out(s, n, 0, std::move(c));
            } else {
                out(s, n, 0, std::move(r));
            }
            return {};
        }
        auto x = runAt(s, n, 0);
        if (!x) return x.error();
        const Shape xs = s.layers[static_cast<std::size_t>(x->layer)].shape;
        const bool batchSeq = x->view == View::Batch && xs.isSequence() && (axis == 1 || axis == -2);
        const bool seqMajor = x->view == View::SeqMajor && (axis == 0 || axis == -3);
        if (!(batchSeq || seqMajor) || ic->i.size() != 1)
            return fail(n, "picks values out of the data; LayerLab follows only the last time step of a sequence");
        if (auto st = lastIndex(n, ic->i[0], xs.dims[0]); !st) return st;
        auto id = lastStepLayer(s, n, x->layer);
        if (!id) return id.error();
        // An index list of one keeps the time axis ([N, 1, F]); a scalar drops it.
        out(s, n, 0, Run{*id, ic->dims.empty() ? View::Batch : View::LastKeep});
        return {};
    }
    if (op == "Unsqueeze" || op == "Cast") {
        const Value* v = find(s, n, 0);
        if (const Sym* sym = symOrNull(v, scratch0); sym && std::holds_alternative<Sym>(*v)) {
            out(s, n, 0, *sym);
            return {};
        }
        if (const auto* c = v ? std::get_if<Const>(v) : nullptr) {
            Const copy = *c;
            copy.dims = {static_cast<std::int64_t>(copy.count())};
            if (op == "Cast" && findAttr(n, "to") && findAttr(n, "to")->i() == onnx::TensorProto::FLOAT && !copy.isFloat) {
                copy.f.assign(copy.i.begin(), copy.i.end());
                copy.i.clear();
                copy.isFloat = true;
            }
            out(s, n, 0, std::move(copy));
            return {};
        }
        if (op == "Cast" && v && std::holds_alternative<Run>(*v) && findAttr(n, "to") &&
            findAttr(n, "to")->i() == onnx::TensorProto::FLOAT) {
            out(s, n, 0, *v);
            return {};
        }
        if (v && std::holds_alternative<Zeros>(*v)) {
            out(s, n, 0, Zeros{});
            return {};
        }
        return fail(n, "LayerLab follows " + op + " only in shape arithmetic");
    }
    if (op == "Concat") {
        Sym joined;
        for (int k = 0; k < n.input_size(); ++k) {
            const Sym* sym = symOrNull(find(s, n, k), scratch0);
            if (!sym) {
                handled = false;  // a Concat of the data: a layer
                return {};
            }
            joined.v.insert(joined.v.end(), sym->v.begin(), sym->v.end());
        }
        out(s, n, 0, std::move(joined));
        return {};
    }
    if (op == "ConstantOfShape") {
        if (const auto* a = findAttr(n, "value")) {
            auto c = readTensor(a->t());
            if (!c || !c->isFloat || c->count() != 1 || c->f[0] != 0.f)
                return fail(n, "fills a tensor with a value other than 0, which LayerLab follows only as a zero initial state");
        }
        out(s, n, 0, Zeros{});
        return {};
    }
    if (op == "Transpose") {
        auto x = runAt(s, n, 0);
        if (!x) return x.error();
        std::vector<std::int64_t> perm;
        if (const auto* a = findAttr(n, "perm")) perm.assign(a->ints().begin(), a->ints().end());
        const Shape xs = s.layers[static_cast<std::size_t>(x->layer)].shape;
        if (perm == std::vector<std::int64_t>{1, 0, 2} && xs.isSequence() &&
            (x->view == View::Batch || x->view == View::SeqMajor)) {
            out(s, n, 0, Run{x->layer, x->view == View::Batch ? View::SeqMajor : View::Batch});
            return {};
        }
        return fail(n, "transposes the data in a way LayerLab does not follow (only a sequence's batch and time axes, "
                       "around a recurrent layer)");
    }
    if (op == "Squeeze") {
        auto x = runAt(s, n, 0);
        if (!x) return x.error();
        auto axes = listAt(s, n, 1, "axes");
        if (!axes) return axes.error();
        const std::vector<std::int64_t>& a = *axes;
        auto is = [&](std::int64_t i, int rank) { return a.size() == 1 && (a[0] == i || a[0] == i - rank); };
        if (x->view == View::RnnY && is(1, 4)) {
            out(s, n, 0, Run{x->layer, View::SeqMajor});
        } else if (x->view == View::RnnYh && is(0, 3)) {
            auto id = lastStepLayer(s, n, x->layer);
            if (!id) return id.error();
            out(s, n, 0, Run{*id, View::Batch});
        } else if (x->view == View::LastKeep && is(1, 3)) {
            out(s, n, 0, Run{x->layer, View::Batch});
        } else {
            return fail(n, "removes an axis LayerLab does not follow (only a recurrent layer's direction axis or a kept time step)");
        }
        return {};
    }
    if (op == "Slice") {
        auto x = runAt(s, n, 0);
        if (!x) return x.error();
        auto starts = listAt(s, n, 1, "starts"), ends = listAt(s, n, 2, "ends");
        if (!starts || !ends) return (starts ? ends : starts).error();
        std::vector<std::int64_t> axes{0}, steps{1};
        if (has(n, 3) || findAttr(n, "axes")) {
            auto a = listAt(s, n, 3, "axes");
            if (!a) return a.error();
            axes = *a;
        }
        if (has(n, 4)) {
            auto st = listAt(s, n, 4, "steps");
            if (!st) return st.error();
            steps = *st;
        }
        const Shape xs = s.layers[static_cast<std::size_t>(x->layer)].shape;
        const bool ok = x->view == View::Batch && xs.isSequence() && starts->size() == 1 && ends->size() == 1 &&
                        axes.size() == 1 && (axes[0] == 1 || axes[0] == -2) && steps == std::vector<std::int64_t>{1} &&
                        (*ends)[0] >= xs.dims[0];
        if (!ok) return fail(n, "slices the data; LayerLab follows only the slice of a sequence's last time step");
        if (auto st = lastIndex(n, (*starts)[0], xs.dims[0]); !st) return st;
        auto id = lastStepLayer(s, n, x->layer);
        if (!id) return id.error();
        out(s, n, 0, Run{*id, View::LastKeep});
        return {};
    }
    handled = false;
    return {};
}

}  // namespace layerlab::core::onnx_import
