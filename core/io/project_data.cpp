#include "core/io/project_data.h"

#include "core/data/csv_reader.h"
#include "core/data/idx_reader.h"
#include "core/data/synthetic.h"

#include <filesystem>
#include <numeric>

namespace layerlab::core {

std::string resolveDataPath(const std::string& path, const std::string& projectDir) {
    const std::filesystem::path p(path);
    if (p.is_absolute() || projectDir.empty()) return path;
    return (std::filesystem::path(projectDir) / p).lexically_normal().string();
}

Result<ProjectData> loadProjectData(const Project& project, const std::string& projectDir) {
    ProjectData out;
    Dataset all;
    switch (project.data.kind) {
    case DataKind::None:
        return makeError("the project has no data source; import a CSV or MNIST data set first");
    case DataKind::Synthetic: {
        auto d = makeSynthetic(project.data.synthetic);
        if (!d) return d.error();
        all = std::move(d).value();
        break;
    }
    case DataKind::Idx: {
        const DataSource& s = project.data;
        auto d = readIdxDataset(resolveDataPath(s.trainImages, projectDir), resolveDataPath(s.trainLabels, projectDir),
                                s.fashion);
        if (!d) return d.error();
        all = std::move(d).value();
        all.name = s.fashion ? "Fashion-MNIST" : "MNIST";
        if (!s.testImages.empty() && !s.testLabels.empty()) {
            auto t = readIdxDataset(resolveDataPath(s.testImages, projectDir), resolveDataPath(s.testLabels, projectDir),
                                    s.fashion);
            if (!t) return t.error();
            Dataset test = std::move(t).value();
            test.name = all.name + " (test)";
            out.test = std::make_shared<const Dataset>(std::move(test));
        }
        break;
    }
    case DataKind::Csv: {
        auto d = readCsv(resolveDataPath(project.data.csvPath, projectDir), project.data.csv);
        if (!d) return d.error();
        all = std::move(d).value();
        break;
    }
    }
    if (const int limit = project.data.limit;
        limit > 0 && limit < all.count() && (project.data.kind == DataKind::Idx || project.data.kind == DataKind::Csv)) {
        std::vector<int> idx(static_cast<std::size_t>(limit));
        std::iota(idx.begin(), idx.end(), 0);
        all = all.subset(idx);
    }
    const double split = project.training.validationSplit;
    if (split > 0 && all.count() >= 2) {
        DatasetSplit parts = splitDataset(all, split, deriveSeed(project.training.seed, 2000));
        out.train = std::make_shared<const Dataset>(std::move(parts.train));
        if (parts.validation.count() > 0) out.validation = std::make_shared<const Dataset>(std::move(parts.validation));
    } else {
        out.train = std::make_shared<const Dataset>(std::move(all));
    }
    return out;
}

}  // namespace layerlab::core
