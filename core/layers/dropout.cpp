#include "core/layers/dropout.h"

#include <cassert>
#include <cmath>

namespace layerlab::core {

Dropout::Dropout(double rate, std::uint64_t seed) : rate_(rate), seed_(seed), stream_(deriveSeed(seed, 0)) {
    assert(rate >= 0 && rate < 1);
}

void Dropout::initialize(Rng& rng) { stream_ = deriveSeed(seed_, rng()); }

namespace {
constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ull;
// splitmix64's output function.
inline std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
}  // namespace

// Each 64-bit value yields two 32-bit uniforms; a value survives when its
// uniform is >= rate * 2^32. The mask is the comparison times 1/(1-rate) (no
// branch: the outcome is random, a branch would mispredict every other time).
void Dropout::drawMask(Eigen::Index rows, Eigen::Index cols, std::uint64_t base, std::uint64_t first) {
    if (mask_.rows() != rows || mask_.cols() != cols) mask_.resize(rows, cols);
    const auto threshold = static_cast<std::uint64_t>(std::ldexp(rate_, 32));
    const Scalar keep = static_cast<Scalar>(1.0 / (1.0 - rate_));
    Scalar* m = mask_.data();
    Eigen::Index size = mask_.size();
    if (size == 0) return;
    if (first % 2) {  // starts with the second value of a pair
        const std::uint64_t r = mix(base + (first / 2 + 1) * kGolden);
        *m++ = keep * static_cast<Scalar>((r >> 32) >= threshold);
        --size;
        ++first;
    }
    base += first / 2 * kGolden;
    const Eigen::Index pairs = (size + 1) / 2;
    for (Eigen::Index k = 0; k < pairs - 1; ++k) {
        const std::uint64_t r = mix(base + static_cast<std::uint64_t>(k + 1) * kGolden);
        m[2 * k] = keep * static_cast<Scalar>((r & 0xffffffffu) >= threshold);
        m[2 * k + 1] = keep * static_cast<Scalar>((r >> 32) >= threshold);
    }
    if (pairs > 0) {  // the last pair may be a single value
        const std::uint64_t r = mix(base + static_cast<std::uint64_t>(pairs) * kGolden);
        const Eigen::Index k = pairs - 1;
        m[2 * k] = keep * static_cast<Scalar>((r & 0xffffffffu) >= threshold);
        if (2 * k + 1 < size) m[2 * k + 1] = keep * static_cast<Scalar>((r >> 32) >= threshold);
    }
}

void Dropout::forward(std::span<const Matrix* const> inputs, Matrix& out, Mode mode) {
    const Matrix& x = *inputs[0];
    out.resize(x.rows(), x.cols());
    identity_ = mode != Mode::Train || rate_ == 0;
    if (identity_) {
        out = x;
        return;
    }
    if (!frozen_ || mask_.rows() != x.rows() || mask_.cols() != x.cols()) {
        std::uint64_t base = stream_, first = 0, total = static_cast<std::uint64_t>(x.size());
        if (sync_) {
            // The whole batch draws from part 0's stream (exact in doubles: two 32-bit halves).
            const double mine[2] = {static_cast<double>(stream_ >> 32), static_cast<double>(stream_ & 0xffffffffu)};
            const std::span<const double> all = sync_->gather(mine);
            base = (static_cast<std::uint64_t>(all[0]) << 32) | static_cast<std::uint64_t>(all[1]);
            const BatchPart part = sync_->part();
            first = static_cast<std::uint64_t>(part.first) * static_cast<std::uint64_t>(x.rows());
            total = static_cast<std::uint64_t>(part.total) * static_cast<std::uint64_t>(x.rows());
        }
        drawMask(x.rows(), x.cols(), base, first);
        stream_ = base + (total + 1) / 2 * kGolden;  // past the whole batch's mask
    }
    out.array() = x.array() * mask_.array();
}

void Dropout::backward(std::span<const Matrix* const> /*inputs*/, const Matrix& /*out*/, const Matrix& dOut,
                       std::span<Matrix* const> dInputs) {
    if (!dInputs[0]) return;
    if (identity_) *dInputs[0] += dOut;
    else dInputs[0]->array() += dOut.array() * mask_.array();
}

}  // namespace layerlab::core
