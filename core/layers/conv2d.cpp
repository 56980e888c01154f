#include "core/layers/conv2d.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace layerlab::core {

Result<ConvAxis> convAxis(int in, int k, int stride, bool samePadding) {
    ConvAxis a;
    a.in = in;
    if (samePadding) {
        a.out = (in + stride - 1) / stride;
        const int total = std::max((a.out - 1) * stride + k - in, 0);
        a.padBefore = total / 2;
    } else {
        if (k > in)
            return makeError("the window of " + std::to_string(k) + " is larger than the input of " + std::to_string(in));
        a.out = (in - k) / stride + 1;
    }
    return a;
}

std::string needImageMessage(const Shape& got) {
    std::string fix;
    const int n = got.size();
    const int side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(n))));
    if (got.rank() == 1 && side * side == n && n > 1)
        fix = "remove any Flatten before it, or set the Input shape to 1x" + std::to_string(side) + "x" +
              std::to_string(side);
    else
        fix = "remove any Flatten or Dense before it, or set the Input shape to channels x height x width "
              "(e.g. 1x28x28)";
    return "needs an image input (channels x height x width) but got " + got.toString() +
           (got.rank() == 1 ? " (a flat vector)" : "") + "; " + fix;
}

Result<Shape> conv2dOutputShape(const Shape& input, int filters, int kernel, int stride, bool samePadding) {
    if (!input.isImage()) return makeError(needImageMessage(input));
    auto h = convAxis(input.height(), kernel, stride, samePadding);
    auto w = convAxis(input.width(), kernel, stride, samePadding);
    if (!h || !w)
        return makeError("the " + std::to_string(kernel) + "x" + std::to_string(kernel) +
                         " kernel is larger than the " + std::to_string(input.height()) + "x" +
                         std::to_string(input.width()) + " input image (" + input.toString() +
                         "); use a kernel of at most " + std::to_string(std::min(input.height(), input.width())) +
                         ", or padding \"same\"");
    return Shape{filters, h->out, w->out};
}

Conv2D::Conv2D(const Shape& input, int filters, int kernel, int stride, bool samePadding, bool useBias,
               const ParamInit& init)
    : C_(input.channels()), H_(input.height()), W_(input.width()), F_(filters), k_(kernel), s_(stride),
      useBias_(useBias), init_(init) {
    auto h = convAxis(H_, k_, s_, samePadding);
    auto w = convAxis(W_, k_, s_, samePadding);
    assert(h && w);
    axisH_ = *h;
    axisW_ = *w;
    P_ = axisH_.out * axisW_.out;
    ckk_ = C_ * k_ * k_;
}

std::size_t Conv2D::paramCount() const {
    return static_cast<std::size_t>(F_) * static_cast<std::size_t>(ckk_) +
           (useBias_ ? static_cast<std::size_t>(F_) : 0);
}

void Conv2D::bind(Scalar* params, Scalar* grads, Scalar* /*state*/) {
    params_ = params;
    grads_ = grads;
}

void Conv2D::initialize(Rng& rng) {
    const std::size_t nW = static_cast<std::size_t>(F_) * static_cast<std::size_t>(ckk_);
    core::initialize(init_.weights, std::span<Scalar>(params_, nW), ckk_, F_ * k_ * k_, rng, init_.weightValue);
    if (useBias_)
        core::initialize(init_.bias, std::span<Scalar>(params_ + nW, static_cast<std::size_t>(F_)), ckk_, F_ * k_ * k_,
                         rng, init_.biasValue);
}

namespace {
// Output columns [lo, hi) whose input column ow*s + kw - pad lies inside [0, in).
void validRange(int outN, int s, int offset, int in, int& lo, int& hi) {
    lo = 0;
    while (lo < outN && lo * s + offset < 0) ++lo;
    hi = outN;
    while (hi > lo && (hi - 1) * s + offset >= in) --hi;
}
}  // namespace

void Conv2D::im2col(const Scalar* x, Scalar* dst) const {
    const int outH = axisH_.out, outW = axisW_.out;
    for (int c = 0; c < C_; ++c) {
        const Scalar* plane = x + static_cast<std::ptrdiff_t>(c) * H_ * W_;
        for (int kh = 0; kh < k_; ++kh) {
            for (int kw = 0; kw < k_; ++kw) {
                const int offW = kw - axisW_.padBefore;
                int lo = 0, hi = 0;
                validRange(outW, s_, offW, W_, lo, hi);
                for (int oh = 0; oh < outH; ++oh, dst += outW) {
                    const int h = oh * s_ + kh - axisH_.padBefore;
                    if (h < 0 || h >= H_) {
                        std::fill(dst, dst + outW, Scalar{0});
                        continue;
                    }
                    const Scalar* src = plane + static_cast<std::ptrdiff_t>(h) * W_ + offW;
                    std::fill(dst, dst + lo, Scalar{0});
                    if (s_ == 1) std::copy(src + lo, src + hi, dst + lo);
                    else
                        for (int ow = lo; ow < hi; ++ow) dst[ow] = src[ow * s_];
                    std::fill(dst + hi, dst + outW, Scalar{0});
                }
            }
        }
    }
}

