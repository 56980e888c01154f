// The loading pipelines the import dialogs and the DataManager run inside a
// LoadJob: read the files (with progress and the stop token), hold out the
// test set, split off validation, fit the preprocessing on the training part
// and apply it, all through core::loadProjectData so the dialogs produce
// exactly what the DataManager loads later from the saved project.
//
// Thread: run on the loading thread; arguments are values, nothing GUI.
#pragma once

#include "core/data/csv_reader.h"
#include "core/io/project.h"
#include "ui/data/LoadJob.h"

#include <string>

namespace layerlab::ui {

// requires: project.data names the data (paths absolute or relative to projectDir).
// ensures: outcome.data (train/validation/test) on success, outcome.error otherwise
//          ("cancelled" when progress.stop was requested).
LoadOutcome loadProjectWork(const core::Project& project, const std::string& projectDir,
                            const core::CsvProgress& progress);

// A Project holding only what loading needs: the data source (which also says
// how it is split: data.preprocessing's test and validation splits and split seed).
core::Project dataProject(const core::DataSource& source);

// The validation split an import dialog starts from: that of `current` (the
// document's project; null: the default).
double startingValidationSplit(const core::Project* current);
// The split an import asks for: validationSplit as chosen in the dialog and the
// split seed of `current` (the document's project; null: the default), so that
// importing again keeps drawing the same validation samples.
void setImportSplit(core::Preprocessing& p, double validationSplit, const core::Project* current);

}  // namespace layerlab::ui
