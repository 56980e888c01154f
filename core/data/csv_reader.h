// Reads a CSV file into a Dataset: one target column (class labels or a
// regression value) and the other chosen columns as features. Streaming: the
// file is read in 2 MiB chunks and numbers go straight into the Dataset's one
// float vector (sized from the first rows and the file size), so a numeric CSV
// needs little more memory than its floats. Text columns keep one dictionary.
//
// Conventions (also shown to the user):
// - Column indices in CsvOptions are 0-based; messages say "column 3 ('age')"
//   with the 1-based index. Lines in messages are 1-based physical lines.
// - The first rows (up to 500) decide each used column's kind: numeric when most
//   of its non-missing values there are numbers (a later non-number is then an
//   error naming line and column), text otherwise.
// - Class names are sorted (text by byte order, numbers by value) so the same file
//   always gives the same class indices; one-hot features are sorted the same way.
// - Missing values: empty, "?", and case-insensitively "NA", "N/A", "NaN", "null".
//   Missing::Drop removes the row; FillMean puts the column's mean (numeric) or its
//   most frequent value (text). A row with a missing target is always dropped.
#pragma once

#include "core/common/result.h"
#include "core/data/csv_options.h"
#include "core/data/csv_preamble.h"
#include "core/data/dataset.h"

#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace layerlab::core {

struct CsvReport {
    long rows = 0;            // data rows in the Dataset
    long droppedRows = 0;     // rows removed for missing values
    long filledValues = 0;    // values filled with a column mean or most frequent value
    char delimiter = ',';
    bool hasHeader = false;
    std::vector<std::string> columnNames;   // every column of the file (header, or "column N")
    std::vector<std::string> featureNames;  // after one-hot encoding ("color=red")
    std::string targetName;   // several target columns: their names joined with ", "
    TaskKind task = TaskKind::Classification;
    int skippedLines = 0;                   // physical lines skipped above the table
    std::optional<CsvCountLine> countLine;  // the count line detected (and skipped), if any
    bool classesFromNumbers = false;        // Task::Auto read a numeric target as classes
};

struct CsvProgress {
    std::function<void(double fraction)> onProgress;  // called from the reading thread, per chunk
    std::stop_token stop;                             // requesting stop makes the read fail with "cancelled"
};

// First rows of a file as text, for an import dialog's preview.
struct CsvPreview {
    char delimiter = ',';
    bool hasHeader = false;
    std::vector<std::string> columnNames;
    std::vector<std::vector<std::string>> rows;  // data rows (header excluded), as in the file
    std::vector<long> lines;                     // physical line where each row starts
    int skippedLines = 0;                        // as in CsvReport
    std::optional<CsvCountLine> countLine;
};

// requires: options' indices within the file's columns (checked: an Error otherwise).
// ensures: on success a Dataset named after the file's stem, inputShape {features},
//   values sample-major; labels + classNames (classification) or targets with
//   targetDim 1 (regression; targetColumns.size() with several target columns);
//   report (when given) filled in.
//   Errors carry file, line and column and say what was found and what was expected.
//   Cancelled reads give the Error "cancelled". Never throws for bad input.
Result<Dataset> readCsv(const std::string& path, const CsvOptions& options, CsvReport* report = nullptr,
                        const CsvProgress& progress = {});
// Same on text in memory; name is used in messages and as the Dataset's name.
// chunkBytes is the tokenizer's buffer size (tests and the fuzzer use tiny ones).
Result<Dataset> parseCsv(std::string_view text, const std::string& name, const CsvOptions& options,
                         CsvReport* report = nullptr, std::size_t chunkBytes = 0);

// requires: maxRows >= 0. ensures: up to maxRows data rows with the detected (or
//   chosen) delimiter and header; reads only as much of the file as that needs.
Result<CsvPreview> previewCsv(const std::string& path, const CsvOptions& options, int maxRows);
Result<CsvPreview> previewCsvText(std::string_view text, const std::string& name, const CsvOptions& options,
                                  int maxRows);

}  // namespace layerlab::core
