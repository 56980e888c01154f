// LayerRegistry: every layer type LayerLab knows, described as data: display
// name, category, parameter specs, input count, shape rule, FLOP estimate and
// factory. The palette, the inspector, shape inference and the compiler all
// read it. Filled explicitly by registerBuiltinLayers() (no self-registering
// statics); LayerRegistry::builtin() returns the shared, immutable instance.
#pragma once

#include "core/common/result.h"
#include "core/common/shape.h"
#include "core/params/params.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace layerlab::core {

class Layer;

// requires: params complete (withDefaults) and valid; inputs has inputCount entries.
// ensures: the output shape, or an error saying which input does not fit and why.
using ShapeRule = std::function<Result<Shape>(const ParamMap& params, std::span<const Shape> inputs)>;
// requires: the shape rule accepted (params, inputs) and gave output.
// ensures: a ready layer (not yet bound); seed feeds its own randomness (dropout).
using LayerFactory = std::function<std::unique_ptr<Layer>(const ParamMap& params, std::span<const Shape> inputs,
                                                          const Shape& output, std::uint64_t seed)>;
// Multiply-adds x 2 per sample for the forward pass (for the model summary).
using FlopRule = std::function<double(const ParamMap& params, std::span<const Shape> inputs, const Shape& output)>;

struct LayerInfo {
    std::string type;          // stable key used in files: "Dense"
    std::string displayName;   // "Dense (fully connected)"
    std::string category;      // "Core", "Convolution", "Activation", "Merge", "Regularization", "Normalization", "Recurrent"
    std::string description;   // tooltip: what it computes, one or two sentences
    std::vector<ParamSpec> params;
    int inputCount = 1;        // fixed number of inputs (0 for Input) ...
    std::string inputCountParam;  // ... unless this Int param sets it (Add, Concat)
    bool isInput = false;      // the data entry point
    ShapeRule shape;
    LayerFactory create;       // null for Input (it has no computation)
    FlopRule flops;            // may be null: counts as 0

    const ParamSpec* findParam(std::string_view name) const;
    int inputs(const ParamMap& completeParams) const;
};

class LayerRegistry {
public:
    // The built-in layers (defined in builtin_layers.cpp with the layers
    // themselves). Thread-safe (initialised once).
    static const LayerRegistry& builtin();

    void add(LayerInfo info);  // requires: type not yet present
    const LayerInfo* find(std::string_view type) const;
    const std::vector<LayerInfo>& all() const { return infos_; }

    // params plus defaults for missing keys; unknown keys are kept (validate reports them).
    ParamMap withDefaults(const LayerInfo& info, const ParamMap& params) const;
    // Every param valid and no unknown keys. Message names the parameter.
    Status validate(const LayerInfo& info, const ParamMap& params) const;

private:
    std::vector<LayerInfo> infos_;
};

// Adds Input, Dense, Conv2D, MaxPool2D, AvgPool2D, Flatten, Dropout, BatchNorm,
// ReLU, LeakyReLU, Sigmoid, Tanh, Softmax, Add, Concat, SimpleRNN, LSTM, GRU,
// LastStep. Defined in core/layers/.
void registerBuiltinLayers(LayerRegistry& registry);

}  // namespace layerlab::core
