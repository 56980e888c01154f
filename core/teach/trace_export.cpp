#include "core/teach/trace_export.h"

#include "core/teach/trace_formulas.h"

#include <cstdio>
#include <sstream>

namespace layerlab::core {

namespace {

std::string exact(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

class CsvWriter {
public:
    explicit CsvWriter(std::ostringstream& out) : out_(out) {}
    void row(int stage, const std::string& layer, int neuron, const char* kind, int input, double value) {
        out_ << stage << ',' << csvField(layer) << ',';
        if (neuron >= 0) out_ << neuron + 1;
        out_ << ',' << kind << ',';
        if (input >= 0) out_ << input + 1;
        out_ << ',' << exact(value) << '\n';
    }
    void all(int stage, const std::string& layer, const char* kind, const std::vector<float>& v) {
        for (std::size_t i = 0; i < v.size(); ++i) row(stage, layer, static_cast<int>(i), kind, -1, v[i]);
    }
    // A units x fanIn column-major matrix, one row per (neuron, input).
    void matrix(int stage, const std::string& layer, const char* kind, const std::vector<float>& m, int units) {
        for (std::size_t i = 0; i < m.size(); ++i)
            row(stage, layer, static_cast<int>(i % static_cast<std::size_t>(units)), kind,
                static_cast<int>(i / static_cast<std::size_t>(units)), m[i]);
    }

private:
    std::ostringstream& out_;
};

std::string escapeMarkdown(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '_' || c == '*' || c == '|' || c == '`' || c == '#') out += '\\';
        out += c;
    }
    return out;
}

std::string layerTitle(const Trace& t, int s) {
    const TraceStage& x = t.stages[static_cast<std::size_t>(s)];
    return "Layer " + std::to_string(s) + ": " + escapeMarkdown(x.name) + " (" + x.type + ")";
}

void bullets(std::ostringstream& md, const std::vector<std::string>& lines) {
    for (const std::string& l : lines) md << "- " << l << '\n';
}

std::string inputSymbol(const Trace& t, int stage, int k) { return stageSymbol(t, "a", stage, k); }

}  // namespace

std::string traceToCsv(const Trace& t) {
    std::ostringstream out;
    out << "stage,layer,neuron,kind,input,value\n";
    CsvWriter w(out);
    for (std::size_t si = 0; si < t.stages.size(); ++si) {
        const TraceStage& s = t.stages[si];
        const int stage = static_cast<int>(si);
        if (s.kind == StageKind::Input) {
            w.all(stage, s.name, "input", s.a);
        } else if (s.kind == StageKind::Dense) {
            w.matrix(stage, s.name, "w", s.W, s.units);
            w.all(stage, s.name, "b", s.b);
            w.all(stage, s.name, "z", s.z);
            w.all(stage, s.name, "a", s.a);
            w.all(stage, s.name, "da", s.dA);
            w.all(stage, s.name, "delta", s.delta);
            w.matrix(stage, s.name, "dw", s.dW, s.units);
            w.all(stage, s.name, "db", s.db);
            w.matrix(stage, s.name, "new_w", s.newW, s.units);
            w.all(stage, s.name, "new_b", s.newB);
        } else {
            w.all(stage, s.name, "a", s.a);
            w.all(stage, s.name, "delta", s.delta);
            if (s.paramCount > 0) w.row(stage, s.name, -1, "grad_norm", -1, s.gradNorm);
        }
    }
    const int last = static_cast<int>(t.stages.size()) - 1;
    const std::string& outName = t.output().name;
    w.all(last, outName, "target", t.target);
    w.all(last, outName, "p", t.prediction);
    w.row(last, outName, -1, "loss", -1, t.lossValue);
    w.row(last, outName, -1, "loss_after", -1, t.lossAfter);
    w.row(last, outName, -1, "learning_rate", -1, t.learningRate);
    return out.str();
}

