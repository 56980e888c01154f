// The "data" object of the .layerlab file: the data source (synthetic, IDX or
// CSV with its options) and its preprocessing, to JSON and back. Part of the
// project file format (project.h); split out to keep files about one idea.
#pragma once

#include "core/io/project.h"

#include <nlohmann/json.hpp>

#include <cstdint>

namespace layerlab::core {

// ensures: {"kind": ...} plus the kind's fields and "preprocessing": {"normalization",
//   "testSplit", "validationSplit", "splitSeed"[, "offset", "scale" when fitted]}
//   (also for kind none, so the validation split a project chose is kept).
//   Floats are written in their shortest form that reads back to the same float.
nlohmann::json dataSourceToJson(const DataSource& d);

// The split of files saved before it moved to the data source: "training.validationSplit"
// and "training.seed" (parseProject reads them and passes them here).
struct SplitDefaults {
    double validationSplit = Preprocessing{}.validationSplit;
    std::uint64_t splitSeed = Preprocessing{}.splitSeed;
};
// requires: j the value of "data" (an empty object when the file has none). Throws
//   jsonfields::FieldError naming the bad field (e.g. "field
//   'data.preprocessing.validationSplit' must be in [0, 1)").
//   Fields that are absent take their defaults (files older than a field still load);
//   an absent "validationSplit" or "splitSeed" takes older's.
DataSource dataSourceFromJson(const nlohmann::json& j, const SplitDefaults& older = {});

}  // namespace layerlab::core
