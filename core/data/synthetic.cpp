// The synthetic classroom data sets. Every random number comes from
// core/common/random.h (never from <random>'s distributions), so a seed gives the
// same points with every standard library. Samples are stored class by class
// (class 0 first); the trainer shuffles.
//
//   xor      four Gaussian clusters around (+-1, +-1); label 1 where the signs of the
//            centre differ. samples == 4 and noise == 0: the truth table with 0/1 inputs.
//   circles  label 0 on a ring of radius 1, label 1 on a circle of radius 0.5 (angles
//            uniform), plus noise on both coordinates (sklearn's make_circles, factor 0.5).
//   moons    sklearn's make_moons: upper half circle (label 0) and the lower half circle
//            shifted by (1, -0.5) (label 1), angles evenly spaced, plus coordinate noise.
//   spirals  CS231n's spiral: arm k has r = linspace(0, 1), t = linspace(4k, 4k + 4) +
//            noise * normal, point r * (sin t, cos t). Noise perturbs the angle.
//   blobs    `classes` Gaussian blobs with centres evenly spaced on a circle of radius 2
//            (the first at angle 0) and standard deviation max(noise, 0.05).
//   sine     regression: x uniform in [-pi, pi), target sin(x) + noise * normal.
#include "core/data/synthetic.h"

#include "core/common/random.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace layerlab::core {

namespace {

struct KindName {
    SyntheticKind kind;
    std::string_view name;
};
constexpr std::array<KindName, 6> kNames = {{{SyntheticKind::Xor, "xor"},
                                             {SyntheticKind::Circles, "circles"},
                                             {SyntheticKind::Moons, "moons"},
                                             {SyntheticKind::Spirals, "spirals"},
                                             {SyntheticKind::Blobs, "blobs"},
                                             {SyntheticKind::Sine, "sine"}}};

// Appends one 2-D point with its label.
struct Builder {
    Dataset& d;
    void add(double x, double y, int label) {
        d.values.push_back(static_cast<float>(x));
        d.values.push_back(static_cast<float>(y));
        d.labels.push_back(label);
    }
};

// Samples of class k when n samples are shared among `classes` (the first n % classes get one more).
int shareOf(int n, int classes, int k) { return n / classes + (k < n % classes ? 1 : 0); }

// linspace(lo, hi, n)[i], with n == 1 giving lo.
double linspace(double lo, double hi, int n, int i) {
    return n <= 1 ? lo : lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(n - 1);
}

void makeXor(Dataset& d, const SyntheticOptions& o, Rng& rng) {
    Builder b{d};
    if (o.samples == 4 && o.noise == 0.0) {
        b.add(0, 0, 0);
        b.add(0, 1, 1);
        b.add(1, 0, 1);
        b.add(1, 1, 0);
        return;
    }
    // Quadrant q: x sign from bit 1, y sign from bit 0, in truth-table order.
    for (int q = 0; q < 4; ++q) {
        const double cx = (q & 2) ? 1.0 : -1.0;
        const double cy = (q & 1) ? 1.0 : -1.0;
        const int label = (cx * cy < 0) ? 1 : 0;
        const int n = shareOf(o.samples, 4, q);
        for (int i = 0; i < n; ++i) {
            const double nx = o.noise * normal(rng);
            const double ny = o.noise * normal(rng);
            b.add(cx + nx, cy + ny, label);
        }
    }
}

void makeCircles(Dataset& d, const SyntheticOptions& o, Rng& rng) {
    Builder b{d};
    const double radius[2] = {1.0, 0.5};
    for (int k = 0; k < 2; ++k) {
        const int n = shareOf(o.samples, 2, k);
        for (int i = 0; i < n; ++i) {
            const double t = uniform(rng, 0.0, 2.0 * std::numbers::pi);
            const double nx = o.noise * normal(rng);
            const double ny = o.noise * normal(rng);
            b.add(radius[k] * std::cos(t) + nx, radius[k] * std::sin(t) + ny, k);
        }
    }
}

void makeMoons(Dataset& d, const SyntheticOptions& o, Rng& rng) {
    Builder b{d};
    for (int k = 0; k < 2; ++k) {
        const int n = shareOf(o.samples, 2, k);
        for (int i = 0; i < n; ++i) {
            const double t = linspace(0.0, std::numbers::pi, n, i);
            const double x = k == 0 ? std::cos(t) : 1.0 - std::cos(t);
            const double y = k == 0 ? std::sin(t) : 0.5 - std::sin(t);
            const double nx = o.noise * normal(rng);
            const double ny = o.noise * normal(rng);
            b.add(x + nx, y + ny, k);
        }
    }
}

void makeSpirals(Dataset& d, const SyntheticOptions& o, Rng& rng) {
    Builder b{d};
    for (int k = 0; k < o.classes; ++k) {
        const int n = shareOf(o.samples, o.classes, k);
        for (int i = 0; i < n; ++i) {
            const double r = linspace(0.0, 1.0, n, i);
            const double t = linspace(4.0 * k, 4.0 * (k + 1), n, i) + o.noise * normal(rng);
            b.add(r * std::sin(t), r * std::cos(t), k);
        }
    }
}

void makeBlobs(Dataset& d, const SyntheticOptions& o, Rng& rng) {
    Builder b{d};
    const double sd = std::max(o.noise, 0.05);
    for (int k = 0; k < o.classes; ++k) {
        const double a = 2.0 * std::numbers::pi * k / o.classes;
        const double cx = 2.0 * std::cos(a), cy = 2.0 * std::sin(a);
        const int n = shareOf(o.samples, o.classes, k);
        for (int i = 0; i < n; ++i) {
            const double nx = sd * normal(rng);
            const double ny = sd * normal(rng);
            b.add(cx + nx, cy + ny, k);
        }
    }
}

void makeSine(Dataset& d, const SyntheticOptions& o, Rng& rng) {
    d.values.reserve(static_cast<std::size_t>(o.samples));
    d.targets.reserve(static_cast<std::size_t>(o.samples));
    for (int i = 0; i < o.samples; ++i) {
        const double x = uniform(rng, -std::numbers::pi, std::numbers::pi);
        const double y = std::sin(x) + o.noise * normal(rng);
        d.values.push_back(static_cast<float>(x));
        d.targets.push_back(static_cast<float>(y));
    }
}

}  // namespace

