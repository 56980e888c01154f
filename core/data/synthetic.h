// Synthetic data sets for the bundled classroom examples. Same options, same data.
#pragma once

#include "core/common/result.h"
#include "core/data/dataset.h"
#include "core/data/synthetic_options.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace layerlab::core {

// 2-D inputs (Sine: 1-D input x in [-pi, pi], 1 regression target sin(x)).
// Classification labels in [0, classes) with names "class 0", ...
// Error if samples < 1, classes out of 2..10, noise < 0.
Result<Dataset> makeSynthetic(const SyntheticOptions& options);

}  // namespace layerlab::core
