// Internal to the CSV reader (csv_reader.cpp): turns the records of a CSV file,
// one at a time, into the columns of a Dataset. Numeric features go straight into
// one float vector (row-major = the Dataset's sample-major layout); text columns
// are interned into one dictionary each and become one-hot features (or class
// labels for the target) at the end, sorted by name.
#pragma once

#include "core/common/result.h"
#include "core/data/csv_reader.h"

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace layerlab::core::csv_detail {

// How a used column is read.
struct ColumnPlan {
    int index = 0;         // 0-based column of the file
    bool numeric = true;   // false: text (one-hot feature or class names)
};

class ColumnBuilder {
public:
    // requires: every plan index < columnNames.size(); features non-empty; target not among features.
    // moreTargets: further numeric target columns after `target` (regression with
    // several outputs; requires target numeric and no forced classification).
    ColumnBuilder(std::string file, std::vector<std::string> columnNames, bool hasHeader,
                  std::vector<ColumnPlan> features, ColumnPlan target, const CsvOptions& options,
                  std::vector<int> moreTargets = {});

    // Room for about `rows` more rows (reserved once, from the first rows and the file size).
    void reserveRows(std::uint64_t rows);
    // Progress in the input in [0,1]: used to size the next reservation if the estimate was short.
    void setInputFraction(double f) { fraction_ = f; }

    // ensures: the record's row is appended, or dropped (missing value, counted), or an
    //   Error names the line and column and what was found.
    Status addRow(const std::vector<std::string_view>& fields, long line);

    // Names for whole-number labels 0..K-1 (a count line's class names); used when
    // the target is read as classes and every value is one of 0..K-1.
    void setLabelNames(std::vector<std::string> names) { labelNames_ = std::move(names); }
    // After finish(): Task::Auto read the numeric target as classes (few distinct whole numbers).
    bool classesFromNumbers() const { return classesFromNumbers_; }

    long rows() const { return rows_; }
    long droppedRows() const { return dropped_; }
    long filledValues() const { return filled_; }

    // ensures: a Dataset with features, labels/classNames or targets; featureNames
    //   (one-hot as "name=value"). Consumes the builder's buffers.
    Result<Dataset> finish(std::vector<std::string>& featureNames);

    // "column 3 ('age')" or "column 3" without a header.
    std::string columnLabel(int index) const;

private:
    struct Dict {
        std::deque<std::string> names;  // stable storage for the map's keys
        std::unordered_map<std::string_view, int> ids;
        std::vector<long> counts;
        int intern(std::string_view s);
        std::vector<int> sortedRank() const;  // rank[id] = position of names[id] in sorted order
    };
    Error fail(std::string message, long line, long column) const;
    bool fewWholeNumbers() const;  // the Task::Auto rule for a numeric target
    void grow(std::vector<float>& v, std::size_t extra);

    std::string file_;
    std::vector<std::string> columnNames_;
    bool hasHeader_;
    std::vector<ColumnPlan> features_;
    ColumnPlan target_;
    std::vector<int> moreTargets_;
    std::vector<float> moreValues_;  // one row's values of moreTargets_ (scratch)
    bool fillMissing_;
    bool forceClasses_;
    bool autoTask_;
    bool classesFromNumbers_ = false;
    std::vector<std::string> labelNames_;
    std::vector<int> slot_;      // per feature: slot in the numeric row or the code row
    int numericPerRow_ = 0;
    int codesPerRow_ = 0;
    std::vector<float> numeric_;  // rows x numericPerRow_, NaN = missing (filled in finish)
    std::vector<int> codes_;      // rows x codesPerRow_, -1 = missing
    std::vector<float> targetValues_;
    std::vector<int> targetCodes_;
    std::vector<Dict> dicts_;     // per text feature slot; the target's last when it is text
    double fraction_ = 0;
    long rows_ = 0, dropped_ = 0, filled_ = 0;
};

}  // namespace layerlab::core::csv_detail
