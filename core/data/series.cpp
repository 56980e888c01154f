// Windowing a time series (the one path from a RawSeries to the three splits),
// and the synthetic generator. The CSV side is series_csv.cpp.
#include "core/data/series.h"

#include "core/common/memory.h"
#include "core/common/random.h"
#include "core/common/shape.h"
#include "core/common/text.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numbers>

namespace layerlab::core {

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr const char* kSplitNames[3] = {"training", "validation", "test"};

Error seriesError(const std::string& file, std::string message) { return makeFileError(std::move(message), file); }

std::string plural(long n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

// Row ranges of the splits: split k holds rows [at[k], at[k+1]).
struct Splits {
    long at[4] = {0, 0, 0, 0};
    long rows(int k) const { return at[k + 1] - at[k]; }
    int of(long row) const { return row < at[1] ? 0 : row < at[2] ? 1 : 2; }
};

// Fills the NaNs of col (see series.h): linear between the value before (any earlier
// row) and the next value within the same split; returns how many were filled.
long fillColumn(std::vector<float>& col, const Splits& sp) {
    long filled = 0, before = -1;
    for (int k = 0; k < 3; ++k) {
        const long end = sp.at[k + 1];
        for (long r = sp.at[k]; r < end;) {
            if (!std::isnan(col[static_cast<std::size_t>(r)])) {
                before = r++;
                continue;
            }
            long q = r;
            while (q < end && std::isnan(col[static_cast<std::size_t>(q)])) ++q;
            for (long i = r; i < q; ++i) {
                float v = kNaN;
                if (before >= 0 && q < end) {
                    const double a = col[static_cast<std::size_t>(before)], b = col[static_cast<std::size_t>(q)];
                    v = static_cast<float>(a + (b - a) * static_cast<double>(i - before) / static_cast<double>(q - before));
                } else if (before >= 0) {
                    v = col[static_cast<std::size_t>(before)];
                } else if (q < end) {
                    v = col[static_cast<std::size_t>(q)];
                }
                if (!std::isnan(v)) ++filled;
                col[static_cast<std::size_t>(i)] = v;
            }
            r = q;
        }
    }
    return filled;
}

// offset/scale of col's present values in rows [0, rows) (constant: scale 1).
std::pair<float, float> fitColumn(const std::vector<float>& col, long rows, SeriesScaling scaling) {
    if (scaling == SeriesScaling::None) return {0.0f, 1.0f};
    double lo = HUGE_VAL, hi = -HUGE_VAL, sum = 0, sum2 = 0;
    long n = 0;
    for (long r = 0; r < rows; ++r) {
        const double v = col[static_cast<std::size_t>(r)];
        if (std::isnan(v)) continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        sum += v;
        ++n;
    }
    const double mean = n > 0 ? sum / static_cast<double>(n) : 0.0;
    for (long r = 0; r < rows; ++r)
        if (const double v = col[static_cast<std::size_t>(r)]; !std::isnan(v)) sum2 += (v - mean) * (v - mean);
    const double spread = scaling == SeriesScaling::MinMax ? hi - lo : std::sqrt(sum2 / static_cast<double>(std::max(n, 1L)));
    const auto scale = static_cast<float>(spread);
    return {static_cast<float>(scaling == SeriesScaling::MinMax ? lo : mean),
            std::isfinite(scale) && scale > 0 ? scale : 1.0f};
}

bool usable(float offset, float scale) { return std::isfinite(offset) && std::isfinite(scale) && scale != 0; }

// The fitted values of o when there are `columns` of them and they can be applied.
bool reusable(const SeriesOptions& o, std::size_t columns) {
    if (o.fittedScaling != o.scaling) return false;
    if (o.offset.size() != columns || o.scale.size() != columns || !usable(o.targetOffset, o.targetScale)) return false;
    for (std::size_t i = 0; i < columns; ++i)
        if (!usable(o.offset[i], o.scale[i])) return false;
    return true;
}

// "Close t-29" .. "Close t", time-major like the values.
std::vector<std::string> windowFeatureNames(const std::vector<std::string>& names, int window) {
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(window) * names.size());
    for (int t = 0; t < window; ++t)
        for (const std::string& n : names)
            out.push_back(n + (t == window - 1 ? " t" : " t-" + std::to_string(window - 1 - t)));
    return out;
}

}  // namespace