std::string traceToMarkdown(const Trace& t, const MarkdownOptions& o) {
    FormulaOptions f;
    f.hideResults = o.hideNumbers;
    f.blank = o.blank;
    std::ostringstream md;
    const int S = static_cast<int>(t.stages.size()) - 1;
    auto neuronCount = [&](int s) {
        return std::min(o.maxNeurons, static_cast<int>(t.stages[static_cast<std::size_t>(s)].a.size()));
    };
    auto moreNeurons = [&](int s) {
        const int n = static_cast<int>(t.stages[static_cast<std::size_t>(s)].a.size());
        if (n > o.maxNeurons)
            md << "- … and " << n - o.maxNeurons << " more neurons (the CSV export has every number)\n";
    };
    auto weightsListed = [&](const TraceStage& s) { return s.units * s.fanIn <= o.maxWeights; };

    md << "# " << o.title << "\n\n";
    md << "One sample goes forward through the network, the loss compares the prediction with the target, the "
          "error goes backward (the chain rule) and every weight takes one gradient-descent step.";
    if (o.hideNumbers) md << " Fill in the blanks (" << o.blank << ").";
    md << "\n\n## The network\n\n| layer | name | type | size | activation |\n|---|---|---|---|---|\n";
    for (int s = 0; s <= S; ++s) {
        const TraceStage& x = t.stages[static_cast<std::size_t>(s)];
        std::string act = x.kind == StageKind::Dense && x.activation != Activation::Identity ? activationName(x.activation) : "";
        if (s == S && t.outputActivation != OutputActivation::None)
            act += std::string(act.empty() ? "" : ", then ") +
                   (t.outputActivation == OutputActivation::Softmax ? "softmax (in the loss)" : "sigmoid (in the loss)");
        md << "| " << s << " | " << escapeMarkdown(x.name) << " | " << x.type << " | " << x.shape.toString() << " | "
           << act << " |\n";
    }
    md << "\nLoss: " << lossName(t.loss) << ". Learning rate α = " << formatNumber(t.learningRate) << ".\n";
    for (const std::string& n : t.notes) md << "\n> " << n << "\n";

    md << "\n## The input\n\n";
    const TraceStage& in = t.stages.front();
    if (static_cast<int>(in.a.size()) <= o.maxWeights) {
        std::string xs;
        for (std::size_t k = 0; k < in.a.size(); ++k)
            xs += (k ? ", " : "") + stageSymbol(t, "x", 0, static_cast<int>(k)) + " = " + formatNumber(in.a[k]);
        md << xs << "\n";
    } else {
        bullets(md, blockFormulas(t, 0, TracePhase::Input, f));
    }
    md << "\n## The weights\n";
    for (int s = 1; s <= S; ++s) {
        const TraceStage& x = t.stages[static_cast<std::size_t>(s)];
        if (x.kind != StageKind::Dense) continue;
        md << "\n### " << layerTitle(t, s) << "\n\n";
        if (!weightsListed(x)) {
            md << x.units << " × " << x.fanIn << " weights (see the CSV export).\n";
            continue;
        }
        const int p = x.inputStages.front();
        md << "| |";
        for (int k = 0; k < x.fanIn; ++k) md << " " << inputSymbol(t, p, k) << " |";
        if (x.hasBias) md << " bias |";
        md << "\n|---|";
        for (int k = 0; k < x.fanIn + (x.hasBias ? 1 : 0); ++k) md << "---|";
        md << "\n";
        for (int j = 0; j < x.units; ++j) {
            md << "| neuron " << j + 1 << " |";
            for (int k = 0; k < x.fanIn; ++k) md << " " << formatNumber(x.W[static_cast<std::size_t>(j + k * x.units)]) << " |";
            if (x.hasBias) md << " " << formatNumber(x.b[static_cast<std::size_t>(j)]) << " |";
            md << "\n";
        }
    }

    md << "\n## Forward\n";
    for (int s = 1; s <= S; ++s) {
        md << "\n### " << layerTitle(t, s) << "\n\n";
        if (t.stages[static_cast<std::size_t>(s)].kind != StageKind::Dense) {
            bullets(md, blockFormulas(t, s, TracePhase::Forward, f));
            continue;
        }
        for (int j = 0; j < neuronCount(s); ++j) bullets(md, forwardFormulas(t, s, j, f));
        moreNeurons(s);
    }
    md << "\n## Loss\n\n";
    bullets(md, lossFormulas(t, f));

    md << "\n## Backward\n";
    for (int s = S; s >= 1; --s) {
        const TraceStage& x = t.stages[static_cast<std::size_t>(s)];
        md << "\n### " << layerTitle(t, s) << "\n\n";
        if (x.kind != StageKind::Dense) {
            bullets(md, blockFormulas(t, s, TracePhase::Backward, f));
            continue;
        }
        for (int j = 0; j < neuronCount(s); ++j) bullets(md, deltaFormulas(t, s, j, f));
        moreNeurons(s);
        if (!weightsListed(x)) continue;
        md << "\n";
        for (int j = 0; j < x.units; ++j) {
            for (int k = 0; k < x.fanIn; ++k) md << "- " << weightGradientFormula(t, s, j, k, f) << "\n";
            if (x.hasBias) md << "- " << weightGradientFormula(t, s, j, -1, f) << "\n";
        }
    }

    md << "\n## Update (α = " << formatNumber(t.learningRate) << ")\n";
    for (int s = 1; s <= S; ++s) {
        const TraceStage& x = t.stages[static_cast<std::size_t>(s)];
        if (x.paramCount == 0) continue;
        md << "\n### " << layerTitle(t, s) << "\n\n";
        if (x.kind != StageKind::Dense || !weightsListed(x)) {
            bullets(md, blockFormulas(t, s, TracePhase::Update, f));
            continue;
        }
        for (int j = 0; j < x.units; ++j) {
            for (int k = 0; k < x.fanIn; ++k) md << "- " << updateFormula(t, s, j, k, f) << "\n";
            if (x.hasBias) md << "- " << updateFormula(t, s, j, -1, f) << "\n";
        }
    }
    md << "\n## Loss after the update\n\n";
    const auto after = lossFormulas(t, f, true);
    if (!after.empty()) md << "- " << after.back() << "\n";
    return md.str();
}

}  // namespace layerlab::core
