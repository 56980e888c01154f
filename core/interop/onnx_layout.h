// How LayerLab's parameter buffers map to ONNX's tensors, shared by the
// exporter and the importer so both directions use one rule (internal to
// core/interop).
#pragma once

#include "core/layers/recurrent.h"

#include <array>
#include <cstddef>
#include <vector>

namespace layerlab::core::onnx_layout {

// ONNX's gate blocks, in ONNX order, as indices of LayerLab's (PyTorch's) blocks:
// LSTM ONNX i,o,f,c <- LayerLab i,f,g,o; GRU ONNX z,r,h <- LayerLab r,z,n.
// ensures: a permutation of 0 .. recurrentGates(cell) - 1.
std::vector<int> onnxGateOrder(RecurrentCell cell);

// Reorders the row blocks (`gates` blocks of `rowsPerGate` rows of `cols`
// values, row-major) of a LayerLab tensor into ONNX's order (toOnnx) or back.
// requires: src.size() == gates * rowsPerGate * cols.
std::vector<float> reorderGates(RecurrentCell cell, const float* src, std::size_t rowsPerGate, std::size_t cols,
                                bool toOnnx);

// Dense/Conv2D weights: LayerLab W (rows x cols, column-major) <-> ONNX/PyTorch
// [rows, cols] row-major (the same matrix). requires: src holds rows*cols values.
std::vector<float> columnToRowMajor(const float* src, std::size_t rows, std::size_t cols);
std::vector<float> rowToColumnMajor(const float* src, std::size_t rows, std::size_t cols);

// PyTorch's Hardsigmoid relu6(x + 3) / 6 (LayerLab's hard_sigmoid) as ONNX
// HardSigmoid max(0, min(1, alpha x + beta)).
inline constexpr float kHardSigmoidAlpha = 1.0f / 6.0f;
inline constexpr float kHardSigmoidBeta = 0.5f;

}  // namespace layerlab::core::onnx_layout
