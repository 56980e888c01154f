// The one path from a project to a run: which network, which starting
// weights, and where they came from. `layerlab train`, the window's Train
// (TrainingController), the step-through (TraceInputs) and the exports all
// start here, so the window and the command line give the same numbers by
// construction, not by keeping copies of this code alike.
//
// The order is fixed, and it is what makes "same project, same numbers":
// compile the graph for the loss, check the settings, check the data fits,
// draw every parameter from training.seed, then put the project's saved
// weights over them when the policy takes them and they fit.
#pragma once

#include "core/common/result.h"
#include "core/io/project.h"
#include "core/io/project_data.h"
#include "core/net/network.h"

namespace layerlab::core {

// What to do with the project's saved weights (Project::weights).
enum class SavedWeights {
    UseWhenTheyFit,  // take them when their sizes fit the graph; else the seed's (the window, the step-through)
    Require,         // take them; when they do not fit, fail and say so (layerlab train)
    Ignore,          // always the seed's (layerlab train --fresh)
};

// Where a prepared network's starting weights came from.
enum class WeightsOrigin {
    Seed,           // drawn from training.seed: the project had none, or they were ignored
    Saved,          // the project's saved weights (trained, or set by hand)
    SeedNotFitting, // the project had weights that do not fit this graph; the seed's were drawn
};

struct PreparedRun {
    Network net;
    WeightsOrigin origin = WeightsOrigin::Seed;
};

// requires: nothing (every failure is a value).
// ensures: on success net is compiled from project.graph for
//          project.training.loss, project.training is valid, every non-null
//          set of data (train, validation, test) fits the network, and the
//          parameters are as WeightsOrigin says. Errors: the graph's, the
//          settings', "validation data: ...", "test data: ...", or (Require)
//          the saved weights' sizes against the network's.
//          data == nullptr skips the data checks (the step-through traces typed values).
Result<PreparedRun> prepareRun(const Project& project, SavedWeights policy, const ProjectData* data = nullptr);

}  // namespace layerlab::core