Result<SeriesData> windowSeries(RawSeries raw, const SeriesOptions& o) {
    const std::string& file = raw.file;
    if (auto s = checkSeriesOptions(o); !s) return seriesError(file, s.error().message);
    const long n = raw.rows();
    const std::size_t ncols = raw.columns.size();
    if (raw.values.size() != static_cast<std::size_t>(n) * ncols)
        return seriesError(file, "the series holds " + std::to_string(raw.values.size()) + " values for " +
                                     plural(n, "row") + " of " + plural(static_cast<long>(ncols), "column"));

    // The columns: inputs (in the options' order) and the target.
    auto column = [&](const std::string& name, const char* role) -> Result<int> {
        const auto it = std::find(raw.columns.begin(), raw.columns.end(), name);
        if (it == raw.columns.end())
            return seriesError(file, std::string("no numeric column is named '") + name + "' (the " + role +
                                         "); the columns are " + joinNames(raw.columns));
        return static_cast<int>(it - raw.columns.begin());
    };
    std::vector<int> inputs;
    for (const std::string& name : o.valueColumns) {
        auto c = column(name, "value column");
        if (!c) return c.error();
        if (std::find(inputs.begin(), inputs.end(), *c) != inputs.end())
            return seriesError(file, "the value column '" + name + "' is chosen twice");
        inputs.push_back(*c);
    }
    if (o.valueColumns.empty())
        for (std::size_t c = 0; c < ncols; ++c) inputs.push_back(static_cast<int>(c));
    if (inputs.empty()) return seriesError(file, "the series has no numeric value column");
    int target = inputs.front();
    if (!o.targetColumn.empty()) {
        auto c = column(o.targetColumn, "target column");
        if (!c) return c.error();
        target = *c;
    }
    const auto F = inputs.size();

    // The splits' rows, and each split long enough for one window.
    Splits sp;
    const long nVal = std::lround(static_cast<double>(n) * o.validationFraction);
    const long nTest = std::lround(static_cast<double>(n) * o.testFraction);
    sp.at[1] = std::max(0L, n - nVal - nTest);
    sp.at[2] = std::max(sp.at[1], n - nTest);
    sp.at[3] = n;
    const long need = static_cast<long>(o.window) + o.horizon;
    for (int k = 0; k < 3; ++k) {
        if (sp.rows(k) >= need || (k > 0 && sp.rows(k) == 0)) continue;
        return seriesError(file, "a window of " + plural(o.window, "row") + " and a horizon of " +
                                     std::to_string(o.horizon) + " need " + plural(need, "row") +
                                     " in each split, but the " + kSplitNames[k] + " split has " +
                                     std::to_string(sp.rows(k)) + " (the " + std::to_string(n) + " rows split into " +
                                     std::to_string(sp.rows(0)) + " training, " + std::to_string(sp.rows(1)) +
                                     " validation and " + std::to_string(sp.rows(2)) +
                                     " test rows); shorten the window or the horizon, or change the fractions");
    }

    // The used columns as vectors: inputs, then the target when it is not an input.
    std::vector<int> used = inputs;
    const auto targetAt = static_cast<std::size_t>(std::find(inputs.begin(), inputs.end(), target) - inputs.begin());
    if (targetAt == F) used.push_back(target);
    std::vector<std::vector<float>> cols(used.size(), std::vector<float>(static_cast<std::size_t>(n)));
    for (std::size_t u = 0; u < used.size(); ++u) {
        bool any = false, anyTraining = false;
        for (long r = 0; r < n; ++r) {
            const float v = raw.values[static_cast<std::size_t>(r) * ncols + static_cast<std::size_t>(used[u])];
            cols[u][static_cast<std::size_t>(r)] = v;
            any = any || !std::isnan(v);
            anyTraining = anyTraining || (!std::isnan(v) && r < sp.at[1]);
        }
        const std::string& name = raw.columns[static_cast<std::size_t>(used[u])];
        if (!any) return seriesError(file, "the column '" + name + "' holds no values (every cell is missing)");
        if (!anyTraining)
            return seriesError(file, "the column '" + name + "' holds no values in the " + std::to_string(sp.rows(0)) +
                                         " training rows, so its scaling cannot be fitted");
    }
    std::vector<float>().swap(raw.values);
    SeriesData out;
    if (o.missing == SeriesMissing::Interpolate)
        for (auto& c : cols) out.filledValues += fillColumn(c, sp);
    const std::vector<float>& targetCol = cols[targetAt];

    // Scaling: fitted on the training rows, or the options' values reused.
    out.fitted = o;
    out.reused = reusable(o, F);
    if (!out.reused) {
        out.fitted.offset.assign(F, 0.0f);
        out.fitted.scale.assign(F, 1.0f);
        for (std::size_t f = 0; f < F; ++f)
            std::tie(out.fitted.offset[f], out.fitted.scale[f]) = fitColumn(cols[f], sp.at[1], o.scaling);
        std::tie(out.fitted.targetOffset, out.fitted.targetScale) = fitColumn(targetCol, sp.at[1], o.scaling);
        out.fitted.fittedScaling = o.scaling;
    }
    const SeriesOptions& fit = out.fitted;

    // The windows of each split: rows s..s+window-1, target row s+window-1+horizon.
    // A row with a missing input counts in missingBefore (rows below r), so a window's check is O(1).
    std::vector<long> missingBefore(static_cast<std::size_t>(n) + 1, 0);
    for (long r = 0; r < n; ++r) {
        bool missing = false;
        for (std::size_t f = 0; f < F; ++f) missing = missing || std::isnan(cols[f][static_cast<std::size_t>(r)]);
        missingBefore[static_cast<std::size_t>(r) + 1] = missingBefore[static_cast<std::size_t>(r)] + (missing ? 1 : 0);
    }
    std::vector<long> starts[3];
    long droppedIn[3] = {0, 0, 0}, crossingIn[3] = {0, 0, 0};
    for (int k = 0; k < 3; ++k) {
        for (long s = sp.at[k]; s < sp.at[k + 1]; s += o.stride) {
            const long last = s + o.window - 1, at = last + o.horizon;
            if (at >= sp.at[k + 1]) {
                if (at < n) ++crossingIn[k];
                continue;
            }
            if (missingBefore[static_cast<std::size_t>(last) + 1] != missingBefore[static_cast<std::size_t>(s)] ||
                std::isnan(targetCol[static_cast<std::size_t>(at)])) {
                ++droppedIn[k];
                continue;
            }
            starts[k].push_back(s);
        }
        out.droppedWindows += droppedIn[k];
        out.boundaryWindows += crossingIn[k];
        if (sp.rows(k) > 0 && starts[k].empty())
            return seriesError(file, std::string("the ") + kSplitNames[k] + " split (" + plural(sp.rows(k), "row") +
                                         ") is left without a window: " + plural(droppedIn[k], "window") +
                                         " hold a missing value and " + std::to_string(crossingIn[k]) +
                                         " cross into the next split; interpolate missing values, or change the window");
    }

    // Sizes before allocating.
    const Shape shape{o.window, static_cast<int>(F)};
    if (auto s = checkSampleSize(shape); !s) return seriesError(file, "a window of " + shape.toString() + ": " + s.error().message);
    const double samples = static_cast<double>(starts[0].size() + starts[1].size() + starts[2].size());
    const double bytes = samples * (static_cast<double>(shape.elements()) * sizeof(float) + 2 * sizeof(float) + sizeof(double));
    if (auto s = checkMemory(bytes, "the windowed series needs",
                             " (" + std::to_string(static_cast<long long>(samples)) + " windows of " + shape.toString() + ")");
        !s)
        return seriesError(file, s.error().message);

    // Scaled copies of the columns, then the three data sets.
    std::vector<std::vector<float>> scaled(F, std::vector<float>(static_cast<std::size_t>(n)));
    for (std::size_t f = 0; f < F; ++f)
        for (long r = 0; r < n; ++r)
            scaled[f][static_cast<std::size_t>(r)] = (cols[f][static_cast<std::size_t>(r)] - fit.offset[f]) / fit.scale[f];
    std::vector<std::string> names;
    for (int c : inputs) names.push_back(raw.columns[static_cast<std::size_t>(c)]);
    const std::vector<std::string> featureNames = windowFeatureNames(names, o.window);
    const std::string stem = std::filesystem::path(file).stem().string();
    Dataset* sets[3] = {&out.train, &out.validation, &out.test};
    const auto w = static_cast<std::size_t>(o.window);
    for (int k = 0; k < 3; ++k) {
        Dataset& d = *sets[k];
        d.name = stem + " (" + kSplitNames[k] + ")";
        d.task = TaskKind::Regression;
        d.targetDim = 1;
        d.inputShape = shape;
        d.featureNames = featureNames;
        d.targetOffset = fit.targetOffset;
        d.targetScale = fit.targetScale;
        d.timeName = raw.timeName;
        d.timeIsDate = raw.timeIsDate;
        d.seriesHorizon = o.horizon;
        d.targetFeature = targetAt < F ? static_cast<int>(targetAt) : -1;
        const std::size_t count = starts[k].size();
        d.values.resize(count * w * F);
        d.targets.reserve(count);
        d.sampleTime.reserve(count);
        d.naiveForecast.reserve(count);
        for (std::size_t j = 0; j < count; ++j) {
            const auto s = static_cast<std::size_t>(starts[k][j]);
            float* x = d.values.data() + j * w * F;
            for (std::size_t t = 0; t < w; ++t)
                for (std::size_t f = 0; f < F; ++f) x[t * F + f] = scaled[f][s + t];
            const std::size_t last = s + w - 1, at = last + static_cast<std::size_t>(o.horizon);
            d.targets.push_back((targetCol[at] - fit.targetOffset) / fit.targetScale);
            d.sampleTime.push_back(raw.time[at]);
            d.naiveForecast.push_back(targetCol[last]);
        }
    }
    out.sortedByTime = raw.sortedByTime;
    std::copy(std::begin(sp.at), std::end(sp.at), out.rowBounds.begin());
    out.targetSeries = targetCol;
    out.time = std::move(raw.time);
    return out;
}

