// CsvAnalysis: what the CSV import dialog says about a file under given
// options, before the import: rows, features, classes with counts (or the
// target's range), dropped rows, or the first error with its line and column.
// Small files are read whole; large ones only as far as their first
// headBytes (cut at a line break), and the summary says so.
//
// Thread: pure functions (file reads only); any thread.
#pragma once

#include "core/common/result.h"
#include "core/data/csv_reader.h"
#include "core/data/preprocess.h"

#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace layerlab::ui {

struct CsvAnalysis {
    std::optional<core::Error> error;   // set when the (partial) read failed
    core::CsvReport report;             // filled on success
    bool wholeFile = false;             // false: only the head was read
    std::int64_t fileSize = 0;
    int features = 0;
    std::vector<std::string> classNames;
    std::vector<long> classCounts;      // per class (classification)
    float targetMin = 0, targetMax = 0; // regression
    std::shared_ptr<const core::Dataset> data;  // what was read (for the normalisation preview)
};

inline constexpr std::int64_t kCsvWholeFileLimit = 1 << 20;  // read whole files up to 1 MiB
inline constexpr std::int64_t kCsvHeadBytes = 256 << 10;     // else the first 256 KiB

// requires: nothing (a missing file is an error value).
// ensures: error set, or report/features/classes filled from the read.
CsvAnalysis analyseCsv(const std::string& path, const core::CsvOptions& options,
                       std::int64_t wholeFileLimit = kCsvWholeFileLimit, std::int64_t headBytes = kCsvHeadBytes);

// "150 rows · 4 features · 3 classes: setosa 50, versicolor 50, virginica 50"
// plus the split sizes the fractions give; for a partial read, "in the first
// N rows" and an estimate of the total. requires: !a.error.
QString csvSummaryText(const CsvAnalysis& a, double validationSplit, double testSplit);

// What the normalisation does to the features of the rows read, e.g.
// "After z-score (fitted here on the 30 rows read; at import on the training
// part): length -1.61..1.73, width -1.52..1.77". Empty for None or without data.
QString csvNormalizationText(const CsvAnalysis& a, core::Normalization normalization);

// The error for an inline label: "file.csv: line 7, column 3 ('age'): ...".
QString csvErrorText(const core::Error& e);

}  // namespace layerlab::ui
