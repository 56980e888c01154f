// The three losses. Each returns the mean over the batch and sets d(mean)/d pred.
//
// Elementwise work is done in float with Eigen's vectorised exp/log1p into
// member scratch arrays (nothing is allocated once the batch shape is stable);
// each sample's (column's) loss is summed in float and the column sums are
// accumulated in double. Every formula works on logits directly in its
// numerically stable form, so logits like +-1e4 give finite values and gradients.
//
// Aliasing: each compute() has read what it needs of pred before it writes
// *dPred, or writes it coefficient by coefficient, so dPred == &pred is allowed.
#include "core/losses/loss.h"

#include <array>
#include <cassert>
#include <cmath>
#include <limits>

namespace layerlab::core {

namespace {

using Array = Eigen::Array<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
using RowArray = Eigen::Array<Scalar, 1, Eigen::Dynamic>;

constexpr std::array<LossKind, 3> kAllLosses = {
    LossKind::MeanSquaredError, LossKind::SoftmaxCrossEntropy, LossKind::BinaryCrossEntropyLogits};

double sumInDouble(const RowArray& a) {
    double s = 0.0;
    for (Eigen::Index j = 0; j < a.size(); ++j) s += static_cast<double>(a(j));
    return s;
}

// Value targets must exist and have pred's dimensions (a contract breach:
// asserted in debug builds; in release the loss is NaN and *dPred zero).
bool targetsMatch(const Matrix& pred, const Targets& targets, Matrix* dPred) {
    const bool ok = targets.values != nullptr && targets.values->rows() == pred.rows() &&
                    targets.values->cols() == pred.cols();
    assert(ok && "targets.values missing or of the wrong dimensions");
    if (!ok && dPred) dPred->setZero(pred.rows(), pred.cols());
    return ok;
}

// L = 1/(K*B) * sum_{k,j} (p_kj - y_kj)^2 over K outputs and B samples, so
// dL/dp = 2 (p - y) / (K*B). (The mean is over outputs as well as samples, as
// in PyTorch's MSELoss(reduction="mean").)
class MeanSquaredErrorLoss final : public Loss {
public:
    double compute(const Matrix& pred, const Targets& targets, Matrix* dPred) override {
        if (!targetsMatch(pred, targets, dPred)) return std::numeric_limits<double>::quiet_NaN();
        const Matrix& y = *targets.values;
        const Eigen::Index count = pred.size();
        if (count == 0) {
            if (dPred) dPred->resize(pred.rows(), pred.cols());
            return 0.0;
        }
        diff_.resize(pred.rows(), pred.cols());
        colLoss_.resize(pred.cols());
        diff_ = pred.array() - y.array();
        colLoss_ = diff_.square().colwise().sum();
        const double n = static_cast<double>(count);
        if (dPred) {
            dPred->resize(pred.rows(), pred.cols());
            *dPred = (diff_ * static_cast<Scalar>(2.0 / n)).matrix();
        }
        return sumInDouble(colLoss_) / n;
    }

    void activate(const Matrix& pred, Matrix& out) const override { out = pred; }

private:
    Array diff_;
    RowArray colLoss_;
};

// Per sample j with logits z (K values) and label c:
//   L_j = logsumexp(z) - z_c, computed as m + log(sum_k exp(z_k - m)), m = max_k z_k.
// L = mean_j L_j;  dL/dz = (softmax(z) - onehot(c)) / B.
class SoftmaxCrossEntropyLoss final : public Loss {
public:
    double compute(const Matrix& pred, const Targets& targets, Matrix* dPred) override {
        const Eigen::Index k = pred.rows();
        const Eigen::Index b = pred.cols();
        assert(static_cast<Eigen::Index>(targets.labels.size()) == b);
        if (b == 0 || k == 0) {
            if (dPred) dPred->setZero(k, b);
            return 0.0;
        }
        colMax_.resize(b);
        colSum_.resize(b);
        colLog_.resize(b);
        exp_.resize(k, b);
        colMax_ = pred.array().colwise().maxCoeff();
        exp_ = pred.array().rowwise() - colMax_;
        exp_ = exp_.exp();  // a separate, linear pass: Eigen vectorises it whatever K is; in (0, 1]
        colSum_ = exp_.colwise().sum();  // in [1, K]
        colLog_ = colSum_.log();

        double total = 0.0;
        bool labelsValid = true;
        for (Eigen::Index j = 0; j < b; ++j) {
            const int c = targets.labels[static_cast<std::size_t>(j)];
            if (c < 0 || c >= k) {  // contract breach: report NaN rather than read out of bounds
                assert(false && "label out of range");
                labelsValid = false;
                continue;
            }
            total += static_cast<double>(colMax_(j)) + static_cast<double>(colLog_(j)) - static_cast<double>(pred(c, j));
        }
        if (dPred) {
            const Scalar invB = static_cast<Scalar>(1.0 / static_cast<double>(b));
            colSum_ = invB / colSum_;  // now the per-column scale softmax / B
            dPred->resize(k, b);
            dPred->array() = exp_.rowwise() * colSum_;
            for (Eigen::Index j = 0; j < b; ++j) {
                const int c = targets.labels[static_cast<std::size_t>(j)];
                if (c >= 0 && c < k) (*dPred)(c, j) -= invB;
            }
        }
        if (!labelsValid) return std::numeric_limits<double>::quiet_NaN();
        return total / static_cast<double>(b);
    }

