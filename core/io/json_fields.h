// Reading fields of an already-parsed JSON document (the .layerlab file) with
// messages that name the field: "field 'training.epochs' must be an integer,
// found \"ten\"". Internal to core/io: the readers throw FieldError and the
// top-level parser (parseProject) turns it into an Error naming the file; it
// never crosses a thread or library boundary.
//
// Every integer is range-checked before it is converted (4294967297 never
// wraps to 1), and values are quoted with brief(): no recursion into nested
// lists (a 200,000-deep array cannot overflow the stack) and long strings are
// cut.
#pragma once

#include "core/common/result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

namespace layerlab::core::jsonfields {

using nlohmann::json;

// A field-level error while reading an already-parsed JSON document.
struct FieldError {
    std::string message;
};

// ensures: a short description of v for messages: numbers and true/false as
//          written, strings quoted (cut after 60 characters), "a list of N
//          items", "an object with N fields", "null". Never recurses.
std::string brief(const json& v);

// "where.key", or key when where is empty.
std::string fieldPath(const std::string& where, const char* key);

inline const json& field(const json& obj, const char* key, const std::string& where) {
    if (!obj.is_object()) throw FieldError{"'" + where + "' must be an object"};
    auto it = obj.find(key);
    if (it == obj.end()) throw FieldError{"missing field '" + fieldPath(where, key) + "'"};
    return *it;
}

// requires: v is an integer (is_number_integer or is_number_unsigned).
// ensures: v as T when lo <= v <= hi; else FieldError "field 'path' must be at
//          least lo and at most hi, found v" (for the full range of T: "must be
//          a whole number from lo to hi").
template <class T>
T integerIn(const json& v, const std::string& path, T lo, T hi) {
    static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
    // Compare in the JSON value's own representation: non-negative as uint64, negative as int64.
    const bool negative = v.is_number_integer() && !v.is_number_unsigned() && v.get<std::int64_t>() < 0;
    bool fits = false;
    if (negative) {
        if constexpr (std::is_signed_v<T>) {
            const std::int64_t s = v.get<std::int64_t>();
            fits = s >= static_cast<std::int64_t>(lo) && s <= static_cast<std::int64_t>(hi);
        }
    } else {
        const std::uint64_t u = v.get<std::uint64_t>();
        if constexpr (std::is_signed_v<T>) {
            fits = hi >= 0 && u <= static_cast<std::uint64_t>(hi) && (lo <= 0 || u >= static_cast<std::uint64_t>(lo));
        } else {
            fits = u >= static_cast<std::uint64_t>(lo) && u <= static_cast<std::uint64_t>(hi);
        }
    }
    if (!fits) {
        const bool whole = lo == std::numeric_limits<T>::min() && hi == std::numeric_limits<T>::max();
        throw FieldError{"field '" + path + "' must be " + (whole ? "a whole number from " : "at least ") +
                         std::to_string(lo) + (whole ? " to " : " and at most ") + std::to_string(hi) + ", found " +
                         v.dump()};
    }
    return v.get<T>();
}

template <class T>
T get(const json& obj, const char* key, const std::string& where, T fallback) {
    if (!obj.is_object()) return fallback;
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return fallback;
    const std::string path = fieldPath(where, key);
    if constexpr (std::is_same_v<T, bool>) {
        if (!it->is_boolean()) throw FieldError{"field '" + path + "' must be true or false, found " + brief(*it)};
        return it->get<bool>();
    } else if constexpr (std::is_integral_v<T>) {
        if (!it->is_number_integer() && !it->is_number_unsigned())
            throw FieldError{"field '" + path + "' must be an integer, found " + brief(*it)};
        return integerIn<T>(*it, path, std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
    } else if constexpr (std::is_floating_point_v<T>) {
        if (!it->is_number()) throw FieldError{"field '" + path + "' must be a number, found " + brief(*it)};
        return it->get<T>();
    } else {
        if (!it->is_string()) throw FieldError{"field '" + path + "' must be a string, found " + brief(*it)};
        return it->get<T>();
    }
}

// An integer field that must lie in [lo, hi]; absent or null: fallback.
template <class T>
T getIn(const json& obj, const char* key, const std::string& where, T fallback, T lo, T hi) {
    if (!obj.is_object()) return fallback;
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return fallback;
    const std::string path = fieldPath(where, key);
    if (!it->is_number_integer() && !it->is_number_unsigned())
        throw FieldError{"field '" + path + "' must be an integer, found " + brief(*it)};
    return integerIn<T>(*it, path, lo, hi);
}

// A number field that must satisfy lo <= v <= hi (loOpen / hiOpen: strict);
// absent or null: fallback.
double getNumberIn(const json& obj, const char* key, const std::string& where, double fallback, double lo, double hi,
                   bool loOpen = false, bool hiOpen = false);

template <class E>
E enumField(const json& obj, const char* key, const std::string& where, E fallback,
            Result<E> (*fromName)(std::string_view)) {
    const std::string name = get<std::string>(obj, key, where, "");
    if (name.empty()) return fallback;
    auto r = fromName(name);
    if (!r) throw FieldError{"field '" + fieldPath(where, key) + "': " + r.error().message};
    return *r;
}

}  // namespace layerlab::core::jsonfields
