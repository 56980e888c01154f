#include "core/params/params.h"

#include "core/common/text.h"

#include "core/common/types.h"

#include <charconv>
#include <cmath>
#include <sstream>

namespace layerlab::core {

namespace {
const ParamValue& at(const ParamMap& p, std::string_view key) {
    auto it = p.find(key);
    assert(it != p.end() && "parameter missing: call withDefaults first");
    return it->second;
}
}  // namespace

std::int64_t paramInt(const ParamMap& p, std::string_view key) {
    const ParamValue& v = at(p, key);
    if (auto* i = std::get_if<std::int64_t>(&v)) return *i;
    if (auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(std::llround(*d));
    if (auto* b = std::get_if<bool>(&v)) return *b ? 1 : 0;
    return 0;
}

double paramFloat(const ParamMap& p, std::string_view key) {
    const ParamValue& v = at(p, key);
    if (auto* d = std::get_if<double>(&v)) return *d;
    if (auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (auto* b = std::get_if<bool>(&v)) return *b ? 1.0 : 0.0;
    return 0.0;
}

bool paramBool(const ParamMap& p, std::string_view key) {
    const ParamValue& v = at(p, key);
    if (auto* b = std::get_if<bool>(&v)) return *b;
    if (auto* i = std::get_if<std::int64_t>(&v)) return *i != 0;
    return false;
}

const std::string& paramString(const ParamMap& p, std::string_view key) {
    static const std::string empty;
    const ParamValue& v = at(p, key);
    if (auto* s = std::get_if<std::string>(&v)) return *s;
    return empty;
}

std::string paramToString(const ParamValue& v) {
    if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (auto* d = std::get_if<double>(&v)) {
        std::ostringstream os;
        os << *d;
        return os.str();
    }
    if (auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
    return std::get<std::string>(v);
}

namespace {

// A value for a message: long strings cut (a 50 MB string must not come back whole).
std::string shown(const ParamValue& v) {
    if (auto* s = std::get_if<std::string>(&v)) return quoteBrief(*s);
    return paramToString(v);
}

}  // namespace

Result<Shape> parseShape(std::string_view text) {
    Shape s;
    std::size_t i = 0;
    while (i < text.size() && text[i] == ' ') ++i;
    if (i == text.size()) return makeError("shape is empty; expected e.g. \"784\" or \"1x28x28\"");
    while (i < text.size()) {
        int value = 0;
        auto [p, ec] = std::from_chars(text.data() + i, text.data() + text.size(), value);
        if (ec != std::errc() || value <= 0) {
            return makeError("shape " + quoteBrief(text) + " is not valid at character " +
                             std::to_string(i + 1) + "; expected positive integers separated by 'x'");
        }
        s.dims.push_back(value);
        i = static_cast<std::size_t>(p - text.data());
        while (i < text.size() && text[i] == ' ') ++i;
        if (i < text.size()) {
            if (text[i] != 'x' && text[i] != 'X' && text[i] != ',' && text[i] != '*') {
                return makeError("shape " + quoteBrief(text) + " has '" + std::string(1, text[i]) +
                                 "' at character " + std::to_string(i + 1) + "; expected 'x'");
            }
            ++i;
            while (i < text.size() && text[i] == ' ') ++i;
            if (i == text.size()) return makeError("shape " + quoteBrief(text) + " ends with a separator");
        }
    }
    if (s.dims.size() < 1 || s.dims.size() > 3) {
        return makeError("shape " + quoteBrief(text) + " has " + std::to_string(s.dims.size()) +
                         " dimensions; expected 1 (features), 2 (time steps x features) or 3 (channels x height x "
                         "width)");
    }
    if (auto ok = checkSampleSize(s); !ok) return ok.error();
    return s;
}

Status validateParam(const ParamSpec& spec, const ParamValue& value) {
    auto fail = [&](const std::string& what) {
        return makeError("parameter '" + spec.name + "': " + what);
    };
    switch (spec.kind) {
    case ParamKind::Int: {
        if (!std::holds_alternative<std::int64_t>(value) && !std::holds_alternative<double>(value))
            return fail("expected an integer, got " + shown(value));
        double d = std::holds_alternative<double>(value) ? std::get<double>(value)
                                                         : static_cast<double>(std::get<std::int64_t>(value));
        if (d != std::floor(d)) return fail("expected an integer, got " + shown(value));
        if (d < spec.min || d > spec.max)
            return fail(shown(value) + " is outside " + paramToString(ParamValue{static_cast<std::int64_t>(spec.min)}) +
                        ".." + paramToString(ParamValue{static_cast<std::int64_t>(spec.max)}));
        return {};
    }
    case ParamKind::Float: {
        if (!std::holds_alternative<std::int64_t>(value) && !std::holds_alternative<double>(value))
            return fail("expected a number, got " + shown(value));
        double d = std::holds_alternative<double>(value) ? std::get<double>(value)
                                                         : static_cast<double>(std::get<std::int64_t>(value));
        if (!std::isfinite(d)) return fail("expected a finite number");
        if (d < spec.min || d > spec.max)
            return fail(shown(value) + " is outside " + paramToString(ParamValue{spec.min}) + ".." +
                        paramToString(ParamValue{spec.max}));
        return {};
    }
    case ParamKind::Bool:
        if (!std::holds_alternative<bool>(value)) return fail("expected true or false, got " + shown(value));
        return {};
    case ParamKind::Choice: {
        if (!std::holds_alternative<std::string>(value)) return fail("expected one of the choices");
        const auto& s = std::get<std::string>(value);
        for (const auto& c : spec.choices)
            if (c == s) return {};
        std::string list;
        for (const auto& c : spec.choices) list += (list.empty() ? "" : ", ") + c;
        return fail(quoteBrief(s) + " is not one of: " + list);
    }
    case ParamKind::Shape: {
        if (!std::holds_alternative<std::string>(value)) return fail("expected a shape like \"784\" or \"1x28x28\"");
        auto r = parseShape(std::get<std::string>(value));
        if (!r) return fail(r.error().message);
        return {};
    }
    }
    return {};
}

}  // namespace layerlab::core
