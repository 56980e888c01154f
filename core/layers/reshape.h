// Flatten: an image {C,H,W} or a sequence {T,F} (any shape) becomes a vector. The
// engine already stores each sample as one flat column in C,H,W order, so the
// values are copied unchanged and only the shape the next layer sees changes.
#pragma once

#include "core/layers/layer.h"

namespace layerlab::core {

class Flatten final : public Layer {
public:
    // ensures: out = x; backward adds dOut to dx.
    void forward(std::span<const Matrix* const> inputs, Matrix& out, Mode mode) override;
    void backward(std::span<const Matrix* const> inputs, const Matrix& out, const Matrix& dOut,
                  std::span<Matrix* const> dInputs) override;
};

}  // namespace layerlab::core

namespace layerlab::core {

// LastStep: a sequence {T, F} (time-major, step t at rows t*F .. t*F+F-1)
// becomes its last time step {F}: what a recurrent layer without
// return_sequences gives, for a sequence that comes from elsewhere.
class LastStep final : public Layer {
public:
    // requires: features >= 1.
    explicit LastStep(int features) : features_(features) {}
    // ensures: out = the last `features` rows of x; backward adds dOut there.
    void forward(std::span<const Matrix* const> inputs, Matrix& out, Mode mode) override;
    void backward(std::span<const Matrix* const> inputs, const Matrix& out, const Matrix& dOut,
                  std::span<Matrix* const> dInputs) override;

private:
    int features_;
};

}  // namespace layerlab::core
