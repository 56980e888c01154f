#include "core/common/result.h"

namespace layerlab::core {

std::string Error::toString() const {
    std::string s;
    if (!file.empty()) {
        s += file;
        if (line > 0) {
            s += ':' + std::to_string(line);
            if (column > 0) s += ':' + std::to_string(column);
        }
        s += ": ";
    } else if (line > 0) {
        s += "line " + std::to_string(line);
        if (column > 0) s += ", column " + std::to_string(column);
        s += ": ";
    }
    s += message;
    return s;
}

}  // namespace layerlab::core
