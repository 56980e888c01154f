// CSV tokenizer. One pass per record over a chunk buffer: unquoted fields are
// found with a stop-byte table and a '\n' sentinel after the data (no bounds
// check in the hot loop); a record cut by the end of the buffer is moved to the
// front and scanned again once more input is in (the buffer doubles only when a
// single record is longer than it). Doubled quotes are collapsed in place once
// the record is complete, so fields are views into the buffer: no copies.
#include "core/data/csv_parser.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace layerlab::core {

CsvReadFn csvTextReader(std::string_view text) {
    return [text, pos = std::size_t{0}](char* dst, std::size_t n) mutable {
        const std::size_t k = std::min(n, text.size() - pos);
        std::memcpy(dst, text.data() + pos, k);
        pos += k;
        return k;
    };
}

namespace {

std::string printable(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F) return std::string("'") + c + "'";
    char buf[16];
    std::snprintf(buf, sizeof buf, "byte 0x%02X", u);
    return buf;
}

// Clinger's fast path for short decimals: at most 9 digits with a mantissa below
// 2^24 and a power of ten up to 10^10 are exact floats, so one float multiply or
// divide gives the correctly rounded value (the same as std::from_chars). Anything
// else returns false and goes to from_chars.
bool fastFloat(const char* p, const char* end, float& out) {
    static constexpr float kPow10[] = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
    const bool negative = p < end && *p == '-';
    p += negative;
    std::uint32_t m = 0;
    int digits = 0, exponent = 0;
    while (p < end && static_cast<unsigned>(*p - '0') < 10u) {
        m = m * 10 + static_cast<std::uint32_t>(*p++ - '0');
        if (++digits > 9) return false;
    }
    if (p < end && *p == '.') {
        ++p;
        while (p < end && static_cast<unsigned>(*p - '0') < 10u) {
            m = m * 10 + static_cast<std::uint32_t>(*p++ - '0');
            --exponent;
            if (++digits > 9) return false;
        }
    }
    if (digits == 0) return false;
    if (p < end && (*p == 'e' || *p == 'E')) {
        ++p;
        const bool negExp = p < end && *p == '-';
        if (p < end && (*p == '-' || *p == '+')) ++p;
        int e = 0, eDigits = 0;
        while (p < end && static_cast<unsigned>(*p - '0') < 10u) {
            e = e * 10 + (*p++ - '0');
            if (++eDigits > 3) return false;
        }
        if (eDigits == 0) return false;
        exponent += negExp ? -e : e;
    }
    if (p != end || m > (1u << 24) || exponent < -10 || exponent > 10) return false;
    float v = static_cast<float>(m);
    v = exponent < 0 ? v / kPow10[-exponent] : v * kPow10[exponent];
    out = negative ? -v : v;
    return true;
}

}  // namespace

CsvTokenizer::CsvTokenizer(CsvReadFn read, char delimiter, std::size_t chunkBytes, long firstLine)
    : read_(std::move(read)), delimiter_(delimiter), buf_(std::max<std::size_t>(chunkBytes, 1) + 1, '\n'),
      line_(firstLine) {
    stop_[static_cast<unsigned char>(delimiter)] = true;
    stop_[static_cast<unsigned char>('\n')] = true;
    stop_[static_cast<unsigned char>('\r')] = true;
}

void CsvTokenizer::fail(std::string message, long line, long column) {
    failed_ = true;
    error_ = std::move(message);
    errorLine_ = line;
    errorColumn_ = column;
}

bool CsvTokenizer::refill() {
    if (eof_) return false;
    if (begin_ > 0) {
        std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
        base_ += begin_;
        end_ -= begin_;
        begin_ = 0;
    }
    const std::size_t capacity = buf_.size() - 1;
    if (end_ == capacity) buf_.resize(2 * capacity + 1);  // one record longer than the buffer
    const std::size_t room = buf_.size() - 1 - end_;
    std::size_t got = 0;
    while (got < room) {
        const std::size_t n = read_(buf_.data() + end_ + got, room - got);
        if (n == 0) {
            eof_ = true;
            break;
        }
        got += std::min(n, room - got);
    }
    end_ += got;
    buf_[end_] = '\n';
    if (!started_ && (end_ >= 3 || eof_)) {
        started_ = true;
        if (base_ == 0 && begin_ == 0 && end_ >= 3 && static_cast<unsigned char>(buf_[0]) == 0xEF && static_cast<unsigned char>(buf_[1]) == 0xBB &&
            static_cast<unsigned char>(buf_[2]) == 0xBF)
            begin_ = 3;
    }
    return got > 0;
}

