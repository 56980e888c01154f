#include "core/io/project_data.h"

#include "core/io/data_paths.h"

#include "core/common/random.h"
#include "core/data/csv_reader.h"
#include "core/data/idx_reader.h"
#include "core/data/series.h"
#include "core/data/synthetic.h"

#include <numeric>
#include <optional>

namespace layerlab::core {

namespace {

// The source's samples (after `limit`) and, for IDX with test files, the test set.
Status readSource(const DataSource& s, const std::string& projectDir, Dataset& all, std::optional<Dataset>& test,
                  const CsvProgress& progress, CsvReport& report) {
    switch (s.kind) {
    case DataKind::None:
        return makeError("the project has no data source; import a CSV or MNIST data set first");
    case DataKind::Synthetic: {
        auto d = makeSynthetic(s.synthetic);
        if (!d) return d.error();
        all = std::move(d).value();
        break;
    }
    case DataKind::Idx: {
        auto d = readIdxDataset(resolveDataPath(s.trainImages, projectDir), resolveDataPath(s.trainLabels, projectDir),
                                s.fashion);
        if (!d) return d.error();
        all = std::move(d).value();
        all.name = s.fashion ? "Fashion-MNIST" : "MNIST";
        if (progress.stop.stop_requested()) return makeError("cancelled");
        if (!s.testImages.empty() && !s.testLabels.empty()) {
            if (progress.onProgress) progress.onProgress(0.6);
            auto t = readIdxDataset(resolveDataPath(s.testImages, projectDir), resolveDataPath(s.testLabels, projectDir),
                                    s.fashion);
            if (!t) return t.error();
            test = std::move(t).value();
            test->name = all.name + " (test)";
            // The test files must fit the training files: same image size, labels
            // among the training classes (else the test accuracy would be garbage).
            const std::string testPath = resolveDataPath(s.testImages, projectDir);
            if (test->inputShape != all.inputShape)
                return makeError(testPath + ": the test images are " + test->inputShape.toString() +
                                 " but the training images are " + all.inputShape.toString() +
                                 "; pick the test files of the same data set");
            for (int label : test->labels)
                if (label < 0 || label >= all.classCount())
                    return makeError(resolveDataPath(s.testLabels, projectDir) + ": test label " + std::to_string(label) +
                                     " is not one of the training classes (0.." + std::to_string(all.classCount() - 1) +
                                     "); pick the test files of the same data set");
            test->classNames = all.classNames;
        }
        break;
    }
    case DataKind::Series: return makeError("a time series is loaded by loadSeriesData");
    case DataKind::Csv: {
        auto d = readCsv(resolveDataPath(s.csvPath, projectDir), s.csv, &report, progress);
        if (!d) return d.error();
        all = std::move(d).value();
        break;
    }
    }
    if (const int limit = s.limit;
        limit > 0 && limit < all.count() && (s.kind == DataKind::Idx || s.kind == DataKind::Csv)) {
        std::vector<int> idx(static_cast<std::size_t>(limit));
        std::iota(idx.begin(), idx.end(), 0);
        all = all.subset(idx);
    }
    return {};
}

// A series: its own chronological splits and scaling, no stratified split, no Preprocessing.
Result<ProjectData> loadSeriesData(const DataSource& s, const std::string& projectDir, const CsvProgress& progress) {
    auto d = loadSeries(resolveDataPath(s.seriesPath, projectDir), s.series, progress);
    if (!d) return d.error();
    if (progress.stop.stop_requested()) return makeError("cancelled");
    SeriesData& sd = *d;
    ProjectData out;
    out.preprocessing = s.preprocessing;
    out.preprocessingReused = sd.reused;
    out.filledValues = sd.filledValues;
    out.series = std::move(sd.fitted);
    out.droppedWindows = sd.droppedWindows;
    out.boundaryWindows = sd.boundaryWindows;
    out.sortedByTime = sd.sortedByTime;
    out.seriesTime = std::move(sd.time);
    out.targetSeries = std::move(sd.targetSeries);
    out.train = std::make_shared<const Dataset>(std::move(sd.train));
    if (sd.validation.count() > 0) out.validation = std::make_shared<const Dataset>(std::move(sd.validation));
    if (sd.test.count() > 0) out.test = std::make_shared<const Dataset>(std::move(sd.test));
    return out;
}

}  // namespace

Result<ProjectData> loadProjectData(const Project& project, const std::string& projectDir,
                                    const CsvProgress& progress) {
    const DataSource& source = project.data;
    if (source.kind == DataKind::Series) return loadSeriesData(source, projectDir, progress);
    const double testSplit = source.preprocessing.testSplit;
    const double split = source.preprocessing.validationSplit;
    const std::uint64_t seed = source.preprocessing.splitSeed;
    if (!(testSplit >= 0 && testSplit < 1 && split >= 0 && split < 1))
        return makeError("the test split (" + std::to_string(testSplit) + ") and the validation split (" +
                         std::to_string(split) + ") must be at least 0 and below 1");
    Dataset all;
    std::optional<Dataset> test;
    CsvReport report;
    if (auto s = readSource(source, projectDir, all, test, progress, report); !s) return s.error();
    if (progress.stop.stop_requested()) return makeError("cancelled");
    if (all.count() < 1) return makeError("the data set '" + all.name + "' holds no samples");
    // One class: a softmax over one output learns nothing and reports 100% accuracy.
    if (all.task == TaskKind::Classification && all.classCount() < 2) {
        const std::string file = source.kind == DataKind::Csv   ? resolveDataPath(source.csvPath, projectDir)
                                 : source.kind == DataKind::Idx ? resolveDataPath(source.trainLabels, projectDir)
                                                                : all.name;
        Error e = makeError("the target holds only one class" +
                            (all.classNames.empty() ? std::string() : " ('" + all.classNames.front() + "')") + " in all " +
                            std::to_string(all.count()) +
                            " samples; a classifier needs at least two classes (is the right column the target?)");
        e.file = file;
        return e;
    }

    // 1. The test set: files, else a stratified, seeded split.
    if (!test && testSplit > 0 && all.count() >= 2) {
        DatasetSplit parts = splitDataset(all, testSplit, deriveSeed(seed, 2001));
        if (parts.validation.count() > 0) {
            const std::string name = all.name;
            all = std::move(parts.train);
            all.name = name;
            test = std::move(parts.validation);
            test->name = name + " (test)";
        }
    }
    // 2. The validation set from what is left.
    ProjectData out;
    Dataset train, validation;
    if (split > 0 && all.count() >= 2) {
        DatasetSplit parts = splitDataset(all, split, deriveSeed(seed, 2000));
        train = std::move(parts.train);
        validation = std::move(parts.validation);
    } else {
        train = std::move(all);
    }
    if (train.count() < 1)
        return makeError("the test split (" + std::to_string(testSplit) + ") and the validation split (" +
                         std::to_string(split) + ") leave no training samples; make them smaller");

    // 3. Preprocessing: fitted on the training part only, or the project's values reused.
    Preprocessing p = source.preprocessing;
    if (p.normalization == Normalization::None) {
        p.offset.clear();
        p.scale.clear();
    } else {
        const auto f = static_cast<std::size_t>(train.featureCount());
        const bool reuse = p.fitted() && p.scale.size() == f && p.offset.size() == f;
        if (!reuse) fitPreprocessing(p, train);
        out.preprocessingReused = reuse;
        for (Dataset* d : {&train, &validation}) {
            if (d->count() == 0) continue;
            if (auto s = applyPreprocessing(p, *d); !s) return s.error();
        }
        if (test)
            if (auto s = applyPreprocessing(p, *test); !s) return s.error();
    }
    out.preprocessing = std::move(p);
    out.droppedRows = report.droppedRows;
    out.filledValues = report.filledValues;
    out.skippedLines = report.skippedLines;
    out.countLine = report.countLine;
    out.classesFromNumbers = report.classesFromNumbers;
    out.train = std::make_shared<const Dataset>(std::move(train));
    if (validation.count() > 0) out.validation = std::make_shared<const Dataset>(std::move(validation));
    if (test && test->count() > 0) out.test = std::make_shared<const Dataset>(std::move(*test));
    return out;
}

}  // namespace layerlab::core
