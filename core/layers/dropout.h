// Dropout (inverted): in Train mode each value is zeroed with probability
// `rate` and the survivors are scaled by 1 / (1 - rate), so Eval mode is the
// identity. The masks come from the layer's own random stream, seeded by the
// factory's seed (same seed, same masks): a splitmix64 counter stream, which
// vectorises (std::mt19937_64 made drawing the mask cost more than the layer).
// Value i of a batch (column-major) is decided by counter i / 2 of the stream,
// so any part of a batch can draw exactly its share of the whole batch's mask:
// with setBatchSync every part uses part 0's stream position and draws its own
// columns, and a split batch gets the same mask as the unsplit one.
#pragma once

#include "core/layers/layer.h"

#include <cstdint>

namespace layerlab::core {

class Dropout final : public Layer {
public:
    // requires: 0 <= rate < 1.
    Dropout(double rate, std::uint64_t seed);

    // ensures: the mask stream is re-seeded from seed and one draw of rng, so
    //          a network's initialisation seed also varies its masks.
    void initialize(Rng& rng) override;
    // Train: draws a new mask (unless frozen) and applies it. Eval, Inspect: out = x.
    void forward(std::span<const Matrix* const> inputs, Matrix& out, Mode mode) override;
    // ensures: dx += dOut .* mask (dx += dOut after an Inspect forward).
    void backward(std::span<const Matrix* const> inputs, const Matrix& out, const Matrix& dOut,
                  std::span<Matrix* const> dInputs) override;

    // For gradient checks: while frozen, Train forwards reuse the last mask
    // (when its dimensions still match) instead of drawing a new one.
    // Not with a BatchSync: every part must draw (or not) in the same step.
    void setMaskFrozen(bool frozen) { frozen_ = frozen; }
    void setBatchSync(BatchSync* sync) override { sync_ = sync; }
    // The last Train mask: 0 or 1/(1-rate) per value (empty before the first).
    const Matrix& mask() const { return mask_; }

private:
    // Fills mask_ (rows x cols) with values first .. first + rows*cols - 1 of
    // the mask drawn from stream position base.
    void drawMask(Eigen::Index rows, Eigen::Index cols, std::uint64_t base, std::uint64_t first);

    double rate_;
    std::uint64_t seed_;
    std::uint64_t stream_;  // splitmix64 state: advances by one step per two mask values
    bool frozen_ = false;
    BatchSync* sync_ = nullptr;
    bool identity_ = true;  // the last forward was the identity (Eval, Inspect or rate 0)
    Matrix mask_;
};

}  // namespace layerlab::core
