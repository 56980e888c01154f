// The built-in layer types as data: parameters (defaults, ranges, help),
// shape rules, FLOP estimates and factories. The math lives in the family
// files (dense, conv2d, pooling, activations, dropout, batchnorm, merge,
// reshape); this file only wires them into the registry.
#include "core/layers/layer_registry.h"
#include "core/layers/activations.h"
#include "core/layers/batchnorm.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/dropout.h"
#include "core/layers/merge.h"
#include "core/layers/pooling.h"
#include "core/layers/recurrent.h"
#include "core/layers/reshape.h"

namespace layerlab::core {

namespace {

ParamSpec intParam(std::string name, std::string label, std::int64_t def, double min, double max, std::string help) {
    ParamSpec p;
    p.name = std::move(name);
    p.label = std::move(label);
    p.kind = ParamKind::Int;
    p.defaultValue = def;
    p.min = min;
    p.max = max;
    p.help = std::move(help);
    return p;
}

ParamSpec floatParam(std::string name, std::string label, double def, double min, double max, std::string help) {
    ParamSpec p = intParam(std::move(name), std::move(label), 0, min, max, std::move(help));
    p.kind = ParamKind::Float;
    p.defaultValue = def;
    return p;
}

ParamSpec boolParam(std::string name, std::string label, bool def, std::string help) {
    ParamSpec p = intParam(std::move(name), std::move(label), 0, 0, 0, std::move(help));
    p.kind = ParamKind::Bool;
    p.defaultValue = def;
    return p;
}

ParamSpec choiceParam(std::string name, std::string label, std::string def, std::vector<std::string> choices,
                      std::string help) {
    ParamSpec p = intParam(std::move(name), std::move(label), 0, 0, 0, std::move(help));
    p.kind = ParamKind::Choice;
    p.defaultValue = std::move(def);
    p.choices = std::move(choices);
    return p;
}

std::vector<ParamSpec> initParams() {
    return {choiceParam("init", "Initializer", "xavier_uniform",
                        {"he_normal", "he_uniform", "xavier_normal", "xavier_uniform", "constant", "zeros"},
                        "How the weights start: He suits ReLU layers, Xavier (Glorot) suits tanh/sigmoid; "
                        "constant and zeros are for experiments (every unit then learns the same thing)."),
            floatParam("init_value", "Constant value", 0.1, -10, 10,
                       "The value every weight starts at when the initializer is \"constant\"."),
            boolParam("use_bias", "Use bias", true, "Add a learned offset b to every output."),
            choiceParam("bias_init", "Bias initializer", "zeros", {"zeros", "constant"},
                        "How the biases start: zeros (the usual choice) or every bias at the constant below."),
            floatParam("bias_value", "Bias constant", 0.1, -10, 10,
                       "The value every bias starts at when the bias initializer is \"constant\".")};
}

ParamInit initOf(const ParamMap& p) {
    ParamInit init;
    if (auto k = initFromName(paramString(p, "init"))) init.weights = *k;
    init.weightValue = static_cast<Scalar>(paramFloat(p, "init_value"));
    if (auto k = initFromName(paramString(p, "bias_init"))) init.bias = *k;
    init.biasValue = static_cast<Scalar>(paramFloat(p, "bias_value"));
    return init;
}

int intOf(const ParamMap& p, std::string_view key) { return static_cast<int>(paramInt(p, key)); }

// MaxPool2D and AvgPool2D differ only in their name, text and layer class.
template <class Pool>
LayerInfo poolInfo(std::string type, std::string displayName, std::string description) {
    LayerInfo info;
    info.type = std::move(type);
    info.displayName = std::move(displayName);
    info.category = "Convolution";
    info.description = std::move(description);
    info.params = {intParam("size", "Window size", 2, 1, 16, "Each output summarises a size x size window."),
                   intParam("stride", "Stride", 0, 0, 16, "Step between windows; 0 means the same as the window size.")};
    info.shape = [](const ParamMap& p, std::span<const Shape> in) {
        return poolOutputShape(in[0], intOf(p, "size"), intOf(p, "stride"));
    };
    info.flops = [](const ParamMap& p, std::span<const Shape>, const Shape& out) {
        const double k = static_cast<double>(paramInt(p, "size"));
        return out.size() * k * k;
    };
    info.create = [](const ParamMap& p, std::span<const Shape> in, const Shape&, std::uint64_t) {
        return std::unique_ptr<Layer>(std::make_unique<Pool>(in[0], intOf(p, "size"), intOf(p, "stride")));
    };
    return info;
}

// Shape rule and factory helpers for single-input layers that keep the shape.
Result<Shape> sameShape(const ParamMap&, std::span<const Shape> in) { return in[0]; }
double sizeFlops(const ParamMap&, std::span<const Shape>, const Shape& out) { return out.size(); }

template <class L>
LayerFactory simpleFactory() {
    return [](const ParamMap&, std::span<const Shape>, const Shape&, std::uint64_t) -> std::unique_ptr<Layer> {
        return std::make_unique<L>();
    };
}

LayerInfo activation(std::string type, std::string displayName, std::string description) {
    LayerInfo info;
    info.type = std::move(type);
    info.displayName = std::move(displayName);
    info.category = "Activation";
    info.description = std::move(description);
    info.shape = sameShape;
    info.flops = sizeFlops;
    return info;
}

void addCore(LayerRegistry& r) {
    LayerInfo input;
    input.type = "Input";
    input.displayName = "Input";
    input.category = "Core";
    input.description = "Where the data enter the network. Its shape is one sample: a number of features "
                        "(e.g. 784) or channels x height x width for images (e.g. 1x28x28).";
    ParamSpec shape = choiceParam("shape", "Shape", "2", {},
                                  "Size of one sample: \"784\" for a vector, \"1x28x28\" for a grey image "
                                  "(channels x height x width).");
    shape.kind = ParamKind::Shape;
    input.params = {shape};
    input.inputCount = 0;
    input.isInput = true;
    input.shape = [](const ParamMap& p, std::span<const Shape>) { return parseShape(paramString(p, "shape")); };
    r.add(std::move(input));

    LayerInfo dense;
    dense.type = "Dense";
    dense.displayName = "Dense (fully connected)";
    dense.category = "Core";
    dense.description = "Every output is a weighted sum of all inputs plus a bias: out = W x + b. Images are "
                        "read as one long vector.";
    dense.params = {intParam("units", "Units", 16, 1, 65536, "Number of outputs (neurons).")};
    for (auto& p : initParams()) dense.params.push_back(std::move(p));
    // A sequence is refused rather than read as one long vector: a Keras user
    // expects Dense after return_sequences to apply per time step, and silently
    // mixing the steps would teach the wrong thing.
    dense.shape = [](const ParamMap& p, std::span<const Shape> in) -> Result<Shape> {
        if (in[0].isSequence())
            return makeError("Dense needs a vector, but its input is a sequence " + in[0].toString() +
                             " (time steps x features). Put LastStep (the last time step) or Flatten (every step "
                             "in one vector) before it, or turn off return_sequences on the recurrent layer");
        return Shape{intOf(p, "units")};
    };
    dense.flops = [](const ParamMap&, std::span<const Shape> in, const Shape& out) {
        return 2.0 * in[0].size() * out.size();
    };
    dense.create = [](const ParamMap& p, std::span<const Shape> in, const Shape& out, std::uint64_t) {
        return std::unique_ptr<Layer>(
            std::make_unique<Dense>(in[0].size(), out.size(), paramBool(p, "use_bias"), initOf(p)));
    };
    r.add(std::move(dense));

    LayerInfo flatten;
    flatten.type = "Flatten";
    flatten.displayName = "Flatten";
    flatten.category = "Core";
    flatten.description = "Turns an image (channels x height x width) or a sequence (time steps x features) into "
                          "one long vector of the same values, so that Dense layers can follow.";
    flatten.shape = [](const ParamMap&, std::span<const Shape> in) -> Result<Shape> { return Shape{in[0].size()}; };
    flatten.create = simpleFactory<Flatten>();
    r.add(std::move(flatten));
}

void addConvolution(LayerRegistry& r) {
    LayerInfo conv;
    conv.type = "Conv2D";
    conv.displayName = "Conv2D (convolution)";
    conv.category = "Convolution";
    conv.description = "Slides small learned filters over the image; each filter produces one output channel "
                       "that lights up where its pattern (an edge, a stroke) appears.";
    conv.params = {intParam("filters", "Filters", 32, 1, 4096, "Number of filters = output channels."),
                   intParam("kernel", "Kernel size", 3, 1, 15, "Each filter covers kernel x kernel pixels."),
                   intParam("stride", "Stride", 1, 1, 8, "Step between filter positions; 2 halves the image size."),
                   choiceParam("padding", "Padding", "valid", {"valid", "same"},
                               "\"valid\": no padding, the image shrinks by kernel-1; \"same\": zero padding keeps "
                               "height x width (divided by the stride).")};
    for (auto& p : initParams()) conv.params.push_back(std::move(p));
    conv.shape = [](const ParamMap& p, std::span<const Shape> in) {
        return conv2dOutputShape(in[0], intOf(p, "filters"), intOf(p, "kernel"), intOf(p, "stride"),
                                 paramString(p, "padding") == "same");
    };
    conv.flops = [](const ParamMap& p, std::span<const Shape> in, const Shape& out) {
        const double k = static_cast<double>(paramInt(p, "kernel"));
        return 2.0 * out.size() * in[0].channels() * k * k;
    };
    conv.create = [](const ParamMap& p, std::span<const Shape> in, const Shape&, std::uint64_t) {
        return std::unique_ptr<Layer>(std::make_unique<Conv2D>(
            in[0], intOf(p, "filters"), intOf(p, "kernel"), intOf(p, "stride"), paramString(p, "padding") == "same",
            paramBool(p, "use_bias"), initOf(p)));
    };
    r.add(std::move(conv));

    r.add(poolInfo<MaxPool2D>("MaxPool2D", "MaxPool2D (max pooling)",
                              "Keeps the largest value of each small window, shrinking the image while keeping "
                              "the strongest responses; it has no weights."));
    r.add(poolInfo<AvgPool2D>("AvgPool2D", "AvgPool2D (average pooling)",
                              "Replaces each small window by its average, shrinking the image smoothly; it has no "
                              "weights."));
}

void addActivations(LayerRegistry& r) {
    LayerInfo relu = activation("ReLU", "ReLU", "Passes positive values through and turns negative ones into 0: "
                                                "max(x, 0). The usual choice between layers.");
    relu.create = simpleFactory<ReLU>();
    r.add(std::move(relu));

    LayerInfo leaky = activation("LeakyReLU", "Leaky ReLU",
                                 "Like ReLU, but negative values are multiplied by a small slope alpha instead of "
                                 "becoming 0, so those units keep learning.");
    leaky.params = {floatParam("alpha", "Negative slope", 0.01, 0, 1, "Slope used for negative inputs.")};
    leaky.create = [](const ParamMap& p, std::span<const Shape>, const Shape&, std::uint64_t) {
        return std::unique_ptr<Layer>(std::make_unique<LeakyReLU>(static_cast<Scalar>(paramFloat(p, "alpha"))));
    };
    r.add(std::move(leaky));

    LayerInfo sigmoid = activation("Sigmoid", "Sigmoid", "Squashes every value into (0, 1) with 1 / (1 + e^-x); "
                                                         "used for yes/no outputs.");
    sigmoid.create = simpleFactory<Sigmoid>();
    r.add(std::move(sigmoid));

    LayerInfo tanh = activation("Tanh", "Tanh", "Squashes every value into (-1, 1); a zero-centred cousin of the "
                                                "sigmoid.");
    tanh.create = simpleFactory<Tanh>();
    r.add(std::move(tanh));

    LayerInfo softmax = activation("Softmax", "Softmax",
                                   "Turns the scores of one sample into probabilities that are positive and sum "
                                   "to 1; used as the last layer of a classifier.");
    softmax.flops = [](const ParamMap&, std::span<const Shape>, const Shape& out) { return 3.0 * out.size(); };
    softmax.create = simpleFactory<Softmax>();
    r.add(std::move(softmax));
}

void addOthers(LayerRegistry& r) {
    LayerInfo add;
    add.type = "Add";
    add.displayName = "Add";
    add.category = "Merge";
    add.description = "Adds its inputs value by value (they must have the same shape); used for skip "
                      "(residual) connections.";
    add.params = {intParam("inputs", "Inputs", 2, 2, 8, "How many inputs to add.")};
    add.inputCountParam = "inputs";
    add.shape = [](const ParamMap&, std::span<const Shape> in) { return addOutputShape(in); };
    add.flops = [](const ParamMap&, std::span<const Shape> in, const Shape& out) {
        return static_cast<double>(in.size() - 1) * out.size();
    };
    add.create = simpleFactory<Add>();
    r.add(std::move(add));

    LayerInfo concat;
    concat.type = "Concat";
    concat.displayName = "Concat";
    concat.category = "Merge";
    concat.description = "Joins its inputs one after the other: vectors end to end, images channel after "
                         "channel (their height and width must match).";
    concat.params = {intParam("inputs", "Inputs", 2, 2, 8, "How many inputs to join.")};
    concat.inputCountParam = "inputs";
    concat.shape = [](const ParamMap&, std::span<const Shape> in) { return concatOutputShape(in); };
    concat.create = [](const ParamMap&, std::span<const Shape> in, const Shape&, std::uint64_t) {
        return std::unique_ptr<Layer>(std::make_unique<Concat>(in));
    };
    r.add(std::move(concat));

    LayerInfo dropout;
    dropout.type = "Dropout";
    dropout.displayName = "Dropout";
    dropout.category = "Regularization";
    dropout.description = "While training, randomly switches off a fraction of the values (and scales up the "
                          "rest) so the network cannot rely on any single one; does nothing when predicting.";
    dropout.params = {floatParam("rate", "Drop rate", 0.5, 0, 0.95, "Fraction of values set to 0 in each training step.")};
    dropout.shape = sameShape;
    dropout.flops = sizeFlops;
    dropout.create = [](const ParamMap& p, std::span<const Shape>, const Shape&, std::uint64_t seed) {
        return std::unique_ptr<Layer>(std::make_unique<Dropout>(paramFloat(p, "rate"), seed));
    };
    r.add(std::move(dropout));

    LayerInfo bn;
    bn.type = "BatchNorm";
    bn.displayName = "Batch normalization";
    bn.category = "Normalization";
    bn.description = "Rescales each feature (or image channel) to mean 0 and variance 1 over the batch, then "
                     "applies a learned scale and shift; often makes training faster and steadier.";
    bn.params = {floatParam("momentum", "Momentum", 0.9, 0, 0.999,
                            "How slowly the running averages used for prediction follow the batches: "
                            "running = momentum * running + (1 - momentum) * batch."),
                 floatParam("epsilon", "Epsilon", 1e-5, 1e-8, 1,
                            "Small number added to the variance to avoid dividing by zero.")};
    bn.shape = sameShape;
    bn.flops = [](const ParamMap&, std::span<const Shape>, const Shape& out) { return 2.0 * out.size(); };
    bn.create = [](const ParamMap& p, std::span<const Shape> in, const Shape&, std::uint64_t) {
        return std::unique_ptr<Layer>(
            std::make_unique<BatchNorm>(in[0], paramFloat(p, "momentum"), paramFloat(p, "epsilon")));
    };
    r.add(std::move(bn));
}


// SimpleRNN, LSTM and GRU share their parameters; the gate activation and the
// forget-gate bias only where the cell has them.
LayerInfo recurrentInfo(RecurrentCell cell, std::string displayName, std::string description) {
    LayerInfo info;
    info.type = recurrentCellName(cell);
    info.displayName = std::move(displayName);
    info.category = "Recurrent";
    info.description = std::move(description);
    info.params = {intParam("units", "Units", 32, 1, 4096, "Size of the hidden state h (and of the cell state c)."),
                   choiceParam("activation", "Activation", "tanh", {"tanh", "relu", "sigmoid"},
                               cell == RecurrentCell::LSTM
                                   ? "Applied to the candidate g and to the cell state in h = o * act(c)."
                                   : cell == RecurrentCell::GRU ? "Applied to the candidate n."
                                                                : "Applied to the new hidden state.")};
    if (cell != RecurrentCell::SimpleRNN)
        info.params.push_back(choiceParam("recurrent_activation", "Gate activation", "sigmoid",
                                          {"sigmoid", "hard_sigmoid"},
                                          "Squashes the gates into [0, 1]: sigmoid, or the cheaper piecewise-linear "
                                          "hard sigmoid relu6(x + 3) / 6."));
    info.params.push_back(boolParam("return_sequences", "Return sequences", false,
                                    "Off: only the last hidden state (a vector). On: the hidden state of every time "
                                    "step (a sequence), e.g. to stack another recurrent layer."));
    info.params.push_back(boolParam("use_bias", "Use bias", true, "Add the biases b_ih and b_hh to every gate."));
    info.params.push_back(choiceParam("init", "Input weights initializer", "xavier_uniform",
                                      {"he_normal", "he_uniform", "xavier_normal", "xavier_uniform", "constant", "zeros"},
                                      "How the input weights W_ih start (Keras' default: Xavier/Glorot uniform)."));
    info.params.push_back(choiceParam("recurrent_init", "Recurrent weights initializer", "orthogonal",
                                      {"orthogonal", "he_normal", "he_uniform", "xavier_normal", "xavier_uniform",
                                       "constant", "zeros"},
                                      "How W_hh starts: orthogonal keeps the gradient's size through time steps at the "
                                      "start (Keras' default)."));
    info.params.push_back(floatParam("init_value", "Constant value", 0.1, -10, 10,
                                     "The value every weight starts at when an initializer is \"constant\"."));
    if (cell == RecurrentCell::LSTM)
        info.params.push_back(boolParam("unit_forget_bias", "Forget bias 1", true,
                                        "Start the forget gate's bias at 1, so the cell remembers at first (Keras' "
                                        "default)."));
    info.shape = [cell](const ParamMap& p, std::span<const Shape> in) -> Result<Shape> {
        if (!in[0].isSequence())
            return makeError(std::string(recurrentCellName(cell)) + " needs a sequence (time steps x features, e.g. "
                             "30x1) but its input is " + in[0].toString() +
                             ". Give the Input a shape like 30x1 and load a time series (Data > Import Time Series)");
        if (paramBool(p, "return_sequences")) return Shape{in[0].dims[0], intOf(p, "units")};
        return Shape{intOf(p, "units")};
    };
    info.flops = [cell](const ParamMap& p, std::span<const Shape> in, const Shape&) {
        const double T = in[0].dims[0], F = in[0].dims[1], H = static_cast<double>(paramInt(p, "units"));
        const double G = recurrentGates(cell);
        return T * (2.0 * G * H * (F + H) + 4.0 * G * H);
    };
    info.create = [cell](const ParamMap& p, std::span<const Shape> in, const Shape&, std::uint64_t) {
        RecurrentConfig c;
        c.cell = cell;
        c.steps = in[0].dims[0];
        c.features = in[0].dims[1];
        c.units = intOf(p, "units");
        c.returnSequences = paramBool(p, "return_sequences");
        c.useBias = paramBool(p, "use_bias");
        if (auto a = recurrentActivationFromName(paramString(p, "activation"))) c.activation = *a;
        if (cell != RecurrentCell::SimpleRNN)
            if (auto a = recurrentActivationFromName(paramString(p, "recurrent_activation"))) c.gate = *a;
        if (auto k = initFromName(paramString(p, "init"))) c.inputInit = *k;
        const std::string rec = paramString(p, "recurrent_init");
        c.recurrentOrthogonal = rec == "orthogonal";
        if (auto k = initFromName(rec)) c.recurrentInit = *k;
        c.initValue = static_cast<Scalar>(paramFloat(p, "init_value"));
        c.unitForgetBias = cell == RecurrentCell::LSTM && paramBool(p, "unit_forget_bias");
        return std::unique_ptr<Layer>(std::make_unique<Recurrent>(c));
    };
    return info;
}

void addRecurrent(LayerRegistry& r) {
    r.add(recurrentInfo(RecurrentCell::SimpleRNN, "SimpleRNN (recurrent)",
                        "Reads a sequence one time step at a time, mixing each step's input into a hidden state it "
                        "carries forward: h_t = tanh(W_ih x_t + W_hh h_(t-1) + b)."));
    r.add(recurrentInfo(RecurrentCell::LSTM, "LSTM (long short-term memory)",
                        "A recurrent layer with a cell state c and three gates (input i, forget f, output o) that "
                        "decide what to write, keep and show at every time step, so it can remember far back."));
    r.add(recurrentInfo(RecurrentCell::GRU, "GRU (gated recurrent unit)",
                        "A lighter LSTM: a reset gate r and an update gate z blend the old hidden state with a "
                        "candidate n at every time step."));

    LayerInfo last;
    last.type = "LastStep";
    last.displayName = "Last time step";
    last.category = "Recurrent";
    last.description = "Keeps only the last time step of a sequence (time steps x features becomes features), "
                       "like a recurrent layer without return_sequences.";
    last.shape = [](const ParamMap&, std::span<const Shape> in) -> Result<Shape> {
        if (!in[0].isSequence())
            return makeError("LastStep needs a sequence (time steps x features) but its input is " + in[0].toString());
        return Shape{in[0].dims[1]};
    };
    last.create = [](const ParamMap&, std::span<const Shape> in, const Shape&, std::uint64_t) {
        return std::unique_ptr<Layer>(std::make_unique<LastStep>(in[0].dims[1]));
    };
    r.add(std::move(last));
}

}  // namespace

void registerBuiltinLayers(LayerRegistry& registry) {
    addCore(registry);
    addConvolution(registry);
    addActivations(registry);
    addOthers(registry);
    addRecurrent(registry);
}

// Here, beside the layers it registers: the registry itself (layer_registry.cpp)
// links none of the maths, so neither does a graph that is handed another registry.
const LayerRegistry& LayerRegistry::builtin() {
    static const LayerRegistry registry = [] {
        LayerRegistry r;
        registerBuiltinLayers(r);
        return r;
    }();
    return registry;
}

}  // namespace layerlab::core
