// A compiled LayerLab network as an ONNX model (opset 13), for other runtimes
// (onnxruntime, OpenCV dnn, TensorRT ...). The tensors' layout needs no
// conversion: LayerLab's columns are one sample each, images flattened C,H,W
// and sequences t*F + f, which is ONNX's row-major [N, C, H, W] / [N, T, F].
//
// Thread: a plain function; safe from any thread (it reads `net` only).
#pragma once

#include "core/common/result.h"
#include "core/net/network.h"

#include <string>

namespace layerlab::core {

// requires: net compiled (compileNetwork / prepareRun), its parameters and state set.
// ensures: a serialized onnx::ModelProto, opset 13, ir_version suitable for onnx 1.12:
//   one input "input" of float [N, ...net.inputShape()] (N dynamic: dim_param "N";
//   vector {F} -> [N,F]; image {C,H,W} -> [N,C,H,W]; sequence {T,F} -> [N,T,F]),
//   one output "output" = the graph's last node (a Softmax/Sigmoid folded into the loss is
//   applied again: the output is what Network::predict gives), every parameter and
//   BatchNorm running statistic as an initializer, node names = LayerLab node names;
//   passes onnx::checker::check_model. An unsupported layer is an error naming the node.
Result<std::string> onnxModelBytes(const Network& net, const std::string& modelName);

}  // namespace layerlab::core
