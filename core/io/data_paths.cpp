#include "core/io/data_paths.h"

#include <filesystem>
#include <system_error>
#include <utility>

namespace layerlab::core {

namespace fs = std::filesystem;

namespace {

struct PathField {
    const char* name;
    std::string DataSource::*member;
};

// The file fields of a source's kind, in a fixed order.
std::vector<PathField> pathFields(DataKind kind) {
    switch (kind) {
    case DataKind::Csv: return {{"path", &DataSource::csvPath}};
    case DataKind::Series: return {{"path", &DataSource::seriesPath}};
    case DataKind::Idx:
        return {{"trainImages", &DataSource::trainImages},
                {"trainLabels", &DataSource::trainLabels},
                {"testImages", &DataSource::testImages},
                {"testLabels", &DataSource::testLabels}};
    case DataKind::None:
    case DataKind::Synthetic: break;
    }
    return {};
}

// projectDir as an absolute, normalised folder path without a trailing separator.
fs::path absoluteDir(const std::string& projectDir) {
    std::error_code ec;
    fs::path dir = fs::absolute(projectDir.empty() ? fs::path(".") : fs::path(projectDir), ec);
    if (ec) dir = fs::path(projectDir);
    dir = dir.lexically_normal();
    if (!dir.has_filename() && dir != dir.root_path()) dir = dir.parent_path();
    return dir;
}

}  // namespace

std::string resolveDataPath(const std::string& path, const std::string& projectDir) {
    const fs::path p(path);
    if (p.is_absolute() || projectDir.empty()) return path;
    return (fs::path(projectDir) / p).lexically_normal().string();
}

std::string storedDataPath(const std::string& path, const std::string& projectDir) {
    const fs::path p(path);
    if (path.empty() || !p.is_absolute()) return path;
    const fs::path file = p.lexically_normal();
    const fs::path dir = absoluteDir(projectDir);
    const fs::path rel = file.lexically_relative(dir);
    if (rel.empty()) return file.generic_string();
    int ups = 0;
    for (const fs::path& part : rel) {
        if (part == "..") ++ups;
        else break;
    }
    const bool parentIsRoot = dir.parent_path() == dir.root_path() || dir == dir.root_path();
    if (ups == 0 || (ups == 1 && !parentIsRoot)) return rel.generic_string();
    return file.generic_string();
}

std::vector<MissingDataFile> missingDataFiles(const DataSource& source, const std::string& projectDir) {
    std::vector<MissingDataFile> out;
    for (const PathField& f : pathFields(source.kind)) {
        const std::string& stored = source.*f.member;
        if (stored.empty()) continue;
        const std::string resolved = resolveDataPath(stored, projectDir);
        std::error_code ec;
        const fs::file_status st = fs::status(resolved, ec);
        // A folder, FIFO or device is there, not moved: the reader says what it is.
        if (ec || !fs::exists(st)) out.push_back({f.name, resolved});
    }
    return out;
}

void replaceDataPath(DataSource& source, const std::string& field, const std::string& newPath,
                     const std::string& projectDir) {
    for (const PathField& f : pathFields(source.kind)) {
        if (field != f.name) continue;
        const fs::path p(newPath);
        const std::string absolute =
            p.is_absolute() ? newPath : (absoluteDir(projectDir) / p).lexically_normal().string();
        source.*f.member = storedDataPath(absolute, projectDir);
        return;
    }
}

void rebaseDataPaths(DataSource& source, const std::string& fromDir, const std::string& toDir) {
    for (const PathField& f : pathFields(source.kind)) {
        std::string& stored = source.*f.member;
        if (stored.empty()) continue;
        const fs::path p(stored);
        const std::string absolute = p.is_absolute() ? stored : (absoluteDir(fromDir) / p).lexically_normal().string();
        stored = storedDataPath(absolute, toDir);
    }
}

DataSource withStoredPaths(const DataSource& source, const std::string& projectDir) {
    DataSource out = source;
    for (const PathField& f : pathFields(out.kind)) {
        std::string& stored = out.*f.member;
        stored = storedDataPath(stored, projectDir);
    }
    return out;
}

}  // namespace layerlab::core
