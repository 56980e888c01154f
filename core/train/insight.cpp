// computeInsight: one evaluation pass over the first samples of a set (in
// batches, Mode::Eval through Network::predict), then the extras that apply to
// the data: the decision-boundary grid for 2-D inputs and the misclassified
// images for image sets.
#include "core/train/insight.h"

#include "core/train/forecast.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace layerlab::core {

namespace {

// Samples (or grid points) per predict() call: large enough for GEMM to pay,
// small enough that a convolutional network's activations stay a few MB.
constexpr int kBatch = 256;

// Predicted class and its confidence for each column of probabilities (or raw
// outputs when no activation was folded). One output: class 1 when p > 0.5,
// confidence p or 1 - p. Several: the arg-max (ties to the lowest index) and
// its value. Confidence is clamped to [0, 1]; a non-finite one becomes 0.
void decodeClasses(const Matrix& out, std::vector<int>& classes, std::vector<float>& confidence) {
    const auto cols = static_cast<std::size_t>(out.cols());
    classes.resize(cols);
    confidence.resize(cols);
    if (out.rows() == 1) {
        for (std::size_t j = 0; j < cols; ++j) {
            const Scalar p = out(0, static_cast<Eigen::Index>(j));
            classes[j] = p > 0.5f ? 1 : 0;
            confidence[j] = classes[j] == 1 ? p : 1.0f - p;
        }
    } else {
        argmaxColumns(out, classes, 0);
        for (std::size_t j = 0; j < cols; ++j) confidence[j] = out(classes[j], static_cast<Eigen::Index>(j));
    }
    for (float& c : confidence) c = std::isfinite(c) ? std::clamp(c, 0.0f, 1.0f) : 0.0f;
}

// [lo, hi] widened by 10% of its span on each side (by 0.5 when the span is 0
// or not finite, so that a grid always has an area).
void withMargin(double& lo, double& hi) {
    const double span = hi - lo;
    if (!(span > 0) || !std::isfinite(span)) {
        const double mid = std::isfinite(lo) ? lo : 0.0;
        lo = mid - 0.5;
        hi = mid + 0.5;
        return;
    }
    lo -= 0.1 * span;
    hi += 0.1 * span;
}

void computeBoundary(Network& net, EpochInsight& in, int resolution) {
    double xMin = INFINITY, xMax = -INFINITY, yMin = INFINITY, yMax = -INFINITY;
    for (std::size_t i = 0; i < in.pointX.size(); ++i) {
        if (!std::isfinite(in.pointX[i]) || !std::isfinite(in.pointY[i])) continue;
        xMin = std::min(xMin, static_cast<double>(in.pointX[i]));
        xMax = std::max(xMax, static_cast<double>(in.pointX[i]));
        yMin = std::min(yMin, static_cast<double>(in.pointY[i]));
        yMax = std::max(yMax, static_cast<double>(in.pointY[i]));
    }
    withMargin(xMin, xMax);
    withMargin(yMin, yMax);
    in.xMin = xMin;
    in.xMax = xMax;
    in.yMin = yMin;
    in.yMax = yMax;
    in.boundaryResolution = resolution;

    const bool classification = in.task == TaskKind::Classification;
    const int total = resolution * resolution;
    const double dx = (xMax - xMin) / resolution, dy = (yMax - yMin) / resolution;
    in.boundaryValue.resize(static_cast<std::size_t>(total));
    if (classification) in.boundaryConfidence.resize(static_cast<std::size_t>(total));
    Matrix grid, out;
    std::vector<int> classes;
    std::vector<float> confidence;
    for (int start = 0; start < total; start += kBatch) {
        const int m = std::min(kBatch, total - start);
        grid.resize(2, m);
        for (int j = 0; j < m; ++j) {
            const int row = (start + j) / resolution, col = (start + j) % resolution;
            grid(0, j) = static_cast<Scalar>(xMin + (col + 0.5) * dx);
            grid(1, j) = static_cast<Scalar>(yMin + (row + 0.5) * dy);
        }
        net.predict(grid, out);
        const auto at = static_cast<std::size_t>(start);
        if (classification) {
            decodeClasses(out, classes, confidence);
            for (int j = 0; j < m; ++j) {
                in.boundaryValue[at + static_cast<std::size_t>(j)] = static_cast<float>(classes[static_cast<std::size_t>(j)]);
                in.boundaryConfidence[at + static_cast<std::size_t>(j)] = confidence[static_cast<std::size_t>(j)];
            }
        } else {
            for (int j = 0; j < m; ++j) in.boundaryValue[at + static_cast<std::size_t>(j)] = out(0, j);
        }
    }
}

}  // namespace

