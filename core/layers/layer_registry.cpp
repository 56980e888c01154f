#include "core/layers/layer_registry.h"

#include "core/common/text.h"

#include <cassert>

namespace layerlab::core {

const ParamSpec* LayerInfo::findParam(std::string_view name) const {
    for (const auto& p : params)
        if (p.name == name) return &p;
    return nullptr;
}

int LayerInfo::inputs(const ParamMap& completeParams) const {
    if (!inputCountParam.empty()) return static_cast<int>(paramInt(completeParams, inputCountParam));
    return inputCount;
}

void LayerRegistry::add(LayerInfo info) {
    assert(find(info.type) == nullptr);
    infos_.push_back(std::move(info));
}

const LayerInfo* LayerRegistry::find(std::string_view type) const {
    for (const auto& i : infos_)
        if (i.type == type) return &i;
    return nullptr;
}

ParamMap LayerRegistry::withDefaults(const LayerInfo& info, const ParamMap& params) const {
    ParamMap out = params;
    for (const auto& spec : info.params)
        if (out.find(spec.name) == out.end()) out.emplace(spec.name, spec.defaultValue);
    return out;
}

Status LayerRegistry::validate(const LayerInfo& info, const ParamMap& params) const {
    for (const auto& [key, value] : params) {
        const ParamSpec* spec = info.findParam(key);
        if (!spec) return makeError(info.type + " has no parameter " + quoteBrief(key));
        if (auto s = validateParam(*spec, value); !s) return s;
    }
    return {};
}

}  // namespace layerlab::core
