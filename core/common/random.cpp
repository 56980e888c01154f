#include "core/common/random.h"

#include <cmath>
#include <numbers>
#include <utility>

namespace layerlab::core {

double uniform01(Rng& rng) {
    // 53 random bits -> [0, 1).
    return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0);
}

double uniform(Rng& rng, double lo, double hi) { return lo + (hi - lo) * uniform01(rng); }

double normal(Rng& rng) {
    double u1 = uniform01(rng);
    const double u2 = uniform01(rng);
    if (u1 < 1e-300) u1 = 1e-300;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

std::uint64_t uniformInt(Rng& rng, std::uint64_t n) {
    // Lemire's nearly-divisionless method with rejection: unbiased.
    const std::uint64_t limit = (~std::uint64_t{0} / n) * n;
    std::uint64_t x;
    do {
        x = rng();
    } while (x >= limit);
    return x % n;
}

void shuffle(std::vector<int>& v, Rng& rng) {
    for (std::size_t i = v.size(); i > 1; --i) {
        const std::size_t j = uniformInt(rng, i);
        std::swap(v[i - 1], v[j]);
    }
}

std::uint64_t deriveSeed(std::uint64_t base, std::uint64_t stream) {
    std::uint64_t z = base + 0x9E3779B97F4A7C15ull * (stream + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

}  // namespace layerlab::core
