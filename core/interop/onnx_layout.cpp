#include "core/interop/onnx_layout.h"

#include <algorithm>
#include <cassert>

namespace layerlab::core::onnx_layout {

std::vector<int> onnxGateOrder(RecurrentCell cell) {
    switch (cell) {
        case RecurrentCell::SimpleRNN: return {0};
        case RecurrentCell::LSTM: return {0, 3, 1, 2};
        case RecurrentCell::GRU: return {1, 0, 2};
    }
    return {0};
}

std::vector<float> reorderGates(RecurrentCell cell, const float* src, std::size_t rowsPerGate, std::size_t cols,
                                bool toOnnx) {
    const std::vector<int> order = onnxGateOrder(cell);
    const std::size_t block = rowsPerGate * cols;
    std::vector<float> out(order.size() * block);
    for (std::size_t k = 0; k < order.size(); ++k) {
        const std::size_t from = toOnnx ? static_cast<std::size_t>(order[k]) : k;
        const std::size_t to = toOnnx ? k : static_cast<std::size_t>(order[k]);
        std::copy(src + from * block, src + (from + 1) * block, out.begin() + static_cast<std::ptrdiff_t>(to * block));
    }
    return out;
}

std::vector<float> columnToRowMajor(const float* src, std::size_t rows, std::size_t cols) {
    std::vector<float> out(rows * cols);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c) out[r * cols + c] = src[r + rows * c];
    return out;
}

std::vector<float> rowToColumnMajor(const float* src, std::size_t rows, std::size_t cols) {
    std::vector<float> out(rows * cols);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c) out[r + rows * c] = src[r * cols + c];
    return out;
}

}  // namespace layerlab::core::onnx_layout
