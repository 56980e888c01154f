// The concept map as data: buildConceptGraph on every bundled example (nodes,
// edges, labels with current values, editor node ids), the overfitting flag,
// DOT text, the Graphviz layout (boxes inside the drawing, no overlaps, edge
// routes and labels), the headless SVG, Graphviz failures as error values, the
// time to lay out and render 100 concepts, the explanation texts, and the
// sequence concepts (recurrence, gates, BPTT, gradients, windows) of a series project.
#include "core/layers/layer_registry.h"
#include "core/io/project.h"
#include "core/train/trainer.h"
#include "core/viz/concept_graph.h"
#include "core/viz/concept_layout.h"
#include "core/viz/concept_text.h"

#include <QTest>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

using namespace layerlab::core;

namespace {

const std::string kSource = LAYERLAB_SOURCE_DIR;

Project example(const std::string& name) {
    auto p = loadProject(kSource + "/resources/examples/" + name + ".layerlab");
    if (!p) qFatal("%s", p.error().toString().c_str());
    return std::move(p).value();
}

std::vector<NodeId> idsOfType(const Graph& g, const std::string& type) {
    std::vector<NodeId> out;
    for (const Node& n : g.nodes())
        if (n.type == type) out.push_back(n.id);
    return out;
}

std::string labelOf(const ConceptGraph& g, std::string_view id) {
    const Concept* c = g.find(id);
    std::string missing = "<missing ";  // (appending: GCC 12 -Wrestrict false positive on "literal" + string)
    missing += id;
    return c ? c->label : missing + ">";
}

bool overlaps(const ConceptNodeLayout& a, const ConceptNodeLayout& b) {
    return std::abs(a.centre.x - b.centre.x) < (a.width + b.width) / 2 - 0.5 &&
           std::abs(a.centre.y - b.centre.y) < (a.height + b.height) / 2 - 0.5;
}

std::string cid(int i) {
    std::string s = "c";
    s += std::to_string(i);
    return s;
}

// A map of n concepts in rows with labelled links, like a big lesson map.
ConceptGraph bigGraph(int n) {
    ConceptGraph g;
    const ConceptGroup groups[] = {ConceptGroup::Model, ConceptGroup::Algorithm, ConceptGroup::Math, ConceptGroup::Data,
                                   ConceptGroup::Compute};
    for (int i = 0; i < n; ++i) {
        Concept c;
        c.id = cid(i);
        c.label = "Concept ";
        c.label += std::to_string(i);
        if (i % 3 == 0) c.label += ", lr 0.001";
        c.group = groups[i % 5];
        g.concepts.push_back(c);
    }
    for (int i = 1; i < n; ++i) {
        g.edges.push_back({cid((i - 1) / 2), cid(i), i % 2 ? "leads to" : "", true, {}, 1});
        if (i % 4 == 0) g.edges.push_back({cid(i - 3), cid(i), "uses", true, {}, 1});
    }
    return g;
}

}  // namespace

