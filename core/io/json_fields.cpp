#include "core/io/json_fields.h"

#include "core/common/text.h"

namespace layerlab::core::jsonfields {

std::string brief(const json& v) {
    switch (v.type()) {
    case json::value_t::string: return quoteBrief(v.get_ref<const std::string&>());
    case json::value_t::array:
        return v.empty() ? "an empty list" : "a list of " + std::to_string(v.size()) + (v.size() == 1 ? " item" : " items");
    case json::value_t::object:
        return v.empty() ? "an empty object"
                         : "an object with " + std::to_string(v.size()) + (v.size() == 1 ? " field" : " fields");
    case json::value_t::null: return "null";
    default: return v.dump();  // numbers and booleans: short, no nesting
    }
}

std::string fieldPath(const std::string& where, const char* key) { return where.empty() ? key : where + "." + key; }

double getNumberIn(const json& obj, const char* key, const std::string& where, double fallback, double lo, double hi,
                   bool loOpen, bool hiOpen) {
    const double v = get<double>(obj, key, where, fallback);
    if (!obj.is_object() || !obj.contains(key) || obj[key].is_null()) return v;
    if (auto rule = outOfRange(v, lo, hi, loOpen, hiOpen)) throw FieldError{"field '" + fieldPath(where, key) + "' " + *rule};
    return v;
}

}  // namespace layerlab::core::jsonfields
