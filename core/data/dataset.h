// An immutable-after-construction data set: inputs one sample per column,
// either uint8 (images, converted to float as batches are cut) or float, with
// class labels (classification) or target values (regression).
// Shared across threads as std::shared_ptr<const Dataset>.
#pragma once

#include "core/common/types.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace layerlab::core {

enum class TaskKind { Classification, Regression };

struct Dataset {
    std::string name;             // "Fashion-MNIST train", "spirals"
    Shape inputShape;             // per sample
    TaskKind task = TaskKind::Classification;

    // Exactly one of these holds inputShape.size() * count() values, sample-major
    // (sample i occupies [i*size, (i+1)*size)), i.e. a features x count column-major matrix.
    std::vector<std::uint8_t> bytes;  // images: value = byte * byteScale + byteOffset
    std::vector<float> values;
    float byteScale = 1.0f / 255.0f;
    float byteOffset = 0.0f;

    // Classification: one label per sample in [0, classCount()).
    std::vector<int> labels;
    std::vector<std::string> classNames;  // size = number of classes
    // One per feature when the source names them (CSV header, "color=red"
    // after one-hot encoding); empty = unnamed (images, synthetic sets).
    std::vector<std::string> featureNames;
    // Regression: targetDim values per sample, sample-major.
    std::vector<float> targets;
    int targetDim = 0;

    // Windowed time series (series.h) only; empty / defaults for every other data set.
    // One per sample: the time of the sample's target row (days since 1970-01-01 when
    // timeIsDate, else the time column's number or the row number), and the naive
    // "tomorrow = today" forecast, the target column at the window's last row in
    // ORIGINAL units. targets hold scaled values: original = target*targetScale + targetOffset.
    std::vector<double> sampleTime;
    std::vector<float> naiveForecast;
    float targetOffset = 0, targetScale = 1;
    std::string timeName;   // the time column's header ("step" synthetic, "row" for none)
    bool timeIsDate = false;
    int seriesHorizon = 0;  // rows between a window's last row and its target (0: not a series)
    int targetFeature = -1; // which feature of a time step is the target column (-1: not an input)

    int count() const;
    int featureCount() const { return inputShape.size(); }
    int classCount() const { return static_cast<int>(classNames.size()); }
    // Number of network outputs this data set expects (classes, or 1 for two
    // classes with a single sigmoid output is decided by the caller).
    bool isImage() const { return !bytes.empty(); }

    // ensures: x is featureCount() x idx.size() holding the samples idx (as floats).
    //          x is only reallocated when its dimensions change.
    void gatherInputs(std::span<const int> idx, Matrix& x) const;
    void gatherLabels(std::span<const int> idx, std::vector<int>& out) const;
    // Regression: targetDim x n values. Classification: one-hot (classes x n),
    // or when outputs == 1, the label as 0/1 (binary classification).
    void gatherTargets(std::span<const int> idx, Matrix& y, int outputs) const;
    // One sample's inputs as floats.
    std::vector<float> sample(int i) const;

    // A copy holding only samples idx, in that order.
    Dataset subset(std::span<const int> idx) const;
};

// Splits off a validation part. fraction in (0,1). Stratified by class for
// classification (each class split in the same ratio). Seeded.
struct DatasetSplit {
    Dataset train, validation;
};
DatasetSplit splitDataset(const Dataset& all, double validationFraction, std::uint64_t seed);

}  // namespace layerlab::core