class TestConcepts : public QObject {
    Q_OBJECT

private slots:
    void everyExampleHasTheLessonMap() {
        const char* backbone[][2] = {
            {"model", "algorithm"},          {"algorithm", "neural_network"},   {"neural_network", "backpropagation"},
            {"backpropagation", "activation"}, {"model", "math_model"},         {"math_model", "gradient_descent"},
            {"gradient_descent", "optimizer"}, {"gradient_descent", "loss"},    {"loss", "gradient"},
            {"backpropagation", "gradient"}, {"optimizer", "learning_rate"},    {"loss", "evaluation"},
            {"evaluation", "tuning"},        {"tuning", "overfitting"},         {"overfitting", "dropout"},
            {"overfitting", "weight_decay"}, {"overfitting", "early_stopping"}, {"data", "preprocessing"},
            {"preprocessing", "normalisation"}, {"preprocessing", "split"},     {"preprocessing", "features"},
            {"features", "neural_network"},  {"split", "training"},             {"training", "evaluation"},
            {"training", "compute"},         {"compute", "parallelism"}};
        const std::vector<std::string>& keys = conceptTextKeys();
        int examples = 0;
        for (const auto& entry : std::filesystem::directory_iterator(kSource + "/resources/examples")) {
            if (entry.path().extension() != ".layerlab") continue;
            ++examples;
            const Project p = example(entry.path().stem().string());
            const ConceptGraph g = buildConceptGraph(p);
            const QByteArray name = QByteArray::fromStdString(entry.path().filename().string());
            for (const auto& e : backbone)
                QVERIFY2(g.hasEdge(e[0], e[1]), name + ": no link " + e[0] + " -> " + e[1]);
            for (const ConceptEdge& e : g.edges)
                QVERIFY2(g.find(e.from) && g.find(e.to), name + ": dangling link " + e.from.c_str() + " -> " + e.to.c_str());
            std::vector<std::string> ids;
            for (const Concept& c : g.concepts) {
                ids.push_back(c.id);
                QVERIFY2(!c.label.empty(), name + ": empty label on " + c.id.c_str());
                if (!c.textKey.empty())
                    QVERIFY2(std::count(keys.begin(), keys.end(), c.textKey) == 1, name + ": unknown text key " + c.textKey.c_str());
            }
            std::sort(ids.begin(), ids.end());
            QVERIFY2(std::adjacent_find(ids.begin(), ids.end()) == ids.end(), name + ": duplicate concept ids");
            // Every layer belongs to the concept of its kind; every input to "features".
            for (const Node& n : p.graph.nodes()) {
                const std::vector<std::string> of = g.conceptsOfNodes({n.id});
                if (n.type == "Input") {
                    QVERIFY2(of == std::vector<std::string>{"features"}, name + ": input not in features");
                    continue;
                }
                const std::string kind = n.type == "Dropout" ? "dropout" : "layer_" + n.type;
                QVERIFY2(std::count(of.begin(), of.end(), kind) == 1, name + ": " + n.name.c_str() + " not in " + kind.c_str());
                QVERIFY2(std::count(of.begin(), of.end(), "neural_network") == 1, name + ": layer not in the network");
            }
        }
        QVERIFY(examples >= 6);
    }

    void mnistCnnConceptsPointAtItsLayers() {
        const Project p = example("mnist_cnn");
        const ConceptGraph g = buildConceptGraph(p);
        const Concept* conv = g.find("layer_Conv2D");
        QVERIFY(conv);
        QCOMPARE(conv->nodes, idsOfType(p.graph, "Conv2D"));
        QCOMPARE(conv->textKey, std::string("convolution"));
        QCOMPARE(conv->label, std::string("Conv2D (convolution, 32 filters 3×3)"));
        const Concept* pool = g.find("layer_MaxPool2D");
        QVERIFY(pool);
        QCOMPARE(pool->nodes, idsOfType(p.graph, "MaxPool2D"));
        QCOMPARE(pool->textKey, std::string("pooling"));
        QCOMPARE(pool->label, std::string("MaxPool2D (pooling, 2×2)"));
        QVERIFY(g.hasEdge("neural_network", "layer_Conv2D"));
        QVERIFY(g.hasEdge("neural_network", "layer_MaxPool2D"));
        QCOMPARE(labelOf(g, "layer_ReLU"), std::string("ReLU ×2"));
        QCOMPARE(g.find("layer_ReLU")->nodes, idsOfType(p.graph, "ReLU"));
        QVERIFY(g.hasEdge("activation", "layer_ReLU"));
        QVERIFY(g.hasEdge("activation", "layer_Softmax"));
        QCOMPARE(labelOf(g, "layer_Dense"), std::string("Dense ×2 (weights and bias)"));
        QCOMPARE(labelOf(g, "optimizer"), std::string("Adam, lr 0.001"));
        QCOMPARE(g.find("optimizer")->textKey, std::string("adam"));
        QCOMPARE(labelOf(g, "loss"), std::string("Loss: softmax cross-entropy"));
        QCOMPARE(g.find("loss")->textKey, std::string("cross_entropy"));
        QCOMPARE(labelOf(g, "features"), std::string("Features: 784 (1×28×28 image)"));
        QCOMPARE(g.find("features")->nodes, idsOfType(p.graph, "Input"));
        QCOMPARE(labelOf(g, "normalisation"), std::string("Normalisation: scale to 0–1"));
        QCOMPARE(labelOf(g, "split"), std::string("Split: test files, no validation"));
        QCOMPARE(labelOf(g, "data"), std::string("Data: Fashion-MNIST (IDX)"));
        QCOMPARE(labelOf(g, "evaluation"), std::string("Evaluation: accuracy, precision / recall / F1"));
        QCOMPARE(labelOf(g, "neural_network"), std::string("Neural network: 8 layers"));
        QCOMPARE(labelOf(g, "dropout"), std::string("Dropout (none in the model)"));
        QVERIFY(g.find("dropout")->nodes.empty());
        // Selecting the conv layer in the editor lights its kind and the network.
        const std::vector<std::string> of = g.conceptsOfNodes(idsOfType(p.graph, "Conv2D"));
        QCOMPARE(of, (std::vector<std::string>{"neural_network", "layer_Conv2D"}));
    }

