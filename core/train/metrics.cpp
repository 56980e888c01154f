// Classification and regression metrics over a whole data set.
#include "core/train/metrics.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace layerlab::core {

// Pairs with a label outside [0, classes) break the contract; they are asserted
// in debug builds and left out of every count (and of accuracy's denominator)
// in release builds.
ClassificationReport classificationReport(std::span<const int> truth, std::span<const int> predicted, int classes) {
    assert(truth.size() == predicted.size());
    ClassificationReport r;
    const int k = classes > 0 ? classes : 0;
    r.confusion.classes = k;
    r.confusion.counts.assign(static_cast<std::size_t>(k) * static_cast<std::size_t>(k), 0);
    r.perClass.assign(static_cast<std::size_t>(k), ClassMetrics{});

    const std::size_t n = std::min(truth.size(), predicted.size());
    long counted = 0, correct = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const int t = truth[i], p = predicted[i];
        if (t < 0 || t >= k || p < 0 || p >= k) {
            assert(false && "label out of range");
            continue;
        }
        ++r.confusion.counts[static_cast<std::size_t>(t) * static_cast<std::size_t>(k) + static_cast<std::size_t>(p)];
        ++counted;
        if (t == p) ++correct;
    }
    r.accuracy = counted > 0 ? static_cast<double>(correct) / static_cast<double>(counted) : 0.0;

    double f1Sum = 0;
    for (int c = 0; c < k; ++c) {
        long rowSum = 0, colSum = 0;  // samples of class c; samples predicted as c
        for (int o = 0; o < k; ++o) {
            rowSum += r.confusion.at(c, o);
            colSum += r.confusion.at(o, c);
        }
        const double tp = static_cast<double>(r.confusion.at(c, c));
        ClassMetrics& m = r.perClass[static_cast<std::size_t>(c)];
        m.support = rowSum;
        m.precision = colSum > 0 ? tp / static_cast<double>(colSum) : 0.0;
        m.recall = rowSum > 0 ? tp / static_cast<double>(rowSum) : 0.0;
        const double pr = m.precision + m.recall;
        m.f1 = pr > 0 ? 2.0 * m.precision * m.recall / pr : 0.0;
        f1Sum += m.f1;
    }
    // Macro F1: unweighted mean over all classes (classes absent from the data count as 0).
    r.macroF1 = k > 0 ? f1Sum / static_cast<double>(k) : 0.0;
    return r;
}

// Ties go to the lowest index; NaN scores never win.
void argmaxColumns(const Matrix& scores, std::vector<int>& out, Scalar threshold) {
    const Eigen::Index rows = scores.rows();
    out.resize(static_cast<std::size_t>(scores.cols()));
    for (Eigen::Index j = 0; j < scores.cols(); ++j) {
        int best = 0;
        if (rows == 1) {
            best = scores(0, j) > threshold ? 1 : 0;
        } else {
            Scalar bestValue = scores(0, j);
            for (Eigen::Index i = 1; i < rows; ++i) {
                const Scalar s = scores(i, j);
                if (s > bestValue || (std::isnan(bestValue) && !std::isnan(s))) {
                    bestValue = s;
                    best = static_cast<int>(i);
                }
            }
        }
        out[static_cast<std::size_t>(j)] = best;
    }
}

// mse and mae are means over all elements. R^2 = 1 - SS_res / SS_tot with the
// sums pooled over all outputs and each output centred on its own mean
// (scikit-learn's "variance_weighted"; for one output the usual R^2); 0 when
// SS_tot == 0 (every output constant).
RegressionReport regressionReport(const Eigen::Ref<const Matrix>& predicted, const Eigen::Ref<const Matrix>& target) {
    assert(predicted.rows() == target.rows() && predicted.cols() == target.cols());
    RegressionReport r;
    const Eigen::Index rows = std::min(predicted.rows(), target.rows());
    const Eigen::Index cols = std::min(predicted.cols(), target.cols());
    if (rows == 0 || cols == 0) return r;

    double ssRes = 0, absSum = 0, ssTot = 0;
    for (Eigen::Index i = 0; i < rows; ++i) {
        double mean = 0;
        for (Eigen::Index j = 0; j < cols; ++j) mean += static_cast<double>(target(i, j));
        mean /= static_cast<double>(cols);
        for (Eigen::Index j = 0; j < cols; ++j) {
            const double y = static_cast<double>(target(i, j));
            const double d = static_cast<double>(predicted(i, j)) - y;
            ssRes += d * d;
            absSum += std::abs(d);
            ssTot += (y - mean) * (y - mean);
        }
    }
    const double n = static_cast<double>(rows) * static_cast<double>(cols);
    r.mse = ssRes / n;
    r.mae = absSum / n;
    r.r2 = ssTot > 0 ? 1.0 - ssRes / ssTot : 0.0;
    return r;
}

}  // namespace layerlab::core
