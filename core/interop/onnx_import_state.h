// The importer's working state (internal to core/interop): what each ONNX
// tensor is while the nodes are read in order, and the LayerLab layers made
// so far. onnx_import_ops.cpp turns one ONNX node into layers or values;
// onnx_import.cpp reads the file, walks the nodes and builds the project.
#pragma once

#include "core/common/result.h"
#include "core/common/shape.h"
#include "core/params/params.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace onnx {
class AttributeProto;
class NodeProto;
class TensorProto;
}  // namespace onnx

namespace layerlab::core::onnx_import {

// A constant tensor (initializer or Constant node): floats or integers.
struct Const {
    std::vector<std::int64_t> dims;
    bool isFloat = true;
    std::vector<float> f;
    std::vector<std::int64_t> i;
    std::size_t count() const { return isFloat ? f.size() : i.size(); }
};

// A shape computed at run time from the input (Shape -> Gather -> Unsqueeze
// -> Concat): each entry known, or nullopt for the batch size N.
struct Sym {
    std::vector<std::optional<std::int64_t>> v;
};

// A tensor of zeros of a shape computed at run time (ConstantOfShape 0): a
// recurrent layer's initial state as torch.onnx.export writes it.
struct Zeros {};

// How an ONNX tensor holds a LayerLab layer's output (shape S per sample).
enum class View {
    Batch,     // [N, S...]: the normal case
    SeqMajor,  // S = {T, F} as [T, N, F] (what ONNX's recurrent operators read)
    RnnY,      // a recurrent layer's Y [T, 1, N, H]; S = {T, H}
    RnnYh,     // a recurrent layer's Y_h [1, N, H]: its last step; S = {H}
    LastKeep,  // the last step kept as [N, 1, F] (Slice); S = {F}
};

struct Run {
    int layer = 0;  // index into State::layers
    View view = View::Batch;
};

// A tensor that must not be used (e.g. LSTM's Y_c): the message says why.
struct Unusable {
    std::string why;
};

using Value = std::variant<Const, Sym, Zeros, Run, Unusable>;

// A LayerLab layer to be: its type, name, parameters, inputs, numbers.
struct PendingLayer {
    std::string type, name;  // name: the ONNX node's
    ParamMap params;
    std::vector<int> from;   // indices into State::layers, by port
    Shape shape;             // output shape (the registry's shape rule)
    std::vector<float> weights, state;
    bool removed = false;
};

struct State {
    int opset = 13;
    std::vector<PendingLayer> layers;  // layers[0] is the Input
    std::map<std::string, Value> values;
    std::map<int, int> lastStepOf;  // recurrent layer -> its LastStep layer (Y_h)
};

// requires: the tensor's dims and data as protobuf parsed them.
// ensures: the values, or an error saying what is wrong (external data, a
//          type other than float/double/int32/int64, a size that does not
//          match its dims, a non-finite weight).
Result<Const> readTensor(const onnx::TensorProto& t);

// Adds a layer: checks its parameters and computes its shape with the
// registry's rules. ensures: the new layer's index, or an error naming `node`.
Result<int> addLayer(State& s, const std::string& node, const std::string& type, ParamMap params,
                     std::vector<int> from);

// The LastStep layer of layer `from`'s sequence (made once, named after `node`).
Result<int> lastStepLayer(State& s, const onnx::NodeProto& node, int from);

// Reads one ONNX node: its outputs become values in s.values (and layers).
// ensures: an error naming the node and its operation when LayerLab cannot
//          represent it.
Status importNode(State& s, const onnx::NodeProto& node);

// The node's name, or its first output's when it has none (or "").
std::string nodeName(const onnx::NodeProto& node);
// "node 'X' (Conv)" for messages.
std::string describeNode(const onnx::NodeProto& node);
// 'text' (at most 60 bytes of it, as quoteBrief).
std::string quoted(std::string_view text);
// The error "<describeNode(n)>: message".
Error fail(const onnx::NodeProto& n, const std::string& message);
// The node's attribute of that name, or nullptr.
const onnx::AttributeProto* findAttr(const onnx::NodeProto& n, const std::string& name);
// Input k is given (present and not the empty name ONNX uses for "omitted").
bool has(const onnx::NodeProto& n, int k);

}  // namespace layerlab::core::onnx_import
