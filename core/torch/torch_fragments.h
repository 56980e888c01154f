// The fixed parts of the exported PyTorch script, kept as Python files in
// core/torch/python/ (readable and checkable as Python) and embedded at build
// time by core/CMakeLists.txt into torch_fragments.inc.
#pragma once

#include <string_view>

namespace layerlab::core {

// requires: name is a file stem of core/torch/python ("imports", "train", ...).
// ensures: its text; empty for an unknown name.
std::string_view torchFragment(std::string_view name);

}  // namespace layerlab::core
