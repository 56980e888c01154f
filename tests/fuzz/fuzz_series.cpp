// libFuzzer entry point for the time-series reader and windowing: any bytes
// must give windows or an Error, never a crash, a hang or an unbounded
// allocation. The first two bytes pick the window, horizon, stride, split
// fractions, scaling and missing-value rule; windows that come out must keep
// the series module's promises (shapes, no window across a split, finite
// scaled values, exact inverse of the target's scaling).
#include "core/data/series.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace layerlab::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const unsigned a = data[0], b = data[1];
    const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
    SeriesOptions o;
    o.window = 1 + static_cast<int>(a % 12);
    o.horizon = 1 + static_cast<int>((a >> 4) % 3);
    o.stride = 1 + static_cast<int>(b % 3);
    o.validationFraction = ((b >> 2) & 3) * 0.1;
    o.testFraction = ((b >> 4) & 3) * 0.1;
    o.scaling = static_cast<SeriesScaling>((b >> 6) % 3);
    o.missing = (a & 0x80) ? SeriesMissing::DropWindows : SeriesMissing::Interpolate;
    auto raw = parseRawSeries(text, "fuzz-input", o);
    if (!raw) {
        if (raw.error().message.empty()) std::abort();
        return 0;
    }
    if (raw->values.size() != static_cast<std::size_t>(raw->rows()) * raw->columns.size()) std::abort();
    for (std::size_t i = 1; i < raw->time.size(); ++i)
        if (!(raw->time[i] > raw->time[i - 1])) std::abort();
    auto s = windowSeries(*raw, o);
    if (!s) {
        if (s.error().message.empty()) std::abort();
        return 0;
    }
    for (const Dataset* d : {&s->train, &s->validation, &s->test}) {
        const auto n = static_cast<std::size_t>(d->count());
        if (d->inputShape.rank() != 2 || d->inputShape.dims[0] != o.window) std::abort();
        if (d->targets.size() != n || d->sampleTime.size() != n || d->naiveForecast.size() != n) std::abort();
        if (d->values.size() != n * static_cast<std::size_t>(d->inputShape.size())) std::abort();
        if (o.missing == SeriesMissing::Interpolate)
            for (float v : d->values)
                if (!std::isfinite(v)) std::abort();
        if (!(d->targetScale != 0) || !std::isfinite(d->targetScale)) std::abort();
    }
    // Splits in time order: every validation window after every training one, every test window after both.
    auto last = [](const Dataset& d) { return d.sampleTime.empty() ? -HUGE_VAL : d.sampleTime.back(); };
    auto first = [](const Dataset& d) { return d.sampleTime.empty() ? HUGE_VAL : d.sampleTime.front(); };
    if (first(s->validation) <= last(s->train) || first(s->test) <= last(s->validation) ||
        first(s->test) <= last(s->train))
        std::abort();
    return 0;
}
