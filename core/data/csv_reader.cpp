// CSV reader: sniffs the delimiter from the first 64 KiB and the header and
// column kinds from the first rows, then streams every record through the
// tokenizer (csv_parser.h) into a ColumnBuilder (csv_columns.h).
#include "core/data/csv_reader.h"

#include "core/common/file_read.h"
#include "core/common/text.h"

#include "core/data/csv_columns.h"
#include "core/data/csv_parser.h"
#include "core/data/csv_preamble.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <set>

namespace layerlab::core {

namespace {

using csv_detail::ColumnBuilder;
using csv_detail::ColumnPlan;

constexpr std::size_t kSniffBytes = 64 * 1024;
constexpr int kSampleRows = 500;

Error csvError(const std::string& file, std::string message, long line = 0, long column = 0) {
    return makeFileError(std::move(message), file, line, column);
}

// The input: memory or a file, read in chunks, with progress and cancellation.
class Input {
public:
    Input(std::string_view text, const CsvProgress* progress) : text_(text), total_(text.size()), progress_(progress) {}
    Input(std::FILE* f, std::uint64_t size, const CsvProgress* progress) : file_(f), total_(size), progress_(progress) {}

    std::size_t read(char* dst, std::size_t n) {
        if (cancelled_) return 0;
        if (progress_ && progress_->stop.stop_requested()) {
            cancelled_ = true;
            return 0;
        }
        if (progress_ && progress_->onProgress && total_ > 0)
            progress_->onProgress(std::min(1.0, static_cast<double>(pos_) / static_cast<double>(total_)));
        std::size_t k = 0;
        if (file_) {
            k = std::fread(dst, 1, n, file_);
            if (k == 0 && std::ferror(file_)) error_ = std::string("cannot read the file: ") + std::strerror(errno);
        } else {
            k = std::min<std::size_t>(n, text_.size() - static_cast<std::size_t>(pos_));
            std::memcpy(dst, text_.data() + pos_, k);
        }
        pos_ += k;
        return k;
    }
    std::uint64_t total() const { return total_; }
    bool cancelled() const { return cancelled_; }
    const std::string& error() const { return error_; }

private:
    std::string_view text_;
    std::FILE* file_ = nullptr;
    std::uint64_t total_ = 0, pos_ = 0;
    const CsvProgress* progress_;
    bool cancelled_ = false;
    std::string error_;
};

// The start of the input held back for delimiter detection, then the rest.
struct Sniffer {
    Input& in;
    std::string head;
    std::size_t served = 0;
    std::size_t read(char* dst, std::size_t n) {
        if (served < head.size()) {
            const std::size_t k = std::min(n, head.size() - served);
            std::memcpy(dst, head.data() + served, k);
            served += k;
            return k;
        }
        return in.read(dst, n);
    }
};

struct Sample {
    char delimiter = ',';
    bool hasHeader = false;
    long records = 0;  // records read, header included
    long headerLine = 0;
    bool complete = false;  // the whole input was read
    std::vector<std::string> columnNames;
    std::vector<std::vector<std::string>> rows;
    std::vector<long> lines;
    int skippedLines = 0;
    std::optional<CsvCountLine> countLine;
};

bool isText(std::string_view s) {
    float v;
    return classifyCsvCell(s, v) == CsvCell::Text;
}

bool isNumber(std::string_view s) {
    float v;
    return classifyCsvCell(s, v) == CsvCell::Number;
}

// First row a header? Yes when a column is text there and numbers below; for a
// file without numbers, when no first-row value appears again in its column.
bool looksLikeHeader(const std::vector<std::vector<std::string>>& recs) {
    const auto& first = recs.front();
    if (recs.size() == 1) return std::any_of(first.begin(), first.end(), [](const std::string& s) { return isText(s); });
    bool anyNumber = false;
    for (std::size_t c = 0; c < first.size(); ++c) {
        bool numbers = false, text = false;
        for (std::size_t r = 1; r < recs.size(); ++r) {
            if (c >= recs[r].size()) continue;
            numbers = numbers || isNumber(recs[r][c]);
            text = text || isText(recs[r][c]);
        }
        anyNumber = anyNumber || numbers;
        if (numbers && !text && isText(first[c])) return true;
    }
    if (anyNumber) return false;
    for (std::size_t c = 0; c < first.size(); ++c) {
        if (!isText(first[c])) return false;
        for (std::size_t r = 1; r < recs.size(); ++r)
            if (c < recs[r].size() && trimCsvField(recs[r][c]) == trimCsvField(first[c])) return false;
    }
    return true;
}

// Detects the delimiter, reads up to maxRows data rows, decides the header.
Result<Sample> sniff(Sniffer& src, CsvTokenizer*& tokOut, std::unique_ptr<CsvTokenizer>& holder,
                     const std::string& name, const CsvOptions& o, int maxRows, std::size_t chunkBytes) {
    Sample s;
    // Small inputs get small buffers (the fuzzer runs this thousands of times a second).
    const std::size_t sniffBytes = static_cast<std::size_t>(std::min<std::uint64_t>(kSniffBytes, src.in.total() + 1));
    src.head.resize(sniffBytes);
    std::size_t got = 0;
    while (got < sniffBytes) {
        const std::size_t n = src.in.read(src.head.data() + got, sniffBytes - got);
        if (n == 0) break;
        got += n;
    }
    src.head.resize(got);
    if (src.in.cancelled()) return csvError(name, "cancelled");
    if (const auto zero = src.head.find('\0'); zero != std::string::npos) {
        if (const char* encoding = detectWideTextEncoding(src.head)) {
            const std::string_view e(encoding);
            return csvError(name, std::string("the file is ") + encoding +
                                      " text; LayerLab reads CSV files as UTF-8: save it as \"CSV UTF-8\" in the "
                                      "spreadsheet, or convert it (iconv -f " +
                                      std::string(e.substr(0, e.find(' '))) + " -t UTF-8)");
        }
        return csvError(name, "not a CSV text file: it holds a zero byte at offset " + std::to_string(zero) +
                                  " (is it a binary file?)");
    }
    if (o.delimiter == '"' || o.delimiter == '\n' || o.delimiter == '\r')
        return csvError(name, "the delimiter cannot be a quote or a line break");
    // Lines above the table: skipped as asked, or a scikit-learn count line found by itself.
    const bool wholeInHead = got < sniffBytes;
    if (o.skipLines < 0) {
        s.countLine = detectCsvCountLine(src.head, o.delimiter ? o.delimiter : detectCsvDelimiter(src.head));
        if (s.countLine) s.skippedLines = 1;
    } else {
        s.skippedLines = o.skipLines;
    }
    if (s.skippedLines > 0) {
        const auto end = csvLinesEnd(src.head, s.skippedLines, wholeInHead);
        if (!end || (wholeInHead && *end >= src.head.size()))
            return csvError(name, wholeInHead ? "skipping the first " + std::to_string(s.skippedLines) +
                                                    " lines leaves nothing to read; the file is shorter"
                                              : "the first " + std::to_string(s.skippedLines) +
                                                    " lines are longer than 64 KiB; skip fewer lines");
        src.served = *end;
    }
    const std::string_view table = std::string_view(src.head).substr(src.served);
    s.delimiter = o.delimiter ? o.delimiter : detectCsvDelimiter(table);
    if (chunkBytes == 0)
        chunkBytes = static_cast<std::size_t>(std::min<std::uint64_t>(kCsvChunkBytes, src.in.total() + 1));
    holder = std::make_unique<CsvTokenizer>([&src](char* d, std::size_t n) { return src.read(d, n); }, s.delimiter,
                                            chunkBytes, 1L + s.skippedLines);
    CsvTokenizer& tok = *holder;
    tokOut = holder.get();
    std::vector<std::vector<std::string>> recs;
    std::vector<std::string_view> fields;
    while (static_cast<int>(recs.size()) < maxRows + 1) {
        const auto st = tok.next(fields);
        if (src.in.cancelled()) return csvError(name, "cancelled");
        if (st == CsvTokenizer::Status::End) {
            s.complete = true;
            break;
        }
        if (st == CsvTokenizer::Status::Error)
            return csvError(name, tok.errorMessage(), tok.errorLine(), tok.errorColumn());
        recs.emplace_back(fields.begin(), fields.end());
        s.lines.push_back(tok.recordLine());
    }
    if (!src.in.error().empty()) return csvError(name, src.in.error());
    if (recs.empty() && s.skippedLines > 0)
        return csvError(name, "no rows after the " + std::to_string(s.skippedLines) + " skipped line" +
                                  (s.skippedLines == 1 ? "" : "s"));
    if (recs.empty())
        return csvError(name, src.in.total() == 0 ? "empty file (0 bytes); expected rows of values separated by commas"
                                                   : "empty file: no rows, only blank lines");
    s.records = static_cast<long>(recs.size());
    s.hasHeader = o.header == CsvOptions::Header::Yes || (o.header == CsvOptions::Header::Auto && looksLikeHeader(recs));
    const std::size_t ncols = recs.front().size();
    if (s.hasHeader) {
        for (const auto& h : recs.front()) s.columnNames.emplace_back(trimCsvField(h));
        recs.erase(recs.begin());
        s.headerLine = s.lines.front();
        s.lines.erase(s.lines.begin());
    } else {
        for (std::size_t c = 0; c < ncols; ++c) s.columnNames.push_back("column " + std::to_string(c + 1));
    }
    s.rows = std::move(recs);
    return s;
}

Result<Dataset> readImpl(Input& in, const std::string& name, const CsvOptions& o, CsvReport* report,
                         std::size_t chunkBytes) {
    Sniffer src{in, {}, 0};
    std::unique_ptr<CsvTokenizer> holder;
    CsvTokenizer* tok = nullptr;
    auto sampled = sniff(src, tok, holder, name, o, kSampleRows, chunkBytes);
    if (!sampled) return sampled.error();
    Sample& s = *sampled;
    const int ncols = static_cast<int>(s.columnNames.size());

    // Target and features.
    int target = o.targetColumn < 0 ? ncols - 1 : o.targetColumn;
    if (!o.targetName.empty()) {
        if (!s.hasHeader)
            return csvError(name, "the target column is chosen by name ('" + o.targetName +
                                      "') but the file has no header row; choose it by number");
        auto it = std::find(s.columnNames.begin(), s.columnNames.end(), o.targetName);
        if (it == s.columnNames.end())
            return csvError(name, "no column is named '" + o.targetName + "'; the columns are " + joinNames(s.columnNames));
        target = static_cast<int>(it - s.columnNames.begin());
    }
    std::vector<int> targets = o.targetColumns;  // several targets: a regression with as many outputs
    if (targets.empty()) targets.push_back(target);
    std::set<int> seenTargets;
    for (int c : targets) {
        if (c < 0 || c >= ncols)
            return csvError(name, "the target column is number " + std::to_string(c + 1) + " but the file has " +
                                      std::to_string(ncols) + " column" + (ncols == 1 ? "" : "s"));
        if (!seenTargets.insert(c).second)
            return csvError(name, "target column " + std::to_string(c + 1) + " is chosen twice");
    }
    target = targets.front();
    const std::vector<int> moreTargets(targets.begin() + 1, targets.end());
    if (!moreTargets.empty() && o.task == CsvOptions::Task::Classification)
        return csvError(name, std::to_string(targets.size()) + " target columns make a regression with " +
                                  std::to_string(targets.size()) +
                                  " outputs; choose regression, or one target column for classification");
    std::vector<int> featureCols = o.featureColumns;
    if (featureCols.empty())
        for (int c = 0; c < ncols; ++c)
            if (!seenTargets.count(c)) featureCols.push_back(c);
    std::set<int> seen;
    for (int c : featureCols) {
        if (c < 0 || c >= ncols)
            return csvError(name, "feature column number " + std::to_string(c + 1) + " does not exist; the file has " +
                                      std::to_string(ncols) + " column" + (ncols == 1 ? "" : "s"));
        if (seenTargets.count(c))
            return csvError(name, "column " + std::to_string(c + 1) + (targets.size() == 1 ? " is the target" : " is a target") +
                                      "; it cannot also be a feature");
        if (!seen.insert(c).second) return csvError(name, "feature column " + std::to_string(c + 1) + " is chosen twice");
    }
    std::sort(featureCols.begin(), featureCols.end());
    if (featureCols.empty())
        return csvError(name, targets.size() == 1
                                  ? "the file has only one column (the target); LayerLab needs at least one feature column"
                                  : "every column is a target; LayerLab needs at least one feature column");

    // Column kinds from the sample: numeric when most non-missing values are numbers.
    auto kindOf = [&](int c, long& firstTextLine, std::string& firstText) {
        long numbers = 0, texts = 0;
        for (std::size_t r = 0; r < s.rows.size(); ++r) {
            if (s.rows[r].size() != static_cast<std::size_t>(ncols)) continue;
            float v;
            const std::string& f = s.rows[r][static_cast<std::size_t>(c)];
            const CsvCell cell = classifyCsvCell(f, v);
            if (cell == CsvCell::Number) ++numbers;
            if (cell == CsvCell::Text && texts++ == 0) {
                firstTextLine = s.lines[r];
                firstText = std::string(trimCsvField(f));
            }
        }
        return numbers >= texts;
    };
    // A text column whose every value is a number with one decimal comma ("1,5"):
    // a spreadsheet in a German or French locale. One-hot encoding it would be
    // silently wrong, so it is refused with the fix.
    auto decimalComma = [&](int c) {
        long seen = 0;
        for (std::size_t r = 0; r < s.rows.size(); ++r) {
            if (s.rows[r].size() != static_cast<std::size_t>(ncols)) continue;
            std::string f(trimCsvField(s.rows[r][static_cast<std::size_t>(c)]));
            float v;
            if (classifyCsvCell(f, v) == CsvCell::Missing) continue;
            const auto comma = f.find(',');
            if (comma == std::string::npos || f.find(',', comma + 1) != std::string::npos) return false;
            f[comma] = '.';
            if (classifyCsvCell(f, v) != CsvCell::Number) return false;
            ++seen;
        }
        return seen > 0;
    };
    ColumnBuilder probe(name, s.columnNames, s.hasHeader, {}, {}, o);  // for labels in messages
    auto commaError = [&](int c, long line, const std::string& text) {
        return csvError(name, "line " + std::to_string(line) + ", " + probe.columnLabel(c) + ": '" + text +
                                  "' is a number with a decimal comma; LayerLab reads numbers with a decimal point "
                                  "(1.5). Save the file with '.' as the decimal separator (in the spreadsheet's "
                                  "CSV export, or with an English number format)",
                        line, c + 1);
    };
    std::vector<ColumnPlan> features;
    for (int c : featureCols) {
        long line = 0;
        std::string text;
        const bool numeric = kindOf(c, line, text);
        if (!numeric && decimalComma(c)) return commaError(c, line, text);
        if (!numeric && o.categorical == CsvOptions::Categorical::Refuse)
            return csvError(name, "line " + std::to_string(line) + ", " + probe.columnLabel(c) + ": '" + text +
                                      "' is not a number; this column holds text and text features are refused "
                                      "(choose one-hot encoding, or leave the column out of the features)",
                            line, c + 1);
        features.push_back({c, numeric});
    }
    long tline = 0;
    std::string ttext;
    ColumnPlan targetPlan{target, kindOf(target, tline, ttext)};
    if (!targetPlan.numeric && decimalComma(target)) return commaError(target, tline, ttext);
    if (!targetPlan.numeric && o.task == CsvOptions::Task::Regression)
        return csvError(name, "line " + std::to_string(tline) + ", " + probe.columnLabel(target) + ": '" + ttext +
                                  "' is not a number; a regression target must be numeric (choose classification)",
                        tline, target + 1);
    for (int c : targets) {
        if (moreTargets.empty() || kindOf(c, tline, ttext)) continue;
        return csvError(name, "line " + std::to_string(tline) + ", " + probe.columnLabel(c) + ": '" + ttext +
                                  "' is not a number; with several target columns every one must be numeric",
                        tline, c + 1);
    }

    ColumnBuilder builder(name, s.columnNames, s.hasHeader, features, targetPlan, o, moreTargets);
    if (s.countLine) builder.setLabelNames(s.countLine->classNames);
    if (!s.rows.empty() && in.total() > 0) {
        const double bytesPerRecord = static_cast<double>(tok->bytesConsumed()) / static_cast<double>(s.records);
        builder.reserveRows(static_cast<std::uint64_t>(static_cast<double>(in.total()) / bytesPerRecord * 1.02) + 16);
    }
    std::vector<std::string_view> fields;
    for (std::size_t r = 0; r < s.rows.size(); ++r) {
        fields.assign(s.rows[r].begin(), s.rows[r].end());
        if (auto st = builder.addRow(fields, s.lines[r]); !st) return st.error();
    }
    std::vector<std::vector<std::string>>().swap(s.rows);
    const auto total = static_cast<double>(std::max<std::uint64_t>(in.total(), 1));
    while (!s.complete) {
        const auto st = tok->next(fields);
        if (in.cancelled()) return csvError(name, "cancelled");
        if (st == CsvTokenizer::Status::End) break;
        if (st == CsvTokenizer::Status::Error)
            return csvError(name, tok->errorMessage(), tok->errorLine(), tok->errorColumn());
        builder.setInputFraction(static_cast<double>(tok->bytesConsumed()) / total);
        if (auto a = builder.addRow(fields, tok->recordLine()); !a) return a.error();
    }
    if (!in.error().empty()) return csvError(name, in.error());

    if (builder.rows() == 0) {
        if (builder.droppedRows() > 0)
            return csvError(name, "all " + std::to_string(builder.droppedRows()) +
                                      " data rows have a missing value and were dropped; nothing is left (fill "
                                      "missing values with the column mean instead, or check the target column)");
        if (s.hasHeader)
            return csvError(name, "the file has only a header row (" + std::to_string(ncols) + " column" +
                                      (ncols == 1 ? "" : "s") + ": " + joinNames(s.columnNames) + ") and no data rows",
                            s.headerLine, 0);
        return csvError(name, "empty file: no data rows");
    }
    std::vector<std::string> featureNames;
    auto d = builder.finish(featureNames);
    if (!d) return d.error();
    d->name = std::filesystem::path(name).stem().string();
    d->featureNames = featureNames;
    if (report) {
        report->rows = builder.rows();
        report->droppedRows = builder.droppedRows();
        report->filledValues = builder.filledValues();
        report->delimiter = s.delimiter;
        report->hasHeader = s.hasHeader;
        report->columnNames = s.columnNames;
        report->featureNames = std::move(featureNames);
        report->targetName.clear();
        for (int c : targets)
            report->targetName += (report->targetName.empty() ? "" : ", ") + s.columnNames[static_cast<std::size_t>(c)];
        report->task = d->task;
        report->skippedLines = s.skippedLines;
        report->countLine = s.countLine;
        report->classesFromNumbers = builder.classesFromNumbers();
    }
    return d;
}

// The sample holds one record more than maxRows when there is no header.
void trimPreview(Sample& s, int maxRows) {
    const auto n = static_cast<std::size_t>(std::max(maxRows, 0));
    if (s.rows.size() > n) {
        s.rows.resize(n);
        s.lines.resize(n);
    }
}

Result<FilePtr> openFile(const std::string& path, std::uint64_t& size) {
    auto opened = openRegularFile(path, "a CSV file");
    if (!opened) return opened.error();
    size = opened->size;
    return std::move(opened->file);
}

}  // namespace

Result<Dataset> parseCsv(std::string_view text, const std::string& name, const CsvOptions& options, CsvReport* report,
                         std::size_t chunkBytes) {
    Input in(text, nullptr);
    return readImpl(in, name, options, report, chunkBytes);
}

Result<Dataset> readCsv(const std::string& path, const CsvOptions& options, CsvReport* report,
                        const CsvProgress& progress) {
    std::uint64_t size = 0;
    auto f = openFile(path, size);
    if (!f) return f.error();
    Input in(f->get(), size, &progress);
    auto r = readImpl(in, path, options, report, 0);
    if (r && progress.onProgress) progress.onProgress(1.0);
    return r;
}

Result<CsvPreview> previewCsvText(std::string_view text, const std::string& name, const CsvOptions& options,
                                  int maxRows) {
    Input in(text, nullptr);
    Sniffer src{in, {}, 0};
    std::unique_ptr<CsvTokenizer> holder;
    CsvTokenizer* tok = nullptr;
    auto s = sniff(src, tok, holder, name, options, std::max(maxRows, 0), 0);
    if (!s) return s.error();
    trimPreview(*s, maxRows);
    return CsvPreview{s->delimiter,      s->hasHeader,   std::move(s->columnNames), std::move(s->rows),
                      std::move(s->lines), s->skippedLines, std::move(s->countLine)};
}

Result<CsvPreview> previewCsv(const std::string& path, const CsvOptions& options, int maxRows) {
    std::uint64_t size = 0;
    auto f = openFile(path, size);
    if (!f) return f.error();
    Input in(f->get(), size, nullptr);
    Sniffer src{in, {}, 0};
    std::unique_ptr<CsvTokenizer> holder;
    CsvTokenizer* tok = nullptr;
    auto s = sniff(src, tok, holder, path, options, std::max(maxRows, 0), 0);
    if (!s) return s.error();
    trimPreview(*s, maxRows);
    return CsvPreview{s->delimiter,      s->hasHeader,   std::move(s->columnNames), std::move(s->rows),
                      std::move(s->lines), s->skippedLines, std::move(s->countLine)};
}

namespace {
constexpr const char* kHeaderNames[] = {"auto", "yes", "no"};
constexpr const char* kTaskNames[] = {"auto", "classification", "regression"};
constexpr const char* kCategoricalNames[] = {"onehot", "refuse"};
constexpr const char* kMissingNames[] = {"drop", "mean"};
}  // namespace

std::string_view csvHeaderName(CsvOptions::Header h) { return kHeaderNames[static_cast<int>(h)]; }
std::string_view csvTaskName(CsvOptions::Task t) { return kTaskNames[static_cast<int>(t)]; }
std::string_view csvCategoricalName(CsvOptions::Categorical c) { return kCategoricalNames[static_cast<int>(c)]; }
std::string_view csvMissingName(CsvOptions::Missing m) { return kMissingNames[static_cast<int>(m)]; }
Result<CsvOptions::Header> csvHeaderFromName(std::string_view n) {
    return enumFromName<CsvOptions::Header>(n, kHeaderNames, "header mode");
}
Result<CsvOptions::Task> csvTaskFromName(std::string_view n) {
    return enumFromName<CsvOptions::Task>(n, kTaskNames, "task");
}
Result<CsvOptions::Categorical> csvCategoricalFromName(std::string_view n) {
    return enumFromName<CsvOptions::Categorical>(n, kCategoricalNames, "text-column policy");
}
Result<CsvOptions::Missing> csvMissingFromName(std::string_view n) {
    return enumFromName<CsvOptions::Missing>(n, kMissingNames, "missing-value policy");
}

}  // namespace layerlab::core
