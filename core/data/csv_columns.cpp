#include "core/data/csv_columns.h"

#include "core/common/memory.h"

#include "core/data/csv_parser.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

namespace layerlab::core::csv_detail {

namespace {

constexpr std::size_t kMaxFeatures = 4096;  // after one-hot encoding
constexpr std::size_t kMaxClasses = 1000;   // numeric targets read as classes
constexpr std::size_t kAutoMaxClasses = 20;  // Task::Auto: at most this many whole numbers are classes

// A value as quoted in a message: at most 40 characters.
std::string quoted(std::string_view s) {
    std::string out(1, '\'');
    out.append(s.substr(0, s.size() > 40 ? 37 : s.size()));
    out.append(s.size() > 40 ? "...'" : "'");
    return out;
}

std::string numberText(float v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v));
    return buf;
}

}  // namespace

int ColumnBuilder::Dict::intern(std::string_view s) {
    if (auto it = ids.find(s); it != ids.end()) {
        ++counts[static_cast<std::size_t>(it->second)];
        return it->second;
    }
    const int id = static_cast<int>(names.size());
    names.emplace_back(s);
    ids.emplace(names.back(), id);
    counts.push_back(1);
    return id;
}

std::vector<int> ColumnBuilder::Dict::sortedRank() const {
    std::vector<int> order(names.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        return names[static_cast<std::size_t>(a)] < names[static_cast<std::size_t>(b)];
    });
    std::vector<int> rank(names.size());
    for (std::size_t i = 0; i < order.size(); ++i) rank[static_cast<std::size_t>(order[i])] = static_cast<int>(i);
    return rank;
}

ColumnBuilder::ColumnBuilder(std::string file, std::vector<std::string> columnNames, bool hasHeader,
                             std::vector<ColumnPlan> features, ColumnPlan target, const CsvOptions& options,
                             std::vector<int> moreTargets)
    : file_(std::move(file)), columnNames_(std::move(columnNames)), hasHeader_(hasHeader),
      features_(std::move(features)), target_(target), moreTargets_(std::move(moreTargets)),
      moreValues_(moreTargets_.size()),
      fillMissing_(options.missing == CsvOptions::Missing::FillMean),
      forceClasses_(options.task == CsvOptions::Task::Classification),
      autoTask_(options.task == CsvOptions::Task::Auto) {
    for (const ColumnPlan& f : features_) slot_.push_back(f.numeric ? numericPerRow_++ : codesPerRow_++);
    dicts_.resize(static_cast<std::size_t>(codesPerRow_) + (target_.numeric ? 0 : 1));
}

std::string ColumnBuilder::columnLabel(int index) const {
    std::string s = "column " + std::to_string(index + 1);
    if (hasHeader_ && static_cast<std::size_t>(index) < columnNames_.size())
        s += " (" + quoted(columnNames_[static_cast<std::size_t>(index)]) + ")";
    return s;
}

bool ColumnBuilder::fewWholeNumbers() const {
    std::map<float, int> seen;
    for (float v : targetValues_) {
        if (v != std::floor(v) || std::fabs(v) > 1e9f) return false;
        if (seen.emplace(v, 0).second && seen.size() > kAutoMaxClasses) return false;
    }
    return seen.size() >= 2 && 2 * seen.size() <= targetValues_.size();
}

Error ColumnBuilder::fail(std::string message, long line, long column) const {
    Error e = makeError(std::move(message));
    e.file = file_;
    e.line = line;
    e.column = column;
    return e;
}

void ColumnBuilder::reserveRows(std::uint64_t rows) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(rows, INT_MAX));
    numeric_.reserve(n * static_cast<std::size_t>(numericPerRow_));
    codes_.reserve(n * static_cast<std::size_t>(codesPerRow_));
    if (target_.numeric) targetValues_.reserve(n * (1 + moreTargets_.size()));
    else targetCodes_.reserve(n);
}

void ColumnBuilder::grow(std::vector<float>& v, std::size_t extra) {
    if (v.size() + extra <= v.capacity()) return;
    // Project the final size from how far into the input we are, so a short first
    // estimate costs one more reallocation, not a doubling (which would need 3x).
    const double f = std::clamp(fraction_, 0.01, 1.0);
    const auto projected = static_cast<std::size_t>(static_cast<double>(v.size()) / f * 1.02);
    v.reserve(std::max({projected, v.size() + v.size() / 8, v.size() + extra}) + extra + 1024);
}

