#include "core/train/forecast.h"

#include "core/train/metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace layerlab::core {

namespace {

constexpr int kForecastBatch = 256;

float toUnits(const Dataset& d, float scaled) { return scaled * d.targetScale + d.targetOffset; }

}  // namespace

// The same sums as the trainer's R² (metrics.h), on one row of values.
ForecastErrors forecastErrors(std::span<const float> actual, std::span<const float> predicted) {
    ForecastErrors e;
    const auto n = static_cast<Eigen::Index>(std::min(actual.size(), predicted.size()));
    if (n == 0) return e;
    const RegressionReport r = regressionReport(ConstMatrixMap(predicted.data(), 1, n), ConstMatrixMap(actual.data(), 1, n));
    e.r2 = r.r2;
    e.mae = r.mae;
    e.rmse = std::sqrt(r.mse);
    return e;
}

ForecastSplit forecastFromOutputs(const Dataset& d, std::span<const float> outputs, const std::string& split) {
    ForecastSplit f;
    f.split = split;
    f.timeIsDate = d.timeIsDate;
    f.timeName = d.timeName;
    const int n = d.count();
    f.time = d.sampleTime;
    if (static_cast<int>(f.time.size()) != n) {
        f.time.resize(static_cast<std::size_t>(n));
        std::iota(f.time.begin(), f.time.end(), 0.0);
    }
    for (int j = 0; j < n; ++j) {
        const auto s = static_cast<std::size_t>(j);
        f.predicted.push_back(toUnits(d, outputs[s]));
        f.actual.push_back(toUnits(d, d.targets[s * static_cast<std::size_t>(d.targetDim)]));
    }
    f.model = forecastErrors(f.actual, f.predicted);
    if (static_cast<int>(d.naiveForecast.size()) == n) {
        f.naive = d.naiveForecast;
        f.baseline = forecastErrors(f.actual, f.naive);
    }
    return f;
}

ForecastSplit forecastSplit(Network& net, const Dataset& d, const std::string& split) {
    const int n = d.count();
    std::vector<float> outputs;
    outputs.reserve(static_cast<std::size_t>(n));
    std::vector<int> idx;
    Matrix x, out;
    for (int first = 0; first < n; first += kForecastBatch) {
        const int count = std::min(kForecastBatch, n - first);
        idx.resize(static_cast<std::size_t>(count));
        std::iota(idx.begin(), idx.end(), first);
        d.gatherInputs(idx, x);
        net.predict(x, out);
        for (int j = 0; j < count; ++j) outputs.push_back(out(0, j));
    }
    return forecastFromOutputs(d, outputs, split);
}

Result<std::vector<float>> recursiveForecast(Network& net, const Dataset& d, int start, int steps) {
    if (start < 0 || start >= d.count()) return makeError("the data set holds no window " + std::to_string(start + 1) + " to start from");
    if (!d.inputShape.isSequence() || d.inputShape.dims[1] != 1 || d.targetFeature != 0 || d.seriesHorizon != 1)
        return makeError("a recursive forecast needs windows of the target column alone, one step ahead (horizon 1); "
                         "these windows have " + std::to_string(d.inputShape.isSequence() ? d.inputShape.dims[1] : 0) +
                         " feature(s) per step and horizon " + std::to_string(d.seriesHorizon));
    if (steps < 1) return makeError("a forecast needs at least one step");
    std::vector<float> window = d.sample(start);
    std::vector<float> out;
    Matrix x(static_cast<Eigen::Index>(window.size()), 1), y;
    for (int s = 0; s < steps; ++s) {
        std::copy(window.begin(), window.end(), x.data());
        net.predict(x, y);
        const float scaled = y(0, 0);
        out.push_back(toUnits(d, scaled));
        // The input column is the target column: its scaled value is the prediction.
        std::rotate(window.begin(), window.begin() + 1, window.end());
        window.back() = scaled;
    }
    return out;
}

}  // namespace layerlab::core
