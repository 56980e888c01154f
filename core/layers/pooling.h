// MaxPool2D and AvgPool2D: non-overlapping (or strided) windows of size x size
// over each channel of a C x H x W image, without padding. The output has the
// same channels and floor((H - size) / stride) + 1 rows (likewise columns).
#pragma once

#include "core/common/result.h"
#include "core/layers/layer.h"

#include <string>
#include <vector>

namespace layerlab::core {

// Shape rule shared by both pools. stride 0 means "same as size".
// ensures: {C, outH, outW}, or an error naming the input and the window.
Result<Shape> poolOutputShape(const Shape& input, int size, int stride);

// Geometry of a pooling layer (stride already resolved).
struct PoolGeometry {
    int C = 0, H = 0, W = 0, size = 0, stride = 0, outH = 0, outW = 0;
    // requires: poolOutputShape accepted (input, size, stride).
    static PoolGeometry make(const Shape& input, int size, int stride);
    int inSize() const { return C * H * W; }
    int outSize() const { return C * outH * outW; }
};

// Max of each window; ties go to the first maximum in row-major window order.
// Backward routes each output gradient to that position only.
class MaxPool2D final : public Layer {
public:
    // requires: poolOutputShape(input, size, stride) succeeded.
    MaxPool2D(const Shape& input, int size, int stride);
    void forward(std::span<const Matrix* const> inputs, Matrix& out, Mode mode) override;
    void backward(std::span<const Matrix* const> inputs, const Matrix& out, const Matrix& dOut,
                  std::span<Matrix* const> dInputs) override;

private:
    PoolGeometry g_;
    std::vector<int> base_;  // per output of a sample: index of its window's top-left input
    // 2x2/stride-2 fast path scratch (one sample): max and winner of each horizontal pair.
    std::vector<Scalar> pairValue_;
    std::vector<int> pairSide_;
    // Train: per output value, the index (within its sample's column) of the
    // input that won. outSize x batch, sized when the batch changes.
    std::vector<int> argmax_;
};

// Mean of each window; backward spreads each gradient evenly over its window.
class AvgPool2D final : public Layer {
public:
    // requires: poolOutputShape(input, size, stride) succeeded.
    AvgPool2D(const Shape& input, int size, int stride);
    void forward(std::span<const Matrix* const> inputs, Matrix& out, Mode mode) override;
    void backward(std::span<const Matrix* const> inputs, const Matrix& out, const Matrix& dOut,
                  std::span<Matrix* const> dInputs) override;

private:
    PoolGeometry g_;
};

}  // namespace layerlab::core
