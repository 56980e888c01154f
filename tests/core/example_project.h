// A bundled example project (resources/examples/<name>.layerlab) for the
// engine tests; a file that does not load stops the test with its message.
#pragma once

#include "core/io/project.h"

#include <QtGlobal>

#include <string>

namespace layerlab_test {

inline layerlab::core::Project example(const char* name) {
    auto p = layerlab::core::loadProject(std::string(LAYERLAB_SOURCE_DIR) + "/resources/examples/" + name + ".layerlab");
    if (!p) qFatal("%s", p.error().toString().c_str());
    return std::move(p).value();
}

}  // namespace layerlab_test
