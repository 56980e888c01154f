#include "core/torch/torch_module.h"

#include "core/layers/conv2d.h"
#include "core/net/network_path.h"
#include "core/net/shape_inference.h"
#include "core/params/params.h"
#include "core/torch/torch_fragments.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace layerlab::core {

std::string pyString(const std::string& s) {
    std::string out = "'";
    for (unsigned char c : s) {
        if (c == '\\' || c == '\'') out += '\\', out += static_cast<char>(c);
        else if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else out += static_cast<char>(c);  // UTF-8 passes through: the script is UTF-8
    }
    return out + "'";
}

std::string pyFloat(double v) {
    if (std::isnan(v)) return "float('nan')";
    if (std::isinf(v)) return v > 0 ? "float('inf')" : "-float('inf')";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    std::string s = buf;
    if (s.find_first_of(".eE") == std::string::npos) s += ".0";
    return s;
}

std::string pyFloatArray(const std::vector<float>& v, const std::string& indent) {
    std::string out = "np.array([";
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) out += i % 8 == 0 ? ",\n" + indent : ", ";
        out += pyFloat(v[i]);
    }
    return out + "], dtype=np.float32)";
}

namespace {

const std::set<std::string>& pythonReserved() {
    static const std::set<std::string> words = {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
        "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
        "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
        // names the module's code uses
        "x", "F", "nn", "np", "torch", "self", "logits", "out", "math"};
    return words;
}

// A node name as a Python identifier, unique among `taken`.
std::string identifier(const std::string& name, std::set<std::string>& taken) {
    std::string id;
    for (unsigned char c : name) id += std::isalnum(c) || c == '_' ? static_cast<char>(c) : '_';
    if (id.empty() || std::isdigit(static_cast<unsigned char>(id[0]))) id = "layer_" + id;
    if (pythonReserved().count(id)) id += "_";
    std::string unique = id;
    for (int n = 2; taken.count(unique); ++n) unique = id + "_" + std::to_string(n);
    taken.insert(unique);
    return unique;
}

std::string dims(const std::vector<int>& d) {
    std::string s = "(";
    for (std::size_t i = 0; i < d.size(); ++i) s += (i ? ", " : "") + std::to_string(d[i]);
    return s + (d.size() == 1 ? ",)" : ")");
}

// A column-major rows x cols block of the buffer as a row-major (rows, cols) tensor.
std::vector<float> transposed(const Scalar* p, int rows, int cols) {
    std::vector<float> out(static_cast<std::size_t>(rows) * cols);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) out[static_cast<std::size_t>(r) * cols + c] = p[r + static_cast<std::size_t>(rows) * c];
    return out;
}

struct Writer {
    const Network& net;
    std::string init, body;
    std::vector<TorchTensor> tensors;
    bool needsRecurrent = false;

    void tensor(const std::string& name, std::vector<int> shape, std::vector<float> values, std::size_t maskAt) {
        const bool decayed = maskAt < net.decayMask().size() && net.decayMask()[maskAt] != 0;
        tensors.push_back({name, std::move(shape), std::move(values), decayed});
    }
    std::vector<float> slice(std::size_t offset, std::size_t count, bool state = false) const {
        const auto src = state ? net.state() : net.params();
        return {src.begin() + static_cast<std::ptrdiff_t>(offset), src.begin() + static_cast<std::ptrdiff_t>(offset + count)};
    }
};

}  // namespace

