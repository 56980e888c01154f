// EpochInsight: what the training view shows after each epoch besides the
// loss curves, computed on the worker thread from the network as it is at the
// end of the epoch, and handed to the GUI by value:
//  - classification: the classification report (confusion matrix, per-class
//    precision/recall/F1) on the evaluated set, with each sample's predicted
//    class so a confusion cell can list its samples;
//  - 2-D inputs: a decision-boundary grid (predicted class or value over the
//    data's bounding box) with the points on top, as in TensorFlow Playground;
//  - regression: prediction vs target per sample; for time-series windows
//    also the forecast over time in the data's own units (forecast.h) with
//    the naive baseline and, where it applies, the recursive forecast;
//  - images: up to maxMisclassified misclassified samples with their pixels.
//
// Thread: computeInsight runs on the thread that owns `net` (the training
// worker, between epochs). The result holds no pointers into the network or
// the data set.
#pragma once

#include "core/data/dataset.h"
#include "core/net/network.h"
#include "core/train/forecast.h"
#include "core/train/metrics.h"

#include <cstdint>
#include <string>
#include <vector>

namespace layerlab::core {

struct InsightOptions {
    int maxSamples = 5000;       // evaluate at most this many samples (the first ones); <= 0: all
    int boundaryResolution = 80; // grid cells per side of the decision-boundary map (2-D inputs only)
    int maxMisclassified = 32;   // images kept for the misclassified grid (the first ones in sample order)
    int maxForecastWindows = 200000;  // a series with more windows gets no forecast (its plot would be unreadable)
};

struct MisclassifiedImage {
    int index = 0;               // sample index in the evaluated data set
    int truth = 0, predicted = 0;
    float confidence = 0;        // predicted class probability
    std::vector<std::uint8_t> pixels;  // C*H*W, 0..255
};

struct EpochInsight {
    int epoch = 0;                     // 1-based; 0 = nothing computed yet
    TaskKind task = TaskKind::Classification;
    std::string datasetName;           // the set it was computed on ("training", "validation", "test")
    int datasetSamples = 0;            // samples in that whole set; the insight covers the first
                                       // min(datasetSamples, InsightOptions::maxSamples) of them
    Shape inputShape;
    std::vector<std::string> classNames;

    // Classification: one entry per evaluated sample (samples 0..n-1 of the set).
    // One output: class 1 when the output (sigmoid probability) is > 0.5; several
    // outputs: the arg-max. Names: the data's, extended to the network's outputs.
    std::vector<int> truth, predicted;
    ClassificationReport report;       // empty confusion when regression

    // Regression (first output): one entry per evaluated sample.
    std::vector<float> targetValues, predictedValues;
    RegressionReport regression;       // over all outputs pooled, like the trainer's R^2

    // 2-D inputs only (inputShape.size() == 2), else boundaryResolution == 0.
    int boundaryResolution = 0;
    double xMin = 0, xMax = 0, yMin = 0, yMax = 0;  // grid bounds (data bounds + margin)
    // boundaryResolution^2 values, row-major from (xMin, yMin): classification =
    // predicted class, regression = predicted value (first output);
    // boundaryConfidence = the winning probability in [0, 1] (classification
    // only; empty for regression) for shading. Value [r * res + c] is the
    // prediction at the centre of cell (r, c):
    //   x = xMin + (c + 0.5) * (xMax - xMin) / res, y = yMin + (r + 0.5) * (yMax - yMin) / res.
    // Bounds: the evaluated points' bounding box widened by 10% of its span on
    // each side (by 0.5 when the span is 0).
    std::vector<float> boundaryValue, boundaryConfidence;
    std::vector<float> pointX, pointY;  // the evaluated samples' two features

    // Time-series windows only (Dataset::sampleTime), else empty: every window's
    // forecast in the data's own units, errors beside the naive forecast, and
    // `recursive` (feeding predictions back from the first window) when the
    // windows hold the target alone one step ahead.
    ForecastSplit forecast;
    // Image inputs only.
    std::vector<MisclassifiedImage> misclassified;
};

// requires: net compiled; data.featureCount() == net.inputShape().size();
//           data.count() >= 1.
// ensures: uses Mode::Eval (dropout off, batch-norm running stats); leaves the
//          weights untouched; never throws (an empty insight with epoch 0 on
//          failure is not possible: inputs are validated by the caller).
EpochInsight computeInsight(Network& net, const Dataset& data, const std::string& datasetName, int epoch,
                            const InsightOptions& options = {});

}  // namespace layerlab::core
