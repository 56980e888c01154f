// How a project reads a time series (SeriesOptions): plain values without
// Eigen, saved in the project file's "data" (kind "series"), so the project can
// hold them without the reader (series.h windows the series from them).
#pragma once

#include "core/common/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace layerlab::core {

enum class SeriesScaling { None, MinMax, ZScore };
std::string_view seriesScalingName(SeriesScaling s);  // "none", "minmax", "zscore"
Result<SeriesScaling> seriesScalingFromName(std::string_view name);

enum class SeriesMissing { Interpolate, DropWindows };
std::string_view seriesMissingName(SeriesMissing m);  // "interpolate", "drop"
Result<SeriesMissing> seriesMissingFromName(std::string_view name);

// The ranges the reader, the project file and the windowing all check.
inline constexpr int kMaxSeriesWindow = 10000;   // window, horizon, stride: 1..10000
inline constexpr int kMinSeriesLength = 10;      // generator length: 10..10^7
inline constexpr int kMaxSeriesLength = 10000000;

// A synthetic series: value[t] = amplitude*sin(2 pi t/period) + trend*t
//   + seasonAmplitude*sin(2 pi t/seasonPeriod) + noise*N(0,1), time = t.
struct SeriesGenerator {
    int length = 500;           // kMinSeriesLength..kMaxSeriesLength
    double period = 50;         // > 0
    double amplitude = 1;
    double trend = 0;           // per step
    double seasonAmplitude = 0;
    double seasonPeriod = 12;   // > 0
    double noise = 0.1;         // >= 0
    std::uint64_t seed = 1;
    bool operator==(const SeriesGenerator&) const = default;
};

struct SeriesOptions {
    bool synthetic = false;     // true: the generator's one column "value", time = step index
    SeriesGenerator generator;
    char delimiter = 0;                     // CSV: 0 = detect , ; TAB | (a header line is required)
    std::vector<std::string> valueColumns;  // header names of the inputs; empty = every numeric column but the time column
    std::string targetColumn;               // header name; empty = the first value column
    std::string timeColumn;                 // header name; empty = detect; "-" = none (row number)
    int window = 30, horizon = 1, stride = 1;  // each 1..kMaxSeriesWindow
    // Of the ROWS, chronological: train | validation | test. Each in [0, 1), sum < 1.
    double validationFraction = 0.1, testFraction = 0.2;
    SeriesScaling scaling = SeriesScaling::ZScore;
    SeriesMissing missing = SeriesMissing::Interpolate;
    // Fitted on the training rows only (empty until fitted; saved in the project so a
    // reload applies the same): one per value column, scaled = (x - offset) / scale.
    // Whoever changes the scaling, the columns or the data clears them so they are fitted again.
    std::vector<float> offset, scale;
    float targetOffset = 0, targetScale = 1;  // the target column's own transform
    // The scaling the values above were fitted with: they are reused only while
    // `scaling` is still this one (a file edited to another scaling refits).
    SeriesScaling fittedScaling = SeriesScaling::ZScore;
    bool fitted() const { return !scale.empty(); }
    // These options with the fitted values cleared (what they were fitted for).
    SeriesOptions withoutFit() const {
        SeriesOptions o = *this;
        o.offset.clear();
        o.scale.clear();
        o.targetOffset = 0;
        o.targetScale = 1;
        o.fittedScaling = SeriesScaling::ZScore;
        return o;
    }
    bool operator==(const SeriesOptions&) const = default;
};

// ensures: ok when window/horizon/stride are in 1..kMaxSeriesWindow and the fractions in
//   [0, 1) with a sum below 1; else an Error naming the option and its rule.
Status checkSeriesOptions(const SeriesOptions& o);
// ensures: ok when the generator's fields are in their ranges (above); else an Error naming the field.
Status checkSeriesGenerator(const SeriesGenerator& g);

}  // namespace layerlab::core
