// Learning-rate schedules over 0-based epochs, and their names.
#include "core/optim/optimizer.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace layerlab::core {

std::string_view scheduleName(ScheduleKind k) {
    switch (k) {
        case ScheduleKind::Constant: return "constant";
        case ScheduleKind::Step: return "step";
        case ScheduleKind::Exponential: return "exponential";
        case ScheduleKind::Cosine: return "cosine";
    }
    return "unknown";
}

Result<ScheduleKind> scheduleFromName(std::string_view name) {
    std::string valid;
    for (ScheduleKind k : {ScheduleKind::Constant, ScheduleKind::Step, ScheduleKind::Exponential, ScheduleKind::Cosine}) {
        if (scheduleName(k) == name) return k;
        if (!valid.empty()) valid += ", ";
        valid += scheduleName(k);
    }
    return makeError("unknown learning-rate schedule \"" + std::string(name) + "\"; expected one of: " + valid);
}

// Constant:    baseLr
// Step:        baseLr * gamma^floor(epoch / stepEpochs)   (stepEpochs <= 0: constant)
// Exponential: baseLr * gamma^epoch
// Cosine:      minLr + (baseLr - minLr) * (1 + cos(pi * epoch / totalEpochs)) / 2,
//              epoch clamped to [0, totalEpochs]; totalEpochs <= 0: baseLr.
// Negative epochs count as 0.
double scheduledLearningRate(const ScheduleConfig& s, double baseLr, int epoch, int totalEpochs) {
    const int e = std::max(epoch, 0);
    switch (s.kind) {
        case ScheduleKind::Constant: return baseLr;
        case ScheduleKind::Step:
            if (s.stepEpochs <= 0) return baseLr;
            return baseLr * std::pow(s.gamma, static_cast<double>(e / s.stepEpochs));
        case ScheduleKind::Exponential: return baseLr * std::pow(s.gamma, static_cast<double>(e));
        case ScheduleKind::Cosine: {
            if (totalEpochs <= 0) return baseLr;
            const double frac = static_cast<double>(std::min(e, totalEpochs)) / static_cast<double>(totalEpochs);
            return s.minLr + (baseLr - s.minLr) * (1.0 + std::cos(std::numbers::pi * frac)) / 2.0;
        }
    }
    return baseLr;
}

}  // namespace layerlab::core