Result<TorchModule> torchModule(const Network& net) {
    const Graph& g = net.graph();
    const NetworkPath path = findNetworkPath(g);
    if (!path.ok()) return *path.error;
    const ShapeReport shapes = inferShapes(g);
    auto order = g.topologicalOrder();
    if (!order) return order.error();
    const std::set<NodeId> trained(path.trained.begin(), path.trained.end());
    std::map<NodeId, const CompiledLayer*> compiled;
    for (const auto& l : net.layers()) compiled[l.node] = &l;
    const bool folded = net.outputActivation() != OutputActivation::None && !compiled.count(path.output);

    Writer w{net, {}, {}, {}, false};
    std::set<std::string> taken;
    std::map<NodeId, std::string> var;
    std::string logitsVar;
    for (NodeId id : *order) {
        if (!trained.count(id)) continue;
        const Node& n = *g.node(id);
        const LayerInfo& info = *g.registry().find(n.type);
        const ParamMap p = g.registry().withDefaults(info, n.params);
        if (info.isInput) {
            var[id] = "x";
            continue;
        }
        std::vector<std::string> in;
        std::vector<Shape> inShapes;
        for (int port = 0; port < info.inputs(p); ++port) {
            const Edge* e = g.inputEdge(id, port);
            if (!e) return makeNodeError(id, n.name + ": input " + std::to_string(port + 1) + " is not connected");
            in.push_back(var.at(e->from));
            inShapes.push_back(*shapes.shapeOf(e->from));
        }
        const std::string v = identifier(n.name, taken);
        var[id] = v;
        const std::string a = in.empty() ? "x" : in[0];
        const Shape& inShape = inShapes.empty() ? Shape{} : inShapes[0];
        const CompiledLayer* cl = compiled.count(id) ? compiled.at(id) : nullptr;
        const std::string& t = n.type;
        std::string expr;
        if (id == path.output && folded) {
            logitsVar = a;  // the loss reads the folded activation's input
            var[id] = a;
            continue;
        }
        if (t == "Dense") {
            const int units = static_cast<int>(paramInt(p, "units")), inF = inShape.size();
            const bool bias = paramBool(p, "use_bias");
            w.init += "        self." + v + " = nn.Linear(" + std::to_string(inF) + ", " + std::to_string(units) +
                      (bias ? "" : ", bias=False") + ")\n";
            const Scalar* W = net.params().data() + cl->paramOffset;
            w.tensor(v + ".weight", {units, inF}, transposed(W, units, inF), cl->paramOffset);
            if (bias)
                w.tensor(v + ".bias", {units}, w.slice(cl->paramOffset + std::size_t(units) * inF, units),
                         cl->paramOffset + std::size_t(units) * inF);
            // A Dense after an image reads its C,H,W values as one vector, as LayerLab does.
            expr = "self." + v + "(" + (inShape.rank() > 1 ? a + ".flatten(1)" : a) + ")";
        } else if (t == "Conv2D") {
            const int filters = static_cast<int>(paramInt(p, "filters")), k = static_cast<int>(paramInt(p, "kernel"));
            const int s = static_cast<int>(paramInt(p, "stride"));
            const bool same = paramString(p, "padding") == "same", bias = paramBool(p, "use_bias");
            const int C = inShape.channels();
            auto ah = convAxis(inShape.height(), k, s, same), aw = convAxis(inShape.width(), k, s, same);
            if (!ah || !aw) return makeNodeError(id, n.name + ": " + (!ah ? ah.error() : aw.error()).message);
            const int th = std::max((ah->out - 1) * s + k - inShape.height(), 0);
            const int tw = std::max((aw->out - 1) * s + k - inShape.width(), 0);
            const int top = ah->padBefore, left = aw->padBefore, bottom = th - top, right = tw - left;
            const bool symmetric = top == bottom && left == right;
            w.init += "        self." + v + " = nn.Conv2d(" + std::to_string(C) + ", " + std::to_string(filters) + ", " +
                      std::to_string(k) + (s != 1 ? ", stride=" + std::to_string(s) : "") +
                      (symmetric && (top || left) ? ", padding=" + dims({top, left}) : "") + (bias ? "" : ", bias=False") +
                      ")\n";
            const int ckk = C * k * k;
            const Scalar* W = net.params().data() + cl->paramOffset;
            w.tensor(v + ".weight", {filters, C, k, k}, transposed(W, filters, ckk), cl->paramOffset);
            if (bias)
                w.tensor(v + ".bias", {filters}, w.slice(cl->paramOffset + std::size_t(filters) * ckk, filters),
                         cl->paramOffset + std::size_t(filters) * ckk);
            // LayerLab's "same" puts the larger half of an odd padding after (TensorFlow's rule).
            const std::string padded = symmetric ? a
                                                 : "F.pad(" + a + ", (" + std::to_string(left) + ", " + std::to_string(right) +
                                                       ", " + std::to_string(top) + ", " + std::to_string(bottom) + "))";
            expr = "self." + v + "(" + padded + ")";
        } else if (t == "MaxPool2D" || t == "AvgPool2D") {
            const int size = static_cast<int>(paramInt(p, "size")), stride = static_cast<int>(paramInt(p, "stride"));
            expr = std::string(t == "MaxPool2D" ? "F.max_pool2d(" : "F.avg_pool2d(") + a + ", " + std::to_string(size) +
                   ", " + std::to_string(stride == 0 ? size : stride) + ")";
        } else if (t == "ReLU") {
            expr = "torch.relu(" + a + ")";
        } else if (t == "LeakyReLU") {
            expr = "F.leaky_relu(" + a + ", " + pyFloat(paramFloat(p, "alpha")) + ")";
        } else if (t == "Sigmoid") {
            expr = "torch.sigmoid(" + a + ")";
        } else if (t == "Tanh") {
            expr = "torch.tanh(" + a + ")";
        } else if (t == "Softmax") {
            // LayerLab's Softmax normalises each sample's values together, whatever the shape.
            expr = inShape.rank() == 1 ? "torch.softmax(" + a + ", dim=1)"
                                       : "torch.softmax(" + a + ".flatten(1), dim=1).view_as(" + a + ")";
        } else if (t == "Add") {
            for (std::size_t i = 0; i < in.size(); ++i) expr += (i ? " + " : "") + in[i];
        } else if (t == "Concat") {
            expr = "torch.cat([";
            for (std::size_t i = 0; i < in.size(); ++i) expr += (i ? ", " : "") + in[i];
            expr += "], dim=1)";
        } else if (t == "Dropout") {
            w.init += "        self." + v + " = nn.Dropout(" + pyFloat(paramFloat(p, "rate")) + ")\n";
            expr = "self." + v + "(" + a + ")";
        } else if (t == "BatchNorm") {
            const int C = inShape.isImage() ? inShape.channels() : inShape.size();
            const double momentum = 1.0 - paramFloat(p, "momentum");  // PyTorch weighs the new batch
            w.init += "        self." + v + " = nn.BatchNorm" + (inShape.isImage() ? "2d(" : "1d(") + std::to_string(C) +
                      ", eps=" + pyFloat(paramFloat(p, "epsilon")) + ", momentum=" + pyFloat(momentum) + ")\n";
            w.tensor(v + ".weight", {C}, w.slice(cl->paramOffset, C), cl->paramOffset);
            w.tensor(v + ".bias", {C}, w.slice(cl->paramOffset + C, C), cl->paramOffset + C);
            w.tensor(v + ".running_mean", {C}, w.slice(cl->stateOffset, C, true), SIZE_MAX);
            w.tensor(v + ".running_var", {C}, w.slice(cl->stateOffset + C, C, true), SIZE_MAX);
            expr = inShape.isSequence() ? "self." + v + "(" + a + ".flatten(1)).view_as(" + a + ")"
                                        : "self." + v + "(" + a + ")";
        } else if (t == "Flatten") {
            expr = "torch.flatten(" + a + ", 1)";
        } else if (t == "LastStep") {
            expr = a + "[:, -1, :]";
        } else if (t == "SimpleRNN" || t == "LSTM" || t == "GRU") {
            const int H = static_cast<int>(paramInt(p, "units")), Fin = inShape.isSequence() ? inShape.dims[1] : 1;
            const int G = t == "LSTM" ? 4 : t == "GRU" ? 3 : 1;
            const std::string act = paramString(p, "activation");
            const std::string gate = t == "SimpleRNN" ? "sigmoid" : paramString(p, "recurrent_activation");
            const bool bias = paramBool(p, "use_bias"), seq = paramBool(p, "return_sequences");
            const bool standard = gate == "sigmoid" && (act == "tanh" || (t == "SimpleRNN" && act == "relu"));
            if (standard) {
                w.init += "        self." + v + " = nn." + (t == "SimpleRNN" ? std::string("RNN") : t) + "(" +
                          std::to_string(Fin) + ", " + std::to_string(H) + ", batch_first=True" +
                          (t == "SimpleRNN" && act == "relu" ? ", nonlinearity='relu'" : "") + (bias ? "" : ", bias=False") +
                          ")\n";
            } else {
                w.needsRecurrent = true;
                w.init += "        self." + v + " = Recurrent(" + pyString(t == "SimpleRNN" ? "rnn" : t == "LSTM" ? "lstm" : "gru") +
                          ", " + std::to_string(Fin) + ", " + std::to_string(H) + ", " + pyString(act) + ", " + pyString(gate) +
                          (bias ? "" : ", bias=False") + ")\n";
            }
            std::size_t off = cl->paramOffset;
            const std::size_t gh = std::size_t(G) * H;
            w.tensor(v + ".weight_ih_l0", {G * H, Fin}, w.slice(off, gh * Fin), off);
            off += gh * Fin;
            w.tensor(v + ".weight_hh_l0", {G * H, H}, w.slice(off, gh * H), off);
            off += gh * H;
            if (bias) {
                w.tensor(v + ".bias_ih_l0", {G * H}, w.slice(off, gh), off);
                w.tensor(v + ".bias_hh_l0", {G * H}, w.slice(off + gh, gh), off + gh);
            }
            expr = "self." + v + "(" + a + ")[0]" + (seq ? "" : "[:, -1, :]");
        } else {
            return makeNodeError(id, n.name + ": the layer type " + t + " has no PyTorch equivalent in the export");
        }
        w.body += "        " + v + " = " + expr + "  # " + t + " " + shapes.shapeOf(id)->toString() + "\n";
    }
    const std::string last = var.at(path.output);
    TorchModule m;
    if (w.needsRecurrent) m.source += torchFragment("recurrent");
    m.source += "\n\nclass Net(nn.Module):\n"
                "    \"\"\"The LayerLab graph; forward(x) returns its last node, forward(x, logits=True) what the loss reads.\"\"\"\n\n"
                "    def __init__(self):\n"
                "        super().__init__()\n" +
                (w.init.empty() ? std::string("        pass\n") : w.init) +
                "\n    def forward(self, x, logits=False):\n" + w.body;
    if (folded) {
        const std::string fn = net.outputActivation() == OutputActivation::Softmax ? "torch.softmax(" + logitsVar + ", dim=1)"
                                                                                    : "torch.sigmoid(" + logitsVar + ")";
        m.source += "        if logits:\n            return " + logitsVar + "\n        return " + fn + "  # " +
                    g.node(path.output)->type + " (" + g.node(path.output)->name + ")\n";
    } else {
        m.source += "        return " + last + "\n";
    }
    m.tensors = std::move(w.tensors);
    return m;
}

}  // namespace layerlab::core
