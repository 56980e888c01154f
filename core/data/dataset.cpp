#include "core/data/dataset.h"

#include "core/common/random.h"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace layerlab::core {

int Dataset::count() const {
    const int f = featureCount();
    if (f <= 0) return 0;
    const std::size_t n = bytes.empty() ? values.size() : bytes.size();
    return static_cast<int>(n / static_cast<std::size_t>(f));
}

void Dataset::gatherInputs(std::span<const int> idx, Matrix& x) const {
    const int f = featureCount();
    const auto n = static_cast<Eigen::Index>(idx.size());
    if (x.rows() != f || x.cols() != n) x.resize(f, n);
    if (!bytes.empty()) {
        const float s = byteScale, o = byteOffset;
        for (Eigen::Index j = 0; j < n; ++j) {
            const std::uint8_t* src = bytes.data() + static_cast<std::size_t>(idx[j]) * f;
            float* dst = x.col(j).data();
            for (int k = 0; k < f; ++k) dst[k] = static_cast<float>(src[k]) * s + o;
        }
    } else {
        for (Eigen::Index j = 0; j < n; ++j)
            std::memcpy(x.col(j).data(), values.data() + static_cast<std::size_t>(idx[j]) * f,
                        sizeof(float) * static_cast<std::size_t>(f));
    }
}

void Dataset::gatherLabels(std::span<const int> idx, std::vector<int>& out) const {
    out.resize(idx.size());
    for (std::size_t j = 0; j < idx.size(); ++j) out[j] = labels[static_cast<std::size_t>(idx[j])];
}

void Dataset::gatherTargets(std::span<const int> idx, Matrix& y, int outputs) const {
    const auto n = static_cast<Eigen::Index>(idx.size());
    if (task == TaskKind::Regression) {
        if (y.rows() != targetDim || y.cols() != n) y.resize(targetDim, n);
        for (Eigen::Index j = 0; j < n; ++j)
            for (int k = 0; k < targetDim; ++k)
                y(k, j) = targets[static_cast<std::size_t>(idx[j]) * targetDim + k];
        return;
    }
    if (outputs == 1) {
        if (y.rows() != 1 || y.cols() != n) y.resize(1, n);
        for (Eigen::Index j = 0; j < n; ++j) y(0, j) = labels[static_cast<std::size_t>(idx[j])] != 0 ? 1.0f : 0.0f;
        return;
    }
    if (y.rows() != outputs || y.cols() != n) y.resize(outputs, n);
    y.setZero();
    for (Eigen::Index j = 0; j < n; ++j) {
        const int l = labels[static_cast<std::size_t>(idx[j])];
        if (l >= 0 && l < outputs) y(l, j) = 1.0f;
    }
}

std::vector<float> Dataset::sample(int i) const {
    Matrix x;
    const int one[1] = {i};
    gatherInputs(one, x);
    return std::vector<float>(x.data(), x.data() + x.size());
}

Dataset Dataset::subset(std::span<const int> idx) const {
    Dataset d;
    d.name = name;
    d.inputShape = inputShape;
    d.task = task;
    d.byteScale = byteScale;
    d.byteOffset = byteOffset;
    d.classNames = classNames;
    d.featureNames = featureNames;
    d.targetDim = targetDim;
    d.targetOffset = targetOffset;
    d.targetScale = targetScale;
    d.timeName = timeName;
    d.timeIsDate = timeIsDate;
    d.seriesHorizon = seriesHorizon;
    d.targetFeature = targetFeature;
    auto pick = [&idx](const auto& from, auto& to) {
        if (from.empty()) return;
        to.reserve(idx.size());
        for (int i : idx) to.push_back(from[static_cast<std::size_t>(i)]);
    };
    pick(sampleTime, d.sampleTime);
    pick(naiveForecast, d.naiveForecast);
    const auto f = static_cast<std::size_t>(featureCount());
    if (!bytes.empty()) {
        d.bytes.resize(idx.size() * f);
        for (std::size_t j = 0; j < idx.size(); ++j)
            std::memcpy(d.bytes.data() + j * f, bytes.data() + static_cast<std::size_t>(idx[j]) * f, f);
    } else {
        d.values.resize(idx.size() * f);
        for (std::size_t j = 0; j < idx.size(); ++j)
            std::memcpy(d.values.data() + j * f, values.data() + static_cast<std::size_t>(idx[j]) * f,
                        f * sizeof(float));
    }
    if (!labels.empty()) {
        d.labels.resize(idx.size());
        for (std::size_t j = 0; j < idx.size(); ++j) d.labels[j] = labels[static_cast<std::size_t>(idx[j])];
    }
    if (!targets.empty()) {
        const auto t = static_cast<std::size_t>(targetDim);
        d.targets.resize(idx.size() * t);
        for (std::size_t j = 0; j < idx.size(); ++j)
            for (std::size_t k = 0; k < t; ++k) d.targets[j * t + k] = targets[static_cast<std::size_t>(idx[j]) * t + k];
    }
    return d;
}

DatasetSplit splitDataset(const Dataset& all, double validationFraction, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<int> trainIdx, valIdx;
    auto splitGroup = [&](std::vector<int>& group) {
        shuffle(group, rng);
        const auto nVal = static_cast<std::size_t>(static_cast<double>(group.size()) * validationFraction + 0.5);
        valIdx.insert(valIdx.end(), group.begin(), group.begin() + static_cast<std::ptrdiff_t>(nVal));
        trainIdx.insert(trainIdx.end(), group.begin() + static_cast<std::ptrdiff_t>(nVal), group.end());
    };
    if (all.task == TaskKind::Classification && !all.labels.empty()) {
        std::vector<std::vector<int>> byClass(static_cast<std::size_t>(std::max(all.classCount(), 1)));
        for (int i = 0; i < all.count(); ++i) {
            const int l = all.labels[static_cast<std::size_t>(i)];
            if (l >= 0 && l < static_cast<int>(byClass.size())) byClass[static_cast<std::size_t>(l)].push_back(i);
        }
        for (auto& g : byClass) splitGroup(g);
    } else {
        std::vector<int> g(static_cast<std::size_t>(all.count()));
        for (int i = 0; i < all.count(); ++i) g[static_cast<std::size_t>(i)] = i;
        splitGroup(g);
    }
    std::sort(trainIdx.begin(), trainIdx.end());
    std::sort(valIdx.begin(), valIdx.end());
    DatasetSplit s{all.subset(trainIdx), all.subset(valIdx)};
    s.train.name = all.name + " (train)";
    s.validation.name = all.name + " (validation)";
    return s;
}

}  // namespace layerlab::core
