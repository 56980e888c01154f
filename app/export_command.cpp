// `layerlab export`: the project's network leaves LayerLab, as a PyTorch
// script (model.py, with model.weights beside it) or as ONNX (model.onnx).
#include "app/commands.h"

#include "core/common/atomic_file.h"
#include "core/io/project.h"
#include "core/interop/model_export.h"

#include <cstdio>
#include <filesystem>
#include <string>

namespace layerlab::app {

namespace {

int usageError(const std::string& message) {
    std::fprintf(stderr, "layerlab export: %s\nRun 'layerlab --help' for usage.\n", message.c_str());
    return 2;
}

bool endsWith(const std::string& s, const std::string& end) {
    return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

}  // namespace

int runExportCommand(int argc, char** argv) {
    std::string file, output;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "-o" || a == "--output") {
            if (i + 1 >= argc || !*argv[i + 1]) return usageError(a + " needs a file name");
            output = argv[++i];
        } else if (!a.empty() && a[0] == '-') {
            return usageError("unknown option '" + a + "'");
        } else if (file.empty()) {
            file = a;
        } else {
            return usageError("only one project file, got '" + file + "' and '" + a + "'");
        }
    }
    if (file.empty()) return usageError("missing the project file (FILE.layerlab)");
    if (output.empty()) return usageError("missing -o model.py or -o model.onnx");
    if (!endsWith(output, ".py") && !endsWith(output, ".onnx"))
        return usageError("the output must end in .py (a PyTorch script) or .onnx (ONNX); got '" + output + "'");
    if (auto w = core::checkWritableTarget(output, "the exported model"); !w) {
        std::fprintf(stderr, "error: %s\n", w.error().toString().c_str());
        return 2;
    }
    auto project = core::loadProject(file);
    if (!project) {
        std::fprintf(stderr, "error: %s\n", project.error().toString().c_str());
        return 2;
    }
    const std::string dir = std::filesystem::path(file).parent_path().string();
    auto report = core::exportModelFile(*project, dir, output);
    if (!report) {
        std::fprintf(stderr, "error: %s: %s\n", file.c_str(), report.error().toString().c_str());
        return 1;
    }
    if (report->seedWeights)
        std::printf("note: %s holds no trained weights that fit its graph; the export carries the weights drawn "
                    "from its seed (%llu), where 'layerlab train' would start\n",
                    file.c_str(), static_cast<unsigned long long>(project->training.seed));
    std::printf("exported %s (%zu parameters):", file.c_str(), report->parameters);
    for (const auto& f : report->files) std::printf(" %s", f.c_str());
    std::printf("\n");
    return 0;
}

}  // namespace layerlab::app
