// Reading fields of an already-parsed JSON document (the .layerlab file) with
// messages that name the field: "field 'training.epochs' must be an integer,
// found \"ten\"". Internal to core/io: the readers throw FieldError and the
// top-level parser (parseProject) turns it into an Error naming the file; it
// never crosses a thread or library boundary.
#pragma once

#include "core/common/result.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <type_traits>

namespace layerlab::core::jsonfields {

using nlohmann::json;

// A field-level error while reading an already-parsed JSON document.
struct FieldError {
    std::string message;
};

inline const json& field(const json& obj, const char* key, const std::string& where) {
    if (!obj.is_object()) throw FieldError{"'" + where + "' must be an object"};
    auto it = obj.find(key);
    if (it == obj.end()) throw FieldError{"missing field '" + where + (where.empty() ? "" : ".") + key + "'"};
    return *it;
}

template <class T>
T get(const json& obj, const char* key, const std::string& where, T fallback) {
    if (!obj.is_object()) return fallback;
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return fallback;
    const std::string path = where.empty() ? key : where + "." + key;
    if constexpr (std::is_same_v<T, bool>) {
        if (!it->is_boolean()) throw FieldError{"field '" + path + "' must be true or false"};
    } else if constexpr (std::is_integral_v<T>) {
        if (!it->is_number_integer() && !it->is_number_unsigned())
            throw FieldError{"field '" + path + "' must be an integer, found " + it->dump()};
    } else if constexpr (std::is_floating_point_v<T>) {
        if (!it->is_number()) throw FieldError{"field '" + path + "' must be a number, found " + it->dump()};
    } else {
        if (!it->is_string()) throw FieldError{"field '" + path + "' must be a string, found " + it->dump()};
    }
    return it->get<T>();
}

template <class E>
E enumField(const json& obj, const char* key, const std::string& where, E fallback,
            Result<E> (*fromName)(std::string_view)) {
    const std::string name = get<std::string>(obj, key, where, "");
    if (name.empty()) return fallback;
    auto r = fromName(name);
    if (!r) throw FieldError{"field '" + where + "." + key + "': " + r.error().message};
    return *r;
}

}  // namespace layerlab::core::jsonfields
