// Classification and regression metrics, computed from predictions collected
// over a data set (not per batch averages).
#pragma once

#include "core/common/types.h"

#include <span>
#include <vector>

namespace layerlab::core {

struct ConfusionMatrix {
    int classes = 0;
    std::vector<long> counts;  // row = true class, column = predicted; classes x classes, row-major
    long at(int truth, int predicted) const { return counts[static_cast<std::size_t>(truth * classes + predicted)]; }
};

struct ClassMetrics {
    double precision = 0, recall = 0, f1 = 0;
    long support = 0;  // samples whose true class is this one
};

struct ClassificationReport {
    double accuracy = 0;
    double macroF1 = 0;
    std::vector<ClassMetrics> perClass;
    ConfusionMatrix confusion;
};

// requires: truth.size() == predicted.size(); labels in [0, classes).
// Precision/recall of a class with no predicted/true samples is 0.
ClassificationReport classificationReport(std::span<const int> truth, std::span<const int> predicted, int classes);

// Index of the largest value in each column of scores (outputs x batch); for a
// single output, 1 if score > threshold else 0.
void argmaxColumns(const Matrix& scores, std::vector<int>& out, Scalar threshold = 0);

struct RegressionReport {
    double mse = 0, mae = 0, r2 = 0;  // r2 over all outputs pooled; 0 when targets are constant
};
// requires: same dimensions.
// (Eigen::Ref: a Matrix or a Map of one, e.g. a forecast's values, without a copy.)
RegressionReport regressionReport(const Eigen::Ref<const Matrix>& predicted, const Eigen::Ref<const Matrix>& target);

}  // namespace layerlab::core
