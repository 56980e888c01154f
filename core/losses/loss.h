// Losses over a batch: the mean over samples of a per-sample loss.
#pragma once

#include "core/common/result.h"
#include "core/common/types.h"
#include "core/losses/loss_kind.h"

#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace layerlab::core {

// What the loss is compared with. For SoftmaxCrossEntropy only labels is used
// (class index per sample). For the others values is used (outputs x batch).
struct Targets {
    std::span<const int> labels;
    const Matrix* values = nullptr;
};

class Loss {
public:
    virtual ~Loss() = default;
    // requires: pred is outputs x batch; targets match (labels.size() == batch,
    //           each in [0, outputs); or values has pred's dimensions).
    // ensures: returns the mean loss over the batch; if dPred != nullptr,
    //          SETS *dPred (resized to pred's dims) to d(mean loss)/d pred.
    virtual double compute(const Matrix& pred, const Targets& targets, Matrix* dPred) = 0;
    // Maps the network output (logits for the fused losses) to what a user
    // reads as the prediction: softmax probabilities, sigmoid, or identity.
    virtual void activate(const Matrix& pred, Matrix& out) const = 0;
};

std::unique_ptr<Loss> makeLoss(LossKind kind);

}  // namespace layerlab::core
