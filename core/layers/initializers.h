// Weight initializers. Seeded through the Rng passed in; same seed, same values.
#pragma once

#include "core/common/random.h"
#include "core/common/result.h"
#include "core/common/types.h"

#include <span>
#include <string_view>

namespace layerlab::core {

enum class InitKind { HeNormal, HeUniform, XavierNormal, XavierUniform, Constant, Zeros };
std::string_view initName(InitKind k);  // "he_normal", "he_uniform", "xavier_normal", "xavier_uniform", "constant", "zeros"
Result<InitKind> initFromName(std::string_view name);

// He: std = sqrt(2/fanIn) (normal) or limit sqrt(6/fanIn) (uniform).
// Xavier/Glorot: std = sqrt(2/(fanIn+fanOut)), limit sqrt(6/(fanIn+fanOut)).
// Constant: every value = constant. Zeros: 0.
void initialize(InitKind kind, std::span<Scalar> values, int fanIn, int fanOut, Rng& rng, Scalar constant = 0);

}  // namespace layerlab::core
