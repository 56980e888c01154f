#include "core/layers/reshape.h"

namespace layerlab::core {

void Flatten::forward(std::span<const Matrix* const> inputs, Matrix& out, Mode /*mode*/) {
    const Matrix& x = *inputs[0];
    out.resize(x.rows(), x.cols());
    out = x;
}

void Flatten::backward(std::span<const Matrix* const> /*inputs*/, const Matrix& /*out*/, const Matrix& dOut,
                       std::span<Matrix* const> dInputs) {
    if (dInputs[0]) *dInputs[0] += dOut;
}

}  // namespace layerlab::core

namespace layerlab::core {

void LastStep::forward(std::span<const Matrix* const> inputs, Matrix& out, Mode /*mode*/) {
    const Matrix& x = *inputs[0];
    out.resize(features_, x.cols());
    out = x.bottomRows(features_);
}

void LastStep::backward(std::span<const Matrix* const> /*inputs*/, const Matrix& /*out*/, const Matrix& dOut,
                        std::span<Matrix* const> dInputs) {
    if (dInputs[0]) dInputs[0]->bottomRows(features_) += dOut;
}

}  // namespace layerlab::core
