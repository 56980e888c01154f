// For the layer tests: a layer type's output shape from the built-in
// registry's rule (parameters completed with defaults and validated first),
// or the error message.
#pragma once

#include "core/layers/layer_registry.h"

#include <string>
#include <vector>

namespace layerlab_test {

inline const layerlab::core::LayerRegistry& reg() { return layerlab::core::LayerRegistry::builtin(); }

inline layerlab::core::Result<layerlab::core::Shape> shapeOf(const std::string& type,
                                                             const layerlab::core::ParamMap& params,
                                                             const std::vector<layerlab::core::Shape>& in) {
    const layerlab::core::LayerInfo* info = reg().find(type);
    const layerlab::core::ParamMap p = reg().withDefaults(*info, params);
    if (auto s = reg().validate(*info, p); !s) return s.error();
    return info->shape(p, in);
}

}  // namespace layerlab_test
