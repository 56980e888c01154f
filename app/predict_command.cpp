// `layerlab predict`: the project's trained network on raw samples, to CSV.
#include "app/commands.h"

#include "core/common/atomic_file.h"
#include "core/io/project.h"
#include "core/io/trained_model.h"

#include <cstdio>
#include <filesystem>
#include <string>

namespace layerlab::app {

namespace {

int usageError(const std::string& message) {
    std::fprintf(stderr, "layerlab predict: %s\nRun 'layerlab --help' for usage.\n", message.c_str());
    return 2;
}

}  // namespace

int runPredictCommand(int argc, char** argv) {
    std::string file, input, output;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--input" || a == "-i" || a == "-o" || a == "--output") {
            if (i + 1 >= argc || !*argv[i + 1]) return usageError(a + " needs a file name");
            (a == "--input" || a == "-i" ? input : output) = argv[++i];
        } else if (!a.empty() && a[0] == '-') {
            return usageError("unknown option '" + a + "'");
        } else if (file.empty()) {
            file = a;
        } else {
            return usageError("only one project file, got '" + file + "' and '" + a + "'");
        }
    }
    if (file.empty()) return usageError("missing the project file (FILE.layerlab)");
    if (input.empty()) return usageError("missing --input DATA (a CSV of samples, or IDX images)");
    if (output.empty()) return usageError("missing -o OUT.csv");
    if (auto w = core::checkWritableTarget(output, "the predictions"); !w) {
        std::fprintf(stderr, "error: %s\n", w.error().toString().c_str());
        return 2;
    }
    auto project = core::loadProject(file);
    if (!project) {
        std::fprintf(stderr, "error: %s\n", project.error().toString().c_str());
        return 2;
    }
    const std::string dir = std::filesystem::path(file).parent_path().string();
    auto model = core::loadTrainedModel(*project, dir, core::SavedWeights::Require);
    if (!model) {
        std::fprintf(stderr, "error: %s: %s\n", file.c_str(), model.error().toString().c_str());
        return 2;
    }
    auto samples = core::readRawInput(model->schema, input);
    if (!samples) {
        std::fprintf(stderr, "error: %s\n", samples.error().toString().c_str());
        return 2;
    }
    const std::string csv = core::predictionsCsv(model->net, *samples, project->training.evalBatchSize);
    if (auto w = core::writeFileAtomically(output, csv); !w) {
        std::fprintf(stderr, "error: %s\n", w.error().toString().c_str());
        return 1;
    }
    std::printf("predicted %d sample%s with %s's trained network: %s\n", samples->count, samples->count == 1 ? "" : "s",
                file.c_str(), output.c_str());
    return 0;
}

}  // namespace layerlab::app
