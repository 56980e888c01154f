// Reading a CSV time series into a RawSeries: the header, the time column
// (by name or by its ISO dates), the numeric value columns, missing cells as
// NaN, and the rows put in time order. Tokenizing and cell classification are
// the CSV reader's (csv_parser.h); windowing is series.cpp's.
#include "core/data/series.h"

#include "core/common/file_read.h"
#include "core/common/memory.h"
#include "core/common/text.h"
#include "core/data/csv_parser.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace layerlab::core {

namespace {

constexpr std::size_t kSniffBytes = 64 * 1024;
constexpr int kSampleRows = 500;
constexpr long kProgressEvery = 4096;  // records between progress reports and stop checks
constexpr const char* kTimeNames[] = {"date", "time", "year", "month", "day", "timestamp", "datetime"};

Error seriesError(const std::string& file, std::string message, long line = 0, long column = 0) {
    return makeFileError(std::move(message), file, line, column);
}

// 'text' for messages, at most 60 bytes of it.
std::string quoteCell(std::string_view cell) {
    std::string q(1, '\'');
    q.append(cell.substr(0, 60));
    q += '\'';
    return q;
}

bool sameText(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// A whole field as a finite double (a time column may hold numbers a float cannot keep, e.g. Unix seconds).
bool parseNumber(std::string_view s, double& out) {
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    double v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v)) return false;
    out = v;
    return true;
}

