#include "core/common/shape.h"

namespace layerlab::core {

int Shape::size() const {
    int n = 1;
    for (int d : dims) n *= d;
    return n;
}

std::string Shape::toString() const {
    if (dims.empty()) return "()";
    std::string s;
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (i) s += 'x';
        s += std::to_string(dims[i]);
    }
    return s;
}

}  // namespace layerlab::core
