// Merge layers: Add (element-wise sum of n inputs of equal shape) and Concat
// (joins n inputs along the first dimension: features for vectors, channels
// for images; an image sample is stored channel-major, so both cases stack
// the inputs' columns on top of each other).
#pragma once

#include "core/common/result.h"
#include "core/layers/layer.h"

#include <vector>

namespace layerlab::core {

// Shape rules. ensures: the common shape (Add) or the joined shape (Concat),
// or a message naming the two shapes that do not fit and how to fix it.
Result<Shape> addOutputShape(std::span<const Shape> inputs);
Result<Shape> concatOutputShape(std::span<const Shape> inputs);

class Add final : public Layer {
public:
    // ensures: out = sum of the inputs; backward adds dOut to every input's gradient.
    void forward(std::span<const Matrix* const> inputs, Matrix& out, Mode mode) override;
    void backward(std::span<const Matrix* const> inputs, const Matrix& out, const Matrix& dOut,
                  std::span<Matrix* const> dInputs) override;
};

class Concat final : public Layer {
public:
    // requires: concatOutputShape(inputs) succeeded.
    explicit Concat(std::span<const Shape> inputs);
    void forward(std::span<const Matrix* const> inputs, Matrix& out, Mode mode) override;
    void backward(std::span<const Matrix* const> inputs, const Matrix& out, const Matrix& dOut,
                  std::span<Matrix* const> dInputs) override;

private:
    std::vector<Eigen::Index> rows_;  // scalars per sample of each input
    Eigen::Index total_ = 0;
};

}  // namespace layerlab::core
