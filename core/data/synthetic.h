// Synthetic data sets for the bundled classroom examples. Same options, same data.
#pragma once

#include "core/common/result.h"
#include "core/data/dataset.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace layerlab::core {

enum class SyntheticKind { Xor, Circles, Moons, Spirals, Blobs, Sine };
std::string_view syntheticName(SyntheticKind k);  // "xor", "circles", "moons", "spirals", "blobs", "sine"
Result<SyntheticKind> syntheticFromName(std::string_view name);

struct SyntheticOptions {
    SyntheticKind kind = SyntheticKind::Spirals;
    int samples = 400;     // total (Xor with noise 0 and samples 4 = the four truth-table rows)
    double noise = 0.1;    // std of Gaussian noise added to coordinates (Sine: to the target)
    int classes = 2;       // Spirals (arms) and Blobs (centres); others fixed (Xor/Circles/Moons: 2)
    std::uint64_t seed = 1;
};

// 2-D inputs (Sine: 1-D input x in [-pi, pi], 1 regression target sin(x)).
// Classification labels in [0, classes) with names "class 0", ...
// Error if samples < 1, classes out of 2..10, noise < 0.
Result<Dataset> makeSynthetic(const SyntheticOptions& options);

}  // namespace layerlab::core