    // Column-wise softmax, stable (max subtracted). out may be pred.
    void activate(const Matrix& pred, Matrix& out) const override {
        if (&out != &pred) out.resize(pred.rows(), pred.cols());
        if (pred.rows() == 0) return;
        for (Eigen::Index j = 0; j < pred.cols(); ++j) {
            const Scalar m = pred.col(j).maxCoeff();
            out.col(j) = (pred.col(j).array() - m).exp().matrix();
            out.col(j) /= out.col(j).sum();
        }
    }

private:
    Array exp_;
    RowArray colMax_, colSum_, colLog_;
};

// Per element with logit z and target y in [0,1]:
//   l = max(z,0) - z*y + log(1 + exp(-|z|))   (= -y log s(z) - (1-y) log(1-s(z)))
// L = mean over outputs and samples; dL/dz = (sigmoid(z) - y) / (K*B), with
// sigmoid(z) = 1/(1+e) for z >= 0 and e/(1+e) otherwise, e = exp(-|z|).
class BceWithLogitsLoss final : public Loss {
public:
    double compute(const Matrix& pred, const Targets& targets, Matrix* dPred) override {
        if (!targetsMatch(pred, targets, dPred)) return std::numeric_limits<double>::quiet_NaN();
        const Matrix& y = *targets.values;
        const Eigen::Index count = pred.size();
        if (count == 0) {
            if (dPred) dPred->resize(pred.rows(), pred.cols());
            return 0.0;
        }
        const auto z = pred.array();
        e_.resize(pred.rows(), pred.cols());
        l_.resize(pred.rows(), pred.cols());
        colLoss_.resize(pred.cols());
        e_ = (-z.abs()).exp();  // in (0, 1]: never overflows
        // log(1 + e) rather than log1p(e): Eigen vectorises log, not log1p; for
        // e < 1e-7 the difference (about e) is below float resolution of the loss.
        l_ = z.max(Scalar(0)) - z * y.array() + (Scalar(1) + e_).log();
        colLoss_ = l_.colwise().sum();
        const double n = static_cast<double>(count);
        if (dPred) {
            const Scalar invN = static_cast<Scalar>(1.0 / n);
            dPred->resize(pred.rows(), pred.cols());
            dPred->array() = ((z >= Scalar(0)).select(Scalar(1) / (Scalar(1) + e_), e_ / (Scalar(1) + e_)) -
                              y.array()) * invN;
        }
        return sumInDouble(colLoss_) / n;
    }

    void activate(const Matrix& pred, Matrix& out) const override {
        out = pred.unaryExpr([](Scalar z) {
            const Scalar e = std::exp(-std::abs(z));
            return z >= 0 ? Scalar(1) / (Scalar(1) + e) : e / (Scalar(1) + e);
        });
    }

private:
    Array e_, l_;
    RowArray colLoss_;
};

}  // namespace

std::string_view lossName(LossKind k) {
    switch (k) {
        case LossKind::MeanSquaredError: return "mse";
        case LossKind::SoftmaxCrossEntropy: return "softmax_cross_entropy";
        case LossKind::BinaryCrossEntropyLogits: return "bce_with_logits";
    }
    return "unknown";
}

Result<LossKind> lossFromName(std::string_view name) {
    std::string valid;
    for (LossKind k : kAllLosses) {
        if (lossName(k) == name) return k;
        if (!valid.empty()) valid += ", ";
        valid += lossName(k);
    }
    return makeError("unknown loss \"" + std::string(name) + "\"; expected one of: " + valid);
}

std::unique_ptr<Loss> makeLoss(LossKind kind) {
    switch (kind) {
        case LossKind::MeanSquaredError: return std::make_unique<MeanSquaredErrorLoss>();
        case LossKind::SoftmaxCrossEntropy: return std::make_unique<SoftmaxCrossEntropyLoss>();
        case LossKind::BinaryCrossEntropyLogits: return std::make_unique<BceWithLogitsLoss>();
    }
    return nullptr;
}

}  // namespace layerlab::core
