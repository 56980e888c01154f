// Typed layer parameters and their specs. A ParamSpec describes one parameter
// of a layer type (kind, default, range, choices, help) so the palette and the
// property inspector can be generated from the registry.
#pragma once

#include "core/common/result.h"
#include "core/common/shape.h"

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace layerlab::core {

using ParamValue = std::variant<std::int64_t, double, bool, std::string>;
using ParamMap = std::map<std::string, ParamValue, std::less<>>;

enum class ParamKind { Int, Float, Bool, Choice, Shape };

struct ParamSpec {
    std::string name;      // key in ParamMap, e.g. "units"
    std::string label;     // "Units"
    ParamKind kind = ParamKind::Int;
    ParamValue defaultValue;
    double min = 0;        // Int/Float: inclusive range
    double max = 0;
    std::vector<std::string> choices;  // Choice: allowed strings
    std::string help;      // one sentence for tooltips
};

// Typed reads. requires: the key exists with that alternative (use
// withDefaults first); Int and Float convert into each other.
std::int64_t paramInt(const ParamMap& p, std::string_view key);
double paramFloat(const ParamMap& p, std::string_view key);
bool paramBool(const ParamMap& p, std::string_view key);
const std::string& paramString(const ParamMap& p, std::string_view key);

// Checks one value against its spec: kind, range, choice; for Shape kind a
// string like "784" or "1x28x28" with positive dims.
Status validateParam(const ParamSpec& spec, const ParamValue& value);
std::string paramToString(const ParamValue& v);

// Parse "784", "1x28x28", "1,28,28" into dims. Error names what was found.
Result<Shape> parseShape(std::string_view text);

}  // namespace layerlab::core
