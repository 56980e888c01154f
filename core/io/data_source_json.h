// The "data" object of the .layerlab file: the data source (synthetic, IDX or
// CSV with its options) and its preprocessing, to JSON and back. Part of the
// project file format (project.h); split out to keep files about one idea.
#pragma once

#include "core/io/project.h"

#include <nlohmann/json.hpp>

namespace layerlab::core {

// ensures: {"kind": ...} plus the kind's fields and, unless kind is none,
//   "preprocessing": {"normalization", "testSplit"[, "offset", "scale" when fitted]}.
//   Floats are written in their shortest form that reads back to the same float.
nlohmann::json dataSourceToJson(const DataSource& d);
// requires: j the value of "data". Throws jsonfields::FieldError naming the bad field
//   (e.g. "field 'data.preprocessing.normalization': unknown normalization ...").
//   Fields that are absent take their defaults (files older than a field still load).
DataSource dataSourceFromJson(const nlohmann::json& j);

}  // namespace layerlab::core
