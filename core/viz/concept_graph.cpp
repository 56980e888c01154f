#include "core/viz/concept_graph.h"

#include "core/layers/layer_registry.h"
#include "core/io/project.h"
#include "core/train/trainer.h"
#include "core/viz/concept_builder.h"
#include "core/viz/concept_sequence.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace layerlab::core {

namespace {

std::string number(double v) { return conceptNumber(v); }

std::string percent(double fraction) { return number(fraction * 100.0) + "%"; }

std::string times(std::size_t n) { return n > 1 ? " ×" + std::to_string(n) : std::string(); }

// What a kind of layer teaches: the idea in brackets and its text.
struct LayerIdea {
    std::string_view type;
    std::string_view idea;  // "" for activations (their name is the idea)
    std::string_view key;
    bool activation = false;
};

constexpr LayerIdea kLayerIdeas[] = {
    {"Dense", "weights and bias", "weights_and_bias", false},
    {"Conv2D", "convolution", "convolution", false},
    {"MaxPool2D", "pooling", "pooling", false},
    {"AvgPool2D", "pooling", "pooling", false},
    {"Flatten", "reshape", "flatten", false},
    {"Dropout", "regularization", "dropout", false},
    {"BatchNorm", "normalisation", "batch_norm", false},
    {"Add", "merge", "merge", false},
    {"Concat", "merge", "merge", false},
    {"SimpleRNN", "recurrence", "recurrence", false},
    {"LSTM", "gates i, f, g, o", "lstm", false},
    {"GRU", "gates r, z, n", "gru", false},
    {"LastStep", "last time step", "recurrence", false},
    {"ReLU", "", "relu", true},
    {"LeakyReLU", "", "leaky_relu", true},
    {"Sigmoid", "", "sigmoid", true},
    {"Tanh", "", "tanh", true},
    {"Softmax", "", "softmax", true},
};

const LayerIdea* findIdea(std::string_view type) {
    for (const LayerIdea& i : kLayerIdeas)
        if (i.type == type) return &i;
    return nullptr;
}

// A parameter of a node with the registry's default filled in, as text.
std::string paramText(const Graph& g, const Node& n, std::string_view key) {
    const LayerInfo* info = g.registry().find(n.type);
    if (!info) return {};
    const ParamMap p = g.registry().withDefaults(*info, n.params);
    const auto it = p.find(key);
    return it == p.end() ? std::string() : paramToString(it->second);
}

// Extra detail for a layer kind used exactly once ("32 filters 3×3").
std::string singleDetail(const Graph& g, const Node& n) {
    if (n.type == "Conv2D") {
        const std::string k = paramText(g, n, "kernel");
        return paramText(g, n, "filters") + " filters " + k + "×" + k;
    }
    if (n.type == "MaxPool2D" || n.type == "AvgPool2D") {
        const std::string s = paramText(g, n, "size");
        return s + "×" + s;
    }
    if (n.type == "Dropout") return "rate " + paramText(g, n, "rate");
    if (n.type == "SimpleRNN" || n.type == "LSTM" || n.type == "GRU")
        return paramText(g, n, "units") + " units" + (paramText(g, n, "return_sequences") == "true" ? ", sequences" : "");
    return {};
}

std::string optimizerLabel(const OptimizerConfig& o) {
    std::string name;
    switch (o.kind) {
        case OptimizerKind::SGD: name = "SGD"; break;
        case OptimizerKind::Momentum: name = o.nesterov ? "Nesterov momentum" : "Momentum " + number(o.momentum); break;
        case OptimizerKind::Adam: name = "Adam"; break;
        case OptimizerKind::RMSProp: name = "RMSProp"; break;
    }
    return name + ", lr " + number(o.learningRate);
}

std::string optimizerKey(OptimizerKind k) {
    switch (k) {
        case OptimizerKind::SGD: return "sgd";
        case OptimizerKind::Momentum: return "momentum";
        case OptimizerKind::Adam: return "adam";
        case OptimizerKind::RMSProp: return "rmsprop";
    }
    return "gradient_descent";
}

std::string scheduleLabel(const TrainConfig& t) {
    const ScheduleConfig& s = t.optimizer.schedule;
    const std::string lr = "Learning rate " + number(t.optimizer.learningRate);
    switch (s.kind) {
        case ScheduleKind::Constant: return lr + ", constant";
        case ScheduleKind::Step: return lr + ", ×" + number(s.gamma) + " every " + std::to_string(s.stepEpochs) + " epochs";
        case ScheduleKind::Exponential: return lr + ", ×" + number(s.gamma) + " per epoch";
        case ScheduleKind::Cosine: return lr + ", cosine to " + number(s.minLr);
    }
    return lr;
}

std::string dataLabel(const DataSource& d) {
    switch (d.kind) {
        case DataKind::None: return "Data: none chosen yet";
        case DataKind::Synthetic:
            return "Data: " + std::string(syntheticName(d.synthetic.kind)) + ", " + std::to_string(d.synthetic.samples) +
                   " samples";
        case DataKind::Idx: {
            std::string s = d.fashion ? "Data: Fashion-MNIST (IDX)" : "Data: IDX images";
            if (d.limit > 0) s += ", first " + std::to_string(d.limit);
            return s;
        }
        case DataKind::Series: {
            const std::size_t slash = d.seriesPath.find_last_of("/\\");
            const std::string file = slash == std::string::npos ? d.seriesPath : d.seriesPath.substr(slash + 1);
            return "Data: " + (d.series.synthetic ? std::string("synthetic series") : file) + ", windows of " +
                   std::to_string(d.series.window);
        }
        case DataKind::Csv: {
            const std::size_t slash = d.csvPath.find_last_of("/\\");
            std::string s = "Data: " + (slash == std::string::npos ? d.csvPath : d.csvPath.substr(slash + 1));
            if (d.limit > 0) s += ", first " + std::to_string(d.limit);
            return s;
        }
    }
    return "Data";
}

std::string normalisationLabel(Normalization n) {
    switch (n) {
        case Normalization::None: return "Normalisation: none";
        case Normalization::Scale01: return "Normalisation: scale to 0–1";
        case Normalization::MinMax: return "Normalisation: min–max";
        case Normalization::ZScore: return "Normalisation: z-score";
    }
    return "Normalisation";
}

std::string splitLabel(const Project& p) {
    std::string test;
    if (p.data.kind == DataKind::Idx && !p.data.testImages.empty()) test = "test files";
    else if (p.data.preprocessing.testSplit > 0) test = "test " + percent(p.data.preprocessing.testSplit);
    else test = "no test set";
    if (p.data.kind == DataKind::Series) {
        const SeriesOptions& s = p.data.series;
        return "Split: chronological, " +
               (s.validationFraction > 0 ? "validation " + percent(s.validationFraction) : std::string("no validation")) +
               (s.testFraction > 0 ? ", test " + percent(s.testFraction) : std::string(", no test set"));
    }
    const double v = p.data.preprocessing.validationSplit;
    return "Split: " + test + ", " + (v > 0 ? "validation " + percent(v) : std::string("no validation"));
}

std::string featuresLabel(const Graph& g, const std::vector<NodeId>& inputs) {
    if (inputs.empty()) return "Features (no Input layer yet)";
    const Node* n = g.node(inputs.front());
    auto shape = parseShape(paramText(g, *n, "shape"));
    if (!shape) return "Features";
    std::string s = "Features: " + std::to_string(shape->size());
    if (shape->isImage()) {
        s += " (" + std::to_string(shape->channels()) + "×" + std::to_string(shape->height()) + "×" +
             std::to_string(shape->width()) + " image)";
    }
    if (inputs.size() > 1) s += ", " + std::to_string(inputs.size()) + " inputs";
    return s;
}

std::string lossLabel(LossKind k) {
    switch (k) {
        case LossKind::MeanSquaredError: return "Loss: mean squared error";
        case LossKind::SoftmaxCrossEntropy: return "Loss: softmax cross-entropy";
        case LossKind::BinaryCrossEntropyLogits: return "Loss: binary cross-entropy";
    }
    return "Loss";
}

std::string lossKey(LossKind k) {
    switch (k) {
        case LossKind::MeanSquaredError: return "mse";
        case LossKind::SoftmaxCrossEntropy: return "cross_entropy";
        case LossKind::BinaryCrossEntropyLogits: return "binary_cross_entropy";
    }
    return "loss_function";
}


}  // namespace

