// Which loss a network is trained with, and its name in files: a plain value
// (loss.h has the losses themselves).
#pragma once

#include "core/common/result.h"

#include <string_view>

namespace layerlab::core {

enum class LossKind {
    MeanSquaredError,        // mean over batch and outputs of (p - y)^2
    SoftmaxCrossEntropy,     // fused softmax + CE on logits; targets are class labels
    BinaryCrossEntropyLogits // sigmoid + BCE on logits; targets in [0,1], one per output
};

// "mse", "softmax_cross_entropy", "bce_with_logits" (the names used in files).
std::string_view lossName(LossKind k);
Result<LossKind> lossFromName(std::string_view name);

}  // namespace layerlab::core
