#include "core/viz/concept_text.h"

#include "core/common/file_read.h"

#include <filesystem>

namespace layerlab::core {

namespace {

std::string trimRight(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
    return s;
}

bool validKey(const std::string& key) {
    if (key.empty()) return false;
    for (const char c : key)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

}  // namespace

Result<ConceptText> parseConceptText(std::string_view markdown, const std::string& key) {
    ConceptText out;
    out.key = key;
    std::vector<std::string> paragraphs;
    std::string paragraph;
    bool inFence = false;
    long fenceLine = 0, lineNo = 0;
    const auto endParagraph = [&] {
        if (!paragraph.empty()) paragraphs.push_back(std::move(paragraph));
        paragraph.clear();
    };
    std::size_t pos = 0;
    while (pos <= markdown.size()) {
        const std::size_t nl = markdown.find('\n', pos);
        const std::string line =
            trimRight(std::string(markdown.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos)));
        pos = nl == std::string_view::npos ? markdown.size() + 1 : nl + 1;
        ++lineNo;
        if (line.rfind("```", 0) == 0) {
            endParagraph();
            inFence = !inFence;
            fenceLine = lineNo;
            continue;
        }
        if (inFence) {
            if (!out.formula.empty()) out.formula += '\n';
            out.formula += line;
            continue;
        }
        if (out.title.empty() && line.rfind("# ", 0) == 0) {
            out.title = line.substr(2);
            continue;
        }
        if (line.empty()) {
            endParagraph();
            continue;
        }
        if (!paragraph.empty()) paragraph += ' ';
        paragraph += line;
    }
    if (inFence) {
        Error e = makeError("the formula block opened here is not closed with ```");
        e.file = key + ".md";
        e.line = fenceLine;
        return e;
    }
    endParagraph();
    if (out.title.empty()) {
        Error e = makeError("no title: the text must start with a line '# Title'");
        e.file = key + ".md";
        e.line = 1;
        return e;
    }
    for (std::size_t i = 0; i < paragraphs.size(); ++i) {
        if (i) out.explanation += "\n\n";
        out.explanation += paragraphs[i];
    }
    return out;
}

Result<ConceptText> loadConceptText(const std::string& folder, const std::string& key) {
    if (!validKey(key)) return makeError("'" + key + "' is not a concept text key (use a-z, 0-9 and _)");
    const std::string path = folder + "/" + key + ".md";
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        Error e = makeError("there is no explanation file for '" + key + "' (looked for " + path + ")");
        e.file = path;
        return e;
    }
    auto text = readRegularFile(path, "a concept text (Markdown)", std::uint64_t{1} << 24);
    if (!text) return text.error();
    auto parsed = parseConceptText(*text, key);
    if (!parsed) {
        Error e = parsed.error();
        e.file = path;
        return e;
    }
    return parsed;
}

const std::vector<std::string>& conceptTextKeys() {
    static const std::vector<std::string> keys = {
        "model", "algorithm", "neural_network", "backpropagation", "activation_function", "relu", "leaky_relu",
        "sigmoid", "tanh", "softmax", "weights_and_bias", "convolution", "pooling", "flatten", "merge", "dropout",
        "batch_norm", "mathematical_model", "gradient_descent", "sgd", "momentum", "adam", "rmsprop",
        "learning_rate", "mse", "cross_entropy", "binary_cross_entropy", "loss_function", "gradient", "metrics",
        "tuning", "training", "overfitting", "weight_decay", "early_stopping", "data", "preprocessing",
        "normalisation", "train_test_split", "features", "compute", "parallelism", "recurrence", "lstm", "gru",
        "bptt", "vanishing_gradients", "sequence_windows"};
    return keys;
}

}  // namespace layerlab::core