void Conv2D::col2im(const Scalar* src, Scalar* dx) const {
    const int outH = axisH_.out, outW = axisW_.out;
    for (int c = 0; c < C_; ++c) {
        Scalar* plane = dx + static_cast<std::ptrdiff_t>(c) * H_ * W_;
        for (int kh = 0; kh < k_; ++kh) {
            for (int kw = 0; kw < k_; ++kw) {
                const int offW = kw - axisW_.padBefore;
                int lo = 0, hi = 0;
                validRange(outW, s_, offW, W_, lo, hi);
                for (int oh = 0; oh < outH; ++oh, src += outW) {
                    const int h = oh * s_ + kh - axisH_.padBefore;
                    if (h < 0 || h >= H_) continue;
                    Scalar* d = plane + static_cast<std::ptrdiff_t>(h) * W_ + offW;
                    if (s_ == 1)
                        for (int ow = lo; ow < hi; ++ow) d[ow] += src[ow];
                    else
                        for (int ow = lo; ow < hi; ++ow) d[ow * s_] += src[ow];
                }
            }
        }
    }
}

void Conv2D::forward(std::span<const Matrix* const> inputs, Matrix& out, Mode mode) {
    const Matrix& x = *inputs[0];
    assert(x.rows() == static_cast<Eigen::Index>(C_) * H_ * W_);
    const Eigen::Index batch = x.cols();
    const std::size_t block = static_cast<std::size_t>(P_) * static_cast<std::size_t>(ckk_);
    out.resize(static_cast<Eigen::Index>(F_) * P_, batch);
    ConstMatrixMap Wt(params_, F_, ckk_);
    const bool train = mode != Mode::Eval;  // keep the columns for backward
    if (train) {
        if (cols_.rows() != P_ || cols_.cols() != ckk_ * batch) cols_.resize(P_, ckk_ * batch);
    } else if (scratch_.rows() != P_ || scratch_.cols() != ckk_) {
        scratch_.resize(P_, ckk_);
    }
    for (Eigen::Index n = 0; n < batch; ++n) {
        Scalar* colsBlock = train ? cols_.data() + static_cast<std::size_t>(n) * block : scratch_.data();
        im2col(x.col(n).data(), colsBlock);
        MatrixMap o(out.col(n).data(), P_, F_);
        // Starting from the bias and accumulating (+=) saves the zero fill a
        // plain '=' product does first, and a separate pass for the bias.
        if (useBias_) {
            o.rowwise() = ConstVectorMap(params_ + static_cast<std::size_t>(F_) * ckk_, F_).transpose();
            o.noalias() += ConstMatrixMap(colsBlock, P_, ckk_) * Wt.transpose();
        } else {
            o.noalias() = ConstMatrixMap(colsBlock, P_, ckk_) * Wt.transpose();
        }
    }
}

void Conv2D::backward(std::span<const Matrix* const> /*inputs*/, const Matrix& /*out*/, const Matrix& dOut,
                      std::span<Matrix* const> dInputs) {
    const Eigen::Index batch = dOut.cols();
    const std::size_t block = static_cast<std::size_t>(P_) * static_cast<std::size_t>(ckk_);
    ConstMatrixMap Wt(params_, F_, ckk_);
    MatrixMap dW(grads_, F_, ckk_);
    Matrix* dx = dInputs[0];
    if (dx && (scratch_.rows() != P_ || scratch_.cols() != ckk_)) scratch_.resize(P_, ckk_);
    for (Eigen::Index n = 0; n < batch; ++n) {
        ConstMatrixMap dO(dOut.col(n).data(), P_, F_);
        ConstMatrixMap colsBlock(cols_.data() + static_cast<std::size_t>(n) * block, P_, ckk_);
        dW.noalias() += dO.transpose() * colsBlock;
        if (useBias_) VectorMap(grads_ + static_cast<std::size_t>(F_) * ckk_, F_) += dO.colwise().sum().transpose();
        if (dx) {
            scratch_.noalias() = dO * Wt;
            col2im(scratch_.data(), dx->col(n).data());
        }
    }
}

}  // namespace layerlab::core
