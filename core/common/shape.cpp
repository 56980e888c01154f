#include "core/common/shape.h"

#include "core/common/text.h"

#include <climits>

namespace layerlab::core {

std::int64_t Shape::elements() const {
    std::int64_t n = 1;
    for (int d : dims) {
        if (d < 1) return 0;
        if (__builtin_mul_overflow(n, static_cast<std::int64_t>(d), &n)) return INT64_MAX;
    }
    return n;
}

int Shape::size() const {
    const std::int64_t n = elements();
    return n > INT32_MAX ? INT32_MAX : static_cast<int>(n);
}

Status checkSampleSize(const Shape& shape) {
    const std::int64_t n = shape.elements();
    if (n >= 1 && n <= kMaxSampleValues) return {};
    if (n < 1) return makeError("shape " + shape.toString() + " holds no values; every dimension must be at least 1");
    return makeError("shape " + shape.toString() + " holds " +
                     (n == INT64_MAX ? std::string("more than 9.2e18") : withThousands(n)) +
                     " values per sample; LayerLab allows at most " + withThousands(kMaxSampleValues) +
                     " values (1 GiB) per sample");
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
