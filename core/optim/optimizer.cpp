// One fused pass per step over the flat parameter buffer.
//
// For every position i the effective gradient is
//   g_i = grads[i] * clipScale + mask_i * (weightDecay * w_i + l1 * sign(w_i))
// where clipScale = min(1, clipNorm / ||grads||_2) (only when clipNorm > 0; the
// norm is over the raw gradient and needs one extra read-only pass), and the
// update rule (PyTorch conventions) is applied in the same loop:
//   SGD       w -= lr g
//   Momentum  v = mu v + g;  w -= lr v            (Nesterov: w -= lr (g + mu v))
//   Adam      m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;
//             w -= lr (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)
//   RMSProp   v = rho v + (1-rho) g^2;  w -= lr g / (sqrt(v) + eps)
//
// The kernels are plain float loops over __restrict pointers with per-step
// scalars computed once outside the loop, so g++ -O3 -march=native vectorises
// them (AVX-512 here). The one exception is sqrt: under the default
// -fmath-errno g++ keeps a scalar errno branch around every std::sqrt and the
// loop holding it stays scalar (8x slower; "#pragma GCC optimize" and the
// optimize attribute do not lift that in g++ 12). So Adam and RMSProp walk the
// buffer in chunks of 128: a loop updates the moments and writes the sqrt
// argument to a stack buffer, Eigen's vectorised sqrt turns it into the
// denominator, and a last loop updates the weights while the chunk is in L1.
// Every element of w, g, m, v crosses memory once per step.
#include "core/optim/optimizer.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <type_traits>

#if defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace layerlab::core {

namespace {

static_assert(std::is_same_v<Scalar, float>, "the kernels below are written for float");

// Flush-to-zero and denormals-are-zero on this thread for one scope (x86's
// MXCSR; elsewhere nothing). The moments of a parameter whose gradient stays 0
// (a weight of an always-black pixel, a dead unit) decay by beta each step into
// the subnormal range, and on Intel cores every operation on a subnormal float
// takes a microcode assist of ~100 cycles: Adam was 41% of a Fashion-MNIST CNN
// epoch on such a machine. Flushed, a moment below 1.2e-38 is 0, which changes
// that parameter's update by less than lr * 1e-30.
class FlushDenormals {
public:
#if defined(__SSE__)
    FlushDenormals() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | kFtz | kDaz); }
    ~FlushDenormals() { _mm_setcsr(saved_); }
private:
    static constexpr unsigned kFtz = 0x8000, kDaz = 0x0040;
    unsigned saved_;
#endif
public:
    FlushDenormals(const FlushDenormals&) = delete;
    FlushDenormals& operator=(const FlushDenormals&) = delete;
};

// How the decay terms enter the effective gradient.
enum class Decay { None, All, Masked };

struct StepScalars {
    float lr = 0;
    float clip = 1;   // clipScale
    float wd = 0;     // weightDecay
    float l1 = 0;
};

// Elements per chunk for the kernels that need sqrt (at most 1 KB of stack
// per buffer). On the MLP's 109k-parameter buffer 64 and 128 measured about
// the same and close to one fused loop built with -fno-math-errno; 256 and
// 1024 were 1.3-1.6x slower.
constexpr std::size_t kChunk = 128;

// den[i] = sqrt(den[i]) * scale + eps for i < len, vectorised by Eigen.
// g++ 12 reports a false "used uninitialized" inside avx512fintrin.h when it
// inlines Eigen's AVX-512 sqrt here with a known length (the self-initialised
// placeholder of _mm512_rsqrt14_ps, the same GCC bug as the project-wide
// -Wno-maybe-uninitialized); it is silenced for this function only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
inline void sqrtDenominator(float* den, std::size_t len, float scale, float eps) {
    Eigen::Map<Eigen::ArrayXf, Eigen::Aligned64> d(den, static_cast<Eigen::Index>(len));
    d = d.sqrt() * scale + eps;
}
#pragma GCC diagnostic pop

template <Decay D>
inline float effectiveGrad(float g, float w, std::uint8_t mask, const StepScalars& s) {
    float e = g * s.clip;
    if constexpr (D != Decay::None) {
        const float sign = (w > 0.0f ? 1.0f : 0.0f) - (w < 0.0f ? 1.0f : 0.0f);
        float d = s.wd * w + s.l1 * sign;
        if constexpr (D == Decay::Masked) d = mask != 0 ? d : 0.0f;
        e += d;
    } else {
        (void)w;
        (void)mask;
    }
    return e;
}

template <Decay D>
void sgdKernel(float* __restrict w, const float* __restrict g, const std::uint8_t* __restrict mask,
               std::size_t n, StepScalars s) {
    for (std::size_t i = 0; i < n; ++i) {
        const float gi = effectiveGrad<D>(g[i], w[i], D == Decay::Masked ? mask[i] : 1, s);
        w[i] -= s.lr * gi;
    }
}

