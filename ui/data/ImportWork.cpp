#include "ui/data/ImportWork.h"

#include "core/io/project_data.h"

namespace layerlab::ui {

core::Project dataProject(const core::DataSource& source) {
    core::Project p;
    p.data = source;
    return p;
}

double startingValidationSplit(const core::Project* current) {
    return current ? current->data.preprocessing.validationSplit : core::Preprocessing{}.validationSplit;
}

void setImportSplit(core::Preprocessing& p, double validationSplit, const core::Project* current) {
    p.validationSplit = validationSplit;
    p.splitSeed = current ? current->data.preprocessing.splitSeed : core::Preprocessing{}.splitSeed;
}

LoadOutcome loadProjectWork(const core::Project& project, const std::string& projectDir,
                            const core::CsvProgress& progress) {
    LoadOutcome out;
    auto r = core::loadProjectData(project, projectDir, progress);
    if (!r) {
        out.error = r.error();
        return out;
    }
    if (progress.stop.stop_requested()) {
        out.error = core::makeError("cancelled");
        return out;
    }
    out.data = std::make_shared<const core::ProjectData>(std::move(r).value());
    return out;
}

}  // namespace layerlab::ui
