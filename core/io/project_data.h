// Loads the data a project names: synthetic sets are generated, IDX and CSV
// files are read (paths relative to the project's folder when not absolute, see
// data_paths.h), then, in this order:
//  1. the test set: the IDX test files when given, else data.preprocessing.testSplit
//     of the data (stratified by class, seeded by data.preprocessing.splitSeed);
//  2. the validation set: data.preprocessing.validationSplit of what is left
//     (stratified, seeded by splitSeed; the training seed plays no part);
//  3. preprocessing FITTED ON THE TRAINING PART ONLY (or the project's fitted values
//     reused, see loadProjectData) and applied to train, validation and test.
// Thread: no shared state; safe to call off the GUI thread.
#pragma once

#include "core/common/result.h"
#include "core/data/csv_reader.h"
#include "core/data/dataset.h"
#include "core/data/preprocess.h"
#include "core/io/data_paths.h"
#include "core/io/project.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace layerlab::core {

struct ProjectData {
    std::shared_ptr<const Dataset> train;
    std::shared_ptr<const Dataset> validation;  // null when validationSplit == 0
    std::shared_ptr<const Dataset> test;        // null when the source has none
    // The preprocessing as applied: normalization and testSplit from the project,
    // offset/scale fitted on `train` (or reused). Unfitted when the normalization is None.
    // The GUI stores it in the document so a reload (and a trained model) sees the same transform.
    Preprocessing preprocessing;
    bool preprocessingReused = false;  // true when the project's fitted values were reused
    // CSV only: rows dropped and values filled for missing values (0 otherwise), and
    // how the file was read (lines skipped above the table, a count line, classes from numbers).
    long droppedRows = 0, filledValues = 0;
    int skippedLines = 0;
    std::optional<CsvCountLine> countLine;
    bool classesFromNumbers = false;
    // Series only (kind Series; empty/0 otherwise): the options with the scaling fitted on
    // the training rows (or reused: preprocessingReused), for the caller to store in the
    // project so a reload applies the same; windows dropped for a missing value and for
    // crossing a split; whether the file was newest-first; the whole time axis and the
    // target column in original units (the forecast plot). filledValues counts the
    // values interpolated.
    std::optional<SeriesOptions> series;
    long droppedWindows = 0, boundaryWindows = 0;
    bool sortedByTime = false;
    std::vector<double> seriesTime;
    std::vector<float> targetSeries;
};

// requires: projectDir the project file's folder ("" = the current directory).
// Series sources skip steps 1-3: the series module splits by time and scales (series.h).
// ensures: train non-empty; validation/test non-null only when they hold samples.
//   The project's fitted preprocessing is reused (not refitted) when it is fitted, has
//   the same normalization and as many values as the data has features; otherwise it
//   is fitted on the training part.
//   Errors name the file that is missing or broken, a split out of [0, 1), or say which
//   split left no samples. Only project.data is read.
//   progress (optional): the CSV reader reports through it and stops on its token; IDX
//   reports after each file pair; a stop request gives the Error "cancelled".
Result<ProjectData> loadProjectData(const Project& project, const std::string& projectDir,
                                    const CsvProgress& progress = {});

}  // namespace layerlab::core
