// Conv2D: 2-D convolution (cross-correlation, as in every DL library) of a
// C x H x W image with `filters` kernels of C x k x k, stride s, "valid" (no
// padding) or "same" (zero padding, TensorFlow's rule: output ceil(H/s)).
// Computed as im2col + GEMM; backward as GEMMs + col2im.
#pragma once

#include "core/common/result.h"
#include "core/layers/initializers.h"
#include "core/layers/layer.h"

#include <string>

namespace layerlab::core {

// Output size and padding of a convolution or pooling window along one axis.
struct ConvAxis {
    int in = 0, out = 0, padBefore = 0;
};

// requires: k >= 1, stride >= 1.
// ensures: the output size for an input of `in` and the padding before it, or
//          an error when the window does not fit ("valid": k > in).
Result<ConvAxis> convAxis(int in, int k, int stride, bool samePadding);

// Shape rule shared by the registry: requires a 3-D input {C,H,W}.
// ensures: {filters, outH, outW} or a message naming what was found.
Result<Shape> conv2dOutputShape(const Shape& input, int filters, int kernel, int stride, bool samePadding);

// Message used by every layer that needs an image: what came in and how to fix it.
// Starts with "needs": shape inference puts the node's type and name in front.
std::string needImageMessage(const Shape& got);

class Conv2D final : public Layer {
public:
    // requires: conv2dOutputShape(input, filters, kernel, stride, same) succeeded.
    // ensures: paramCount() = filters*C*k*k (+ filters with bias); parameters are
    //          W (filters x C*k*k, column-major; column index c*k*k + kh*k + kw)
    //          then b (filters).
    Conv2D(const Shape& input, int filters, int kernel, int stride, bool samePadding, bool useBias,
           const ParamInit& init);

    std::size_t paramCount() const override;
    void bind(Scalar* params, Scalar* grads, Scalar* state) override;
    // ensures: W from init.weights (fanIn = C*k*k, fanOut = filters*k*k), b from init.bias.
    void initialize(Rng& rng) override;
    void forward(std::span<const Matrix* const> inputs, Matrix& out, Mode mode) override;
    // ensures: dW, db accumulate; dx (col2im) only when dInputs[0] is non-null.
    void backward(std::span<const Matrix* const> inputs, const Matrix& out, const Matrix& dOut,
                  std::span<Matrix* const> dInputs) override;

private:
    // Writes sample n of x into the P x ckk block at dst.
    void im2col(const Scalar* x, Scalar* dst) const;
    // Adds the P x ckk block src back into sample's image dx (C*H*W values).
    void col2im(const Scalar* src, Scalar* dx) const;

    int C_, H_, W_, F_, k_, s_;
    ConvAxis axisH_, axisW_;
    int P_ = 0;    // output positions per channel (outH*outW)
    int ckk_ = 0;  // C*k*k
    bool useBias_;
    ParamInit init_;
    Scalar* params_ = nullptr;
    Scalar* grads_ = nullptr;
    // im2col buffer: per sample n a P x ckk column-major block (columns
    // n*ckk .. n*ckk+ckk-1): row p = oh*outW + ow, column c*k*k + kh*k + kw.
    // With this layout sample n's output (P x filters, i.e. C,H,W order) is
    // one GEMM: colsBlock * W^T, written straight into out's column.
    // Train mode fills it for the whole batch (backward reads it); Eval mode
    // uses the one-sample scratch instead, so a large evaluation batch neither
    // touches the training caches nor grows them.
    Matrix cols_;
    Matrix scratch_;  // P x ckk: Eval's im2col block, backward's input gradient block
};

}  // namespace layerlab::core
