// The .layerlab project file: versioned JSON holding the graph (with node
// positions), the training settings, the data source and optionally the
// trained weights (little-endian float32, base64). Loading a malformed file,
// an unknown format or a newer version fails with a message naming the file,
// line and column (for JSON syntax) or the offending field.
#pragma once

#include "core/common/result.h"
#include "core/data/csv_options.h"
#include "core/data/preprocess_options.h"
#include "core/data/series_options.h"
#include "core/data/synthetic_options.h"
#include "core/graph/graph.h"
#include "core/layers/layer_registry.h"
#include "core/net/weights.h"
#include "core/train/train_config.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace layerlab::core {

inline constexpr int kProjectVersion = 1;

enum class DataKind { None, Synthetic, Idx, Csv, Series };

struct DataSource {
    DataKind kind = DataKind::None;
    SyntheticOptions synthetic;         // kind == Synthetic
    // kind == Idx: paths absolute or relative to the project file's folder.
    std::string trainImages, trainLabels, testImages, testLabels;
    bool fashion = false;               // Fashion-MNIST class names
    // kind == Csv: the file (absolute or relative to the project file's folder) and how to read it.
    // Saved as "data": {"kind": "csv", "path": ..., "options": {...}}.
    std::string csvPath;
    CsvOptions csv;
    // kind == Series: a time series, windowed (core/data/series.h): the CSV file
    // (absolute or relative to the project file's folder; empty when series.synthetic)
    // and how to window, split (chronologically) and scale it. Saved as
    // "data": {"kind": "series", "path": ..., "series": {"window", "horizon", "stride",
    // "delimiter", "valueColumns", "targetColumn", "timeColumn", "validationSplit",
    // "testSplit", "scaling", "missing"[, "synthetic": {generator}][, "offset", "scale",
    // "targetOffset", "targetScale" when fitted]}}. The series' own splits and scaling
    // are used; `preprocessing` plays no part for this kind.
    std::string seriesPath;
    SeriesOptions series;
    int limit = 0;                      // use only the first N training samples (0 = all; IDX and CSV)
    // Normalization, the test split (used when there are no test files), the
    // validation split of what is left, the seed of both splits and, once fitted
    // on the training part, the fitted offset/scale. Saved as
    // "data": {..., "preprocessing": {"normalization": "zscore", "testSplit": 0.2,
    // "validationSplit": 0.1, "splitSeed": 0, "offset": [...], "scale": [...]}}
    // (offset/scale only when fitted). Files without "validationSplit"/"splitSeed"
    // take "training.validationSplit" and "training.seed" (where they were before).
    // Whoever changes the normalization, the data or its columns clears offset/scale
    // so they are fitted again.
    Preprocessing preprocessing;
};

struct Project {
    std::string name;
    std::string description;
    Graph graph{LayerRegistry::builtin()};  // LayerLab's own layer types
    TrainConfig training;
    DataSource data;
    std::optional<Weights> weights;
};

// The largest project file LayerLab reads (weights of a large CNN are tens of MB).
inline constexpr std::uint64_t kMaxProjectBytes = std::uint64_t{1} << 30;

// Parses project JSON. `path` is only used in messages.
// ensures: every field range-checked (a number too large for its field is an
//          error naming the field, never wrapped); messages quote at most a
//          few dozen characters of a wrong value; nesting of any depth is safe.
Result<Project> parseProject(std::string_view json, const std::string& path = "project");
// ensures: as parseProject on the file's text; a path that is not a regular file
//          (folder, FIFO, device) or is larger than kMaxProjectBytes is refused
//          before anything is read (file_read.h).
Result<Project> loadProject(const std::string& path);
// Pretty-printed JSON; weights included when present and includeWeights.
std::string serializeProject(const Project& project, bool includeWeights = true);
// Writes through writeFileAtomically (common/atomic_file.h): a crash, a kill
// or a full disk never leaves a half-written project; a symlink stays a link
// and the file keeps its mode. Error names the file and the cause.
// Absolute data paths are written relative to path's folder when the data lies
// inside it or beside it (data_paths.h: storedDataPath); relative ones as they are.
Status saveProject(const Project& project, const std::string& path, bool includeWeights = true);

// base64 of the raw little-endian bytes of floats, and back (exact round trip).
std::string encodeFloats(const std::vector<float>& values);
Result<std::vector<float>> decodeFloats(std::string_view base64);

}  // namespace layerlab::core