    void otherExamplesShowTheirSettings() {
        const ConceptGraph flowers = buildConceptGraph(example("flowers_csv"));
        QCOMPARE(labelOf(flowers, "normalisation"), std::string("Normalisation: z-score"));
        QCOMPARE(labelOf(flowers, "split"), std::string("Split: test 20%, validation 20%"));
        QCOMPARE(labelOf(flowers, "optimizer"), std::string("Adam, lr 0.01"));
        QCOMPARE(labelOf(flowers, "data"), std::string("Data: flowers.csv"));
        QCOMPARE(labelOf(flowers, "features"), std::string("Features: 4"));
        QCOMPARE(labelOf(flowers, "training"), std::string("Training: 100 epochs, batch 16"));

        const ConceptGraph xorMap = buildConceptGraph(example("xor"));
        QCOMPARE(labelOf(xorMap, "optimizer"), std::string("Momentum 0.9, lr 0.5"));
        QCOMPARE(xorMap.find("optimizer")->textKey, std::string("momentum"));
        QCOMPARE(labelOf(xorMap, "layer_Sigmoid"), std::string("Sigmoid ×2"));
        QCOMPARE(labelOf(xorMap, "loss"), std::string("Loss: binary cross-entropy"));
        QCOMPARE(labelOf(xorMap, "data"), std::string("Data: xor, 4 samples"));

        const ConceptGraph spiral = buildConceptGraph(example("spiral"));
        QCOMPARE(labelOf(spiral, "layer_Dense"), std::string("Dense ×3 (weights and bias)"));
        QCOMPARE(labelOf(spiral, "layer_ReLU"), std::string("ReLU ×2"));
        QCOMPARE(labelOf(spiral, "normalisation"), std::string("Normalisation: none"));
    }

