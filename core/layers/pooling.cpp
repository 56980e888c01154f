#include "core/layers/pooling.h"

#include "core/layers/conv2d.h"

#include <algorithm>
#include <cassert>

namespace layerlab::core {

Result<Shape> poolOutputShape(const Shape& input, int size, int stride) {
    if (!input.isImage()) return makeError(needImageMessage(input));
    if (size > input.height() || size > input.width())
        return makeError("the " + std::to_string(size) + "x" + std::to_string(size) +
                         " pooling window is larger than the " + std::to_string(input.height()) + "x" +
                         std::to_string(input.width()) + " input image (" + input.toString() +
                         "); use a size of at most " + std::to_string(std::min(input.height(), input.width())));
    const int s = stride > 0 ? stride : size;
    return Shape{input.channels(), (input.height() - size) / s + 1, (input.width() - size) / s + 1};
}

PoolGeometry PoolGeometry::make(const Shape& input, int size, int stride) {
    PoolGeometry g;
    g.C = input.channels();
    g.H = input.height();
    g.W = input.width();
    g.size = size;
    g.stride = stride > 0 ? stride : size;
    g.outH = (g.H - size) / g.stride + 1;
    g.outW = (g.W - size) / g.stride + 1;
    return g;
}

namespace {
// One window offset d against every output of a sample: keep the larger value
// (and its input index when arg is non-null). Strict '>' keeps the first
// maximum on ties, as offsets are visited in row-major window order. One long
// loop over independent outputs, with the index picked by mask arithmetic
// rather than a branch (random data would mispredict it half the time).
void maxOffset(const Scalar* __restrict x, const int* __restrict base, Scalar* __restrict out,
               int* __restrict arg, int n, int d) {
    if (arg) {
        for (int o = 0; o < n; ++o) {
            const int i = base[o] + d;
            const Scalar v = x[i];
            const int take = -static_cast<int>(v > out[o]);  // all ones or 0
            out[o] = std::max(out[o], v);
            arg[o] ^= (arg[o] ^ i) & take;
        }
    } else {
        for (int o = 0; o < n; ++o) out[o] = std::max(out[o], x[base[o] + d]);
    }
}

// The common 2x2 window with stride 2 on even H and W, in two streaming
// passes without gathers. Horizontal: every pair (2i, 2i+1) of the sample
// (pairs never straddle rows as W is even) -> hv[i] and hs[i] (1 when the
// right one won). Vertical: output row q is the max of pair-rows 2q and 2q+1
// (H even, so these enumerate every channel's rows in order). Ties keep the
// first maximum in row-major window order, as in the generic path.
void maxPool2x2(const Scalar* __restrict x, Scalar* __restrict hv, int* __restrict hs, Scalar* __restrict out,
                int* __restrict arg, int inSize, int outW) {
    const int pairs = inSize / 2;
    for (int i = 0; i < pairs; ++i) {
        const Scalar a = x[2 * i], b = x[2 * i + 1];
        hv[i] = std::max(a, b);
        hs[i] = static_cast<int>(b > a);
    }
    const int rows = pairs / outW / 2;
    for (int q = 0; q < rows; ++q) {
        const Scalar* top = hv + 2 * q * outW;
        const Scalar* bottom = top + outW;
        Scalar* o = out + q * outW;
        for (int ow = 0; ow < outW; ++ow) o[ow] = std::max(top[ow], bottom[ow]);
        if (!arg) continue;
        int* a = arg + q * outW;
        const int iTop = 2 * q * outW;
        for (int ow = 0; ow < outW; ++ow) {
            const int useBottom = -static_cast<int>(bottom[ow] > top[ow]);  // all ones or 0: no branch
            const int i = iTop + ow + (outW & useBottom);
            a[ow] = 2 * i + hs[i];
        }
    }
}
}  // namespace

MaxPool2D::MaxPool2D(const Shape& input, int size, int stride) : g_(PoolGeometry::make(input, size, stride)) {
    base_.reserve(static_cast<std::size_t>(g_.outSize()));
    for (int c = 0; c < g_.C; ++c)
        for (int oh = 0; oh < g_.outH; ++oh)
            for (int ow = 0; ow < g_.outW; ++ow)
                base_.push_back(c * g_.H * g_.W + oh * g_.stride * g_.W + ow * g_.stride);
}

void MaxPool2D::forward(std::span<const Matrix* const> inputs, Matrix& out, Mode mode) {
    const Matrix& x = *inputs[0];
    assert(x.rows() == g_.inSize());
    const Eigen::Index batch = x.cols();
    out.resize(g_.outSize(), batch);
    const bool train = mode != Mode::Eval;  // keep the arg-max for backward
    const int n = g_.outSize();
    const std::size_t per = static_cast<std::size_t>(n);
    if (train && argmax_.size() != per * static_cast<std::size_t>(batch)) argmax_.resize(per * batch);
    const bool fast = g_.size == 2 && g_.stride == 2 && g_.H % 2 == 0 && g_.W % 2 == 0;
    if (fast && pairValue_.size() != static_cast<std::size_t>(g_.inSize() / 2)) {
        pairValue_.resize(static_cast<std::size_t>(g_.inSize() / 2));
        pairSide_.resize(pairValue_.size());
    }
    for (Eigen::Index j = 0; j < batch; ++j) {
        const Scalar* xs = x.col(j).data();
        Scalar* o = out.col(j).data();
        int* arg = train ? argmax_.data() + per * j : nullptr;
        if (fast) {
            maxPool2x2(xs, pairValue_.data(), pairSide_.data(), o, arg, g_.inSize(), g_.outW);
            continue;
        }
        for (int k = 0; k < n; ++k) o[k] = xs[base_[static_cast<std::size_t>(k)]];
        if (arg) std::copy(base_.begin(), base_.end(), arg);
        for (int kh = 0; kh < g_.size; ++kh)
            for (int kw = kh == 0 ? 1 : 0; kw < g_.size; ++kw) maxOffset(xs, base_.data(), o, arg, n, kh * g_.W + kw);
    }
}

void MaxPool2D::backward(std::span<const Matrix* const> /*inputs*/, const Matrix& /*out*/, const Matrix& dOut,
                         std::span<Matrix* const> dInputs) {
    Matrix* dx = dInputs[0];
    if (!dx) return;
    const std::size_t per = static_cast<std::size_t>(g_.outSize());
    for (Eigen::Index n = 0; n < dOut.cols(); ++n) {
        const int* arg = argmax_.data() + per * n;
        const Scalar* g = dOut.col(n).data();
        Scalar* d = dx->col(n).data();
        for (std::size_t o = 0; o < per; ++o) d[arg[o]] += g[o];
    }
}

AvgPool2D::AvgPool2D(const Shape& input, int size, int stride) : g_(PoolGeometry::make(input, size, stride)) {}

void AvgPool2D::forward(std::span<const Matrix* const> inputs, Matrix& out, Mode /*mode*/) {
    const Matrix& x = *inputs[0];
    assert(x.rows() == g_.inSize());
    out.resize(g_.outSize(), x.cols());
    const Scalar scale = Scalar{1} / static_cast<Scalar>(g_.size * g_.size);
    for (Eigen::Index n = 0; n < x.cols(); ++n) {
        const Scalar* in = x.col(n).data();
        Scalar* o = out.col(n).data();
        for (int c = 0; c < g_.C; ++c) {
            const Scalar* plane = in + c * g_.H * g_.W;
            for (int oh = 0; oh < g_.outH; ++oh) {
                for (int ow = 0; ow < g_.outW; ++ow) {
                    Scalar sum = 0;
                    for (int kh = 0; kh < g_.size; ++kh) {
                        const Scalar* row = plane + (oh * g_.stride + kh) * g_.W + ow * g_.stride;
                        for (int kw = 0; kw < g_.size; ++kw) sum += row[kw];
                    }
                    *o++ = sum * scale;
                }
            }
        }
    }
}

void AvgPool2D::backward(std::span<const Matrix* const> /*inputs*/, const Matrix& /*out*/, const Matrix& dOut,
                         std::span<Matrix* const> dInputs) {
    Matrix* dx = dInputs[0];
    if (!dx) return;
    const Scalar scale = Scalar{1} / static_cast<Scalar>(g_.size * g_.size);
    for (Eigen::Index n = 0; n < dOut.cols(); ++n) {
        const Scalar* g = dOut.col(n).data();
        Scalar* d = dx->col(n).data();
        for (int c = 0; c < g_.C; ++c) {
            Scalar* plane = d + c * g_.H * g_.W;
            for (int oh = 0; oh < g_.outH; ++oh) {
                for (int ow = 0; ow < g_.outW; ++ow) {
                    const Scalar v = *g++ * scale;
                    for (int kh = 0; kh < g_.size; ++kh) {
                        Scalar* row = plane + (oh * g_.stride + kh) * g_.W + ow * g_.stride;
                        for (int kw = 0; kw < g_.size; ++kw) row[kw] += v;
                    }
                }
            }
        }
    }
}

}  // namespace layerlab::core
