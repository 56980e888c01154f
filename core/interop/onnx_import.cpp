// importOnnx: reads the file through the guards, parses the ModelProto, reads
// the nodes in order (onnx_import_ops.cpp, onnx_import_rnn.cpp), then turns the
// layers that reach the output into a graph, compiles it and fills the weights.
#include "core/interop/onnx_import.h"

#include "core/common/file_read.h"
#include "core/common/text.h"
#include "core/interop/onnx_import_state.h"
#include "core/layers/layer_registry.h"
#include "core/net/network.h"
#include "core/viz/graph_layout.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <exception>
#include <filesystem>
#include <set>

namespace layerlab::core {

namespace onnx_import {

namespace {

constexpr std::uint64_t kMaxTensorValues = std::uint64_t{1} << 31;

// Values stored as S (raw little-endian bytes or the typed field) into dst.
template <class S, class T, class Field>
Status fill(std::vector<T>& dst, const std::string& raw, const Field& typed, std::size_t count) {
    if (!raw.empty()) {
        if (raw.size() != count * sizeof(S))
            return makeError("holds " + std::to_string(raw.size()) + " bytes for " + std::to_string(count) + " values");
        dst.resize(count);
        for (std::size_t i = 0; i < count; ++i) {
            S v;
            std::memcpy(&v, raw.data() + i * sizeof(S), sizeof(S));
            dst[i] = static_cast<T>(v);
        }
        return {};
    }
    if (static_cast<std::size_t>(typed.size()) != count)
        return makeError("holds " + std::to_string(typed.size()) + " values, but its dimensions make " + std::to_string(count));
    dst.resize(count);
    for (std::size_t i = 0; i < count; ++i) dst[i] = static_cast<T>(typed.Get(static_cast<int>(i)));
    return {};
}

// At most 40 bytes of a name from the file, for a description.
std::string brief(const std::string& s) { return s.size() <= 40 ? s : s.substr(0, 40) + "..."; }

}  // namespace

Result<Const> readTensor(const onnx::TensorProto& t) {
    const std::string name = "tensor " + onnx_import::quoted(t.name());
    if (t.data_location() == onnx::TensorProto::EXTERNAL)
        return makeError(name + " keeps its values in an external file; save the model with its weights inside");
    Const c;
    std::uint64_t count = 1;
    for (std::int64_t d : t.dims()) {
        if (d < 0 || (d > 0 && count > kMaxTensorValues / static_cast<std::uint64_t>(d)))
            return makeError(name + " has a negative or too large dimension");
        count *= static_cast<std::uint64_t>(d);
        c.dims.push_back(d);
    }
    const auto n = static_cast<std::size_t>(count);
    Status st;
    switch (t.data_type()) {
        case onnx::TensorProto::FLOAT: st = fill<float>(c.f, t.raw_data(), t.float_data(), n); break;
        case onnx::TensorProto::DOUBLE: st = fill<double>(c.f, t.raw_data(), t.double_data(), n); break;
        case onnx::TensorProto::INT64:
            c.isFloat = false;
            st = fill<std::int64_t>(c.i, t.raw_data(), t.int64_data(), n);
            break;
        case onnx::TensorProto::INT32:
            c.isFloat = false;
            st = fill<std::int32_t>(c.i, t.raw_data(), t.int32_data(), n);
            break;
        default:
            return makeError(name + " has element type " + std::to_string(t.data_type()) +
                             "; LayerLab reads float, double, int32 and int64 tensors");
    }
    if (!st) return makeError(name + " " + st.error().message);
    for (float v : c.f)
        if (!std::isfinite(v)) return makeError(name + " holds a value that is not finite (NaN or infinity)");
    return c;
}

Result<int> addLayer(State& s, const std::string& node, const std::string& type, ParamMap params, std::vector<int> from) {
    const LayerRegistry& reg = LayerRegistry::builtin();
    const LayerInfo* info = reg.find(type);
    const std::string who = "node " + onnx_import::quoted(node);
    if (auto v = reg.validate(*info, params); !v) return makeError(who + ": as a LayerLab " + type + ": " + v.error().message);
    std::vector<Shape> ins;
    for (int f : from) ins.push_back(s.layers[static_cast<std::size_t>(f)].shape);
    auto shape = info->shape(reg.withDefaults(*info, params), ins);
    if (!shape) return makeError(who + ": as a LayerLab " + type + ": " + shape.error().message);
    if (auto ok = checkSampleSize(*shape); !ok) return makeError(who + ": " + ok.error().message);
    s.layers.push_back(PendingLayer{type, node, std::move(params), std::move(from), *shape, {}, {}, false});
    return static_cast<int>(s.layers.size() - 1);
}

}  // namespace onnx_import

namespace {

using namespace onnx_import;

Result<Shape> inputShape(const onnx::ValueInfoProto& v) {
    const std::string who = "the input " + onnx_import::quoted(v.name());
    if (!v.type().has_tensor_type() || v.type().tensor_type().elem_type() != onnx::TensorProto::FLOAT)
        return makeError(who + " is not a float tensor");
    const auto& dims = v.type().tensor_type().shape().dim();
    if (dims.size() < 2 || dims.size() > 4)
        return makeError(who + " has " + std::to_string(dims.size()) + " dimensions; LayerLab reads [N, features], "
                         "[N, time steps, features] or [N, channels, height, width]");
    std::vector<int> sample;
    for (int i = 1; i < dims.size(); ++i) {
        if (!dims[i].has_dim_value() || dims[i].dim_value() < 1 || dims[i].dim_value() > INT_MAX)
            return makeError(who + ": dimension " + std::to_string(i + 1) + " is dynamic (" +
                             onnx_import::quoted(dims[i].dim_param()) + "); LayerLab needs every dimension but the batch "
                             "fixed: export with dynamic_axes only on the batch");
        sample.push_back(static_cast<int>(dims[i].dim_value()));
    }
    Shape shape(sample);
    if (auto ok = checkSampleSize(shape); !ok) return makeError(who + ": " + ok.error().message);
    return shape;
}

// A valid, unique LayerLab name for an ONNX node's name.
std::string layerName(const Graph& g, std::string name) {
    while (!name.empty() && name.front() == '/') name.erase(name.begin());
    for (char& c : name)
        if (static_cast<unsigned char>(c) < 0x20 || c == '/') c = '_';
    if (name.size() > kMaxNodeNameBytes - 8) {
        name.resize(kMaxNodeNameBytes - 8);
        while (!name.empty() && (static_cast<unsigned char>(name.back()) & 0xC0) == 0x80) name.pop_back();
        if (!name.empty() && static_cast<unsigned char>(name.back()) >= 0xC0) name.pop_back();
    }
    if (name.empty()) return name;  // the graph gives a default name
    std::string unique = name;
    for (int i = 2; g.findByName(unique); ++i) unique = name + "_" + std::to_string(i);
    return unique;
}

// A recurrent layer whose only consumer keeps its last step gives that step itself.
void foldLastSteps(State& s, int& sink) {
    for (std::size_t l = 0; l < s.layers.size(); ++l) {
        PendingLayer& last = s.layers[l];
        if (last.removed || last.type != "LastStep") continue;
        const int r = last.from[0];
        PendingLayer& rec = s.layers[static_cast<std::size_t>(r)];
        if (rec.type != "LSTM" && rec.type != "GRU" && rec.type != "SimpleRNN") continue;
        int users = 0;
        for (const PendingLayer& o : s.layers)
            if (!o.removed) users += static_cast<int>(std::count(o.from.begin(), o.from.end(), r));
        if (users != 1 || sink == r) continue;
        rec.params["return_sequences"] = false;
        rec.shape = Shape{rec.shape.dims[1]};
        last.removed = true;
        for (PendingLayer& o : s.layers)
            for (int& f : o.from)
                if (f == static_cast<int>(l)) f = r;
        if (sink == static_cast<int>(l)) sink = r;
    }
}

}  // namespace

static Result<Project> importBytes(std::string_view bytes, const std::string& path) {
    auto failFile = [&](const std::string& m) { return makeFileError(m, path); };
    if (bytes.size() > kMaxOnnxBytes) return failFile("is larger than " + formatBytes(double(kMaxOnnxBytes)));
    onnx::ModelProto model;
    if (bytes.empty() || !model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        return failFile("is not an ONNX model (" + std::string(bytes.empty() ? "the file is empty" : "its bytes are not an ONNX protobuf") + ")");
    if (!model.has_graph() || model.graph().node_size() == 0)
        return failFile("is not an ONNX model (it has no graph of nodes)");
    const onnx::GraphProto& g = model.graph();
    State s;
    for (const auto& o : model.opset_import())
        if (o.domain().empty() || o.domain() == "ai.onnx") s.opset = static_cast<int>(o.version());
    std::set<std::string> initNames;
    for (const auto& t : g.initializer()) {
        auto c = readTensor(t);
        if (!c) return failFile(c.error().message);
        s.values[t.name()] = std::move(c).value();
        initNames.insert(t.name());
    }
    std::vector<const onnx::ValueInfoProto*> inputs;
    for (const auto& v : g.input())
        if (!initNames.count(v.name())) inputs.push_back(&v);
    if (inputs.size() != 1)
        return failFile("has " + std::to_string(inputs.size()) + " inputs; a LayerLab network reads one");
    if (g.output_size() != 1)
        return failFile("has " + std::to_string(g.output_size()) + " outputs; a LayerLab network gives one");
    auto shape = inputShape(*inputs[0]);
    if (!shape) return failFile(shape.error().message);
    s.layers.push_back(PendingLayer{"Input", inputs[0]->name(), {{"shape", shape->toString()}}, {}, *shape, {}, {}, false});
    s.values[inputs[0]->name()] = Run{0, View::Batch};
    for (const auto& node : g.node())
        if (auto st = importNode(s, node); !st) return failFile(st.error().message);

    const auto it = s.values.find(g.output(0).name());
    const Run* run = it == s.values.end() ? nullptr : std::get_if<Run>(&it->second);
    if (!run || run->view != View::Batch)
        return failFile("its output " + onnx_import::quoted(g.output(0).name()) + " is not a layer's output LayerLab can follow");
    int sink = run->layer;
    if (sink == 0) return failFile("its output is its input: there is no layer");
    foldLastSteps(s, sink);
    std::vector<bool> keep(s.layers.size(), false);
    keep[static_cast<std::size_t>(sink)] = true;
    for (int l = sink; l >= 0; --l)
        if (keep[static_cast<std::size_t>(l)])
            for (int f : s.layers[static_cast<std::size_t>(l)].from) keep[static_cast<std::size_t>(f)] = true;
    if (!keep[0]) return failFile("its output does not depend on its input");

    Project project;
    std::map<NodeId, std::size_t> layerOf;
    std::vector<NodeId> ids(s.layers.size(), 0);
    for (std::size_t l = 0; l < s.layers.size(); ++l) {
        const PendingLayer& layer = s.layers[l];
        if (!keep[l] || layer.removed) continue;
        auto id = project.graph.addNode(layer.type, layer.params, {}, layerName(project.graph, layer.name));
        if (!id) return failFile("node " + onnx_import::quoted(layer.name) + ": " + id.error().message);
        ids[l] = *id;
        layerOf[*id] = l;
        for (std::size_t p = 0; p < layer.from.size(); ++p)
            if (auto c = project.graph.connect(ids[static_cast<std::size_t>(layer.from[p])], *id, static_cast<int>(p)); !c)
                return failFile("node " + onnx_import::quoted(layer.name) + ": " + c.error().message);
    }
    const std::string& last = s.layers[static_cast<std::size_t>(sink)].type;
    project.training.loss = last == "Softmax"   ? LossKind::SoftmaxCrossEntropy
                            : last == "Sigmoid" ? LossKind::BinaryCrossEntropyLogits
                                                : LossKind::MeanSquaredError;
    auto net = compileNetwork(project.graph, project.training.loss);
    if (!net) return failFile("the imported network does not compile: " + net.error().message);
    for (const CompiledLayer& cl : net->layers()) {
        const PendingLayer& layer = s.layers[layerOf.at(cl.node)];
        if (layer.weights.size() != cl.paramCount || layer.state.size() != cl.stateCount)
            return failFile("node " + onnx_import::quoted(layer.name) + ": the model gives " + std::to_string(layer.weights.size()) +
                            " parameters, LayerLab's " + layer.type + " has " + std::to_string(cl.paramCount));
        std::copy(layer.weights.begin(), layer.weights.end(), net->params().begin() + static_cast<std::ptrdiff_t>(cl.paramOffset));
        std::copy(layer.state.begin(), layer.state.end(), net->state().begin() + static_cast<std::ptrdiff_t>(cl.stateOffset));
    }
    project.weights = net->weights();
    if (auto pos = layoutGraph(project.graph)) {
        for (const auto& [id, p] : *pos) (void)project.graph.setPosition(id, p);
    } else {
        double y = 0;
        for (const Node& n : project.graph.nodes()) (void)project.graph.setPosition(n.id, Point{0, y += 100});
    }
    const std::string stem = std::filesystem::path(path).stem().string();
    project.name = stem.empty() ? "imported" : stem;
    const std::string producer = brief(model.producer_name() + " " + model.producer_version());
    project.description = "Imported from the ONNX file " + onnx_import::quoted(std::filesystem::path(path).filename().string()) +
                          (model.producer_name().empty() ? std::string() : " (written by " + producer + ")") +
                          ", opset " + std::to_string(s.opset) + ": " + std::to_string(project.graph.nodes().size() - 1) +
                          " layers, " + std::to_string(net->paramCount()) +
                          " parameters. The loss is a guess from the last layer; add data to train it further.";
    return project;
}

Result<Project> importOnnxBytes(std::string_view bytes, const std::string& path) {
    // The last line of defence: protobuf reports a misuse by throwing, and no
    // exception may leave this interface.
    try {
        return importBytes(bytes, path);
    } catch (const std::exception& e) {
        return makeFileError(std::string("could not be read as an ONNX model: ") + e.what(), path);
    }
}

Result<Project> importOnnx(const std::string& path) {
    auto bytes = readRegularFile(path, "an ONNX file", kMaxOnnxBytes);
    if (!bytes) return bytes.error();
    return importOnnxBytes(*bytes, path);
}

}  // namespace layerlab::core