    void settingsAndOverfittingChangeTheMap() {
        Project p = example("spiral");
        p.training.optimizer.weightDecay = 0.0001;
        p.training.earlyStoppingPatience = 5;
        p.training.threads = 2;
        p.training.loss = LossKind::MeanSquaredError;
        p.training.optimizer.schedule.kind = ScheduleKind::Cosine;
        auto dropout = p.graph.addNode("Dropout", {{"rate", 0.25}});
        QVERIFY(dropout.ok());
        ConceptGraph g = buildConceptGraph(p);
        QCOMPARE(labelOf(g, "weight_decay"), std::string("Weight decay 0.0001"));
        QCOMPARE(labelOf(g, "early_stopping"), std::string("Early stopping, patience 5"));
        QCOMPARE(labelOf(g, "parallelism"), std::string("Parallelism: 2 threads, batch halves"));
        QCOMPARE(labelOf(g, "evaluation"), std::string("Evaluation: MSE and R²"));
        QCOMPARE(labelOf(g, "loss"), std::string("Loss: mean squared error"));
        QCOMPARE(labelOf(g, "learning_rate"), std::string("Learning rate 0.01, cosine to 0"));
        QCOMPARE(labelOf(g, "dropout"), std::string("Dropout (regularization, rate 0.25)"));
        QCOMPARE(g.find("dropout")->nodes, std::vector<NodeId>{*dropout});
        QVERIFY(g.hasEdge("neural_network", "dropout"));
        QVERIFY(!g.find("overfitting")->marked);

        g = buildConceptGraph(p, ConceptOptions{true});
        const Concept* over = g.find("overfitting");
        QVERIFY(over->marked);
        QVERIFY(over->label.find("validation loss rising") != std::string::npos);
        for (const char* remedy : {"dropout", "weight_decay", "early_stopping"}) QVERIFY(g.hasEdge("overfitting", remedy));
        QCOMPARE(std::count_if(g.concepts.begin(), g.concepts.end(), [](const Concept& c) { return c.marked; }), 1L);

        // An empty project still gives the whole lesson map.
        const Project nothing;
        const ConceptGraph empty = buildConceptGraph(nothing);
        QCOMPARE(labelOf(empty, "neural_network"), std::string("Neural network (no layers yet)"));
        QCOMPARE(labelOf(empty, "data"), std::string("Data: none chosen yet"));
        QVERIFY(layoutConcepts(empty).ok());
    }

    void overfittingIsSeenInTheHistory() {
        const auto history = [](std::vector<std::pair<double, double>> losses, bool validation = true) {
            std::vector<EpochStats> h;
            for (std::size_t i = 0; i < losses.size(); ++i) {
                EpochStats e;
                e.epoch = int(i) + 1;
                e.trainLoss = losses[i].first;
                e.valLoss = losses[i].second;
                e.hasValidation = validation;
                h.push_back(e);
            }
            return h;
        };
        QVERIFY(!overfittingSeen({}));
        QVERIFY(!overfittingSeen(history({{1.0, 1.1}, {0.8, 0.9}, {0.6, 0.7}, {0.5, 0.6}})));  // both fall
        QVERIFY(overfittingSeen(history({{1.0, 1.1}, {0.8, 0.9}, {0.6, 0.95}, {0.5, 1.0}})));  // val rises, train falls
        QVERIFY(!overfittingSeen(history({{1.0, 1.1}, {0.8, 0.9}, {0.9, 0.95}, {1.0, 1.0}})));  // both rise: diverging, not overfitting
        QVERIFY(!overfittingSeen(history({{1.0, 1.1}, {0.8, 0.9}, {0.6, 0.95}, {0.5, 1.0}}, false)));  // no validation
        QVERIFY(!overfittingSeen(history({{1.0, 1.0}, {0.9, 1.2}})));  // too short
        QVERIFY(overfittingSeen(history({{1.0, 1.0}, {0.9, 1.2}}), 2));
    }