Status ColumnBuilder::addRow(const std::vector<std::string_view>& fields, long line) {
    if (fields.size() != columnNames_.size()) {
        const std::size_t n = fields.size(), want = columnNames_.size();
        return fail("line " + std::to_string(line) + " has " + std::to_string(n) + " field" + (n == 1 ? "" : "s") +
                        ", expected " + std::to_string(want) +
                        (hasHeader_ ? " (as many as the header has columns)" : " (as many as the first row)"),
                    line, 0);
    }
    // The target first: a row without one is dropped whatever the policy.
    const std::string_view tf = fields[static_cast<std::size_t>(target_.index)];
    float tv = 0;
    int tcode = -1;
    if (target_.numeric) {
        const CsvCell cell = classifyCsvCell(tf, tv);
        if (cell == CsvCell::Missing) {
            ++dropped_;
            return {};
        }
        if (cell == CsvCell::Text)
            return fail("line " + std::to_string(line) + ", " + columnLabel(target_.index) + ": " +
                            quoted(trimCsvField(tf)) + " is not a number (the target column holds numbers)",
                        line, target_.index + 1);
        if (forceClasses_ && (tv != std::floor(tv) || std::fabs(tv) > 1e9f))
            return fail("line " + std::to_string(line) + ", " + columnLabel(target_.index) + ": " + numberText(tv) +
                            " is not a class number (classification needs whole numbers; choose regression "
                            "for continuous values)",
                        line, target_.index + 1);
    } else {
        const std::string_view t = trimCsvField(tf);
        if (isCsvMissing(t)) {
            ++dropped_;
            return {};
        }
        tcode = dicts_.back().intern(t);
    }
    for (std::size_t m = 0; m < moreTargets_.size(); ++m) {
        const int c = moreTargets_[m];
        const std::string_view f = fields[static_cast<std::size_t>(c)];
        const CsvCell cell = classifyCsvCell(f, moreValues_[m]);
        if (cell == CsvCell::Missing) {
            ++dropped_;
            return {};
        }
        if (cell == CsvCell::Text)
            return fail("line " + std::to_string(line) + ", " + columnLabel(c) + ": " + quoted(trimCsvField(f)) +
                            " is not a number (the target columns hold numbers)",
                        line, c + 1);
    }

    const std::size_t n0 = numeric_.size(), c0 = codes_.size();
    grow(numeric_, static_cast<std::size_t>(numericPerRow_));
    auto dropRow = [&] {
        numeric_.resize(n0);
        codes_.resize(c0);
        ++dropped_;
    };
    long filledHere = 0;
    for (std::size_t k = 0; k < features_.size(); ++k) {
        const ColumnPlan& col = features_[k];
        const std::string_view f = fields[static_cast<std::size_t>(col.index)];
        if (col.numeric) {
            float v = 0;
            const CsvCell cell = classifyCsvCell(f, v);
            if (cell == CsvCell::Number) {
                numeric_.push_back(v);
                continue;
            }
            if (cell == CsvCell::Text)
                return fail("line " + std::to_string(line) + ", " + columnLabel(col.index) + ": " +
                                quoted(trimCsvField(f)) + " is not a number",
                            line, col.index + 1);
            if (!fillMissing_) {
                dropRow();
                return {};
            }
            numeric_.push_back(std::numeric_limits<float>::quiet_NaN());
            ++filledHere;
        } else {
            const std::string_view t = trimCsvField(f);
            if (!isCsvMissing(t)) {
                codes_.push_back(dicts_[static_cast<std::size_t>(slot_[k])].intern(t));
                continue;
            }
            if (!fillMissing_) {
                dropRow();
                return {};
            }
            codes_.push_back(-1);
            ++filledHere;
        }
    }
    filled_ += filledHere;
    if (target_.numeric) {
        if (targetValues_.size() + 1 + moreValues_.size() > targetValues_.capacity())
            grow(targetValues_, 1 + moreValues_.size());
        targetValues_.push_back(tv);
        targetValues_.insert(targetValues_.end(), moreValues_.begin(), moreValues_.end());
    } else {
        targetCodes_.push_back(tcode);
    }
    if (rows_ == INT_MAX - 1)
        return fail("line " + std::to_string(line) + ": more than " + std::to_string(INT_MAX - 1) +
                        " rows; LayerLab holds at most that many samples",
                    line, 0);
    ++rows_;
    return {};
}

