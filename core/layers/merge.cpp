#include "core/layers/merge.h"

#include <cassert>

namespace layerlab::core {

namespace {
std::string kindOf(const Shape& s) {
    return s.isImage() ? "an image" : s.isSequence() ? "a sequence" : "a vector";
}
}  // namespace

Result<Shape> addOutputShape(std::span<const Shape> inputs) {
    assert(!inputs.empty());
    for (std::size_t i = 1; i < inputs.size(); ++i) {
        if (inputs[i] != inputs[0])
            return makeError("input " + std::to_string(i + 1) + " has shape " + inputs[i].toString() +
                             " but input 1 has shape " + inputs[0].toString() +
                             "; Add needs every input to have the same shape (use Concat to join different "
                             "sizes, or change the layers feeding it)");
    }
    return inputs[0];
}

Result<Shape> concatOutputShape(std::span<const Shape> inputs) {
    assert(!inputs.empty());
    const Shape& first = inputs[0];
    int joined = first.dims.empty() ? 1 : first.dims[0];
    for (std::size_t i = 0; i < inputs.size(); ++i)
        if (inputs[i].isSequence())
            return makeError("input " + std::to_string(i + 1) + " is a sequence (" + inputs[i].toString() +
                             "); Concat joins vectors or images, so put LastStep or Flatten before it");
    for (std::size_t i = 1; i < inputs.size(); ++i) {
        const Shape& s = inputs[i];
        const std::string which = "input " + std::to_string(i + 1) + " (" + s.toString() + ") and input 1 (" +
                                  first.toString() + ")";
        if (s.rank() != first.rank())
            return makeError("cannot join " + which + ": one is " + kindOf(s) + ", the other " + kindOf(first) +
                             "; put a Flatten before the image input to join them as vectors");
        if (s.isImage() && (s.height() != first.height() || s.width() != first.width()))
            return makeError("cannot join " + which + " along channels: their heights x widths differ (" +
                             std::to_string(s.height()) + "x" + std::to_string(s.width()) + " vs " +
                             std::to_string(first.height()) + "x" + std::to_string(first.width()) +
                             "); make them equal (padding \"same\", equal pooling) or Flatten both first");
        joined += s.dims.empty() ? 1 : s.dims[0];
    }
    if (first.isImage()) return Shape{joined, first.height(), first.width()};
    return Shape{joined};
}

void Add::forward(std::span<const Matrix* const> inputs, Matrix& out, Mode /*mode*/) {
    const Matrix& x0 = *inputs[0];
    out.resize(x0.rows(), x0.cols());
    out = x0;
    for (std::size_t i = 1; i < inputs.size(); ++i) out += *inputs[i];
}

void Add::backward(std::span<const Matrix* const> /*inputs*/, const Matrix& /*out*/, const Matrix& dOut,
                   std::span<Matrix* const> dInputs) {
    for (Matrix* d : dInputs)
        if (d) *d += dOut;
}

Concat::Concat(std::span<const Shape> inputs) {
    for (const Shape& s : inputs) {
        rows_.push_back(s.size());
        total_ += s.size();
    }
}

void Concat::forward(std::span<const Matrix* const> inputs, Matrix& out, Mode /*mode*/) {
    out.resize(total_, inputs[0]->cols());
    Eigen::Index offset = 0;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        assert(inputs[i]->rows() == rows_[i]);
        out.middleRows(offset, rows_[i]) = *inputs[i];
        offset += rows_[i];
    }
}

void Concat::backward(std::span<const Matrix* const> /*inputs*/, const Matrix& /*out*/, const Matrix& dOut,
                      std::span<Matrix* const> dInputs) {
    Eigen::Index offset = 0;
    for (std::size_t i = 0; i < dInputs.size(); ++i) {
        if (dInputs[i]) *dInputs[i] += dOut.middleRows(offset, rows_[i]);
        offset += rows_[i];
    }
}

}  // namespace layerlab::core