    void sequenceConceptsJoinTheLessonMap() {
        const std::vector<std::string> added = {"recurrence", "bptt", "recurrent_gradients", "sequence_windows"};
        const std::vector<std::string> gated = {"layer_LSTM", "layer_GRU"};
        std::vector<std::string> existing;  // the concepts of a map without sequences
        for (const Concept& c : buildConceptGraph(example("xor")).concepts) existing.push_back(c.id);
        for (const std::string& id : added) QVERIFY2(!std::count(existing.begin(), existing.end(), id), id.c_str());
        Project p = example("sunspots_lstm");
        const ConceptGraph g = buildConceptGraph(p);
        const std::string folder = kSource + "/resources/concepts";
        for (const auto* ids : {&added, &gated})
            for (const std::string& id : *ids) {
                const Concept* c = g.find(id);
                QVERIFY2(c, id.c_str());
                auto text = loadConceptText(folder, c->textKey);
                QVERIFY2(text.ok() && !text->formula.empty() && text->explanation.size() > 200, id.c_str());
                // Linked to a concept of every map; the gated cells below recurrence and as remedies.
                const std::vector<std::string>& to = ids == &added ? existing : added;
                const auto linked = [&](const ConceptEdge& e) {
                    return (e.from == id && std::count(to.begin(), to.end(), e.to)) ||
                           (e.to == id && std::count(to.begin(), to.end(), e.from));
                };
                QVERIFY2(std::any_of(g.edges.begin(), g.edges.end(), linked), (id + " not linked").c_str());
            }
        const char* links[][2] = {
            {"neural_network", "recurrence"}, {"backpropagation", "bptt"}, {"recurrence", "bptt"},
            {"bptt", "recurrent_gradients"}, {"gradient", "recurrent_gradients"}, {"recurrence", "layer_LSTM"},
            {"recurrent_gradients", "layer_LSTM"}, {"recurrent_gradients", "layer_GRU"}, {"recurrence", "activation"},
            {"preprocessing", "sequence_windows"}, {"sequence_windows", "split"}, {"sequence_windows", "normalisation"},
            {"sequence_windows", "evaluation"}};
        for (const auto& e : links) QVERIFY2(g.hasEdge(e[0], e[1]), e[1]);
        QVERIFY(!g.hasEdge("neural_network", "layer_LSTM"));  // below recurrence instead
        QVERIFY(loadConceptText(folder, "lstm")->formula.find("cₜ = f ⊙ cₜ₋₁ + i ⊙ g") != std::string::npos);
        QVERIFY(loadConceptText(folder, "lstm")->formula.find("4H·(F + H) + 8H") != std::string::npos);
        QVERIFY(loadConceptText(folder, "gru")->formula.find("r ⊙ (W_hn hₜ₋₁ + b_hn)") != std::string::npos);
        // Labels with the project's values; the layers and settings they stand for.
        QCOMPARE(labelOf(g, "layer_LSTM"), std::string("LSTM (gates i, f, g, o, 50 units)"));
        QCOMPARE(g.find("layer_LSTM")->nodes, idsOfType(p.graph, "LSTM"));
        QCOMPARE(g.find("recurrence")->nodes, idsOfType(p.graph, "LSTM"));
        QCOMPARE(labelOf(g, "layer_GRU"), std::string("GRU (none in the model)"));
        QCOMPARE(labelOf(g, "sequence_windows"), std::string("Windows: 10 steps, horizon 1, stride 1"));
        QCOMPARE(g.find("sequence_windows")->settings, std::vector<std::string>{"data"});
        QCOMPARE(labelOf(g, "split"), std::string("Split: chronological, no validation, test 20%"));
        QCOMPARE(g.find("recurrent_gradients")->settings, std::vector<std::string>{"clipNorm"});
        p.training.optimizer.clipNorm = 1;
        QCOMPARE(labelOf(buildConceptGraph(p), "recurrent_gradients"), std::string("Vanishing / exploding gradients, clip norm 1"));
        // Every recurrent kind, without series data: each below recurrence, no placeholder.
        Project all;
        std::vector<NodeId> recurrent;
        for (const char* type : {"SimpleRNN", "GRU", "LastStep"}) {
            const bool rnn = std::string(type) == "SimpleRNN";
            auto id = all.graph.addNode(type, rnn ? ParamMap{{"units", std::int64_t{8}}, {"return_sequences", true}} : ParamMap{});
            QVERIFY(id.ok());
            recurrent.push_back(*id);
        }
        const ConceptGraph a = buildConceptGraph(all);
        QCOMPARE(labelOf(a, "layer_SimpleRNN"), std::string("SimpleRNN (recurrence, 8 units, sequences)"));
        QCOMPARE(labelOf(a, "layer_GRU"), std::string("GRU (gates r, z, n, 32 units)"));
        QCOMPARE(labelOf(a, "layer_LastStep"), std::string("LastStep (last time step)"));
        QCOMPARE(labelOf(a, "layer_LSTM"), std::string("LSTM (none in the model)"));
        QCOMPARE(labelOf(a, "sequence_windows"), std::string("Sequence windows (no time series loaded)"));
        QCOMPARE(a.find("recurrence")->nodes, recurrent);
        for (const char* kind : {"layer_SimpleRNN", "layer_GRU", "layer_LastStep", "layer_LSTM"})
            QVERIFY2(a.hasEdge("recurrence", kind), kind);
        for (const ConceptEdge& e : a.edges) QVERIFY2(a.find(e.from) && a.find(e.to), e.to.c_str());
        auto layout = layoutConcepts(g);  // still laid out without overlaps
        QVERIFY(layout.ok());
        for (std::size_t i = 0; i < layout->nodes.size(); ++i)
            for (std::size_t j = 0; j < i; ++j) QVERIFY2(!overlaps(layout->nodes[i], layout->nodes[j]), layout->nodes[i].id.c_str());
    }

