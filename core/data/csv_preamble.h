// The lines above a CSV file's table: "skip the first N lines" and the count
// line scikit-learn's bundled CSVs (iris, wine, breast cancer, ...) start with,
// "n_samples,n_features[,class name,...]", e.g. `178,13,class_0,class_1,class_2`.
// Used by the CSV reader (csv_reader.h) on the head of the file it sniffs.
//
// Thread: pure functions over text; any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace layerlab::core {

struct CsvCountLine {
    long samples = 0;                     // the first number
    int features = 0;                     // the second number
    std::vector<std::string> classNames;  // the names after them (empty for a regression set)
    bool operator==(const CsvCountLine&) const = default;
};

// ensures: the byte offset just past the first n physical lines of text (line
//   breaks LF, CRLF or a lone CR), 0 for n <= 0; std::nullopt when text holds
//   fewer than n line breaks (complete: text is the whole input, then a last
//   line without a break counts too).
std::optional<std::size_t> csvLinesEnd(std::string_view text, int n, bool complete);

// ensures: the count line when the first line of head (after a UTF-8 BOM) is
//   unquoted, starts with two whole numbers >= 1 (samples, features), holds
//   only text or empty fields after them (the class names; trailing empty
//   ones dropped), and the next non-blank line has features + 1 fields (the
//   features and the target). Without class names the count line must also
//   have fewer fields than that line or end in empty fields, so a numeric
//   two-column table ("3,1") is never taken for one. std::nullopt otherwise.
std::optional<CsvCountLine> detectCsvCountLine(std::string_view head, char delimiter);

// "a scikit-learn count line (178 rows, 13 features, classes class_0, class_1, class_2)"
std::string describeCsvCountLine(const CsvCountLine& c);

// ensures: "UTF-16 (little-endian)", "UTF-16 (big-endian)", "UTF-32 (...)" when
//   head starts with that byte order mark, or is ASCII text in UTF-16 (every
//   other byte zero) without one; nullptr otherwise (UTF-8, binary data).
const char* detectWideTextEncoding(std::string_view head);

}  // namespace layerlab::core
