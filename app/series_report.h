// What `layerlab train` prints about a time-series project: how the series was
// windowed and split (before training), and the forecast of every split in the
// data's own units against the naive forecast (after training).
#pragma once

#include "core/io/project.h"
#include "core/io/project_data.h"
#include "core/net/network.h"

namespace layerlab::app {

// requires: project.data.kind == Series and data loaded from it.
void printSeriesSetup(const core::Project& project, const core::ProjectData& data);
// requires: as above; net trained (or not) on data.train.
void printForecast(core::Network& net, const core::Project& project, const core::ProjectData& data);

}  // namespace layerlab::app
