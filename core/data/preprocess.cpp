// Preprocessing: fitting and applying the per-feature affine transform.
//
// Domain of the transform: for an image set (uint8 bytes) x is the raw byte
// 0..255, so the fit does not depend on the set's current byteScale/byteOffset
// and applying it REPLACES that mapping (applying twice to an image set is
// harmless). For a float set x is the value as read; applying composes.
//
// A feature that is constant on the training part carries nothing to learn
// from: its scale is 0, so every later value of it (validation, test) maps to 0.
#include "core/data/preprocess.h"

#include "core/common/memory.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <sstream>

namespace layerlab::core {

namespace {

// Exact statistics of raw bytes, per feature: one 256-bin histogram each.
struct ByteStats {
    std::vector<float> min, mean, max, stddev;  // in byte units
};

ByteStats byteStats(const Dataset& data) {
    const auto f = static_cast<std::size_t>(data.featureCount());
    const auto n = static_cast<std::size_t>(data.count());
    std::vector<std::uint32_t> hist(f * 256, 0);
    const std::uint8_t* b = data.bytes.data();
    for (std::size_t i = 0; i < n; ++i, b += f)
        for (std::size_t k = 0; k < f; ++k) ++hist[k * 256 + b[k]];
    ByteStats s;
    s.min.assign(f, 0.0f);
    s.mean.assign(f, 0.0f);
    s.max.assign(f, 0.0f);
    s.stddev.assign(f, 0.0f);
    if (n == 0) return s;
    for (std::size_t k = 0; k < f; ++k) {
        const std::uint32_t* h = hist.data() + k * 256;
        int lo = 255, hi = 0;
        double sum = 0.0;
        for (int v = 0; v < 256; ++v) {
            if (h[v] == 0) continue;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            sum += static_cast<double>(h[v]) * v;
        }
        const double mean = sum / static_cast<double>(n);
        double ss = 0.0;
        for (int v = lo; v <= hi; ++v)
            if (h[v] != 0) ss += static_cast<double>(h[v]) * (v - mean) * (v - mean);
        s.min[k] = static_cast<float>(lo);
        s.max[k] = static_cast<float>(hi);
        s.mean[k] = static_cast<float>(mean);
        s.stddev[k] = static_cast<float>(std::sqrt(ss / static_cast<double>(n)));
    }
    return s;
}

// Statistics of float values (two passes in double: no cancellation).
FeatureStats floatStats(const Dataset& data) {
    const auto f = static_cast<std::size_t>(data.featureCount());
    const auto n = static_cast<std::size_t>(data.count());
    FeatureStats s;
    s.min.assign(f, 0.0f);
    s.mean.assign(f, 0.0f);
    s.max.assign(f, 0.0f);
    s.stddev.assign(f, 0.0f);
    if (n == 0) return s;
    std::vector<double> sum(f, 0.0), ss(f, 0.0);
    std::vector<float> lo(f, std::numeric_limits<float>::infinity());
    std::vector<float> hi(f, -std::numeric_limits<float>::infinity());
    const float* v = data.values.data();
    for (std::size_t i = 0; i < n; ++i, v += f)
        for (std::size_t k = 0; k < f; ++k) {
            sum[k] += v[k];
            lo[k] = std::min(lo[k], v[k]);
            hi[k] = std::max(hi[k], v[k]);
        }
    std::vector<double> mean(f);
    for (std::size_t k = 0; k < f; ++k) mean[k] = sum[k] / static_cast<double>(n);
    v = data.values.data();
    for (std::size_t i = 0; i < n; ++i, v += f)
        for (std::size_t k = 0; k < f; ++k) {
            const double d = static_cast<double>(v[k]) - mean[k];
            ss[k] += d * d;
        }
    for (std::size_t k = 0; k < f; ++k) {
        s.min[k] = lo[k];
        s.max[k] = hi[k];
        s.mean[k] = static_cast<float>(mean[k]);
        s.stddev[k] = static_cast<float>(std::sqrt(ss[k] / static_cast<double>(n)));
    }
    return s;
}

Error sizeError(const Preprocessing& p, int features) {
    if (!p.fitted())
        return makeError("the preprocessing (" + std::string(normalizationName(p.normalization)) +
                         ") has not been fitted to training data yet");
    return makeError("the preprocessing was fitted to " + std::to_string(p.scale.size()) +
                     " features but the data has " + std::to_string(features) +
                     "; load the data it was fitted on, or fit it again");
}

bool sizesMatch(const Preprocessing& p, std::size_t features) {
    return p.fitted() && p.scale.size() == features && p.offset.size() == features;
}

}  // namespace

std::string_view normalizationName(Normalization n) {
    switch (n) {
        case Normalization::None: return "none";
        case Normalization::Scale01: return "scale01";
        case Normalization::MinMax: return "minmax";
        case Normalization::ZScore: return "zscore";
    }
    return "none";
}

Result<Normalization> normalizationFromName(std::string_view name) {
    for (Normalization n : {Normalization::None, Normalization::Scale01, Normalization::MinMax,
                            Normalization::ZScore})
        if (normalizationName(n) == name) return n;
    return makeError("unknown normalization '" + std::string(name) +
                     "'; expected one of: none, scale01, minmax, zscore");
}

namespace {

void fitRaw(Preprocessing& p, const Dataset& train) {
    const auto f = static_cast<std::size_t>(train.featureCount());
    p.offset.assign(f, 0.0f);
    p.scale.assign(f, 1.0f);
    if (train.isImage()) {
        switch (p.normalization) {
            case Normalization::None: {
                // Keep the set's current mapping byte * byteScale + byteOffset.
                const float s = train.byteScale;
                const float o = s != 0.0f ? -train.byteOffset / s : 0.0f;
                p.offset.assign(f, o);
                p.scale.assign(f, s);
                return;
            }
            case Normalization::Scale01:
                p.scale.assign(f, 1.0f / 255.0f);
                return;
            case Normalization::MinMax:
            case Normalization::ZScore: {
                const ByteStats s = byteStats(train);
                for (std::size_t k = 0; k < f; ++k) {
                    const bool constant = s.min[k] == s.max[k];
                    if (p.normalization == Normalization::MinMax) {
                        p.offset[k] = s.min[k];
                        p.scale[k] = constant ? 0.0f : 1.0f / (s.max[k] - s.min[k]);
                    } else {
                        p.offset[k] = s.mean[k];
                        p.scale[k] = constant || s.stddev[k] <= 0.0f ? 0.0f : 1.0f / s.stddev[k];
                    }
                }
                return;
            }
        }
        return;
    }
    if (p.normalization == Normalization::None) return;
    const FeatureStats s = floatStats(train);
    for (std::size_t k = 0; k < f; ++k) {
        const bool constant = s.min[k] == s.max[k];
        switch (p.normalization) {
            case Normalization::None: break;
            case Normalization::Scale01: {
                const float m = std::max(std::fabs(s.min[k]), std::fabs(s.max[k]));
                p.scale[k] = m > 0.0f ? 1.0f / m : 0.0f;
                break;
            }
            case Normalization::MinMax:
                p.offset[k] = s.min[k];
                p.scale[k] = constant ? 0.0f : static_cast<float>(1.0 / (static_cast<double>(s.max[k]) - s.min[k]));
                break;
            case Normalization::ZScore:
                p.offset[k] = s.mean[k];
                p.scale[k] = constant || s.stddev[k] <= 0.0f ? 0.0f : 1.0f / s.stddev[k];
                break;
        }
    }
}

}  // namespace

void fitPreprocessing(Preprocessing& p, const Dataset& train) {
    fitRaw(p, train);
    // A spread below float's range (denormal) would give an infinite scale: treat it as constant.
    for (std::size_t k = 0; k < p.scale.size(); ++k)
        if (!std::isfinite(p.scale[k]) || !std::isfinite(p.offset[k])) p.scale[k] = 0.0f, p.offset[k] = 0.0f;
}

Status applyPreprocessing(const Preprocessing& p, Dataset& data) {
    const auto f = static_cast<std::size_t>(data.featureCount());
    if (!sizesMatch(p, f)) return sizeError(p, data.featureCount());
    const std::size_t n = static_cast<std::size_t>(data.count());
    if (data.isImage()) {
        const bool uniform =
            std::all_of(p.offset.begin(), p.offset.end(), [&](float o) { return o == p.offset[0]; }) &&
            std::all_of(p.scale.begin(), p.scale.end(), [&](float s) { return s == p.scale[0]; });
        if (uniform && f > 0) {
            data.byteScale = p.scale[0];
            data.byteOffset = -p.offset[0] * p.scale[0];
            return {};
        }
        if (auto m = checkMemory(4.0 * static_cast<double>(n) * static_cast<double>(f),
                                 "the images as 32-bit numbers (per-pixel normalisation) need");
            !m)
            return m.error();
        std::vector<float> values(n * f);
        // One table per feature would be 256*f floats; the direct formula is as fast here.
        const std::uint8_t* b = data.bytes.data();
        float* v = values.data();
        for (std::size_t i = 0; i < n; ++i, b += f, v += f)
            for (std::size_t k = 0; k < f; ++k) v[k] = (static_cast<float>(b[k]) - p.offset[k]) * p.scale[k];
        data.values = std::move(values);
        data.bytes.clear();
        data.bytes.shrink_to_fit();
        return {};
    }
    float* v = data.values.data();
    for (std::size_t i = 0; i < n; ++i, v += f)
        for (std::size_t k = 0; k < f; ++k) v[k] = (v[k] - p.offset[k]) * p.scale[k];
    return {};
}

Status applyPreprocessing(const Preprocessing& p, std::vector<float>& sample) {
    if (!sizesMatch(p, sample.size())) return sizeError(p, static_cast<int>(sample.size()));
    for (std::size_t k = 0; k < sample.size(); ++k) sample[k] = (sample[k] - p.offset[k]) * p.scale[k];
    return {};
}

bool invertible(const Preprocessing& p, int feature) {
    return p.fitted() && feature >= 0 && static_cast<std::size_t>(feature) < p.scale.size() &&
           static_cast<std::size_t>(feature) < p.offset.size() && p.scale[static_cast<std::size_t>(feature)] != 0;
}

double originalValue(const Preprocessing& p, int feature, double transformed) {
    if (!invertible(p, feature)) return transformed;
    const auto k = static_cast<std::size_t>(feature);
    return transformed / static_cast<double>(p.scale[k]) + static_cast<double>(p.offset[k]);
}

std::string describePreprocessing(const Preprocessing& p, int maxListed) {
    std::ostringstream s;
    s.precision(6);
    s << normalizationName(p.normalization);
    if (!p.fitted()) {
        s << (p.normalization == Normalization::None ? " (values as read)" : " (not fitted yet)");
        return s.str();
    }
    const std::size_t f = p.scale.size();
    const bool uniform = std::all_of(p.offset.begin(), p.offset.end(), [&](float o) { return o == p.offset[0]; }) &&
                         std::all_of(p.scale.begin(), p.scale.end(), [&](float x) { return x == p.scale[0]; });
    auto list = [&](const std::vector<float>& v) {
        s << '[';
        for (std::size_t k = 0; k < v.size(); ++k) s << (k ? ", " : "") << v[k];
        s << ']';
    };
    if (uniform) {
        s << ": (x - " << p.offset[0] << ") * " << p.scale[0]
          << (f == 1 ? std::string(" on its one feature") : " on all " + std::to_string(f) + " features");
    } else if (maxListed >= 0 && f <= static_cast<std::size_t>(maxListed)) {
        s << ": offset ";
        list(p.offset);
        s << ", scale ";
        list(p.scale);
    } else {
        const auto [olo, ohi] = std::minmax_element(p.offset.begin(), p.offset.end());
        const auto [slo, shi] = std::minmax_element(p.scale.begin(), p.scale.end());
        const auto constant = std::count(p.scale.begin(), p.scale.end(), 0.0f);
        s << ": per-feature offset in [" << *olo << ", " << *ohi << "], scale in [" << *slo << ", " << *shi << "] on "
          << f << " features";
        if (constant > 0) s << " (" << constant << " constant in training, mapped to 0)";
    }
    return s.str();
}

FeatureStats featureStats(const Dataset& data) {
    if (!data.isImage()) return floatStats(data);
    // Exact byte statistics mapped through the set's byte mapping (affine: min/max
    // swap when the scale is negative, the standard deviation scales by |s|).
    const ByteStats b = byteStats(data);
    const float s = data.byteScale, o = data.byteOffset;
    FeatureStats out;
    const std::size_t f = b.min.size();
    out.min.resize(f);
    out.mean.resize(f);
    out.max.resize(f);
    out.stddev.resize(f);
    for (std::size_t k = 0; k < f; ++k) {
        const float a = b.min[k] * s + o, c = b.max[k] * s + o;
        out.min[k] = std::min(a, c);
        out.max[k] = std::max(a, c);
        out.mean[k] = b.mean[k] * s + o;
        out.stddev[k] = b.stddev[k] * std::fabs(s);
    }
    return out;
}

std::vector<long> classHistogram(const Dataset& data) {
    std::vector<long> h(static_cast<std::size_t>(std::max(data.classCount(), 0)), 0);
    if (data.task != TaskKind::Classification) return h;
    for (int l : data.labels)
        if (l >= 0 && l < static_cast<int>(h.size())) ++h[static_cast<std::size_t>(l)];
    return h;
}

}  // namespace layerlab::core
