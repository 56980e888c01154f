// Which synthetic data set to generate (SyntheticOptions): plain values, saved
// in the project file's "data", so the project can hold them without the
// generators (synthetic.h makes the data set from them).
#pragma once

#include "core/common/result.h"

#include <cstdint>
#include <string_view>

namespace layerlab::core {

enum class SyntheticKind { Xor, Circles, Moons, Spirals, Blobs, Sine };
std::string_view syntheticName(SyntheticKind k);  // "xor", "circles", "moons", "spirals", "blobs", "sine"
Result<SyntheticKind> syntheticFromName(std::string_view name);

inline constexpr int kMaxSyntheticSamples = 10000000;  // 80 MB of two-feature samples
inline constexpr int kMaxSyntheticClasses = 10;

struct SyntheticOptions {
    SyntheticKind kind = SyntheticKind::Spirals;
    int samples = 400;     // total (Xor with noise 0 and samples 4 = the four truth-table rows)
    double noise = 0.1;    // std of Gaussian noise added to coordinates (Sine: to the target)
    int classes = 2;       // Spirals (arms) and Blobs (centres); others fixed (Xor/Circles/Moons: 2)
    std::uint64_t seed = 1;
};

}  // namespace layerlab::core