    void dotTextIsEscaped() {
        Project p = example("xor");
        p.name = "say \"hi\" \\ there";
        const std::string dot = conceptGraphToDot(buildConceptGraph(p));
        QVERIFY(dot.rfind("digraph concepts {", 0) == 0);
        QVERIFY(dot.find("rankdir=TB") != std::string::npos);
        QVERIFY(dot.find("\"Model: say \\\"hi\\\" \\\\ there\"") != std::string::npos);
        QVERIFY(dot.find("\"model\" -> \"algorithm\" [id=\"e0\", label=\"is learned by\"]") != std::string::npos);
        ConceptGraph two;
        two.concepts = {{"a", "line 1\nline 2", ConceptGroup::Other, ConceptShape::Diamond, {}, {}, {}, {}, true}};
        const std::string d2 = conceptGraphToDot(two);
        QVERIFY(d2.find("label=\"line 1\\nline 2\", shape=diamond") != std::string::npos);
        QVERIFY(d2.find("penwidth=2.5") != std::string::npos);  // marked
    }

    void longLabelsAreWrapped() {
        QCOMPARE(wrapConceptLabel("Adam, lr 0.001"), std::string("Adam, lr 0.001"));
        QCOMPARE(wrapConceptLabel("Dense ×3 (weights and bias)"), std::string("Dense ×3\n(weights and bias)"));
        QCOMPARE(wrapConceptLabel("Loss: softmax cross-entropy"), std::string("Loss:\nsoftmax cross-entropy"));
        QCOMPARE(wrapConceptLabel("Mathematical model ŷ = f(x; w)"), std::string("Mathematical\nmodel ŷ = f(x; w)"));
        QCOMPARE(wrapConceptLabel("Evaluation: accuracy, precision / recall / F1"),
                 std::string("Evaluation:\naccuracy, precision / recall / F1"));
        QCOMPARE(wrapConceptLabel("a teacher's own\nline break stays as it is written"),
                 std::string("a teacher's own\nline break stays as it is written"));
        QCOMPARE(wrapConceptLabel("Antidisestablishmentarianism-without-spaces-at-all"),
                 std::string("Antidisestablishmentarianism-without-spaces-at-all"));
        // Every line of every example's labels stays short.
        for (const Concept& c : buildConceptGraph(example("mnist_cnn")).concepts) {
            const std::string w = wrapConceptLabel(c.label);
            std::size_t start = 0;
            while (start <= w.size()) {
                const std::size_t nl = std::min(w.find('\n', start), w.size());
                QVERIFY2(nl - start <= 40, w.c_str());
                start = nl + 1;
            }
        }
    }

