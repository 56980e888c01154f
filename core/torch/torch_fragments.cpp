#include "core/torch/torch_fragments.h"

#include <utility>

namespace layerlab::core {

namespace {
#include "torch_fragments.inc"
}  // namespace

std::string_view torchFragment(std::string_view name) {
    for (const auto& [stem, text] : kTorchFragments)
        if (name == stem) return text;
    return {};
}

}  // namespace layerlab::core
