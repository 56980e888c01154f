// How to read a CSV file (CsvOptions): plain values, saved in the project
// file's "data.options", so the project can hold them without the reader
// (csv_reader.h reads a file with them and documents the conventions).
#pragma once

#include "core/common/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace layerlab::core {

struct CsvOptions {
    char delimiter = 0;  // 0 = detect among , ; TAB |
    enum class Header { Auto, Yes, No } header = Header::Auto;
    int targetColumn = -1;      // 0-based; -1 = the last column
    std::string targetName;     // when set, the header column of that name (overrides targetColumn)
    // Lines above the table: -1 = detect a scikit-learn count line (csv_preamble.h)
    // and skip it, 0 = none, N = skip the first N physical lines.
    int skipLines = -1;
    // Auto: text target -> classification; a numeric target of whole numbers with
    // 2..20 distinct values (and at least two rows per value on average) ->
    // classification; any other numeric target -> regression.
    // Classification with a numeric target needs whole numbers (each value a class).
    // Whole-number labels 0..K-1 take the K class names of a detected count line.
    enum class Task { Auto, Classification, Regression } task = Task::Auto;
    enum class Categorical { OneHot, Refuse } categorical = Categorical::OneHot;  // text feature columns
    enum class Missing { Drop, FillMean } missing = Missing::Drop;
    std::vector<int> featureColumns;  // 0-based; empty = every column but the target(s)
    // Several target columns, 0-based, in the order of the network's outputs: a
    // regression with that many target values per sample (every one numeric).
    // Non-empty: replaces targetColumn/targetName; Task::Auto means regression then.
    std::vector<int> targetColumns;

    bool operator==(const CsvOptions&) const = default;
};

// "csv-options" as used in the project file: names of the enum values and back.
std::string_view csvHeaderName(CsvOptions::Header h);
std::string_view csvTaskName(CsvOptions::Task t);
std::string_view csvCategoricalName(CsvOptions::Categorical c);
std::string_view csvMissingName(CsvOptions::Missing m);
Result<CsvOptions::Header> csvHeaderFromName(std::string_view name);
Result<CsvOptions::Task> csvTaskFromName(std::string_view name);
Result<CsvOptions::Categorical> csvCategoricalFromName(std::string_view name);
Result<CsvOptions::Missing> csvMissingFromName(std::string_view name);

}  // namespace layerlab::core