// Digits at s[at..at+n) as a number, or -1.
int digits(std::string_view s, std::size_t at, std::size_t n) {
    if (at + n > s.size()) return -1;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
long daysFromCivil(int y, int m, int d) {
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int daysInMonth(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kDays[m - 1];
}

// The cells of one record, kept from the sample.
struct Record {
    std::vector<std::string> fields;
    long line = 0;
};

// Which columns a file's series uses, decided from its header and first rows.
struct Plan {
    int time = -1;          // -1: none (row number)
    bool timeIsDate = false;
    std::vector<int> used;  // value columns, then the target when it is not one of them
};

Result<Plan> planColumns(const std::string& name, const std::vector<std::string>& header,
                         const std::vector<Record>& sample, const SeriesOptions& o) {
    const int ncols = static_cast<int>(header.size());
    auto find = [&](const std::string& col, const char* role) -> Result<int> {
        const auto it = std::find(header.begin(), header.end(), col);
        if (it == header.end())
            return seriesError(name, "no column is named '" + col + "' (the " + role + "); the columns are " +
                                         joinNames(header));
        return static_cast<int>(it - header.begin());
    };
    // The sample's present cells of column c, trimmed.
    auto present = [&](int c) {
        std::vector<std::string_view> out;
        for (const Record& r : sample)
            if (c < static_cast<int>(r.fields.size()))
                if (const auto f = trimCsvField(r.fields[static_cast<std::size_t>(c)]); !isCsvMissing(f)) out.push_back(f);
        return out;
    };
    auto allDates = [&](int c) {
        const auto cells = present(c);
        double d;
        return !cells.empty() && std::all_of(cells.begin(), cells.end(), [&](std::string_view s) { return parseIsoDate(s, d); });
    };
    Plan p;
    if (o.timeColumn == "-") {
        p.time = -1;
    } else if (!o.timeColumn.empty()) {
        auto c = find(o.timeColumn, "time column");
        if (!c) return c.error();
        p.time = *c;
    } else {
        for (int c = 0; c < ncols && p.time < 0; ++c)
            for (const char* t : kTimeNames)
                if (sameText(header[static_cast<std::size_t>(c)], t)) p.time = c;
        for (int c = 0; c < ncols && p.time < 0; ++c)
            if (allDates(c)) p.time = c;
    }
    if (p.time >= 0) {
        const auto cells = present(p.time);
        double d;
        p.timeIsDate = !cells.empty() && parseIsoDate(cells.front(), d);
    }
    auto notTime = [&](int c, const char* role) -> Status {
        if (c != p.time) return {};
        return seriesError(name, "the " + std::string(role) + " '" + header[static_cast<std::size_t>(c)] +
                                     "' is the time column; choose another column, or name the time column '-' for none");
    };
    for (const std::string& col : o.valueColumns) {
        auto c = find(col, "value column");
        if (!c) return c.error();
        if (auto s = notTime(*c, "value column"); !s) return s.error();
        if (std::find(p.used.begin(), p.used.end(), *c) != p.used.end())
            return seriesError(name, "the value column '" + col + "' is chosen twice");
        p.used.push_back(*c);
    }
    if (o.valueColumns.empty()) {
        // Every numeric column: most of its present sample cells are numbers.
        for (int c = 0; c < ncols; ++c) {
            if (c == p.time) continue;
            long numbers = 0, texts = 0;
            for (std::string_view f : present(c)) {
                float v;
                (classifyCsvCell(f, v) == CsvCell::Number ? numbers : texts) += 1;
            }
            if (numbers > 0 && numbers >= texts) p.used.push_back(c);
        }
    }
    if (!o.targetColumn.empty()) {
        auto c = find(o.targetColumn, "target column");
        if (!c) return c.error();
        if (auto s = notTime(*c, "target column"); !s) return s.error();
        if (std::find(p.used.begin(), p.used.end(), *c) == p.used.end()) p.used.push_back(*c);
    }
    if (p.used.empty())
        return seriesError(name, "no numeric column besides the time column; the columns are " + joinNames(header));
    return p;
}

// Puts the rows in time order: reverses a decreasing axis, refuses one that turns.
Status orderByTime(RawSeries& raw, int timeColumn) {
    const long n = raw.rows();
    int direction = 0;
    for (long i = 1; i < n; ++i) {
        const double d = raw.time[static_cast<std::size_t>(i)] - raw.time[static_cast<std::size_t>(i - 1)];
        const int sign = d > 0 ? 1 : -1;
        const long line = raw.lines[static_cast<std::size_t>(i)], before = raw.lines[static_cast<std::size_t>(i - 1)];
        if (d == 0)
            return seriesError(raw.file, "the time in column " + raw.timeName + " is the same as on line " +
                                             std::to_string(before) + "; a time series needs one row per time",
                               line, timeColumn + 1);
        if (direction != 0 && sign != direction)
            return seriesError(raw.file, "the time in column " + raw.timeName + " goes " +
                                             (sign > 0 ? "forward" : "back") + " from line " + std::to_string(before) +
                                             " while the rows above go " + (sign > 0 ? "back" : "forward") +
                                             "; sort the file by its time column",
                               line, timeColumn + 1);
        direction = sign;
    }
    if (direction >= 0) return {};
    const std::size_t cols = raw.columns.size();
    for (long a = 0, b = n - 1; a < b; ++a, --b) {
        std::swap_ranges(raw.values.begin() + a * static_cast<long>(cols), raw.values.begin() + (a + 1) * static_cast<long>(cols),
                         raw.values.begin() + b * static_cast<long>(cols));
    }
    std::reverse(raw.time.begin(), raw.time.end());
    std::reverse(raw.lines.begin(), raw.lines.end());
    raw.sortedByTime = true;
    return {};
}

Result<RawSeries> parseImpl(std::string_view text, const std::string& name, const SeriesOptions& o,
                            const CsvProgress* progress) {
    if (o.delimiter == '"' || o.delimiter == '\n' || o.delimiter == '\r')
        return seriesError(name, "the delimiter cannot be a quote or a line break");
    if (text.find('\0') != std::string_view::npos)
        return seriesError(name, "not a CSV text file: it holds a zero byte (is it a binary file?)");
    const char delimiter = o.delimiter ? o.delimiter : detectCsvDelimiter(text.substr(0, kSniffBytes));
    CsvTokenizer tok(csvTextReader(text), delimiter, std::min(kCsvChunkBytes, text.size() + 1));
    std::vector<std::string_view> fields;
    auto next = [&]() -> Result<bool> {
        const auto st = tok.next(fields);
        if (st == CsvTokenizer::Status::Error)
            return seriesError(name, tok.errorMessage(), tok.errorLine(), tok.errorColumn());
        return st == CsvTokenizer::Status::Record;
    };
    auto got = next();
    if (!got) return got.error();
    if (!*got) return seriesError(name, "empty file; expected a header line naming the columns, then rows of values");
    std::vector<std::string> header;
    for (std::string_view f : fields) header.emplace_back(trimCsvField(f));
    const long headerLine = tok.recordLine();
    if (std::all_of(header.begin(), header.end(), [](const std::string& h) {
            float v;
            return classifyCsvCell(h, v) != CsvCell::Text;
        }))
        return seriesError(name, "the first line holds no column names; a time series file needs a header line "
                                 "(e.g. date,value)", headerLine, 1);
    std::vector<Record> sample;
    while (static_cast<int>(sample.size()) < kSampleRows) {
        got = next();
        if (!got) return got.error();
        if (!*got) break;
        sample.push_back({std::vector<std::string>(fields.begin(), fields.end()), tok.recordLine()});
    }
    if (sample.empty()) return seriesError(name, "the file has a header line and no rows", headerLine);
    auto planned = planColumns(name, header, sample, o);
    if (!planned) return planned.error();
    const Plan& plan = *planned;

    RawSeries raw;
    raw.file = name;
    raw.timeIsDate = plan.timeIsDate;
    raw.timeName = plan.time >= 0 ? header[static_cast<std::size_t>(plan.time)] : "row";
    for (int c : plan.used) raw.columns.push_back(header[static_cast<std::size_t>(c)]);
    const double rowsGuess = static_cast<double>(text.size()) / std::max<double>(1, static_cast<double>(tok.bytesConsumed()) / static_cast<double>(sample.size() + 1));
    if (auto s = checkMemory(rowsGuess * (static_cast<double>(plan.used.size()) * sizeof(float) + sizeof(double) + sizeof(long)),
                             "the series needs");
        !s)
        return seriesError(name, s.error().message);
    raw.values.reserve(static_cast<std::size_t>(rowsGuess * 1.02 + 16) * plan.used.size());
    auto addRow = [&](const auto& cells, long line) -> Status {
        if (cells.size() != header.size())
            return seriesError(name, "the line has " + std::to_string(cells.size()) + " fields but the header has " +
                                         std::to_string(header.size()) + " (delimiter " + csvDelimiterName(delimiter) + ")",
                               line);
        double t = static_cast<double>(raw.rows());
        if (plan.time >= 0) {
            const std::string_view cell = trimCsvField(cells[static_cast<std::size_t>(plan.time)]);
            const bool fine = plan.timeIsDate ? parseIsoDate(cell, t) : parseNumber(cell, t);
            if (isCsvMissing(cell))
                return seriesError(name, "the time column " + raw.timeName + " is empty; every row needs a time", line,
                                   plan.time + 1);
            if (!fine)
                return seriesError(name, quoteCell(cell) + " in the time column " + raw.timeName +
                                             " is not " + (plan.timeIsDate ? "a date like 2024-01-31" : "a number") +
                                             "; name the time column '-' to use the row number",
                                   line, plan.time + 1);
        }
        for (int c : plan.used) {
            float v = 0;
            const CsvCell kind = classifyCsvCell(cells[static_cast<std::size_t>(c)], v);
            if (kind == CsvCell::Text)
                return seriesError(name, quoteCell(trimCsvField(cells[static_cast<std::size_t>(c)])) +
                                             " in column " + header[static_cast<std::size_t>(c)] + " is not a number",
                                   line, c + 1);
            raw.values.push_back(kind == CsvCell::Number ? v : std::numeric_limits<float>::quiet_NaN());
        }
        raw.time.push_back(t);
        raw.lines.push_back(line);
        return {};
    };
    for (const Record& r : sample)
        if (auto s = addRow(r.fields, r.line); !s) return s.error();
    std::vector<Record>().swap(sample);
    for (long records = 0;; ++records) {
        if (progress && records % kProgressEvery == 0) {
            if (progress->stop.stop_requested()) return seriesError(name, "cancelled");
            if (progress->onProgress && !text.empty())
                progress->onProgress(static_cast<double>(tok.bytesConsumed()) / static_cast<double>(text.size()));
        }
        got = next();
        if (!got) return got.error();
        if (!*got) break;
        if (auto s = addRow(fields, tok.recordLine()); !s) return s.error();
    }
    if (auto s = orderByTime(raw, plan.time); !s) return s.error();
    return raw;
}

}  // namespace

bool parseIsoDate(std::string_view s, double& days) {
    // YYYY-MM[-DD] or YYYY/MM/DD, then optionally ' ' or 'T' and HH:MM[:SS[.fff]], then optionally 'Z'.
    const int y = digits(s, 0, 4);
    if (y < 0 || s.size() < 7 || (s[4] != '-' && s[4] != '/')) return false;
    const char sep = s[4];
    const int m = digits(s, 5, 2);
    if (m < 1 || m > 12) return false;
    int d = 1;
    std::size_t at = 7;
    if (s.size() > 7 && s[7] == sep) {
        d = digits(s, 8, 2);
        if (d < 1 || d > daysInMonth(y, m)) return false;
        at = 10;
    } else if (sep == '/') {
        return false;  // YYYY/MM alone is not one of the forms
    }
    double fraction = 0;
    if (at < s.size() && (s[at] == ' ' || s[at] == 'T') && at + 1 < s.size()) {
        const int hh = digits(s, at + 1, 2), mm = digits(s, at + 4, 2);
        if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || s.size() < at + 6 || s[at + 3] != ':') return false;
        at += 6;
        double ss = 0;
        if (at < s.size() && s[at] == ':') {
            std::size_t end = at + 1;
            while (end < s.size() && ((s[end] >= '0' && s[end] <= '9') || s[end] == '.')) ++end;
            if (!parseNumber(s.substr(at + 1, end - at - 1), ss) || ss < 0 || ss >= 61) return false;
            at = end;
        }
        fraction = (hh * 3600.0 + mm * 60.0 + ss) / 86400.0;
    }
    if (at < s.size() && s[at] == 'Z') ++at;
    if (at != s.size()) return false;
    days = static_cast<double>(daysFromCivil(y, m, d)) + fraction;
    return true;
}

Result<RawSeries> parseRawSeries(std::string_view text, const std::string& name, const SeriesOptions& options) {
    return parseImpl(text, name, options, nullptr);
}

Result<RawSeries> readRawSeries(const std::string& path, const SeriesOptions& options, const CsvProgress& progress) {
    auto opened = openRegularFile(path, "a CSV file");
    if (!opened) return opened.error();
    // The text, its values and the windows: refused with figures when they cannot fit.
    if (auto s = checkMemory(static_cast<double>(opened->size) * 2, "reading the series needs",
                             " (a " + formatBytes(static_cast<double>(opened->size)) + " file)");
        !s)
        return seriesError(path, s.error().message);
    std::string text(static_cast<std::size_t>(opened->size), '\0');
    const std::size_t got = std::fread(text.data(), 1, text.size(), opened->file.get());
    if (got != text.size() && std::ferror(opened->file.get()))
        return seriesError(path, std::string("cannot read the file: ") + std::strerror(errno));
    text.resize(got);
    if (progress.stop.stop_requested()) return seriesError(path, "cancelled");
    auto raw = parseImpl(text, path, options, &progress);
    if (raw && progress.onProgress) progress.onProgress(1.0);
    return raw;
}

}  // namespace layerlab::core
