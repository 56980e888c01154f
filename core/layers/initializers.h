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

// How the weights and the biases of a layer (Dense, Conv2D) start. The bias
// initializer is Zeros or Constant (the registry offers only these), so it
// never draws from the Rng: adding it left every seeded weight as it was.
struct ParamInit {
    InitKind weights = InitKind::XavierUniform;
    Scalar weightValue = 0;  // weights == Constant
    InitKind bias = InitKind::Zeros;
    Scalar biasValue = 0;    // bias == Constant
};

}  // namespace layerlab::core