std::string_view conceptGroupName(ConceptGroup g) {
    switch (g) {
        case ConceptGroup::Model: return "model";
        case ConceptGroup::Algorithm: return "algorithm";
        case ConceptGroup::Math: return "math";
        case ConceptGroup::Data: return "data";
        case ConceptGroup::Compute: return "compute";
        case ConceptGroup::Other: return "other";
    }
    return "other";
}

const Concept* ConceptGraph::find(std::string_view id) const {
    const int i = indexOf(id);
    return i < 0 ? nullptr : &concepts[static_cast<std::size_t>(i)];
}

int ConceptGraph::indexOf(std::string_view id) const {
    for (std::size_t i = 0; i < concepts.size(); ++i)
        if (concepts[i].id == id) return static_cast<int>(i);
    return -1;
}

std::vector<std::string> ConceptGraph::conceptsOfNodes(const std::vector<NodeId>& ids) const {
    std::vector<std::string> out;
    for (const Concept& c : concepts) {
        const bool hit = std::any_of(ids.begin(), ids.end(), [&](NodeId id) {
            return std::find(c.nodes.begin(), c.nodes.end(), id) != c.nodes.end();
        });
        if (hit) out.push_back(c.id);
    }
    return out;
}

bool ConceptGraph::hasEdge(std::string_view from, std::string_view to) const {
    return std::any_of(edges.begin(), edges.end(), [&](const ConceptEdge& e) {
        return (e.from == from && e.to == to) || (!e.directed && e.from == to && e.to == from);
    });
}

