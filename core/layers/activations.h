// Element-wise activations (ReLU, LeakyReLU, Sigmoid, Tanh) and Softmax over
// each column. All keep the input's shape and have no parameters.
#pragma once

#include "core/layers/layer.h"

namespace layerlab::core {

// out = max(x, 0). Backward: dOut where out > 0 (the kink at 0 gets 0).
class ReLU final : public Layer {
public:
    void forward(std::span<const Matrix* const> inputs, Matrix& out, Mode mode) override;
    void backward(std::span<const Matrix* const> inputs, const Matrix& out, const Matrix& dOut,
                  std::span<Matrix* const> dInputs) override;
};

// out = x for x > 0, alpha * x otherwise.
class LeakyReLU final : public Layer {
public:
    explicit LeakyReLU(Scalar alpha) : alpha_(alpha) {}
    void forward(std::span<const Matrix* const> inputs, Matrix& out, Mode mode) override;
    void backward(std::span<const Matrix* const> inputs, const Matrix& out, const Matrix& dOut,
                  std::span<Matrix* const> dInputs) override;

private:
    Scalar alpha_;
};

// out = 1 / (1 + exp(-x)); derivative out * (1 - out).
class Sigmoid final : public Layer {
public:
    void forward(std::span<const Matrix* const> inputs, Matrix& out, Mode mode) override;
    void backward(std::span<const Matrix* const> inputs, const Matrix& out, const Matrix& dOut,
                  std::span<Matrix* const> dInputs) override;
};

// out = tanh(x); derivative 1 - out^2.
class Tanh final : public Layer {
public:
    void forward(std::span<const Matrix* const> inputs, Matrix& out, Mode mode) override;
    void backward(std::span<const Matrix* const> inputs, const Matrix& out, const Matrix& dOut,
                  std::span<Matrix* const> dInputs) override;
};

// Softmax of each column (one sample), computed stably by subtracting the
// column's maximum. Backward is the full Jacobian-vector product:
// dx = s .* (g - sum(g .* s)). (When Softmax ends a network trained with
// softmax cross-entropy the compiler folds it into the loss instead.)
class Softmax final : public Layer {
public:
    void forward(std::span<const Matrix* const> inputs, Matrix& out, Mode mode) override;
    void backward(std::span<const Matrix* const> inputs, const Matrix& out, const Matrix& dOut,
                  std::span<Matrix* const> dInputs) override;

private:
    // 1 x batch scratch: backward's per-column dot products.
    Eigen::Array<Scalar, 1, Eigen::Dynamic> colScratch_;
};

}  // namespace layerlab::core
