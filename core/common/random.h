// Seeded randomness with distributions implemented here (not <random>'s, whose
// output differs between standard libraries), so the same seed gives the same
// numbers everywhere.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace layerlab::core {

using Rng = std::mt19937_64;

// Uniform in [0, 1).
double uniform01(Rng& rng);
// Uniform in [lo, hi).
double uniform(Rng& rng, double lo, double hi);
// Standard normal (Box-Muller, no cached second value: stateless apart from rng).
double normal(Rng& rng);
// Uniform integer in [0, n). requires n > 0.
std::uint64_t uniformInt(Rng& rng, std::uint64_t n);
// Fisher-Yates shuffle with uniformInt.
void shuffle(std::vector<int>& v, Rng& rng);
// A seed derived from a base seed and a stream number (splitmix64), for
// independent generators (one per layer, per data set, ...).
std::uint64_t deriveSeed(std::uint64_t base, std::uint64_t stream);

}  // namespace layerlab::core