Result<Dataset> ColumnBuilder::finish(std::vector<std::string>& featureNames) {
    const auto rows = static_cast<std::size_t>(rows_);
    const auto np = static_cast<std::size_t>(numericPerRow_), cp = static_cast<std::size_t>(codesPerRow_);
    // Fill missing values: numeric with the column mean, text with the most frequent value.
    if (fillMissing_ && filled_ > 0) {
        for (std::size_t k = 0; k < features_.size(); ++k) {
            const auto s = static_cast<std::size_t>(slot_[k]);
            if (features_[k].numeric) {
                double sum = 0;
                std::size_t n = 0;
                for (std::size_t r = 0; r < rows; ++r) {
                    const float v = numeric_[r * np + s];
                    if (!std::isnan(v)) {
                        sum += v;
                        ++n;
                    }
                }
                if (n == 0)
                    return fail(columnLabel(features_[k].index) + " has no values at all, so there is no mean to fill "
                                "it with; leave it out of the features",
                                0, features_[k].index + 1);
                const auto mean = static_cast<float>(sum / static_cast<double>(n));
                for (std::size_t r = 0; r < rows; ++r)
                    if (std::isnan(numeric_[r * np + s])) numeric_[r * np + s] = mean;
            } else {
                const Dict& d = dicts_[s];
                if (d.names.empty())
                    return fail(columnLabel(features_[k].index) + " has no values at all; leave it out of the features",
                                0, features_[k].index + 1);
                int mode = 0;
                for (std::size_t i = 1; i < d.counts.size(); ++i)
                    if (d.counts[i] > d.counts[static_cast<std::size_t>(mode)] ||
                        (d.counts[i] == d.counts[static_cast<std::size_t>(mode)] &&
                         d.names[i] < d.names[static_cast<std::size_t>(mode)]))
                        mode = static_cast<int>(i);
                for (std::size_t r = 0; r < rows; ++r)
                    if (codes_[r * cp + s] < 0) codes_[r * cp + s] = mode;
            }
        }
    }

    Dataset d;
    // Features, in column order; text columns one-hot in sorted order of their values.
    featureNames.clear();
    std::vector<std::vector<int>> ranks(cp);
    std::vector<std::size_t> offset(features_.size());
    for (std::size_t k = 0; k < features_.size(); ++k) {
        const ColumnPlan& col = features_[k];
        const std::string& name = columnNames_[static_cast<std::size_t>(col.index)];
        offset[k] = featureNames.size();
        if (col.numeric) {
            featureNames.push_back(name);
            continue;
        }
        const Dict& dict = dicts_[static_cast<std::size_t>(slot_[k])];
        if (featureNames.size() + dict.names.size() > kMaxFeatures)
            return fail(columnLabel(col.index) + " has " + std::to_string(dict.names.size()) +
                            " different values; one-hot encoding would make more than " +
                            std::to_string(kMaxFeatures) + " features. Leave it out of the features",
                        0, col.index + 1);
        auto& rank = ranks[static_cast<std::size_t>(slot_[k])];
        rank = dict.sortedRank();
        featureNames.resize(featureNames.size() + dict.names.size());
        for (std::size_t i = 0; i < dict.names.size(); ++i)
            featureNames[offset[k] + static_cast<std::size_t>(rank[i])] = name + "=" + dict.names[i];
    }
    const std::size_t width = featureNames.size();
    d.inputShape = Shape{static_cast<int>(width)};
    if (cp == 0) {
        d.values = std::move(numeric_);  // already sample-major, no copy
    } else {
        if (auto m = checkMemory(4.0 * static_cast<double>(rows) * static_cast<double>(width),
                                 "one-hot encoding of " + std::to_string(rows) + " rows x " + std::to_string(width) +
                                     " features needs");
            !m)
            return fail(m.error().message, 0, 0);
        d.values.assign(rows * width, 0.0f);
        for (std::size_t r = 0; r < rows; ++r) {
            float* out = d.values.data() + r * width;
            for (std::size_t k = 0; k < features_.size(); ++k) {
                const auto s = static_cast<std::size_t>(slot_[k]);
                if (features_[k].numeric) out[offset[k]] = numeric_[r * np + s];
                else out[offset[k] + static_cast<std::size_t>(ranks[s][static_cast<std::size_t>(codes_[r * cp + s])])] = 1.0f;
            }
        }
        std::vector<float>().swap(numeric_);
        std::vector<int>().swap(codes_);
    }

    // Target.
    if (!target_.numeric) {
        const Dict& dict = dicts_.back();
        const std::vector<int> rank = dict.sortedRank();
        d.task = TaskKind::Classification;
        d.classNames.resize(dict.names.size());
        for (std::size_t i = 0; i < dict.names.size(); ++i) d.classNames[static_cast<std::size_t>(rank[i])] = dict.names[i];
        d.labels.resize(rows);
        for (std::size_t r = 0; r < rows; ++r) d.labels[r] = rank[static_cast<std::size_t>(targetCodes_[r])];
    } else if (forceClasses_ || (autoTask_ && moreTargets_.empty() && fewWholeNumbers())) {  // several targets: regression
        classesFromNumbers_ = !forceClasses_;
        std::map<float, int> classes;
        for (float v : targetValues_) {
            classes.emplace(v, 0);
            if (classes.size() > kMaxClasses)
                return fail(columnLabel(target_.index) + " has more than " + std::to_string(kMaxClasses) +
                                " different values; too many classes (choose regression for a continuous target)",
                            0, target_.index + 1);
        }
        // Labels 0..K-1 named by a count line keep their numbers and take its names.
        const auto k = static_cast<float>(labelNames_.size());
        const bool named = !labelNames_.empty() && !classes.empty() && classes.begin()->first >= 0 && classes.rbegin()->first < k;
        int next = 0;
        for (auto& [value, id] : classes) {
            id = named ? static_cast<int>(value) : next++;
            if (!named) d.classNames.push_back(numberText(value));
        }
        if (named) d.classNames = labelNames_;
        d.task = TaskKind::Classification;
        d.labels.resize(rows);
        for (std::size_t r = 0; r < rows; ++r) d.labels[r] = classes[targetValues_[r]];
    } else {
        d.task = TaskKind::Regression;
        d.targets = std::move(targetValues_);
        d.targetDim = 1 + static_cast<int>(moreTargets_.size());
    }
    return d;
}

}  // namespace layerlab::core::csv_detail
