// Time series as supervised samples: a CSV file (a header line, a time column,
// numeric value columns) or a synthetic generator becomes a RawSeries, and ONE
// function, windowSeries, cuts it into windows of `window` rows (inputs, Shape
// {window, F}, time-major: value t*F+f) with the target column `horizon` rows
// after the window's last row.
//
// Rules (the tests keep them):
// - Rows are split chronologically: train | validation | test, by the fractions
//   (validation rows = round(n*validationFraction), test rows = round(n*testFraction),
//   training the rest). A window and its target row lie in ONE split's rows; windows
//   starting in a split whose target row falls into a later split are dropped and
//   counted (boundaryWindows). Windows start every `stride` rows from each split's first row.
// - Scaling (none, min-max to [0,1], z-score; a constant column gets scale 1) is
//   fitted per column on the training rows only, or reused from the options when
//   they hold as many fitted values as there are value columns.
// - Missing values (NaN in a RawSeries): Interpolate fills them linearly between the
//   nearest present values before and after, the one after taken only from the same
//   split (a later split never informs an earlier one); a gap at a split's end copies
//   the value before it, a gap at the very start the first value. DropWindows drops
//   windows whose inputs or target hold one.
//
// Thread: plain functions; safe from any thread.
#pragma once

#include "core/common/result.h"
#include "core/data/csv_reader.h"
#include "core/data/dataset.h"
#include "core/data/series_options.h"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace layerlab::core {

// A series before windowing: every column it may use, in row (time) order.
struct RawSeries {
    std::string file;                  // for messages ("sunspots.csv"); the data sets are named after its stem
    std::vector<std::string> columns;  // numeric columns read (header names)
    std::vector<float> values;         // rows x columns, row-major; NaN = missing
    std::vector<double> time;          // one per row, increasing
    std::vector<long> lines;           // physical line of each row in the file; empty for a synthetic series
    bool timeIsDate = false;           // time = days since 1970-01-01 (fractional for times of day)
    std::string timeName;              // the time column's header; "row" without one, "step" synthetic
    bool sortedByTime = false;         // the rows were newest-first and were reversed
    long rows() const { return static_cast<long>(time.size()); }
};

struct SeriesData {
    Dataset train, validation, test;  // validation/test empty (count 0) when their fraction is 0
    SeriesOptions fitted;             // the options with offset/scale/targetOffset/targetScale filled
    bool reused = false;              // the options' fitted values were applied, not refitted
    long filledValues = 0;            // missing values interpolated
    long droppedWindows = 0;          // windows dropped for a missing value
    long boundaryWindows = 0;         // windows crossing a split boundary, dropped
    bool sortedByTime = false;        // the file was newest-first and was put in time order
    std::vector<double> time;         // the whole time axis
    std::vector<float> targetSeries;  // the whole target column in original units (filled; NaN where dropped)
    // The split of the rows: training rows [0, rowBounds[1]), validation [rowBounds[1],
    // rowBounds[2]), test [rowBounds[2], rowBounds[3]) (rowBounds[3] = the row count).
    std::array<long, 4> rowBounds{};
};

// requires: raw.values.size() == raw.rows() * raw.columns.size(); raw.time increasing.
// ensures: the three splits as described above; every Dataset has task Regression,
//   targetDim 1, inputShape {window, F}, featureNames "Close t-29" .. "Close t",
//   sampleTime, naiveForecast, targetOffset/targetScale, timeName, timeIsDate.
//   Errors name the option or column: an out-of-range option, an unknown column (the
//   available ones listed), a column without any value (or none in the training rows),
//   window+horizon longer than a split's rows (each split's rows and the need), a split
//   left without a window, more memory than is available.
Result<SeriesData> windowSeries(RawSeries raw, const SeriesOptions& options);

// A CSV time series. Column choice, time detection and missing tokens as in
// SeriesOptions; the time column is a header named date/time/year/month/day/
// timestamp/datetime (any case) or a column whose values are ISO dates (YYYY-MM-DD,
// YYYY-MM, YYYY/MM/DD, optionally with " HH:MM[:SS]" or "T..."), else numbers.
// A decreasing time axis is reversed (sortedByTime); one that goes back and forth is
// an error naming the line.
// ensures: errors carry file, line and column: "sunspots.csv:12:2: 'abc' in column
//   SUNACTIVITY is not a number". A stop request on progress.stop gives "cancelled".
Result<RawSeries> readRawSeries(const std::string& path, const SeriesOptions& options, const CsvProgress& progress = {});
// The same on text in memory; name is used in messages.
Result<RawSeries> parseRawSeries(std::string_view text, const std::string& name, const SeriesOptions& options);

// The generator's series (one column "value", time = step, timeName "step").
// ensures: the same numbers for the same generator (seeded core Rng).
Result<RawSeries> generateSeries(const SeriesGenerator& g);

// readRawSeries (or generateSeries when options.synthetic) then windowSeries.
Result<SeriesData> loadSeries(const std::string& path, const SeriesOptions& options, const CsvProgress& progress = {});
Result<SeriesData> makeSeries(const SeriesOptions& options);  // requires: options.synthetic (checked)

// Days since 1970-01-01 of an ISO date "YYYY-MM-DD", "YYYY-MM" (day 1), "YYYY/MM/DD",
// with an optional " HH:MM[:SS]" or "THH:MM[:SS]" (fractional days; a trailing "Z" allowed).
// ensures: false (days untouched) when s is not such a date (month 1..12, day within the month).
bool parseIsoDate(std::string_view s, double& days);

}  // namespace layerlab::core
