// The preprocessing a project asks for (Preprocessing): the normalization, how
// the data is split (the held-out test split, the validation split and the
// seed of both) and, once fitted on the training part, the fitted
// offset/scale. Plain values, saved in the project file's
// "data.preprocessing", so the project can hold them without the data sets
// (preprocess.h fits and applies them; io/project_data.h splits).
#pragma once

#include "core/common/result.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace layerlab::core {

enum class Normalization {
    None,    // values as read
    Scale01, // images: byte / 255; other data: x / max|x| of each feature
    MinMax,  // (x - min) / (max - min) per feature; constant features map to 0
    ZScore,  // (x - mean) / std per feature; constant features map to 0
};
std::string_view normalizationName(Normalization n);              // "none", "scale01", "minmax", "zscore"
Result<Normalization> normalizationFromName(std::string_view name);  // error lists the valid names

struct Preprocessing {
    Normalization normalization = Normalization::None;
    double testSplit = 0.0;   // fraction held out as the test set when the source has no test files (0 = none)
    double validationSplit = 0.1;  // fraction of what is left held out for validation (0 = none)
    // Seeds the stratified test and validation splits; not the training seed, so a
    // new training seed draws new weights but keeps the same validation samples.
    std::uint64_t splitSeed = 0;
    // Fitted values (empty until fit; saved in the project so a reload applies the same transform).
    std::vector<float> offset, scale;  // one per feature
    bool operator==(const Preprocessing&) const = default;
    bool fitted() const { return !scale.empty(); }
};

}  // namespace layerlab::core