    void layoutPlacesEveryConceptWithoutOverlap() {
        const ConceptGraph g = buildConceptGraph(example("mnist_cnn"), ConceptOptions{true});
        auto layout = layoutConcepts(g);
        QVERIFY2(layout.ok(), layout.ok() ? "" : layout.error().message.c_str());
        QCOMPARE(layout->nodes.size(), g.concepts.size());
        QCOMPARE(layout->edges.size(), g.edges.size());
        QVERIFY(layout->width > 100 && layout->height > 100);
        for (std::size_t i = 0; i < layout->nodes.size(); ++i) {
            const ConceptNodeLayout& n = layout->nodes[i];
            QCOMPARE(n.id, g.concepts[i].id);
            QVERIFY(n.width > 20 && n.height > 10);
            QVERIFY(n.centre.x - n.width / 2 >= -0.5 && n.centre.x + n.width / 2 <= layout->width + 0.5);
            QVERIFY(n.centre.y - n.height / 2 >= -0.5 && n.centre.y + n.height / 2 <= layout->height + 0.5);
            for (std::size_t j = 0; j < i; ++j) QVERIFY2(!overlaps(n, layout->nodes[j]), (n.id + " overlaps " + layout->nodes[j].id).c_str());
        }
        for (std::size_t i = 0; i < layout->edges.size(); ++i) {
            const ConceptEdgeLayout& e = layout->edges[i];
            QCOMPARE(e.from, g.edges[i].from);
            QVERIFY2(e.spline.size() >= 4 && (e.spline.size() - 1) % 3 == 0, e.from.c_str());
            QVERIFY(e.hasArrow);
            QCOMPARE(e.hasLabel, !g.edges[i].label.empty());
            if (e.hasLabel) {
                QVERIFY(e.labelSize.width > 5);
                // Labels sit beside the boxes, never on them.
                const ConceptNodeLayout box{"", e.labelCentre, e.labelSize.width, e.labelSize.height};
                for (const ConceptNodeLayout& n : layout->nodes) QVERIFY2(!overlaps(box, n), (g.edges[i].label + " on " + n.id).c_str());
            }
            // The arrow ends at the head box.
            const ConceptNodeLayout& head = layout->nodes[std::size_t(g.indexOf(e.to))];
            QVERIFY(std::abs(e.arrowTip.x - head.centre.x) <= head.width / 2 + 2);
            QVERIFY(std::abs(e.arrowTip.y - head.centre.y) <= head.height / 2 + 2);
        }
        // Deterministic.
        auto again = layoutConcepts(g);
        QVERIFY(again.ok());
        for (std::size_t i = 0; i < layout->nodes.size(); ++i) QCOMPARE(again->nodes[i].centre, layout->nodes[i].centre);
    }

    void measuredLabelsGetBoxesThatFit() {
        const ConceptGraph g = buildConceptGraph(example("spiral"));
        ConceptLayoutOptions options;
        options.measure = [](const std::string& text, double size) { return TextSize{text.size() * size * 0.7, size * 1.3}; };
        auto layout = layoutConcepts(g, options);
        QVERIFY(layout.ok());
        for (std::size_t i = 0; i < g.concepts.size(); ++i)
            QVERIFY(layout->nodes[i].width >= g.concepts[i].label.size() * kConceptFontSize * 0.7);
    }

    void svgIsRenderedHeadless() {
        const ConceptGraph g = buildConceptGraph(example("mnist_cnn"));
        auto svg = renderConceptSvg(g);
        QVERIFY2(svg.ok(), svg.ok() ? "" : svg.error().message.c_str());
        QVERIFY(svg->find("<svg") != std::string::npos);
        QVERIFY(svg->find("</svg>") != std::string::npos);
        for (const char* label : {"Adam, lr 0.001", "ReLU ×2", "(convolution, 32 filters 3×3)", "Backpropagation"})
            QVERIFY2(svg->find(label) != std::string::npos, label);
    }

