#include "app/series_report.h"

#include "core/train/forecast.h"

#include <cstdio>
#include <string>

namespace layerlab::app {

namespace {

const char* s(long n) { return n == 1 ? "" : "s"; }

}  // namespace

void printSeriesSetup(const core::Project& project, const core::ProjectData& data) {
    const core::SeriesOptions& o = data.series ? *data.series : project.data.series;
    const core::Dataset& train = *data.train;
    std::printf("series: %zu rows by %s%s; windows of %d step%s x %d feature%s, target %d step%s ahead, stride %d; "
                "split by time %d / %d / %d windows\n",
                data.seriesTime.size(), train.timeName.c_str(), train.timeIsDate ? " (dates)" : "", o.window,
                s(o.window), train.inputShape.isSequence() ? train.inputShape.dims[1] : 1,
                s(train.inputShape.isSequence() ? train.inputShape.dims[1] : 1), o.horizon, s(o.horizon), o.stride,
                train.count(), data.validation ? data.validation->count() : 0, data.test ? data.test->count() : 0);
    std::printf("series: scaling %s %s", std::string(core::seriesScalingName(o.scaling)).c_str(),
                data.preprocessingReused ? "(as saved in the project)" : "(fitted on the training rows only)");
    if (data.boundaryWindows > 0)
        std::printf("; %ld window%s crossing a split boundary left out", data.boundaryWindows, s(data.boundaryWindows));
    if (data.filledValues > 0)
        std::printf("; %ld missing value%s interpolated", data.filledValues, s(data.filledValues));
    if (data.droppedWindows > 0)
        std::printf("; %ld window%s with a missing value dropped", data.droppedWindows, s(data.droppedWindows));
    if (data.sortedByTime) std::printf("; rows put in time order (the file was newest first)");
    std::printf("\n");
}

void printForecast(core::Network& net, const core::Project& project, const core::ProjectData& data) {
    const core::SeriesOptions& o = data.series ? *data.series : project.data.series;
    const std::string units = o.targetColumn.empty() ? std::string("the target") : o.targetColumn;
    const std::pair<const char*, const core::Dataset*> splits[] = {
        {"training", data.train.get()}, {"validation", data.validation.get()}, {"test", data.test.get()}};
    std::printf("forecast in %s's own units (naive = the last value seen):\n", units.c_str());
    for (const auto& [name, d] : splits) {
        if (!d || d->count() == 0) continue;
        const core::ForecastSplit f = core::forecastSplit(net, *d, name);
        std::printf("  %-10s R^2 %7.4f  MAE %10.4g  RMSE %10.4g   naive R^2 %7.4f  MAE %10.4g  RMSE %10.4g  (%d windows)\n",
                    name, f.model.r2, f.model.mae, f.model.rmse, f.baseline.r2, f.baseline.mae, f.baseline.rmse,
                    d->count());
    }
}

}  // namespace layerlab::app
