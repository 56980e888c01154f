// Where a project's data files are. A DataSource stores each file path either
// absolute or relative to the project file's folder; these functions resolve
// stored paths, choose how to store a path (relative when the data lives inside
// the project's folder or beside it, absolute otherwise), find data files that
// have moved, and point the project at their new place.
//
// A data file is named by its field, the key it has under "data" in the
// .layerlab file: "path" (CSV and series), "trainImages", "trainLabels", "testImages",
// "testLabels" (IDX).
//
// Thread: pure functions over values; missingDataFiles only stats the file system.
#pragma once

#include "core/io/project.h"

#include <string>
#include <vector>

namespace layerlab::core {

// ensures: path unchanged when absolute or projectDir is empty; else projectDir/path, normalised.
std::string resolveDataPath(const std::string& path, const std::string& projectDir);

// How to store a path in a project saved in projectDir.
// requires: path absolute (as from a file dialog); a relative path is taken as
//           already relative to projectDir and returned unchanged.
// ensures: relative (generic '/' separators) when the file is inside projectDir, or
//          inside projectDir's parent folder when that parent is not the file-system
//          root ("../data/x.csv"); otherwise the absolute, normalised path.
//          projectDir may itself be relative (to the current directory) or empty (".").
std::string storedDataPath(const std::string& path, const std::string& projectDir);

// One data file a source names that is not there (moved, renamed, on another machine).
struct MissingDataFile {
    std::string field;  // "path", "trainImages", "trainLabels", "testImages" or "testLabels"
    std::string path;   // the resolved path that does not exist
    bool operator==(const MissingDataFile&) const = default;
};

// ensures: one entry per file the source names (empty fields are not files) that does
//          not exist, in the order above (a folder or FIFO in its place exists: the
//          readers refuse it with what it is, file_read.h). Synthetic and empty sources: none.
std::vector<MissingDataFile> missingDataFiles(const DataSource& source, const std::string& projectDir);

// Points `field` at newPath, stored with storedDataPath(newPath, projectDir).
// requires: field one of the names above for the source's kind ("path" for CSV and series, the
//           four IDX fields for IDX); any other field leaves the source unchanged.
//           newPath absolute, or relative to projectDir.
void replaceDataPath(DataSource& source, const std::string& field, const std::string& newPath,
                     const std::string& projectDir);

// For "Save as" into another folder: every relative path (relative to fromDir) is
// re-stored for toDir with storedDataPath; absolute paths are re-stored too (they
// become relative when the new folder holds them).
void rebaseDataPaths(DataSource& source, const std::string& fromDir, const std::string& toDir);

// The source with every absolute path re-stored for projectDir (what saveProject writes).
DataSource withStoredPaths(const DataSource& source, const std::string& projectDir);

}  // namespace layerlab::core
