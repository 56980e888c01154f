// `layerlab import MODEL.onnx -o FILE.layerlab`: an ONNX model (e.g. from
// torch.onnx.export) as a LayerLab project with its weights (core/interop).
#include "app/cli_args.h"
#include "app/commands.h"

#include "core/common/atomic_file.h"
#include "core/interop/onnx_import.h"
#include "core/io/project.h"
#include "core/losses/loss_kind.h"

#include <cstdio>
#include <map>
#include <string>

namespace layerlab::app {

namespace {

// "Conv2D x2, Dense x3, ReLU": the layer types, in the graph's order of first use.
std::string layerSummary(const core::Graph& g) {
    std::vector<std::string> order;
    std::map<std::string, int> count;
    for (const core::Node& n : g.nodes()) {
        if (n.type == "Input") continue;
        if (count[n.type]++ == 0) order.push_back(n.type);
    }
    std::string s;
    for (const std::string& t : order)
        s += (s.empty() ? "" : ", ") + t + (count[t] > 1 ? " x" + std::to_string(count[t]) : "");
    return s;
}

}  // namespace

int runImportCommand(int argc, char** argv) {
    CliArgs args;
    if (auto bad = parseCliArgs(argc, argv, {{{"-o", "--output"}, "output"}}, "model file", args))
        return usageError("import", *bad);
    const std::string model = args.file, output = args.values["output"];
    if (model.empty()) return usageError("import", "missing the model file (MODEL.onnx)");
    if (output.empty()) return usageError("import", "missing the project to write (-o FILE.layerlab)");
    if (auto writable = core::checkWritableTarget(output, "the imported project"); !writable) {
        std::fprintf(stderr, "error: %s\n", writable.error().toString().c_str());
        return 2;
    }
    auto project = core::importOnnx(model);
    if (!project) {
        std::fprintf(stderr, "error: %s\n", project.error().toString().c_str());
        return 2;
    }
    if (auto saved = core::saveProject(*project, output); !saved) {
        std::fprintf(stderr, "error: %s\n", saved.error().toString().c_str());
        return 1;
    }
    const std::size_t params = project->weights ? project->weights->params.size() : 0;
    std::printf("imported %s: %zu layers (%s), %zu parameters\n", model.c_str(), project->graph.nodes().size() - 1,
                layerSummary(project->graph).c_str(), params);
    std::printf("loss guessed from the last layer: %s\n", std::string(core::lossName(project->training.loss)).c_str());
    std::printf("wrote %s (no data yet: add a data source to train it further)\n", output.c_str());
    return 0;
}

}  // namespace layerlab::app
