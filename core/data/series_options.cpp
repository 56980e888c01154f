#include "core/data/series_options.h"

#include "core/common/text.h"

#include <cmath>

namespace layerlab::core {

namespace {

constexpr const char* kScalingNames[] = {"none", "minmax", "zscore"};
constexpr const char* kMissingNames[] = {"interpolate", "drop"};


// "the window must be at least 1 and at most 10000, found 0", or ok.
Status inRange(const char* what, double value, double lo, double hi, bool loOpen = false, bool hiOpen = false) {
    if (auto rule = outOfRange(value, lo, hi, loOpen, hiOpen)) return makeError(std::string(what) + " " + *rule);
    return {};
}

}  // namespace

std::string_view seriesScalingName(SeriesScaling s) { return kScalingNames[static_cast<int>(s)]; }
Result<SeriesScaling> seriesScalingFromName(std::string_view n) {
    return enumFromName<SeriesScaling>(n, kScalingNames, "series scaling");
}
std::string_view seriesMissingName(SeriesMissing m) { return kMissingNames[static_cast<int>(m)]; }
Result<SeriesMissing> seriesMissingFromName(std::string_view n) {
    return enumFromName<SeriesMissing>(n, kMissingNames, "missing-value policy");
}

Status checkSeriesOptions(const SeriesOptions& o) {
    for (auto [what, v] : {std::pair{"the window", o.window}, {"the horizon", o.horizon}, {"the stride", o.stride}})
        if (auto s = inRange(what, v, 1, kMaxSeriesWindow); !s) return s;
    if (auto s = inRange("the validation fraction", o.validationFraction, 0, 1, false, true); !s) return s;
    if (auto s = inRange("the test fraction", o.testFraction, 0, 1, false, true); !s) return s;
    if (!(o.validationFraction + o.testFraction < 1))
        return makeError("the validation fraction (" + std::to_string(o.validationFraction) + ") and the test fraction (" +
                         std::to_string(o.testFraction) + ") leave no training rows; their sum must be below 1");
    return {};
}

Status checkSeriesGenerator(const SeriesGenerator& g) {
    if (auto s = inRange("the series length", g.length, kMinSeriesLength, kMaxSeriesLength); !s) return s;
    if (auto s = inRange("the period", g.period, 0, HUGE_VAL, true); !s) return s;
    if (auto s = inRange("the season period", g.seasonPeriod, 0, HUGE_VAL, true); !s) return s;
    if (auto s = inRange("the noise", g.noise, 0, HUGE_VAL); !s) return s;
    for (auto [what, v] : {std::pair{"the amplitude", g.amplitude}, {"the trend", g.trend},
                           {"the season amplitude", g.seasonAmplitude}})
        if (!std::isfinite(v)) return makeError(std::string(what) + " must be a finite number");
    return {};
}

}  // namespace layerlab::core