CsvTokenizer::Scan CsvTokenizer::scanRecord(std::size_t& p, long& line) {
    const char* b = buf_.data();
    for (;;) {
        const long column = static_cast<long>(spans_.size()) + 1;
        if (p < end_ && b[p] == '"') {
            const long quoteLine = line;
            const std::size_t content = ++p;
            bool doubled = false;
            for (;;) {
                while (p < end_ && b[p] != '"') {
                    if (b[p] == '\n') ++line;
                    ++p;
                }
                if (p == end_) {
                    if (!eof_) return Scan::NeedMore;
                    fail("unterminated quoted field: the quote opened on line " + std::to_string(quoteLine) +
                             ", column " + std::to_string(column) + " is never closed",
                         quoteLine, column);
                    return Scan::Error;
                }
                if (p + 1 == end_ && !eof_) return Scan::NeedMore;  // "" could straddle the chunk
                if (p + 1 < end_ && b[p + 1] == '"') {
                    doubled = true;
                    p += 2;
                    continue;
                }
                break;
            }
            spans_.push_back({content, p, doubled});
            ++p;  // closing quote
            while (p < end_ && (b[p] == ' ' || b[p] == '\t') && b[p] != delimiter_) ++p;
            if (p == end_ && !eof_) return Scan::NeedMore;
            if (p < end_ && !stop_[static_cast<unsigned char>(b[p])]) {
                fail("line " + std::to_string(line) + ", column " + std::to_string(column) + ": unexpected " +
                         printable(b[p]) +
                         " after the closing quote of a quoted field (a quote inside a field must be doubled: \"\")",
                     line, column);
                return Scan::Error;
            }
        } else {
            const std::size_t start = p;
            while (!stop_[static_cast<unsigned char>(b[p])]) ++p;  // the sentinel stops it at end_
            if (p == end_ && !eof_) return Scan::NeedMore;
            spans_.push_back({start, p, false});
        }
        if (p == end_) return Scan::Complete;  // last record without a line break
        const char c = b[p];
        if (c == delimiter_) {
            ++p;
            continue;
        }
        if (c == '\r') {
            if (p + 1 == end_ && !eof_) return Scan::NeedMore;
            ++p;
            if (p < end_ && b[p] == '\n') ++p;
        } else {
            ++p;  // '\n'
        }
        ++line;
        return Scan::Complete;
    }
}

CsvTokenizer::Status CsvTokenizer::next(std::vector<std::string_view>& fields) {
    fields.clear();
    if (failed_) return Status::Error;
    for (;;) {
        if (begin_ == end_ && !refill()) return Status::End;
        spans_.clear();
        std::size_t p = begin_;
        long line = line_;
        const Scan s = scanRecord(p, line);
        if (s == Scan::Error) return Status::Error;
        if (s == Scan::NeedMore) {
            refill();  // at the end of input the rescan completes the record (or finds the open quote)
            continue;
        }
        const long start = line_;
        const bool blank = spans_.size() == 1 && spans_[0].begin == spans_[0].end && buf_[begin_] != '"';
        begin_ = p;
        line_ = line;
        if (blank) continue;
        char* b = buf_.data();
        for (const Span& sp : spans_) {
            std::size_t e = sp.end;
            if (sp.doubledQuotes) {
                std::size_t w = sp.begin;
                for (std::size_t r = sp.begin; r < sp.end; ++r) {
                    b[w++] = b[r];
                    if (b[r] == '"') ++r;  // skip the second quote of the pair
                }
                e = w;
            }
            fields.emplace_back(b + sp.begin, e - sp.begin);
        }
        recordLine_ = start;
        return Status::Record;
    }
}

std::string_view trimCsvField(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool isCsvMissing(std::string_view t) {
    if (t.empty()) return true;
    if (t.size() > 4) return false;
    char low[4];
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        low[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    const std::string_view l(low, t.size());
    return l == "?" || l == "na" || l == "n/a" || l == "nan" || l == "null";
}

CsvCell classifyCsvCell(std::string_view field, float& value) {
    // Fast path: a plain number without surrounding spaces.
    const char* first = field.data();
    const char* last = first + field.size();
    if (fastFloat(first, last, value)) return CsvCell::Number;
    if (!field.empty() && field.front() != ' ' && field.front() != '\t' && field.front() != '+') {
        const auto r = std::from_chars(first, last, value);
        if (r.ec == std::errc() && r.ptr == last && std::isfinite(value)) return CsvCell::Number;
    }
    std::string_view t = trimCsvField(field);
    if (isCsvMissing(t)) return CsvCell::Missing;
    if (t.size() >= 2 && t.front() == '+' && t[1] != '-' && t[1] != '+') t.remove_prefix(1);
    const auto r = std::from_chars(t.data(), t.data() + t.size(), value);
    if (r.ec == std::errc() && r.ptr == t.data() + t.size() && std::isfinite(value)) return CsvCell::Number;
    return CsvCell::Text;
}

char detectCsvDelimiter(std::string_view sample) {
    constexpr char kCandidates[] = {',', ';', '\t', '|'};
    constexpr int kLines = 20;
    int counts[4][kLines] = {};
    int lines = 0;
    bool inQuotes = false;
    bool lineHasText = false;
    std::size_t i = 0;
    for (; i < sample.size() && lines < kLines; ++i) {
        const char c = sample[i];
        if (c == '"') inQuotes = !inQuotes;
        if (!inQuotes && (c == '\n' || c == '\r')) {
            if (lineHasText) ++lines;
            lineHasText = false;
            continue;
        }
        lineHasText = true;
        if (inQuotes) continue;
        for (int k = 0; k < 4; ++k)
            if (c == kCandidates[k]) ++counts[k][lines];
    }
    // A line cut by the end of the sample only counts when it is the only one.
    if (lineHasText && lines == 0) lines = 1;
    int best = -1, bestCount = 0;
    for (int k = 0; k < 4; ++k) {
        const int n = counts[k][0];
        if (n == 0) continue;
        bool consistent = true;
        for (int l = 1; l < lines; ++l) consistent = consistent && counts[k][l] == n;
        if (consistent && n > bestCount) {
            best = k;
            bestCount = n;
        }
    }
    if (best >= 0) return kCandidates[best];
    for (int k = 0; k < 4; ++k)
        if (counts[k][0] > bestCount) {
            best = k;
            bestCount = counts[k][0];
        }
    return best >= 0 ? kCandidates[best] : ',';
}

std::string csvDelimiterName(char d) {
    if (d == '\t') return "tab";
    if (d == ' ') return "space";
    return std::string("'") + d + "'";
}

}  // namespace layerlab::core
