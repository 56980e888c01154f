// Short quotations of user-supplied text for messages: a 50 MB string in the
// wrong field must not come back whole in the error that names it.
#pragma once

#include "core/common/result.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace layerlab::core {

// ensures: "\"text\"" when text has at most `max` bytes; else its first bytes
//          (cut at a UTF-8 character boundary) and "..." and the length:
//          "\"aaaa...\" (52428800 characters)".
std::string quoteBrief(std::string_view text, std::size_t max = 60);

// ensures: "a, b, c": the first `max` names joined with ", ", then ", ..." when there are more.
std::string joinNames(const std::vector<std::string>& names, std::size_t max = 20);

// ensures: the i for which names[i] == name; else nullopt.
std::optional<std::size_t> indexOfName(std::string_view name, const char* const* names, std::size_t count);
// ensures: "unknown <what> \"<name>\"; expected one of a, b, c" for the names.
std::string unknownNameMessage(std::string_view name, const char* const* names, std::size_t count, const char* what);
// An enum from its file name: names[i] is the name of E(i).
// ensures: E(i) for names[i] == name; else the Error unknownNameMessage(...).
template <class E, std::size_t N>
Result<E> enumFromName(std::string_view name, const char* const (&names)[N], const char* what) {
    if (const auto i = indexOfName(name, names, N)) return static_cast<E>(*i);
    return makeError(unknownNameMessage(name, names, N, what));
}

// ensures: n with thousands separators: 4294967296 -> "4,294,967,296".
std::string withThousands(long long n);

// ensures: bytes as "512 bytes", "3.4 KB", "7.7 GB" (powers of 1000, as file managers show).
std::string formatBytes(double bytes);

// ensures: "must be at least 0 and below 1, found -0.5"; "must be positive, found 0"
//          (lo 0, loOpen, hi infinite); "must be at least 1, found 0" (hi infinite).
std::string rangeRule(double value, double lo, double hi, bool loOpen = false, bool hiOpen = false);

// The one range test of settings and fields: rangeRule(...) when value is not
// finite or lies outside [lo, hi] (loOpen / hiOpen: that end excluded); none inside.
std::optional<std::string> outOfRange(double value, double lo, double hi, bool loOpen = false, bool hiOpen = false);

}  // namespace layerlab::core