template <Decay D, bool Nesterov>
void momentumKernel(float* __restrict w, const float* __restrict g, const std::uint8_t* __restrict mask,
                    float* __restrict vel, std::size_t n, StepScalars s, float mu) {
    for (std::size_t i = 0; i < n; ++i) {
        const float gi = effectiveGrad<D>(g[i], w[i], D == Decay::Masked ? mask[i] : 1, s);
        const float vi = mu * vel[i] + gi;
        vel[i] = vi;
        if constexpr (Nesterov)
            w[i] -= s.lr * (gi + mu * vi);
        else
            w[i] -= s.lr * vi;
    }
}

struct AdamScalars {
    float b1, b2, c1, c2;  // c = 1 - b
    float stepSize;        // lr / (1 - b1^t)
    float invSqrtBc2;      // 1 / sqrt(1 - b2^t)
    float eps;
};

// One chunk of Adam. The update stepSize * m / (sqrt(v) * invSqrtBc2 + eps)
// equals lr * mhat / (sqrt(vhat) + eps). Len != 0: a full chunk of
// compile-time length (fixed trip counts, no loop epilogues); Len == 0: the
// tail, len long.
template <Decay D, std::size_t Len>
inline void adamChunk(float* __restrict w, const float* __restrict g, const std::uint8_t* __restrict mask,
                      float* __restrict m, float* __restrict v, std::size_t len, const StepScalars& s,
                      const AdamScalars& a) {
    const std::size_t count = Len != 0 ? Len : len;
    alignas(64) float den[kChunk];
    for (std::size_t i = 0; i < count; ++i) {
        const float gi = effectiveGrad<D>(g[i], w[i], D == Decay::Masked ? mask[i] : 1, s);
        const float mi = a.b1 * m[i] + a.c1 * gi;
        const float vi = a.b2 * v[i] + a.c2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        den[i] = vi;
    }
    sqrtDenominator(den, count, a.invSqrtBc2, a.eps);
    for (std::size_t i = 0; i < count; ++i) w[i] -= a.stepSize * m[i] / den[i];
}

template <Decay D>
void adamKernel(float* w, const float* g, const std::uint8_t* mask, float* m, float* v, std::size_t n,
                const StepScalars& s, const AdamScalars& a) {
    std::size_t i = 0;
    for (; i + kChunk <= n; i += kChunk)
        adamChunk<D, kChunk>(w + i, g + i, D == Decay::Masked ? mask + i : nullptr, m + i, v + i, kChunk, s, a);
    if (i < n) adamChunk<D, 0>(w + i, g + i, D == Decay::Masked ? mask + i : nullptr, m + i, v + i, n - i, s, a);
}

// One chunk of RMSProp: v = rho v + (1-rho) g^2;  w -= lr g / (sqrt(v) + eps).
template <Decay D, std::size_t Len>
inline void rmspropChunk(float* __restrict w, const float* __restrict g, const std::uint8_t* __restrict mask,
                         float* __restrict v, std::size_t len, const StepScalars& s, float rho, float eps) {
    const std::size_t count = Len != 0 ? Len : len;
    const float c = 1.0f - rho;
    alignas(64) float den[kChunk];
    alignas(64) float ge[kChunk];
    for (std::size_t i = 0; i < count; ++i) {
        const float gi = effectiveGrad<D>(g[i], w[i], D == Decay::Masked ? mask[i] : 1, s);
        const float vi = rho * v[i] + c * gi * gi;
        v[i] = vi;
        ge[i] = gi;
        den[i] = vi;
    }
    sqrtDenominator(den, count, 1.0f, eps);
    for (std::size_t i = 0; i < count; ++i) w[i] -= s.lr * ge[i] / den[i];
}

template <Decay D>
void rmspropKernel(float* w, const float* g, const std::uint8_t* mask, float* v, std::size_t n,
                   const StepScalars& s, float rho, float eps) {
    std::size_t i = 0;
    for (; i + kChunk <= n; i += kChunk)
        rmspropChunk<D, kChunk>(w + i, g + i, D == Decay::Masked ? mask + i : nullptr, v + i, kChunk, s, rho, eps);
    if (i < n) rmspropChunk<D, 0>(w + i, g + i, D == Decay::Masked ? mask + i : nullptr, v + i, n - i, s, rho, eps);
}

// Runs the kernel instantiated for the decay mode D.
template <Decay D>
void runStep(const OptimizerConfig& c, const Optimizer::Plan& plan, float* w, const float* g, const std::uint8_t* mask,
             float* m, float* v, std::size_t n, const StepScalars& s) {
    switch (c.kind) {
        case OptimizerKind::SGD: sgdKernel<D>(w, g, mask, n, s); break;
        case OptimizerKind::Momentum:
            if (c.nesterov)
                momentumKernel<D, true>(w, g, mask, m, n, s, static_cast<float>(c.momentum));
            else
                momentumKernel<D, false>(w, g, mask, m, n, s, static_cast<float>(c.momentum));
            break;
        case OptimizerKind::Adam: {
            AdamScalars a;
            a.b1 = static_cast<float>(c.beta1);
            a.b2 = static_cast<float>(c.beta2);
            a.c1 = static_cast<float>(1.0 - c.beta1);
            a.c2 = static_cast<float>(1.0 - c.beta2);
            a.stepSize = static_cast<float>(static_cast<double>(s.lr) / plan.correction1);
            a.invSqrtBc2 = static_cast<float>(1.0 / std::sqrt(plan.correction2));
            a.eps = static_cast<float>(c.epsilon);
            adamKernel<D>(w, g, mask, m, v, n, s, a);
            break;
        }
        case OptimizerKind::RMSProp:
            rmspropKernel<D>(w, g, mask, v, n, s, static_cast<float>(c.rho), static_cast<float>(c.epsilon));
            break;
    }
}

}  // namespace

