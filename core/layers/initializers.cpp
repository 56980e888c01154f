// Weight initializers drawn from core/common/random.h (not <random>'s
// distributions), so a seed gives the same weights on every platform.
#include "core/layers/initializers.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace layerlab::core {

namespace {

constexpr std::array<InitKind, 6> kAllInits = {InitKind::HeNormal,     InitKind::HeUniform, InitKind::XavierNormal,
                                               InitKind::XavierUniform, InitKind::Constant,  InitKind::Zeros};

void fillNormal(std::span<Scalar> values, double stddev, Rng& rng) {
    for (Scalar& x : values) x = static_cast<Scalar>(stddev * normal(rng));
}

void fillUniform(std::span<Scalar> values, double limit, Rng& rng) {
    for (Scalar& x : values) x = static_cast<Scalar>(uniform(rng, -limit, limit));
}

}  // namespace

std::string_view initName(InitKind k) {
    switch (k) {
        case InitKind::HeNormal: return "he_normal";
        case InitKind::HeUniform: return "he_uniform";
        case InitKind::XavierNormal: return "xavier_normal";
        case InitKind::XavierUniform: return "xavier_uniform";
        case InitKind::Constant: return "constant";
        case InitKind::Zeros: return "zeros";
    }
    return "unknown";
}

Result<InitKind> initFromName(std::string_view name) {
    std::string valid;
    for (InitKind k : kAllInits) {
        if (initName(k) == name) return k;
        if (!valid.empty()) valid += ", ";
        valid += initName(k);
    }
    return makeError("unknown initializer \"" + std::string(name) + "\"; expected one of: " + valid);
}

// Fans below 1 are treated as 1 (a layer with no inputs still gets finite values).
// Values are drawn in order, one (uniform) or one Box-Muller pair of draws
// (normal) per value; Constant and Zeros do not touch rng.
void initialize(InitKind kind, std::span<Scalar> values, int fanIn, int fanOut, Rng& rng, Scalar constant) {
    const double in = static_cast<double>(std::max(fanIn, 1));
    const double inOut = static_cast<double>(std::max(fanIn + fanOut, 1));
    switch (kind) {
        case InitKind::HeNormal: fillNormal(values, std::sqrt(2.0 / in), rng); break;
        case InitKind::HeUniform: fillUniform(values, std::sqrt(6.0 / in), rng); break;
        case InitKind::XavierNormal: fillNormal(values, std::sqrt(2.0 / inOut), rng); break;
        case InitKind::XavierUniform: fillUniform(values, std::sqrt(6.0 / inOut), rng); break;
        case InitKind::Constant: std::fill(values.begin(), values.end(), constant); break;
        case InitKind::Zeros: std::fill(values.begin(), values.end(), Scalar(0)); break;
    }
}

}  // namespace layerlab::core
