// Batch normalisation. For a vector input {n} each feature is normalised over
// the batch; for an image {C,H,W} each channel is normalised over the batch
// and all H*W positions. out = gamma * (x - mean) / sqrt(var + epsilon) + beta.
//
// Parameters: gamma then beta (one per feature / channel). State: running mean
// then running variance. Train mode uses the batch statistics (biased variance)
// and updates the running ones as
//     running = momentum * running + (1 - momentum) * batch
// (Keras' convention: momentum 0.9 keeps 90% of the old value; PyTorch's
// momentum=0.1 is the same rule written the other way round), with the
// unbiased batch variance. Eval and Inspect modes use the running statistics.
//
// Split batch (setBatchSync, data-parallel training): each part computes its
// count, mean and sum of squared deviations; the parts' values are combined
// in double by Chan et al.'s pairwise rule (no cancellation as with sum and
// sum of squares), in part order, so every part normalises with the WHOLE
// batch's statistics and updates the running ones identically, once per step.
// Backward likewise combines the parts' sums of dOut and dOut .* xhat. The
// result equals the unsplit batch's up to float rounding, provided each
// part's dOut is the gradient of the WHOLE batch's loss (BatchRunner scales it).
#pragma once

#include "core/layers/layer.h"

#include <vector>

namespace layerlab::core {

class BatchNorm final : public Layer {
public:
    // requires: input is {n} or {C,H,W}; 0 <= momentum <= 1; epsilon > 0.
    BatchNorm(const Shape& input, double momentum, double epsilon);

    std::size_t paramCount() const override { return 2 * static_cast<std::size_t>(C_); }
    std::size_t stateCount() const override { return 2 * static_cast<std::size_t>(C_); }
    void bind(Scalar* params, Scalar* grads, Scalar* state) override;
    // ensures: gamma 1, beta 0, running mean 0, running variance 1.
    void initialize(Rng& rng) override;
    void forward(std::span<const Matrix* const> inputs, Matrix& out, Mode mode) override;
    // ensures: the full gradient through the batch statistics (after Inspect:
    //          through the running statistics, which are constants).
    void backward(std::span<const Matrix* const> inputs, const Matrix& out, const Matrix& dOut,
                  std::span<Matrix* const> dInputs) override;
    void setBatchSync(BatchSync* sync) override { sync_ = sync; }

private:
    using RowArray = Eigen::Array<Scalar, 1, Eigen::Dynamic>;
    using ChannelArray = Eigen::Array<Scalar, Eigen::Dynamic, 1>;
    // Sums rowCB_ (1 x C*batch, one entry per (channel, sample)) over the batch.
    void reduceToChannels(ChannelArray& dst) const;
    void resize(Eigen::Index batch);
    // Split batch: turns this part's mean (sumA_) and sum of squared
    // deviations (sumB_) into the whole batch's mean and biased variance;
    // returns the whole batch's count.
    Scalar combineStatistics(Scalar count);
    // Split batch: replaces this part's sums (sumA_, sumB_) by the whole batch's.
    void combineSums();

    int C_;   // features (vector) or channels (image)
    int HW_;  // 1 (vector) or H*W (image)
    Scalar momentum_, epsilon_;
    Scalar* params_ = nullptr;
    Scalar* grads_ = nullptr;
    Scalar* state_ = nullptr;
    Eigen::Index batch_ = 0;
    // Data are viewed as HW x (C*batch) arrays: column c + n*C is channel c of sample n.
    Matrix xhat_;            // normalised input of the last Train (or Inspect) forward
    ChannelArray invStd_;    // 1/sqrt(var + eps) of the last Train (or Inspect) forward
    bool inspected_ = false; // the last forward was Inspect: running statistics, constants for backward
    BatchSync* sync_ = nullptr;   // set: this layer sees one part of a split batch
    Scalar count_ = 0;            // values per channel of the whole batch in the last Train forward
    std::vector<double> mine_;    // this part's contribution to a gather
    ChannelArray sumA_, sumB_, coef_;  // per-channel scratch
    RowArray rowCB_, repA_, repB_, repC_;
};

}  // namespace layerlab::core
