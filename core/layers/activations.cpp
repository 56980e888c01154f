#include "core/layers/activations.h"

namespace layerlab::core {

void ReLU::forward(std::span<const Matrix* const> inputs, Matrix& out, Mode /*mode*/) {
    const Matrix& x = *inputs[0];
    out.resize(x.rows(), x.cols());
    out.array() = x.array().cwiseMax(Scalar{0});
}

void ReLU::backward(std::span<const Matrix* const> /*inputs*/, const Matrix& out, const Matrix& dOut,
                    std::span<Matrix* const> dInputs) {
    if (!dInputs[0]) return;
    dInputs[0]->array() += (out.array() > Scalar{0}).select(dOut.array(), Scalar{0});
}

void LeakyReLU::forward(std::span<const Matrix* const> inputs, Matrix& out, Mode /*mode*/) {
    const Matrix& x = *inputs[0];
    out.resize(x.rows(), x.cols());
    out.array() = (x.array() > Scalar{0}).select(x.array(), alpha_ * x.array());
}

void LeakyReLU::backward(std::span<const Matrix* const> inputs, const Matrix& /*out*/, const Matrix& dOut,
                         std::span<Matrix* const> dInputs) {
    if (!dInputs[0]) return;
    dInputs[0]->array() += (inputs[0]->array() > Scalar{0}).select(dOut.array(), alpha_ * dOut.array());
}

void Sigmoid::forward(std::span<const Matrix* const> inputs, Matrix& out, Mode /*mode*/) {
    const Matrix& x = *inputs[0];
    out.resize(x.rows(), x.cols());
    out.array() = x.array().logistic();
}

void Sigmoid::backward(std::span<const Matrix* const> /*inputs*/, const Matrix& out, const Matrix& dOut,
                       std::span<Matrix* const> dInputs) {
    if (!dInputs[0]) return;
    dInputs[0]->array() += dOut.array() * out.array() * (Scalar{1} - out.array());
}

void Tanh::forward(std::span<const Matrix* const> inputs, Matrix& out, Mode /*mode*/) {
    const Matrix& x = *inputs[0];
    out.resize(x.rows(), x.cols());
    out.array() = x.array().tanh();
}

void Tanh::backward(std::span<const Matrix* const> /*inputs*/, const Matrix& out, const Matrix& dOut,
                    std::span<Matrix* const> dInputs) {
    if (!dInputs[0]) return;
    dInputs[0]->array() += dOut.array() * (Scalar{1} - out.array().square());
}

void Softmax::forward(std::span<const Matrix* const> inputs, Matrix& out, Mode /*mode*/) {
    const Matrix& x = *inputs[0];
    out.resize(x.rows(), x.cols());
    // Column by column: each column is contiguous, so exp() runs on SIMD packets
    // (a row-broadcast expression over the whole matrix falls back to scalar expf).
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const Scalar m = x.col(j).maxCoeff();
        out.col(j).array() = (x.col(j).array() - m).exp();
        out.col(j) *= Scalar{1} / out.col(j).sum();
    }
}

void Softmax::backward(std::span<const Matrix* const> /*inputs*/, const Matrix& out, const Matrix& dOut,
                       std::span<Matrix* const> dInputs) {
    if (!dInputs[0]) return;
    if (colScratch_.size() != out.cols()) colScratch_.resize(out.cols());
    colScratch_ = (dOut.array() * out.array()).colwise().sum();
    dInputs[0]->array() += out.array() * (dOut.array().rowwise() - colScratch_);
}

}  // namespace layerlab::core