std::string_view optimizerName(OptimizerKind k) {
    switch (k) {
        case OptimizerKind::SGD: return "sgd";
        case OptimizerKind::Momentum: return "momentum";
        case OptimizerKind::Adam: return "adam";
        case OptimizerKind::RMSProp: return "rmsprop";
    }
    return "unknown";
}

Result<OptimizerKind> optimizerFromName(std::string_view name) {
    std::string valid;
    for (OptimizerKind k : {OptimizerKind::SGD, OptimizerKind::Momentum, OptimizerKind::Adam, OptimizerKind::RMSProp}) {
        if (optimizerName(k) == name) return k;
        if (!valid.empty()) valid += ", ";
        valid += optimizerName(k);
    }
    return makeError("unknown optimizer \"" + std::string(name) + "\"; expected one of: " + valid);
}

Optimizer::Optimizer(const OptimizerConfig& config, std::size_t n) : config_(config), n_(n) {
    switch (config_.kind) {
        case OptimizerKind::SGD: break;
        case OptimizerKind::Momentum: m_.assign(n_, 0.0f); break;
        case OptimizerKind::Adam:
            m_.assign(n_, 0.0f);
            v_.assign(n_, 0.0f);
            break;
        case OptimizerKind::RMSProp: v_.assign(n_, 0.0f); break;
    }
}

void Optimizer::setDecayMask(std::vector<std::uint8_t> mask) {
    assert(mask.empty() || mask.size() == n_);
    if (!mask.empty() && mask.size() != n_) mask.clear();  // contract breach: fall back to "everywhere"
    decayMask_ = std::move(mask);
}

void Optimizer::reset() {
    t_ = 0;
    std::fill(m_.begin(), m_.end(), 0.0f);
    std::fill(v_.begin(), v_.end(), 0.0f);
}

void Optimizer::step(std::span<Scalar> params, std::span<const Scalar> grads, double lr) {
    assert(params.size() == n_ && grads.size() == n_);
    apply(begin(grads, lr), params, grads, 0);
}

Optimizer::Plan Optimizer::begin(std::span<const Scalar> grads, double lr) {
    Plan plan;
    plan.t = ++t_;
    plan.lr = lr;
    const double t = static_cast<double>(plan.t);
    plan.correction1 = 1.0 - std::pow(config_.beta1, t);
    plan.correction2 = 1.0 - std::pow(config_.beta2, t);
    if (config_.clipNorm > 0.0 && !grads.empty()) {
        const double norm =
            static_cast<double>(ConstVectorMap(grads.data(), static_cast<Eigen::Index>(grads.size())).norm());
        if (norm > config_.clipNorm) plan.clip = config_.clipNorm / norm;
    }
    return plan;
}

void Optimizer::apply(const Plan& plan, std::span<Scalar> params, std::span<const Scalar> grads,
                      std::size_t first) {
    assert(params.size() == grads.size() && first + params.size() <= n_);
    const std::size_t n = std::min(params.size(), first <= n_ ? n_ - first : 0);
    StepScalars s;
    s.lr = static_cast<float>(plan.lr);
    s.wd = static_cast<float>(config_.weightDecay);
    s.l1 = static_cast<float>(config_.l1);
    s.clip = static_cast<float>(plan.clip);

    float* w = params.data();
    const float* g = grads.data();
    float* m = m_.empty() ? nullptr : m_.data() + first;
    float* v = v_.empty() ? nullptr : v_.data() + first;
    const bool decay = config_.weightDecay != 0.0 || config_.l1 != 0.0;
    const FlushDenormals flush;
    if (!decay)
        runStep<Decay::None>(config_, plan, w, g, nullptr, m, v, n, s);
    else if (decayMask_.empty())
        runStep<Decay::All>(config_, plan, w, g, nullptr, m, v, n, s);
    else
        runStep<Decay::Masked>(config_, plan, w, g, decayMask_.data() + first, m, v, n, s);
}

double Optimizer::penalty(std::span<const Scalar> params) const {
    assert(params.size() == n_);
    if (config_.weightDecay == 0.0 && config_.l1 == 0.0) return 0.0;
    double squares = 0, absolutes = 0;
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (!decayMask_.empty() && !decayMask_[i]) continue;
        const double w = params[i];
        squares += w * w;
        absolutes += std::abs(w);
    }
    return config_.weightDecay / 2 * squares + config_.l1 * absolutes;
}

}  // namespace layerlab::core
