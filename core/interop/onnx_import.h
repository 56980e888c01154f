// An ONNX model (e.g. from torch.onnx.export) as a LayerLab project: one
// layer per supported ONNX node (Gemm / MatMul+Add -> Dense, Conv, pools,
// activations, BatchNormalization, Add/Sum, Concat, Flatten/Reshape, Dropout,
// LSTM/GRU/RNN with PyTorch's batch_first Transpose/Squeeze/Gather patterns
// around them), the model's weights in the layers' parameters, the boxes laid
// out by Graphviz and the loss guessed from the last layer.
//
// Thread: plain functions; safe from any thread (Graphviz is called under its mutex).
#pragma once

#include "core/common/result.h"
#include "core/io/project.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace layerlab::core {

// The largest ONNX file LayerLab reads (protobuf itself stops at 2 GB).
inline constexpr std::uint64_t kMaxOnnxBytes = std::uint64_t{1} << 30;

// requires: nothing (any path; every failure is a value).
// ensures: on success a project whose graph has the model's layers (names
//   kept where they are valid, made unique), edges and Graphviz positions;
//   weights set so that the project's network gives the model's outputs;
//   training.loss softmax_cross_entropy when the last layer is Softmax,
//   bce_with_logits when it is Sigmoid, else mse; no data source; the
//   description says which file it came from. Errors (file = path): a path
//   that is not a regular file or is larger than kMaxOnnxBytes (refused before
//   reading), bytes that are not an ONNX model, and a model LayerLab cannot
//   represent: the message names the node and its operation ("node 'Where_7'
//   uses the operation Where, which LayerLab has no layer for"), a missing or
//   wrong-sized initializer, a dynamic dimension other than the batch, more
//   than one input or output.
Result<Project> importOnnx(const std::string& path);

// importOnnx on bytes already read; `path` names them in messages and the description.
// ensures: as importOnnx; never crashes on truncated or garbage bytes.
Result<Project> importOnnxBytes(std::string_view bytes, const std::string& path);

}  // namespace layerlab::core
