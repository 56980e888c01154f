// `layerlab train`: trains a project without a GUI, on the same core the GUI uses.
#include "app/commands.h"
#include "app/series_report.h"

#include "core/common/atomic_file.h"
#include "core/io/project.h"
#include "core/io/project_data.h"
#include "core/io/run_setup.h"
#include "core/net/network.h"
#include "core/train/trainer.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

namespace layerlab::app {

namespace {

bool parseInt(const char* text, long lo, long hi, long& out) {
    char* end = nullptr;
    errno = 0;
    const long v = std::strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < lo || v > hi) return false;
    out = v;
    return true;
}

int usageError(const std::string& message) {
    std::fprintf(stderr, "layerlab train: %s\nRun 'layerlab --help' for usage.\n", message.c_str());
    return 2;
}

}  // namespace

const char* helpText() {
    return R"(LayerLab - build and train neural networks by hand.

Usage:
  layerlab [FILE.layerlab] [--screenshot PNG]   open the studio (GUI)
  layerlab train FILE.layerlab [options]         train without a GUI
  layerlab render-concepts FILE.layerlab -o OUT  draw the project's concept map
  layerlab render-concepts --mermaid FILE.mmd -o OUT
                                                 draw a Mermaid flowchart
  layerlab predict FILE.layerlab --input DATA -o OUT.csv
                                                 the trained network on raw samples
  layerlab export FILE.layerlab -o model.py|model.onnx
                                                 the network for PyTorch or ONNX
  layerlab import MODEL.onnx -o FILE.layerlab    an ONNX model as a project
  layerlab --help | --version

train options:
  --epochs N          number of epochs (default: the project's)
  --batch-size N      mini-batch size (default: the project's)
  --seed N            seed for initial weights, shuffling and dropout
  --threads N         worker threads for the engine (1 or 2; default: the project's)
  --limit N           use only the first N training samples (IDX or CSV data)
  --save-weights OUT  write the project with its trained weights to OUT (checked
                      before training; written whole or not at all, a symlink
                      stays a link and the file keeps its mode)
  --fresh             ignore weights stored in the project and start from
                      freshly initialised ones

train prints the preprocessing it fitted on the training part (or reused from
the project), then one line per epoch: mean training loss (the data loss;
with weight decay or L1 also the penalty, so the objective is loss + penalty),
training accuracy (R^2 for regression), validation loss and accuracy, the epoch's training time
and samples per second; then the test accuracy when the data has a test set,
and why training stopped. Exit code 0 when training completed or stopped
early, 1 when it diverged or failed, 2 for bad arguments or files.

render-concepts options:
  -o, --output OUT    OUT.svg (Graphviz SVG), OUT.dot (DOT text) or - (SVG to
                      stdout); written whole or not at all
  --mermaid FILE.mmd  read a Mermaid flowchart (graph TD ...) instead of a project
  --overfitting       mark the overfitting concept (as training does when the
                      validation loss rises while the training loss falls)
  Exit code 0 when written, 1 when Graphviz or writing failed, 2 for bad
  arguments or input files (syntax errors name the line and column).

predict: runs the project's saved (trained) weights on DATA: a CSV with the
  training file's feature columns (found by header name; other columns such
  as the target are ignored), IDX images, or a time series CSV (every window,
  the last ending at the last row). The project's fitted preprocessing is
  applied. OUT.csv: sample,predicted,out_0,...: out_j the graph's last node
  (probabilities after a Softmax), predicted the class index or out_0.
  Exit code 0 when written, 1 when writing failed, 2 for bad arguments,
  files or a project without trained weights.

export: -o model.py writes a PyTorch script (build_model(), preprocess(),
  `python3 model.py predict|train`, torchrun for several processes or GPUs)
  with the weights in model.weights beside it; -o model.onnx writes ONNX
  (opset 13, input "input" with a dynamic batch, output "output"). A project
  without trained weights exports the weights its seed draws (said so).
  Exit code 0 when written, 1 when exporting failed, 2 for bad arguments.

import: reads an ONNX model (e.g. from torch.onnx.export, opset 13) into a
  project: one layer per supported node, the weights, the loss guessed from
  the last layer (Softmax: softmax_cross_entropy, Sigmoid: bce_with_logits,
  else mse), no data. -o is checked before reading; written whole or not at
  all. An operation LayerLab has no layer for is named with its node. Exit
  code 0 when written, 1 when writing failed, 2 for bad arguments or models.

GUI options:
  --screenshot PNG    open, render the main window to PNG and quit
)";
}

int runTrainCommand(int argc, char** argv) {
    std::string file, saveTo;
    long epochs = 0, batch = 0, threads = 0, limit = -1;
    long long seed = -1;
    bool fresh = false;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&](const char* what) -> const char* {
            if (i + 1 >= argc) return nullptr;
            (void)what;
            return argv[++i];
        };
        if (a == "--epochs" || a == "--batch-size" || a == "--threads" || a == "--limit" || a == "--seed" ||
            a == "--save-weights") {
            const char* v = next(a.c_str());
            if (!v) return usageError(a + " needs a value");
            long n = 0;
            if (a == "--save-weights") {
                if (!*v) return usageError("--save-weights needs a file name");
                saveTo = v;
            } else if (a == "--seed") {
                if (!parseInt(v, 0, 2147483647L, n)) return usageError("--seed needs a number >= 0, got '" + std::string(v) + "'");
                seed = n;
            } else if (const long hi = a == "--threads"      ? 2
                                       : a == "--epochs"     ? core::kMaxEpochs
                                       : a == "--batch-size" ? core::kMaxBatchSize
                                                             : 2147483647L;
                       !parseInt(v, 1, hi, n)) {
                return usageError(a + (a == "--threads" ? " needs 1 or 2"
                                                        : " needs a whole number of at least 1 and at most " + std::to_string(hi)) +
                                  ", got '" + v + "'");
            } else if (a == "--epochs") epochs = n;
            else if (a == "--batch-size") batch = n;
            else if (a == "--threads") threads = n;
            else limit = n;
        } else if (a == "--fresh") {
            fresh = true;
        } else if (!a.empty() && a[0] == '-') {
            return usageError("unknown option '" + a + "'");
        } else if (file.empty()) {
            file = a;
        } else {
            return usageError("only one project file, got '" + file + "' and '" + a + "'");
        }
    }
    if (file.empty()) return usageError("missing the project file (FILE.layerlab)");
    // A bad output path must fail now, not after the whole training run.
    if (!saveTo.empty()) {
        if (auto writable = core::checkWritableTarget(saveTo, "the trained project"); !writable) {
            std::fprintf(stderr, "error: %s (checked before training)\n", writable.error().toString().c_str());
            return 2;
        }
    }

    auto loaded = core::loadProject(file);
    if (!loaded) {
        std::fprintf(stderr, "error: %s\n", loaded.error().toString().c_str());
        return 2;
    }
    core::Project project = std::move(loaded).value();
    if (epochs > 0) project.training.epochs = static_cast<int>(epochs);
    if (batch > 0) project.training.batchSize = static_cast<int>(batch);
    if (seed >= 0) project.training.seed = static_cast<std::uint64_t>(seed);
    if (limit > 0) project.data.limit = static_cast<int>(limit);
    if (threads > 0) project.training.threads = static_cast<int>(threads);

    const std::string dir = std::filesystem::path(file).parent_path().string();
    const auto t0 = std::chrono::steady_clock::now();
    auto data = core::loadProjectData(project, dir);
    if (!data) {
        std::fprintf(stderr, "error: %s\n", data.error().toString().c_str());
        return 2;
    }
    const double loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    // The same path as the window's Train: compile, check settings and data, seed, saved weights.
    auto prepared = core::prepareRun(project, fresh ? core::SavedWeights::Ignore : core::SavedWeights::Require, &*data);
    if (!prepared) {
        std::fprintf(stderr, "error: %s: %s\n", file.c_str(), prepared.error().message.c_str());
        return 2;
    }
    core::Network* net = &prepared->net;

    const bool classification = data->train->task == core::TaskKind::Classification;
    const char* metric = classification ? "acc" : "r2";
    const double flops = net->flopsPerSample();
    std::printf("%s: %zu parameters, %.3g %sFLOP/sample; data %s: %d train, %d validation, %d test samples (loaded in %.2f s)\n",
                project.name.empty() ? file.c_str() : project.name.c_str(), net->paramCount(),
                flops >= 1e6 ? flops / 1e6 : flops / 1e3, flops >= 1e6 ? "M" : "k", data->train->name.c_str(), data->train->count(),
                data->validation ? data->validation->count() : 0, data->test ? data->test->count() : 0, loadSeconds);
    if (project.data.kind != core::DataKind::Series) {  // a series is scaled by its own rule (printSeriesSetup)
        const core::Preprocessing& pp = data->preprocessing;
        std::printf("preprocessing: %s", core::describePreprocessing(pp).c_str());
        if (pp.fitted())
            std::printf(data->preprocessingReused ? " (as saved in the project)" : " (fitted on the %d training samples)",
                        data->train->count());
        if (project.data.kind != core::DataKind::Idx || project.data.testImages.empty())
            if (pp.testSplit > 0) std::printf("; test split %g", pp.testSplit);
        std::printf("\n");
    }
    if (project.data.kind == core::DataKind::Series) printSeriesSetup(project, *data);
    if (data->countLine)
        std::printf("csv: line 1 skipped: %s\n", core::describeCsvCountLine(*data->countLine).c_str());
    else if (data->skippedLines > 0)
        std::printf("csv: the first %d line%s skipped\n", data->skippedLines, data->skippedLines == 1 ? "" : "s");
    if (data->classesFromNumbers)
        std::printf("csv: the target's %d distinct whole numbers are read as classes (set \"task\": \"regression\" "
                    "to predict them as numbers)\n",
                    data->train->classCount());
    if (data->droppedRows > 0 || data->filledValues > 0)
        std::printf("missing values: %ld row%s dropped, %ld value%s filled with the column mean\n", data->droppedRows,
                    data->droppedRows == 1 ? "" : "s", data->filledValues, data->filledValues == 1 ? "" : "s");
    if (!net->strayLayers().empty()) {
        std::printf("not trained (not connected to the network):");
        for (std::size_t i = 0; i < net->strayLayers().size(); ++i) {
            const core::StrayLayer& s = net->strayLayers()[i];
            std::printf("%s %s (%s, id %llu)", i ? "," : "", s.name.c_str(), s.type.c_str(),
                        static_cast<unsigned long long>(s.node));
        }
        std::printf("\n");
    }
    std::printf("training: %s, lr %g, batch %d, %d epochs, loss %s, seed %llu, %d thread%s\n",
                std::string(core::optimizerName(project.training.optimizer.kind)).c_str(),
                project.training.optimizer.learningRate, project.training.batchSize, project.training.epochs,
                std::string(core::lossName(project.training.loss)).c_str(),
                static_cast<unsigned long long>(project.training.seed), project.training.threads,
                project.training.threads == 1 ? "" : "s");
    std::fflush(stdout);

    core::TrainCallbacks callbacks;
    const int total = project.training.epochs;
    callbacks.onEpoch = [&](const core::EpochStats& e) {
        std::printf("epoch %3d/%d  loss %.4f  %s %.4f", e.epoch, total, e.trainLoss, metric, e.trainMetric);
        if (e.penalty > 0) std::printf("  penalty %.4f", e.penalty);
        if (e.hasValidation) std::printf("  val_loss %.4f  val_%s %.4f", e.valLoss, metric, e.valMetric);
        std::printf("  %.3f s  %.0f samples/s\n", e.seconds, e.samplesPerSecond);
        std::fflush(stdout);
    };
    core::Trainer trainer;
    const core::TrainResult result =
        trainer.run(*net, *data->train, data->validation.get(), project.training, {}, callbacks);
    if (data->test && (result.reason == core::StopReason::Completed || result.reason == core::StopReason::EarlyStopped)) {
        const core::EvalResult t = core::evaluate(*net, *data->test, project.training.loss);
        std::printf("test  loss %.4f  %s %.4f  (%d samples)\n", t.loss, metric, t.metric, data->test->count());
    }
    if (project.data.kind == core::DataKind::Series &&
        (result.reason == core::StopReason::Completed || result.reason == core::StopReason::EarlyStopped))
        printForecast(*net, project, *data);
    std::printf("stopped: %s%s%s\n", std::string(core::stopReasonName(result.reason)).c_str(),
                result.message.empty() ? "" : ": ", result.message.c_str());

    if (!saveTo.empty() && (result.reason == core::StopReason::Completed || result.reason == core::StopReason::EarlyStopped)) {
        project.weights = net->weights();
        // The trained model saw this transform: keep it, and keep the data paths valid from OUT's folder.
        project.data.preprocessing = data->preprocessing;
        if (data->series) project.data.series = *data->series;
        core::rebaseDataPaths(project.data, dir, std::filesystem::path(saveTo).parent_path().string());
        if (auto s = core::saveProject(project, saveTo); !s) {
            std::fprintf(stderr, "error: %s\n", s.error().toString().c_str());
            return 2;
        }
        std::printf("saved trained weights to %s\n", saveTo.c_str());
    }
    return result.reason == core::StopReason::Completed || result.reason == core::StopReason::EarlyStopped ? 0 : 1;
}

}  // namespace layerlab::app
