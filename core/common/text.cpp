#include "core/common/text.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace layerlab::core {

std::string quoteBrief(std::string_view text, std::size_t max) {
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "\"" + std::string.
    std::string out(1, '"');
    if (text.size() <= max) {
        out.append(text);
        out.push_back('"');
        return out;
    }
    std::size_t cut = max;
    // Do not split a UTF-8 sequence: back up over continuation bytes (10xxxxxx).
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    out.append(text.substr(0, cut));
    out.append("...\" (");
    out.append(std::to_string(text.size()));
    out.append(" characters)");
    return out;
}

std::string withThousands(long long n) {
    const bool negative = n < 0;
    std::string digits = std::to_string(n);
    if (negative) digits.erase(0, 1);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    if (negative) out.insert(out.begin(), '-');
    return out;
}

std::string formatBytes(double bytes) {
    char buf[64];
    if (!(bytes >= 0) || !std::isfinite(bytes)) return "an unknown amount of memory";
    if (bytes < 1000) {
        std::snprintf(buf, sizeof buf, "%.0f bytes", bytes);
        return buf;
    }
    const char* units[] = {"KB", "MB", "GB", "TB", "PB", "EB"};
    int u = 0;
    double v = bytes / 1000;
    while (v >= 999.95 && u < 5) {
        v /= 1000;
        ++u;
    }
    std::snprintf(buf, sizeof buf, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    return buf;
}

namespace {

// Whole numbers as written (1000000, not 1e+06); others with 6 significant digits.
std::string number(double v) {
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
    std::ostringstream os;
    os << v;
    return os.str();
}

}  // namespace

std::string rangeRule(double value, double lo, double hi, bool loOpen, bool hiOpen) {
    std::string r = "must be ";
    if (lo == 0 && loOpen && std::isinf(hi)) r += "positive";
    else if (std::isinf(hi)) r += (loOpen ? "above " : "at least ") + number(lo);
    else r += (loOpen ? "above " : "at least ") + number(lo) + " and " + (hiOpen ? "below " : "at most ") + number(hi);
    return r + ", found " + number(value);
}

std::optional<std::string> outOfRange(double value, double lo, double hi, bool loOpen, bool hiOpen) {
    const bool inside = std::isfinite(value) && (loOpen ? value > lo : value >= lo) && (hiOpen ? value < hi : value <= hi);
    if (inside) return std::nullopt;
    return rangeRule(value, lo, hi, loOpen, hiOpen);
}

std::string joinNames(const std::vector<std::string>& names, std::size_t max) {
    std::string s;
    for (std::size_t i = 0; i < names.size() && i < max; ++i) s += (i ? ", " : "") + names[i];
    if (names.size() > max) s += ", ...";
    return s;
}

std::optional<std::size_t> indexOfName(std::string_view name, const char* const* names, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i)
        if (name == names[i]) return i;
    return std::nullopt;
}

std::string unknownNameMessage(std::string_view name, const char* const* names, std::size_t count, const char* what) {
    std::string list;
    for (std::size_t i = 0; i < count; ++i) list += (i ? ", " : "") + std::string(names[i]);
    return "unknown " + std::string(what) + " \"" + std::string(name) + "\"; expected one of " + list;
}

}  // namespace layerlab::core
