// Raw samples -> the network's input, the way the project's training data were
// made: `layerlab predict` reads a file of new samples with it, and the PyTorch
// export writes the same schema into its script (`preprocess(raw)`), so both
// turn the same raw numbers into the same input.
//
// A schema is plain values taken from the project and its loaded data
// (rawInputSchema): which columns are features, the one-hot categories the
// training file had, the image size, the series window, and the FITTED
// transform. Nothing is fitted on the samples being predicted.
//
// The raw files (readRawInput):
//   Csv     a CSV with the training file's feature columns, found by their
//           header names in any order (other columns, such as the target, are
//           ignored); without a header, the training file's columns in order,
//           or only the feature columns in order. A text column gives its
//           one-hot features; a category the training data did not have is an
//           error naming the line, column and value.
//   Vector  (synthetic data) a CSV of the features in order, extra columns
//           (a target) ignored; a first row of text is a header.
//   Images  an IDX file of images (raw or gzip) of the Input's height x width
//           (x channels); raw values are the bytes 0..255.
//   Series  a CSV with the series' time column and value columns; every window
//           of `window` rows (every `stride` rows from the first) is one
//           sample, the last window ending at the last row, so the prediction
//           for the rows after the data is included.
// Thread: plain functions and values; safe from any thread.
#pragma once

#include "core/common/result.h"
#include "core/common/shape.h"
#include "core/data/series_options.h"
#include "core/io/project.h"

#include <string>
#include <vector>

namespace layerlab::core {

struct ProjectData;

enum class RawInputKind { Vector, Csv, Images, Series };

struct RawFeature {
    std::string column;    // the training file's column
    std::string category;  // one-hot feature "column=category"; empty for a numeric column
    bool operator==(const RawFeature&) const = default;
};

struct RawInputSchema {
    RawInputKind kind = RawInputKind::Vector;
    Shape inputShape;  // one sample as the network reads it
    // Csv, Vector and Images: input = (raw - offset[k]) * scale[k] per feature k
    // (float arithmetic, in that order); empty = the raw values as they are.
    std::vector<float> offset, scale;
    // Csv
    char delimiter = ',';
    bool header = true;                  // the training file had a header row
    int skipLines = 0;                   // lines above the table in the training file
    std::vector<std::string> columns;    // the training file's columns, in order
    std::vector<RawFeature> features;    // one per network input, in order
    // Series: the value columns (network features per step, in order), the time
    // column ("" = none), the window and stride, and the fitted scaling
    // input = (raw - seriesOffset[f]) / seriesScale[f] (empty = none).
    std::vector<std::string> seriesColumns;
    std::string timeColumn;
    int window = 0, stride = 1;
    std::vector<float> seriesOffset, seriesScale;
    // What the outputs mean: class names (classification), or none (regression).
    bool classification = false;
    std::vector<std::string> classNames;
};

// requires: data loaded by loadProjectData(project, ...) (its fitted preprocessing
//           and the training set's feature names are read from it).
// ensures: the schema of the project's data kind; an error when the project has
//          no data source, or the training file's header cannot be read.
Result<RawInputSchema> rawInputSchema(const Project& project, const ProjectData& data,
                                      const std::string& projectDir);

struct RawInput {
    int count = 0;              // samples
    std::vector<float> values;  // count x inputShape.size(), sample-major, transformed
    std::vector<long> lines;    // Csv/Vector/Series: the line of each sample (series: its last row)
};

// Samples at most (keeps a mistaken 100 GB file from filling memory).
inline constexpr long kMaxRawSamples = 100'000'000;

// ensures: the samples of the file at path turned into network input by the
//          schema; at least one sample. Errors name the file and, for text, the
//          line and column (and value) that cannot be read; an image file of
//          another size and a series shorter than one window say what was
//          expected. Special files are refused (file_read.h); memory is
//          checked as the samples grow.
Result<RawInput> readRawInput(const RawInputSchema& schema, const std::string& path);

}  // namespace layerlab::core
