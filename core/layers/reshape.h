// Flatten: an image {C,H,W} (or any shape) becomes a vector {C*H*W}. The
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