EpochInsight computeInsight(Network& net, const Dataset& data, const std::string& datasetName, int epoch,
                            const InsightOptions& options) {
    EpochInsight in;
    in.epoch = epoch;
    in.task = data.task;
    in.datasetName = datasetName;
    in.inputShape = data.inputShape;

    const int available = data.count();
    in.datasetSamples = available;
    const int n = options.maxSamples > 0 ? std::min(available, options.maxSamples) : available;
    const int outputs = net.outputShape().size();
    const bool classification = data.task == TaskKind::Classification;
    const bool twoD = data.featureCount() == 2;

    int classes = 0;
    if (classification) {
        in.classNames = data.classNames;
        classes = std::max(data.classCount(), outputs == 1 ? 2 : outputs);
        for (int c = static_cast<int>(in.classNames.size()); c < classes; ++c)
            in.classNames.push_back("class " + std::to_string(c));
        in.truth.reserve(static_cast<std::size_t>(n));
        in.predicted.reserve(static_cast<std::size_t>(n));
    }
    const int targetRows = classification ? 0 : std::min(outputs, data.targetDim);
    Matrix allPredicted(targetRows, classification ? 0 : n), allTargets(targetRows, classification ? 0 : n);
    std::vector<float> confidence;  // per evaluated sample (classification)
    if (twoD) {
        in.pointX.reserve(static_cast<std::size_t>(n));
        in.pointY.reserve(static_cast<std::size_t>(n));
    }

    std::vector<int> idx, batchClasses;
    std::vector<float> batchConfidence;
    Matrix x, out;
    for (int start = 0; start < n; start += kBatch) {
        const int m = std::min(kBatch, n - start);
        idx.resize(static_cast<std::size_t>(m));
        std::iota(idx.begin(), idx.end(), start);
        data.gatherInputs(idx, x);
        net.predict(x, out);
        if (twoD) {
            for (int j = 0; j < m; ++j) {
                in.pointX.push_back(x(0, j));
                in.pointY.push_back(x(1, j));
            }
        }
        if (classification) {
            decodeClasses(out, batchClasses, batchConfidence);
            for (int j = 0; j < m; ++j) {
                in.truth.push_back(data.labels[static_cast<std::size_t>(start + j)]);
                in.predicted.push_back(batchClasses[static_cast<std::size_t>(j)]);
            }
            confidence.insert(confidence.end(), batchConfidence.begin(), batchConfidence.end());
        } else if (targetRows > 0) {
            allPredicted.middleCols(start, m) = out.topRows(targetRows);
            for (int j = 0; j < m; ++j)
                for (int k = 0; k < targetRows; ++k)
                    allTargets(k, start + j) =
                        data.targets[static_cast<std::size_t>(start + j) * static_cast<std::size_t>(data.targetDim) +
                                     static_cast<std::size_t>(k)];
        }
    }

    if (classification) {
        in.report = classificationReport(in.truth, in.predicted, classes);
    } else if (targetRows > 0) {
        in.predictedValues.assign(allPredicted.row(0).begin(), allPredicted.row(0).end());
        in.targetValues.assign(allTargets.row(0).begin(), allTargets.row(0).end());
        in.regression = regressionReport(allPredicted, allTargets);
    }

    // A time series: its windows are not points in a plane, but a forecast over time.
    const bool series = !data.sampleTime.empty() && data.targetDim == 1 && outputs == 1;
    if (twoD && !series && options.boundaryResolution > 0) computeBoundary(net, in, options.boundaryResolution);
    if (series && available <= options.maxForecastWindows) {
        // Every window was predicted above when the insight covers them all.
        in.forecast = n == available ? forecastFromOutputs(data, in.predictedValues, datasetName)
                                     : forecastSplit(net, data, datasetName);
        if (auto r = recursiveForecast(net, data, 0, available)) in.forecast.recursive = std::move(r).value();
    }

    if (classification && data.isImage() && options.maxMisclassified > 0) {
        const auto f = static_cast<std::size_t>(data.featureCount());
        for (int i = 0; i < n && static_cast<int>(in.misclassified.size()) < options.maxMisclassified; ++i) {
            const auto s = static_cast<std::size_t>(i);
            if (in.truth[s] == in.predicted[s]) continue;
            MisclassifiedImage image;
            image.index = i;
            image.truth = in.truth[s];
            image.predicted = in.predicted[s];
            image.confidence = confidence[s];
            image.pixels.assign(data.bytes.begin() + static_cast<std::ptrdiff_t>(s * f),
                                data.bytes.begin() + static_cast<std::ptrdiff_t>((s + 1) * f));
            in.misclassified.push_back(std::move(image));
        }
    }
    return in;
}

}  // namespace layerlab::core