    void graphvizFailuresAreErrorValues() {
        const ConceptGraph g = buildConceptGraph(example("xor"));
        ConceptLayoutOptions options;
        options.engine = "no_such_engine";
        auto bad = layoutConcepts(g, options);
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().message.find("no_such_engine") != std::string::npos, bad.error().message.c_str());
        ConceptGraph dangling = g;
        dangling.edges.push_back({"model", "nowhere", "", true, {}, 1});
        auto d = layoutConcepts(dangling);
        QVERIFY(!d.ok());
        QVERIFY(d.error().message.find("nowhere") != std::string::npos);
        QVERIFY(!renderConceptSvg(dangling).ok());
        // Graphviz still works afterwards.
        QVERIFY(layoutConcepts(g).ok());
    }

    void callsFromTwoThreadsAreSerialised() {
        const ConceptGraph g = buildConceptGraph(example("mnist_mlp"));
        bool ok1 = false, ok2 = false;
        std::thread a([&] { for (int i = 0; i < 3; ++i) ok1 = layoutConcepts(g).ok(); });
        std::thread b([&] { for (int i = 0; i < 3; ++i) ok2 = renderConceptSvg(g).ok(); });
        a.join();
        b.join();
        QVERIFY(ok1 && ok2);
    }

    void hundredConceptsRenderQuickly() {
        const ConceptGraph g = bigGraph(100);
        QVERIFY(layoutConcepts(g).ok());  // warm up (plugins load once)
        const auto t0 = std::chrono::steady_clock::now();
        auto layout = layoutConcepts(g);
        const auto t1 = std::chrono::steady_clock::now();
        auto svg = renderConceptSvg(g);
        const auto t2 = std::chrono::steady_clock::now();
        QVERIFY(layout.ok() && svg.ok());
        const double layoutMs = std::chrono::duration<double, std::milli>(t1 - t0).count();
        const double svgMs = std::chrono::duration<double, std::milli>(t2 - t1).count();
        std::printf("concept map of %zu concepts, %zu links: layout %.1f ms, SVG %.1f ms (target < 200 ms)\n",
                    g.concepts.size(), g.edges.size(), layoutMs, svgMs);
        QVERIFY2(layoutMs < 2000 && svgMs < 2000, "far beyond the 200 ms target");
    }

    void everyConceptHasItsText() {
        const std::string folder = kSource + "/resources/concepts";
        for (const std::string& key : conceptTextKeys()) {
            auto t = loadConceptText(folder, key);
            QVERIFY2(t.ok(), t.ok() ? "" : t.error().toString().c_str());
            QVERIFY2(!t->title.empty() && t->explanation.size() > 60, key.c_str());
            QVERIFY2(!t->formula.empty(), key.c_str());
            QVERIFY2(t->explanation.find("```") == std::string::npos, key.c_str());
        }
        auto sigmoid = loadConceptText(folder, "sigmoid");
        QVERIFY(sigmoid->formula.find("σ(z) = 1 / (1 + e^(−z))") != std::string::npos);
        auto adam = loadConceptText(folder, "adam");
        QVERIFY(adam->formula.find("m̂ / (√v̂ + ε)") != std::string::npos);
        // Every concept of every example can be explained.
        for (const char* name : {"mnist_cnn", "xor", "flowers_csv", "sunspots_lstm"})
            for (const Concept& c : buildConceptGraph(example(name)).concepts)
                QVERIFY2(c.textKey.empty() || loadConceptText(folder, c.textKey).ok(), c.textKey.c_str());
    }

    void conceptTextErrors() {
        auto ok = parseConceptText("# T\n\nfirst\nline\n\nsecond\n```\nf = 1\ng = 2\n```\n", "k");
        QVERIFY(ok.ok());
        QCOMPARE(ok->title, std::string("T"));
        QCOMPARE(ok->explanation, std::string("first line\n\nsecond"));
        QCOMPARE(ok->formula, std::string("f = 1\ng = 2"));
        auto noTitle = parseConceptText("just text\n", "k");
        QVERIFY(!noTitle.ok());
        QVERIFY(noTitle.error().message.find("title") != std::string::npos);
        auto open = parseConceptText("# T\ntext\n\n```\nf = 1\n", "k");
        QVERIFY(!open.ok());
        QCOMPARE(open.error().line, 4L);
        QVERIFY(!loadConceptText(kSource + "/resources/concepts", "../README").ok());
        auto missing = loadConceptText(kSource + "/resources/concepts", "no_such_concept");
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.find("no_such_concept.md") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestConcepts)
#include "test_concepts.moc"
