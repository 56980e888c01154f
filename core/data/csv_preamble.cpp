#include "core/data/csv_preamble.h"

#include "core/data/csv_parser.h"

#include <algorithm>
#include <charconv>

namespace layerlab::core {

namespace {

// The physical line starting at pos (without its break) and where the next one starts.
std::string_view lineAt(std::string_view text, std::size_t pos, std::size_t& next) {
    std::size_t end = pos;
    while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
    next = end;
    if (next < text.size()) next += (text[next] == '\r' && next + 1 < text.size() && text[next + 1] == '\n') ? 2 : 1;
    return text.substr(pos, end - pos);
}

std::vector<std::string_view> split(std::string_view line, char delimiter) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= line.size(); ++i)
        if (i == line.size() || line[i] == delimiter) {
            out.push_back(trimCsvField(line.substr(start, i - start)));
            start = i + 1;
        }
    return out;
}

bool wholeNumber(std::string_view s, long& out) {
    if (s.empty() || s.size() > 12) return false;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size() && out >= 1;
}

}  // namespace

std::optional<std::size_t> csvLinesEnd(std::string_view text, int n, bool complete) {
    std::size_t pos = 0;
    for (int i = 0; i < n; ++i) {
        if (pos >= text.size()) return std::nullopt;
        std::size_t next = 0;
        lineAt(text, pos, next);
        const bool hasBreak = next > 0 && (text[next - 1] == '\n' || text[next - 1] == '\r');
        // A CR as the last byte of an incomplete head may be the first half of a CRLF.
        if (!complete && (!hasBreak || (text[next - 1] == '\r' && next == text.size()))) return std::nullopt;
        pos = next;
    }
    return pos;
}

std::optional<CsvCountLine> detectCsvCountLine(std::string_view head, char delimiter) {
    if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
    std::size_t next = 0;
    const std::string_view first = lineAt(head, 0, next);
    if (first.find('"') != std::string_view::npos || next >= head.size()) return std::nullopt;
    std::string_view second;
    while (second.empty() && next < head.size()) second = trimCsvField(lineAt(head, next, next));
    if (second.empty()) return std::nullopt;
    const std::vector<std::string_view> fields = split(first, delimiter);
    CsvCountLine c;
    long features = 0;
    if (fields.size() < 2 || !wholeNumber(fields[0], c.samples) || !wholeNumber(fields[1], features)) return std::nullopt;
    c.features = static_cast<int>(features);
    bool trailingEmpty = false;
    for (std::size_t i = 2; i < fields.size(); ++i) {
        float v;
        const std::string_view f = fields[i];
        if (f.empty()) {
            trailingEmpty = true;
            continue;
        }
        if (trailingEmpty || classifyCsvCell(f, v) == CsvCell::Number) return std::nullopt;  // a name after a gap, or a number
        c.classNames.emplace_back(f);
    }
    // The row below: as many fields as features + the target (quoted fields are not split here).
    std::size_t rowFields = 1;
    for (char ch : second) rowFields += ch == delimiter;
    if (static_cast<long>(rowFields) != features + 1) return std::nullopt;
    if (c.classNames.empty() && fields.size() >= rowFields && !trailingEmpty) return std::nullopt;
    return c;
}

std::string describeCsvCountLine(const CsvCountLine& c) {
    std::string s = "a scikit-learn count line (" + std::to_string(c.samples) + " rows, " +
                    std::to_string(c.features) + " feature" + (c.features == 1 ? "" : "s");
    if (!c.classNames.empty()) {
        s += ", classes ";
        for (std::size_t i = 0; i < c.classNames.size(); ++i) s += (i ? ", " : "") + c.classNames[i];
    }
    return s + ")";
}

const char* detectWideTextEncoding(std::string_view head) {
    auto starts = [&](std::string_view bom) { return head.substr(0, bom.size()) == bom; };
    using namespace std::string_view_literals;
    if (starts("\xFF\xFE\0\0"sv)) return "UTF-32 (little-endian)";
    if (starts("\0\0\xFE\xFF"sv)) return "UTF-32 (big-endian)";
    if (starts("\xFF\xFE"sv)) return "UTF-16 (little-endian)";
    if (starts("\xFE\xFF"sv)) return "UTF-16 (big-endian)";
    const std::size_t n = std::min<std::size_t>(head.size() & ~std::size_t{1}, 512);
    if (n < 4) return nullptr;
    std::size_t zeroOdd = 0, zeroEven = 0;
    for (std::size_t i = 0; i < n; ++i)
        if (head[i] == '\0') ++(i % 2 ? zeroOdd : zeroEven);
    // ASCII in UTF-16: (nearly) every high byte is zero and no low byte is.
    const std::size_t pairs = n / 2;
    if (zeroEven == 0 && zeroOdd * 10 >= pairs * 9) return "UTF-16 (little-endian)";
    if (zeroOdd == 0 && zeroEven * 10 >= pairs * 9) return "UTF-16 (big-endian)";
    return nullptr;
}

}  // namespace layerlab::core
