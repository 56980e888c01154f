// `layerlab export`: the project's network leaves LayerLab, as a PyTorch
// script (model.py, with model.weights beside it) or as ONNX (model.onnx).
#include "app/cli_args.h"
#include "app/commands.h"

#include "core/common/atomic_file.h"
#include "core/interop/model_export.h"
#include "core/io/project.h"

#include <cstdio>
#include <filesystem>
#include <string>

namespace layerlab::app {

namespace {

bool endsWith(const std::string& s, const std::string& end) {
    return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

}  // namespace

int runExportCommand(int argc, char** argv) {
    CliArgs args;
    if (auto bad = parseCliArgs(argc, argv, {{{"-o", "--output"}, "output"}}, "project file", args))
        return usageError("export", *bad);
    const std::string& file = args.file;
    const std::string output = args.values["output"];
    if (file.empty()) return usageError("export", "missing the project file (FILE.layerlab)");
    if (output.empty()) return usageError("export", "missing -o model.py or -o model.onnx");
    if (!endsWith(output, ".py") && !endsWith(output, ".onnx"))
        return usageError("export", "the output must end in .py (a PyTorch script) or .onnx (ONNX); got '" + output + "'");
    if (auto w = core::checkWritableTarget(output, "the exported model"); !w) return failWith(w.error(), 2);
    auto project = core::loadProject(file);
    if (!project) return failWith(project.error(), 2);
    const std::string dir = std::filesystem::path(file).parent_path().string();
    auto report = core::exportModelFile(*project, dir, output);
    if (!report) return failWith(report.error(), 1, file);
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
