#include "core/layers/batchnorm.h"

#include <algorithm>
#include <cassert>

namespace layerlab::core {

namespace {
using ArrayMap = Eigen::Map<Eigen::Array<Scalar, Eigen::Dynamic, Eigen::Dynamic>>;
using ConstArrayMap = Eigen::Map<const Eigen::Array<Scalar, Eigen::Dynamic, Eigen::Dynamic>>;
using ConstChannelMap = Eigen::Map<const Eigen::Array<Scalar, Eigen::Dynamic, 1>>;
using ChannelMap = Eigen::Map<Eigen::Array<Scalar, Eigen::Dynamic, 1>>;

// Writes per-channel values (C values: an array or a map, not an expression,
// which Eigen would evaluate into a temporary) into a 1 x C*batch row,
// repeated for every sample.
template <class E>
void replicate(const E& src, Eigen::Array<Scalar, 1, Eigen::Dynamic>& dst) {
    const Eigen::Index C = src.size();
    ArrayMap(dst.data(), C, dst.size() / C).colwise() = src;
}
}  // namespace

BatchNorm::BatchNorm(const Shape& input, double momentum, double epsilon)
    : C_(input.isImage() ? input.channels() : input.size()),
      HW_(input.isImage() ? input.height() * input.width() : 1),
      momentum_(static_cast<Scalar>(momentum)),
      epsilon_(static_cast<Scalar>(epsilon)) {
    sumA_.resize(C_);
    sumB_.resize(C_);
    coef_.resize(C_);
    invStd_.resize(C_);
}

void BatchNorm::bind(Scalar* params, Scalar* grads, Scalar* state) {
    params_ = params;
    grads_ = grads;
    state_ = state;
}

void BatchNorm::initialize(Rng& /*rng*/) {
    std::fill(params_, params_ + C_, Scalar{1});
    std::fill(params_ + C_, params_ + 2 * C_, Scalar{0});
    std::fill(state_, state_ + C_, Scalar{0});
    std::fill(state_ + C_, state_ + 2 * C_, Scalar{1});
}

void BatchNorm::resize(Eigen::Index batch) {
    if (batch == batch_) return;
    batch_ = batch;
    rowCB_.resize(C_ * batch);
    repA_.resize(C_ * batch);
    repB_.resize(C_ * batch);
    repC_.resize(C_ * batch);
}

void BatchNorm::reduceToChannels(ChannelArray& dst) const {
    dst = ConstArrayMap(rowCB_.data(), C_, batch_).rowwise().sum();
}


Scalar BatchNorm::combineStatistics(Scalar count) {
    mine_.resize(1 + 2 * static_cast<std::size_t>(C_));
    mine_[0] = count;
    for (int c = 0; c < C_; ++c) {
        mine_[1 + c] = sumA_(c);
        mine_[1 + C_ + c] = sumB_(c);
    }
    const std::span<const double> all = sync_->gather(mine_);
    const std::size_t stride = mine_.size();
    const std::size_t parts = all.size() / stride;
    double n = all[0];
    for (int c = 0; c < C_; ++c) {
        double mean = all[1 + c], m2 = all[1 + C_ + c], seen = n;
        for (std::size_t p = 1; p < parts; ++p) {
            const double* q = all.data() + p * stride;
            const double np = q[0], total = seen + np, delta = q[1 + c] - mean;
            mean += delta * np / total;
            m2 += q[1 + C_ + c] + delta * delta * seen * np / total;
            seen = total;
        }
        sumA_(c) = static_cast<Scalar>(mean);
        sumB_(c) = static_cast<Scalar>(m2 / seen);
    }
    for (std::size_t p = 1; p < parts; ++p) n += all[p * stride];
    return static_cast<Scalar>(n);
}

void BatchNorm::combineSums() {
    mine_.resize(2 * static_cast<std::size_t>(C_));
    for (int c = 0; c < C_; ++c) {
        mine_[c] = sumA_(c);
        mine_[C_ + c] = sumB_(c);
    }
    const std::span<const double> all = sync_->gather(mine_);
    const std::size_t stride = mine_.size();
    for (int c = 0; c < C_; ++c) {
        double a = 0, b = 0;
        for (std::size_t p = 0; p < all.size() / stride; ++p) {
            a += all[p * stride + c];
            b += all[p * stride + C_ + c];
        }
        sumA_(c) = static_cast<Scalar>(a);
        sumB_(c) = static_cast<Scalar>(b);
    }
}

void BatchNorm::forward(std::span<const Matrix* const> inputs, Matrix& out, Mode mode) {
    const Matrix& x = *inputs[0];
    assert(x.rows() == static_cast<Eigen::Index>(C_) * HW_);
    const Eigen::Index batch = x.cols();
    resize(batch);
    out.resize(x.rows(), batch);
    ConstArrayMap X(x.data(), HW_, C_ * batch);
    ArrayMap O(out.data(), HW_, C_ * batch);
    ConstChannelMap gamma(params_, C_), beta(params_ + C_, C_);
    ChannelMap runMean(state_, C_), runVar(state_ + C_, C_);

    if (mode != Mode::Train) {
        sumA_ = gamma * (runVar + epsilon_).rsqrt();  // scale
        sumB_ = beta - runMean * sumA_;               // shift
        replicate(sumA_, repA_);
        replicate(sumB_, repB_);
        O = (X.rowwise() * repA_).rowwise() + repB_;
        if (mode == Mode::Inspect) {
            // What backward needs: xhat with the running statistics.
            inspected_ = true;
            invStd_ = (runVar + epsilon_).rsqrt();
            if (xhat_.rows() != x.rows() || xhat_.cols() != batch) xhat_.resize(x.rows(), batch);
            ArrayMap Xh(xhat_.data(), HW_, C_ * batch);
            replicate(runMean, repA_);
            replicate(invStd_, repB_);
            Xh = (X.rowwise() - repA_).rowwise() * repB_;
        }
        return;
    }
    inspected_ = false;

    Scalar count = static_cast<Scalar>(batch * HW_);
    if (xhat_.rows() != x.rows() || xhat_.cols() != batch) xhat_.resize(x.rows(), batch);
    ArrayMap Xh(xhat_.data(), HW_, C_ * batch);
    // mean
    rowCB_ = X.colwise().sum();
    reduceToChannels(sumA_);
    sumA_ /= count;
    replicate(sumA_, repA_);
    Xh = X.rowwise() - repA_;
    // biased variance of the batch
    rowCB_ = Xh.square().colwise().sum();
    reduceToChannels(sumB_);
    if (sync_) {
        count = combineStatistics(count);
        replicate(sumA_, repA_);
        Xh = X.rowwise() - repA_;  // centred on the whole batch's mean
    } else {
        sumB_ /= count;
    }
    count_ = count;
    invStd_ = (sumB_ + epsilon_).rsqrt();
    const Scalar unbias = count > 1 ? count / (count - 1) : Scalar{1};
    runMean = momentum_ * runMean + (1 - momentum_) * sumA_;
    runVar = momentum_ * runVar + (1 - momentum_) * unbias * sumB_;
    replicate(invStd_, repA_);
    Xh.rowwise() *= repA_;
    replicate(gamma, repA_);
    replicate(beta, repB_);
    O = (Xh.rowwise() * repA_).rowwise() + repB_;
}

void BatchNorm::backward(std::span<const Matrix* const> /*inputs*/, const Matrix& /*out*/, const Matrix& dOut,
                         std::span<Matrix* const> dInputs) {
    const Eigen::Index batch = dOut.cols();
    assert(batch == batch_);
    ConstArrayMap D(dOut.data(), HW_, C_ * batch);
    ConstArrayMap Xh(xhat_.data(), HW_, C_ * batch);
    rowCB_ = D.colwise().sum();
    reduceToChannels(sumA_);  // sum of dOut per channel
    rowCB_ = (D * Xh).colwise().sum();
    reduceToChannels(sumB_);  // sum of dOut .* xhat per channel
    // This part's share of dgamma and dbeta (the runner adds the parts' gradients).
    ChannelMap(grads_, C_) += sumB_;
    ChannelMap(grads_ + C_, C_) += sumA_;
    if (sync_ && !inspected_) combineSums();
    Matrix* dx = dInputs[0];
    if (!dx) return;
    ArrayMap DX(dx->data(), HW_, C_ * batch);
    if (inspected_) {
        // The statistics are constants: dx = gamma * invStd * dOut.
        coef_ = ConstChannelMap(params_, C_) * invStd_;
        replicate(coef_, repA_);
        DX += D.rowwise() * repA_;
        return;
    }
    // dx = gamma * invStd / M * (M * dOut - sum(dOut) - xhat * sum(dOut .* xhat))
    const Scalar count = count_;
    ConstChannelMap gamma(params_, C_);
    // (Each coefficient goes through coef_: replicating an expression would
    // allocate a temporary.)
    coef_ = gamma * invStd_;
    replicate(coef_, repA_);
    coef_ *= sumB_ / count;
    replicate(coef_, repB_);
    coef_ = gamma * invStd_ * sumA_ / count;
    replicate(coef_, repC_);
    DX += ((D.rowwise() * repA_ - Xh.rowwise() * repB_).rowwise() - repC_);
}

}  // namespace layerlab::core
