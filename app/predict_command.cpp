// `layerlab predict`: the project's trained network on raw samples, to CSV.
#include "app/cli_args.h"
#include "app/commands.h"

#include "core/common/atomic_file.h"
#include "core/io/project.h"
#include "core/io/trained_model.h"

#include <cstdio>
#include <filesystem>
#include <string>

namespace layerlab::app {

int runPredictCommand(int argc, char** argv) {
    CliArgs args;
    if (auto bad = parseCliArgs(argc, argv, {{{"--input", "-i"}, "input"}, {{"-o", "--output"}, "output"}},
                                "project file", args))
        return usageError("predict", *bad);
    const std::string& file = args.file;
    const std::string input = args.values["input"], output = args.values["output"];
    if (file.empty()) return usageError("predict", "missing the project file (FILE.layerlab)");
    if (input.empty()) return usageError("predict", "missing --input DATA (a CSV of samples, or IDX images)");
    if (output.empty()) return usageError("predict", "missing -o OUT.csv");
    if (auto w = core::checkWritableTarget(output, "the predictions"); !w) return failWith(w.error(), 2);
    auto project = core::loadProject(file);
    if (!project) return failWith(project.error(), 2);
    const std::string dir = std::filesystem::path(file).parent_path().string();
    auto model = core::loadTrainedModel(*project, dir, core::SavedWeights::Require);
    if (!model) return failWith(model.error(), 2, file);
    auto samples = core::readRawInput(model->schema, input);
    if (!samples) return failWith(samples.error(), 2);
    const std::string csv = core::predictionsCsv(model->net, *samples, project->training.evalBatchSize);
    if (auto w = core::writeFileAtomically(output, csv); !w) return failWith(w.error(), 1);
    std::printf("predicted %d sample%s with %s's trained network: %s\n", samples->count, samples->count == 1 ? "" : "s",
                file.c_str(), output.c_str());
    return 0;
}

}  // namespace layerlab::app