std::string_view syntheticName(SyntheticKind k) {
    for (const auto& e : kNames)
        if (e.kind == k) return e.name;
    return "unknown";
}

Result<SyntheticKind> syntheticFromName(std::string_view name) {
    for (const auto& e : kNames)
        if (e.name == name) return e.kind;
    std::string known;
    for (const auto& e : kNames) {
        if (!known.empty()) known += ", ";
        known += e.name;
    }
    return makeError("unknown synthetic data set '" + std::string(name) + "'; expected one of " + known);
}

Result<Dataset> makeSynthetic(const SyntheticOptions& o) {
    if (o.samples < 1 || o.samples > kMaxSyntheticSamples)
        return makeError("a synthetic data set needs at least 1 sample and at most " +
                         std::to_string(kMaxSyntheticSamples) + ", got " + std::to_string(o.samples));
    if (o.classes < 2 || o.classes > kMaxSyntheticClasses)
        return makeError("the number of classes must be between 2 and " + std::to_string(kMaxSyntheticClasses) +
                         ", got " + std::to_string(o.classes));
    if (!(o.noise >= 0.0) || !std::isfinite(o.noise))
        return makeError("noise must be a finite number >= 0, got " + std::to_string(o.noise));

    if (syntheticName(o.kind) == "unknown")
        return makeError("unknown synthetic data set kind " + std::to_string(static_cast<int>(o.kind)));

    Dataset d;
    d.name = std::string(syntheticName(o.kind));
    Rng rng(o.seed);
    if (o.kind == SyntheticKind::Sine) {
        d.task = TaskKind::Regression;
        d.inputShape = Shape{1};
        d.targetDim = 1;
        makeSine(d, o, rng);
        return d;
    }

    d.task = TaskKind::Classification;
    d.inputShape = Shape{2};
    const int classes = (o.kind == SyntheticKind::Spirals || o.kind == SyntheticKind::Blobs) ? o.classes : 2;
    d.values.reserve(2 * static_cast<std::size_t>(o.samples));
    d.labels.reserve(static_cast<std::size_t>(o.samples));
    for (int k = 0; k < classes; ++k) d.classNames.push_back("class " + std::to_string(k));
    switch (o.kind) {
        case SyntheticKind::Xor: makeXor(d, o, rng); break;
        case SyntheticKind::Circles: makeCircles(d, o, rng); break;
        case SyntheticKind::Moons: makeMoons(d, o, rng); break;
        case SyntheticKind::Spirals: makeSpirals(d, o, rng); break;
        case SyntheticKind::Blobs: makeBlobs(d, o, rng); break;
        case SyntheticKind::Sine: break;  // handled above
    }
    return d;
}

}  // namespace layerlab::core
