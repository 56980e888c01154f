// Forecasts of a trained network on time-series windows (core/data/series.h),
// in the data's own units: the network predicts the scaled target, and
// target = scaled * targetScale + targetOffset undoes the scaling exactly.
// Per split: actual against predicted over time, R^2, MAE and RMSE, and the
// same three for the naive forecast "the next value = the last one seen"
// (Dataset::naiveForecast) that any forecaster must beat. A recursive
// multi-step forecast feeds the network's own predictions back as inputs.
#pragma once

#include "core/common/result.h"
#include "core/data/dataset.h"
#include "core/net/network.h"

#include <span>
#include <string>
#include <vector>

namespace layerlab::core {

struct ForecastErrors {
    double r2 = 0, mae = 0, rmse = 0;  // r2 = 1 - SSE / SST (0 when the actual values are constant)
};

struct ForecastSplit {
    std::string split;                 // "training", "validation", "test"
    std::vector<double> time;          // the time of each window's target (Dataset::sampleTime)
    std::vector<float> actual, predicted, naive;  // data's own units, one per window
    ForecastErrors model, baseline;    // the network's and the naive forecast's
    std::vector<float> recursive;      // optional: recursiveForecast from window 0 (computeInsight fills it)
    bool timeIsDate = false;           // time is days since 1970-01-01
    std::string timeName;              // "YEAR", "date", "step"
    bool empty() const { return actual.empty(); }
};

// ensures: errors of predicted against actual (same length, >= 1 value).
ForecastErrors forecastErrors(std::span<const float> actual, std::span<const float> predicted);

// The forecast of d from the network's outputs for its windows (the scaled
// values net.predict gives, one per window in d's order), in the data's units.
// requires: d a series data set (d.targetDim == 1); outputs.size() == d.count().
ForecastSplit forecastFromOutputs(const Dataset& d, std::span<const float> outputs, const std::string& split);

// requires: d is a series data set (d.targetDim == 1, d.count() >= 1) whose
//           inputs fit net; net's output has one value.
// ensures: the network's forecast (Mode::Eval, in batches) of every window
//          of d, in the data's own units, with both sets of errors. The
//          naive columns are empty (and baseline zero) when d has none.
ForecastSplit forecastSplit(Network& net, const Dataset& d, const std::string& split);

// A recursive forecast from window `start` of d without looking at the data
// again: the first value is that window's prediction; then the window is
// shifted by one step, the prediction (scaled) appended as its newest value,
// and so on, `steps` values in the data's own units. With stride 1, value k
// stands beside window start + k's actual target, so the view can show how
// the errors grow when a forecaster feeds on its own output.
// requires: d's windows hold one feature (shape {T, 1}) that is the target
//           itself (Dataset::targetFeature == 0) with horizon 1; 0 <= start < d.count(); steps >= 1.
// errors: a data set where it does not apply, saying why.
Result<std::vector<float>> recursiveForecast(Network& net, const Dataset& d, int start, int steps);

}  // namespace layerlab::core
