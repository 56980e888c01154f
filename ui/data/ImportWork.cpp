#include "ui/data/ImportWork.h"

#include "core/io/project_data.h"

namespace layerlab::ui {

core::Project dataProject(const core::DataSource& source, double validationSplit, std::uint64_t seed) {
    core::Project p;
    p.data = source;
    p.training.validationSplit = validationSplit;
    p.training.seed = seed;
    return p;
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
