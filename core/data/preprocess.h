// Preprocessing: a per-feature affine transform x' = (x - offset[i]) * scale[i]
// FITTED ON THE TRAINING PART ONLY and saved in the project, so the same
// transform applies to validation, test and any later sample (the teach view,
// a typed-in sample). Also the held-out test split of a data set that has no
// test files (CSV, synthetic).
//
// Thread: pure functions over values; safe on any thread.
#pragma once

#include "core/common/result.h"
#include "core/data/dataset.h"
#include "core/data/preprocess_options.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace layerlab::core {

// requires: train.count() >= 1.
// ensures: p.offset/p.scale sized train.featureCount(), computed from train only
//          (Scale01 on an image set: offset 0, scale 1/255 i.e. the identity on byteScale).
void fitPreprocessing(Preprocessing& p, const Dataset& train);

// requires: p.fitted() and p.scale.size() == data.featureCount(), else an Error that says both sizes.
// ensures: an image set stays uint8 when the transform can be folded into byteScale/byteOffset
//          (same offset and scale for every feature); otherwise values become float.
Status applyPreprocessing(const Preprocessing& p, Dataset& data);
// One sample (featureCount values) in place; same requirement.
Status applyPreprocessing(const Preprocessing& p, std::vector<float>& sample);
// Whether feature k's transform can be undone (fitted, k in range, scale not 0).
bool invertible(const Preprocessing& p, int feature);
// The value of feature k before preprocessing: x = x' / scale[k] + offset[k]
// when invertible(p, k), else x' itself (unfitted, out of range, or a constant
// feature, whose transformed values are all 0). Plots use it to show the data's
// own units (the decision boundary's axes).
double originalValue(const Preprocessing& p, int feature, double transformed);

// One line for people (the train command, a tooltip): the normalization and the fitted
// transform, e.g. "zscore: offset [5.84, 3.06, 3.76, 1.2], scale [1.21, 2.31, 0.567, 1.31]",
// "scale01: (x - 0) * 0.00392157 on all 784 features", or for many different values their
// ranges and how many features are constant (scale 0). Unfitted: "zscore (not fitted yet)".
std::string describePreprocessing(const Preprocessing& p, int maxListed = 8);

// Per-feature statistics of a data set, for the dataset panel.
struct FeatureStats {
    std::vector<float> min, mean, max, stddev;
};
FeatureStats featureStats(const Dataset& data);
// Samples per class (classification), size classCount().
std::vector<long> classHistogram(const Dataset& data);

}  // namespace layerlab::core