Result<RawSeries> generateSeries(const SeriesGenerator& g) {
    if (auto s = checkSeriesGenerator(g); !s) return s.error();
    const auto n = static_cast<std::size_t>(g.length);
    if (auto s = checkMemory(static_cast<double>(n) * (sizeof(float) + sizeof(double)) * 3, "the synthetic series needs");
        !s)
        return s.error();
    RawSeries raw;
    raw.file = "synthetic series";
    raw.columns = {"value"};
    raw.timeName = "step";
    raw.values.resize(n);
    raw.time.resize(n);
    Rng rng(g.seed);
    const double twoPi = 2 * std::numbers::pi;
    for (std::size_t i = 0; i < n; ++i) {
        const auto t = static_cast<double>(i);
        const double v = g.amplitude * std::sin(twoPi * t / g.period) + g.trend * t +
                         g.seasonAmplitude * std::sin(twoPi * t / g.seasonPeriod) + g.noise * normal(rng);
        raw.values[i] = static_cast<float>(v);
        raw.time[i] = t;
    }
    return raw;
}

Result<SeriesData> makeSeries(const SeriesOptions& options) {
    if (!options.synthetic) return makeError("makeSeries needs a synthetic series (options.synthetic)");
    auto raw = generateSeries(options.generator);
    if (!raw) return raw.error();
    return windowSeries(std::move(raw).value(), options);
}

Result<SeriesData> loadSeries(const std::string& path, const SeriesOptions& options, const CsvProgress& progress) {
    if (options.synthetic) return makeSeries(options);
    auto raw = readRawSeries(path, options, progress);
    if (!raw) return raw.error();
    return windowSeries(std::move(raw).value(), options);
}

}  // namespace layerlab::core
