// A project's network with its weights, ready to predict or to leave LayerLab:
// the one path that `layerlab predict`, `layerlab export` and the window's
// File > Export Model take from a project to (network, data, raw input schema).
// It is prepareRun (run_setup.h) after loadProjectData (project_data.h), plus
// the schema of the raw samples (raw_input.h).
#pragma once

#include "core/common/result.h"
#include "core/io/project.h"
#include "core/io/project_data.h"
#include "core/io/raw_input.h"
#include "core/io/run_setup.h"
#include "core/net/network.h"

#include <string>

namespace layerlab::core {

struct TrainedModel {
    ProjectData data;
    RawInputSchema schema;
    Network net;
    WeightsOrigin origin = WeightsOrigin::Seed;
};

// requires: projectDir is the project file's folder ("" = the current directory).
// ensures: the project's data loaded, its schema, and its network with the weights
//          policy chooses (SavedWeights::Require: the project must hold weights
//          that fit, else an error saying to train it first). Errors name the file
//          or setting at fault, as loadProjectData and prepareRun do.
Result<TrainedModel> loadTrainedModel(const Project& project, const std::string& projectDir, SavedWeights policy);

}  // namespace layerlab::core

namespace layerlab::core {

// Whether a network's outputs are classes: its loss is a classification loss.
bool predictsClasses(const Network& net);

// requires: input.values holds input.count samples of net.inputShape().
// ensures: the CSV `layerlab predict` writes: header "sample,predicted,out_0,..,out_{k-1}",
//          one row per sample (sample 0-based): out_j the graph's last node
//          (Network::predict: probabilities after a Softmax, raw values otherwise,
//          printed with 9 significant digits), predicted the class index
//          (argmax; a single output: 1 when >= 0.5) when predictsClasses, else out_0.
//          Predicts in batches of batchSize samples.
std::string predictionsCsv(Network& net, const RawInput& input, int batchSize = 1000);

}  // namespace layerlab::core
