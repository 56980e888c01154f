// Loads the data a project names: synthetic sets are generated, IDX and CSV
// files are read (paths relative to the project's folder when not absolute), and the
// training part is split into train/validation with the project's ratio
// (stratified, seeded by the training seed). The IDX test files, when given,
// become the test set.
#pragma once

#include "core/common/result.h"
#include "core/data/dataset.h"
#include "core/io/project.h"

#include <memory>
#include <string>

namespace layerlab::core {

struct ProjectData {
    std::shared_ptr<const Dataset> train;
    std::shared_ptr<const Dataset> validation;  // null when validationSplit == 0
    std::shared_ptr<const Dataset> test;        // null when the source has none
};

// Resolves a data path against the project's folder.
std::string resolveDataPath(const std::string& path, const std::string& projectDir);

// Errors name the file that is missing or broken.
Result<ProjectData> loadProjectData(const Project& project, const std::string& projectDir);

}  // namespace layerlab::core