bool overfittingSeen(const std::vector<EpochStats>& history, int window) {
    std::vector<const EpochStats*> v;
    for (const EpochStats& e : history)
        if (e.hasValidation) v.push_back(&e);
    if (window < 2 || v.size() < static_cast<std::size_t>(window)) return false;
    const EpochStats& last = *v.back();
    const EpochStats& first = *v[v.size() - static_cast<std::size_t>(window)];
    double best = last.valLoss;
    for (std::size_t i = 0; i + 1 < v.size(); ++i) best = std::min(best, v[i]->valLoss);
    return last.valLoss > first.valLoss && last.valLoss > best && last.trainLoss < first.trainLoss;
}

ConceptGraph buildConceptGraph(const Project& project, const ConceptOptions& options) {
    const Graph& graph = project.graph;
    const TrainConfig& t = project.training;

    // Layers grouped by kind, kinds in order of first appearance.
    std::vector<std::string> kinds;
    std::map<std::string, std::vector<NodeId>> byKind;
    std::vector<NodeId> inputs, layers, activations;
    for (const Node& n : graph.nodes()) {
        const LayerInfo* info = graph.registry().find(n.type);
        if (info && info->isInput) {
            inputs.push_back(n.id);
            continue;
        }
        layers.push_back(n.id);
        if (!byKind.count(n.type)) kinds.push_back(n.type);
        byKind[n.type].push_back(n.id);
        const LayerIdea* idea = findIdea(n.type);
        if ((idea && idea->activation) || (!idea && info && info->category == "Activation")) activations.push_back(n.id);
    }
    for (auto* v : {&inputs, &layers, &activations}) std::sort(v->begin(), v->end());

    ConceptGraph map;
    ConceptBuilder b{map};
    // Model and learning algorithm.
    b.add("model", project.name.empty() ? std::string("Model") : "Model: " + project.name, ConceptGroup::Model, "model");
    b.add("algorithm", "Learning algorithm", ConceptGroup::Algorithm, "algorithm");
    Concept& net = b.add("neural_network",
                         layers.empty() ? std::string("Neural network (no layers yet)")
                                        : "Neural network: " + std::to_string(layers.size()) +
                                              (layers.size() == 1 ? " layer" : " layers"),
                         ConceptGroup::Model, "neural_network");
    net.nodes = layers;
    b.add("backpropagation", "Backpropagation (chain rule)", ConceptGroup::Algorithm, "backpropagation");
    b.add("activation", "Activation function", ConceptGroup::Model, "activation_function").nodes = activations;
    b.link("model", "algorithm", "is learned by");
    b.link("algorithm", "neural_network", "here");
    b.link("neural_network", "backpropagation", "trained by");
    b.link("backpropagation", "activation", "differentiates");

    bool hasDropout = false;
    int structural = 0;  // layer kinds hung below the network; from the fourth on they alternate rows
    const std::size_t structuralKinds = std::count_if(kinds.begin(), kinds.end(), [&](const std::string& type) {
        const LayerIdea* idea = findIdea(type);
        const LayerInfo* info = graph.registry().find(type);
        return !(idea ? idea->activation : (info && info->category == "Activation")) &&
               !(info && info->category == "Recurrent");
    });
    for (const std::string& type : kinds) {
        const std::vector<NodeId>& ids = byKind[type];
        const LayerIdea* idea = findIdea(type);
        const LayerInfo* info = graph.registry().find(type);
        const bool activation = idea ? idea->activation : (info && info->category == "Activation");
        std::string label = type + times(ids.size());
        std::string ideaText = idea ? std::string(idea->idea)
                                    : (info && !activation ? info->category : std::string());
        std::transform(ideaText.begin(), ideaText.end(), ideaText.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (!ideaText.empty()) {
            const std::string detail = ids.size() == 1 ? singleDetail(graph, *graph.node(ids.front())) : std::string();
            label += " (" + ideaText + (detail.empty() ? "" : ", " + detail) + ")";
        }
        const bool dropout = type == "Dropout";
        hasDropout = hasDropout || dropout;
        Concept& c = b.add(dropout ? "dropout" : "layer_" + type, label, ConceptGroup::Model,
                           idea ? std::string(idea->key) : std::string());
        c.nodes = ids;
        if (info) c.description = info->description;
        if (activation) b.link("activation", c.id);
        else if (info && info->category == "Recurrent") continue;  // linked below "recurrence" (concept_sequence.h)
        else b.link("neural_network", c.id, "has", structuralKinds >= 4 && structural++ % 2 == 1 ? 2 : 1);
    }

    // Mathematics of learning.
    b.add("math_model", "Mathematical model ŷ = f(x; w)", ConceptGroup::Math, "mathematical_model");
    b.add("gradient_descent", "Gradient descent", ConceptGroup::Math, "gradient_descent");
    b.add("optimizer", optimizerLabel(t.optimizer), ConceptGroup::Math, optimizerKey(t.optimizer.kind),
          {"optimizer", "learningRate"});
    b.add("learning_rate", scheduleLabel(t), ConceptGroup::Math, "learning_rate", {"learningRate", "schedule"});
    b.add("loss", lossLabel(t.loss), ConceptGroup::Math, lossKey(t.loss), {"loss"});
    b.add("gradient", "Gradient ∂L/∂w", ConceptGroup::Math, "gradient");
    const bool regression = t.loss == LossKind::MeanSquaredError;
    b.add("evaluation", regression ? "Evaluation: MSE and R²" : "Evaluation: accuracy, precision / recall / F1",
          ConceptGroup::Math, "metrics", {"validationSplit"});
    b.add("tuning", "Tuning: epochs, batch, lr, layers", ConceptGroup::Algorithm, "tuning",
          {"epochs", "batchSize", "learningRate"});
    b.link("model", "math_model", "is a");
    b.link("math_model", "gradient_descent", "fitted by");
    b.link("gradient_descent", "optimizer", "done by");
    b.link("gradient_descent", "loss", "minimises");
    b.link("optimizer", "learning_rate", "step size");
    b.link("loss", "gradient", "slope");
    b.link("backpropagation", "gradient", "computes");
    b.link("gradient", "optimizer", "used by");
    b.link("loss", "evaluation", "measured in");
    b.link("evaluation", "tuning", "guides");

    // Training, overfitting and its remedies.
    b.add("training", "Training: " + std::to_string(t.epochs) + " epochs, batch " + std::to_string(t.batchSize),
          ConceptGroup::Algorithm, "training", {"epochs", "batchSize"});
    Concept& over = b.add("overfitting",
                          options.overfitting ? "Overfitting! validation loss rising" : "Overfitting",
                          ConceptGroup::Algorithm, "overfitting");
    over.marked = options.overfitting;
    if (!hasDropout) b.add("dropout", "Dropout (none in the model)", ConceptGroup::Model, "dropout");
    const double wd = t.optimizer.weightDecay;
    b.add("weight_decay", wd > 0 ? "Weight decay " + number(wd) : std::string("Weight decay: off"), ConceptGroup::Math,
          "weight_decay", {"weightDecay"});
    b.add("early_stopping",
          t.earlyStoppingPatience > 0 ? "Early stopping, patience " + std::to_string(t.earlyStoppingPatience)
                                      : std::string("Early stopping: off"),
          ConceptGroup::Algorithm, "early_stopping", {"earlyStopping"});
    b.link("training", "evaluation", "then");
    b.link("tuning", "overfitting", "watch for");
    b.link("overfitting", "dropout", "remedy");
    b.link("overfitting", "weight_decay", "remedy");
    b.link("overfitting", "early_stopping", "remedy");

    // Data.
    b.add("data", dataLabel(project.data), ConceptGroup::Data, "data", {"data"});
    b.add("preprocessing", "Preprocessing", ConceptGroup::Data, "preprocessing", {"preprocessing"});
    b.add("normalisation", normalisationLabel(project.data.preprocessing.normalization), ConceptGroup::Data,
          "normalisation", {"normalization"});
    b.add("split", splitLabel(project), ConceptGroup::Data, "train_test_split", {"testSplit", "validationSplit"});
    b.add("features", featuresLabel(graph, inputs), ConceptGroup::Data, "features").nodes = inputs;
    b.link("data", "preprocessing", "goes through");
    b.link("preprocessing", "normalisation");
    b.link("preprocessing", "split");
    b.link("preprocessing", "features", "gives");
    b.link("features", "neural_network", "feed");
    b.link("split", "training", "training part");

    // Compute.
    b.add("compute", "Compute: CPU, Eigen matrix products", ConceptGroup::Compute, "compute");
    b.add("parallelism",
          t.threads > 1 ? "Parallelism: " + std::to_string(t.threads) + " threads, batch halves"
                        : std::string("Parallelism: 1 thread"),
          ConceptGroup::Compute, "parallelism", {"threads"});
    b.link("training", "compute", "runs on");
    b.link("compute", "parallelism", "via");

    if (isSequenceProject(project)) addSequenceConcepts(map, project);
    return map;
}

}  // namespace layerlab::core
