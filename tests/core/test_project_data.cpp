// Loading a project's data: the held-out test set (split sizes, stratification,
// same seed same split, IDX test files instead of a split), preprocessing fitted on
// the training part only and reused when the project carries fitted values, and the
// data paths: stored relative to the project when possible, moved files found and
// pointed at their new place, Save As into another folder.
#include "core/io/data_paths.h"
#include "core/io/project.h"
#include "core/io/project_data.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

using namespace layerlab::core;

namespace {

// 100 rows "id,y,kind": kinds a (60 rows), b (30), c (10); id is the row number.
void writeTable(const std::string& path) {
    std::ofstream f(path);
    f << "id,y,kind\n";
    for (int i = 0; i < 100; ++i) f << i << ',' << (i % 7) * 0.5 << ',' << (i < 60 ? "a" : i < 90 ? "b" : "c") << '\n';
}

Project csvProject(const std::string& path, double testSplit, double validationSplit,
                   Normalization n = Normalization::None) {
    Project p;
    p.data.kind = DataKind::Csv;
    p.data.csvPath = path;
    p.data.preprocessing.normalization = n;
    p.data.preprocessing.testSplit = testSplit;
    p.data.preprocessing.validationSplit = validationSplit;
    p.data.preprocessing.splitSeed = 7;
    return p;
}

std::vector<int> ids(const Dataset& d) {
    std::vector<int> out;
    for (int i = 0; i < d.count(); ++i) out.push_back(static_cast<int>(d.values[static_cast<std::size_t>(i) * 2]));
    return out;
}

std::vector<long> histogram(const Dataset& d) {
    std::vector<long> h(static_cast<std::size_t>(d.classCount()), 0);
    for (int l : d.labels) ++h[static_cast<std::size_t>(l)];
    return h;
}

using Bytes = std::vector<std::uint8_t>;
void writeIdx(const std::string& path, const std::vector<std::uint32_t>& dims, const Bytes& payload) {
    Bytes b = {0, 0, 0x08, static_cast<std::uint8_t>(dims.size())};
    for (std::uint32_t d : dims)
        for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(d >> s));
    b.insert(b.end(), payload.begin(), payload.end());
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

// n images of 2x2 pixels and labels alternating 0/1.
void writeIdxPair(const std::string& images, const std::string& labels, std::uint32_t n) {
    Bytes px(n * 4), lb(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        for (std::uint32_t k = 0; k < 4; ++k) px[i * 4 + k] = static_cast<std::uint8_t>((i * 13 + k * 50) % 256);
        lb[i] = static_cast<std::uint8_t>(i % 2);
    }
    writeIdx(images, {n, 2, 2}, px);
    writeIdx(labels, {n}, lb);
}

std::string str(const std::filesystem::path& p) { return p.string(); }

}  // namespace

class ProjectDataTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::string table_;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QVERIFY(QDir(dir_.path()).mkpath("proj/data"));
        table_ = dir_.filePath("proj/data/t.csv").toStdString();
        writeTable(table_);
    }

    // 100 rows, testSplit 0.2 then validationSplit 0.25 of the 80 left: 20 / 20 / 60, each class
    // split in the same ratio (a 60 -> 12/12/36, b 30 -> 6/6/18, c 10 -> 2/2/6); no row twice, none lost.
    void testSplitIsStratifiedAndSized() {
        auto d = loadProjectData(csvProject(table_, 0.2, 0.25), "");
        QVERIFY2(d.ok(), d.ok() ? "" : d.error().toString().c_str());
        QVERIFY(d->test && d->validation);
        QCOMPARE(d->test->count(), 20);
        QCOMPARE(d->validation->count(), 20);
        QCOMPARE(d->train->count(), 60);
        QCOMPARE(histogram(*d->test), (std::vector<long>{12, 6, 2}));
        QCOMPARE(histogram(*d->validation), (std::vector<long>{12, 6, 2}));
        QCOMPARE(histogram(*d->train), (std::vector<long>{36, 18, 6}));
        std::set<int> all;
        for (const Dataset* s : {d->train.get(), d->validation.get(), d->test.get()})
            for (int id : ids(*s)) QVERIFY2(all.insert(id).second, "a row is in two parts");
        QCOMPARE(all.size(), std::size_t(100));
        QCOMPARE(d->test->classNames, d->train->classNames);
        QVERIFY(d->test->name.find("(test)") != std::string::npos);
        // No test split: no test set, the validation split as before.
        auto n = loadProjectData(csvProject(table_, 0.0, 0.2), "");
        QVERIFY(n.ok());
        QVERIFY(!n->test);
        QCOMPARE(n->validation->count(), 20);
        // Regression targets split too (not stratified): 25 of 100.
        Project r = csvProject(table_, 0.25, 0.0);
        r.data.csv.targetName = "y";
        r.data.csv.featureColumns = {0};
        auto rd = loadProjectData(r, "");
        QVERIFY2(rd.ok(), rd.ok() ? "" : rd.error().toString().c_str());
        QCOMPARE(rd->train->task, TaskKind::Regression);
        QCOMPARE(rd->test->count(), 25);
        QCOMPARE(rd->test->targets.size(), std::size_t(25));
    }

    void sameSeedSameSplit() {
        const Project p = csvProject(table_, 0.3, 0.2);
        auto a = loadProjectData(p, "");
        auto b = loadProjectData(p, "");
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(ids(*a->test), ids(*b->test));
        QCOMPARE(ids(*a->validation), ids(*b->validation));
        Project q = p;
        q.data.preprocessing.splitSeed = 8;
        auto c = loadProjectData(q, "");
        QVERIFY(c.ok());
        QCOMPARE(c->test->count(), a->test->count());
        QVERIFY(ids(*c->test) != ids(*a->test));
    }

    // zscore fitted on the 60 training rows: the training part has mean 0 and std 1, and
    // validation/test rows are transformed with THE TRAINING statistics.
    void fittedOnTheTrainingPartOnly() {
        auto raw = loadProjectData(csvProject(table_, 0.2, 0.25), "");
        auto z = loadProjectData(csvProject(table_, 0.2, 0.25, Normalization::ZScore), "");
        QVERIFY(raw.ok() && z.ok());
        QVERIFY(!raw->preprocessing.fitted());
        QVERIFY(z->preprocessing.fitted());
        QVERIFY(!z->preprocessingReused);
        double sum = 0, ss = 0;
        for (int id : ids(*raw->train)) sum += id;
        const double mean = sum / 60.0;
        for (int id : ids(*raw->train)) ss += (id - mean) * (id - mean);
        const double sd = std::sqrt(ss / 60.0);
        QVERIFY(std::fabs(z->preprocessing.offset[0] - mean) < 1e-4);
        QVERIFY(std::fabs(z->preprocessing.scale[0] - 1.0 / sd) < 1e-6);
        double zsum = 0;
        for (float v : z->train->values) zsum += v;
        QVERIFY(std::fabs(zsum / 120.0) < 1e-5);
        const std::vector<int> testIds = ids(*raw->test);
        for (std::size_t i = 0; i < testIds.size(); ++i)
            QVERIFY(std::fabs(z->test->values[i * 2] - (testIds[i] - mean) / sd) < 1e-4);
        const float v0 = z->validation->values[0];
        QVERIFY(std::fabs(v0 - (raw->validation->values[0] - mean) / sd) < 1e-4);
    }

    // A project that carries fitted values (a trained model) keeps them: not refitted.
    void fittedValuesInTheProjectAreReused() {
        Project p = csvProject(table_, 0.2, 0.0, Normalization::MinMax);
        p.data.preprocessing.offset = {1000.0f, 0.0f};
        p.data.preprocessing.scale = {1.0f, 2.0f};
        auto d = loadProjectData(p, "");
        QVERIFY(d.ok());
        QVERIFY(d->preprocessingReused);
        QVERIFY(d->preprocessing == p.data.preprocessing);
        auto raw = loadProjectData(csvProject(table_, 0.2, 0.0), "");
        QVERIFY(raw.ok());
        QCOMPARE(d->train->values[0], raw->train->values[0] - 1000.0f);
        QCOMPARE(d->test->values[1], raw->test->values[1] * 2.0f);
        // Values for another feature count (the columns changed) are fitted again.
        p.data.preprocessing.offset = {1, 2, 3};
        p.data.preprocessing.scale = {1, 2, 3};
        auto e = loadProjectData(p, "");
        QVERIFY(e.ok());
        QVERIFY(!e->preprocessingReused);
        QCOMPARE(e->preprocessing.scale.size(), std::size_t(2));
        const std::vector<int> trainIds = ids(*raw->train);
        QCOMPARE(e->preprocessing.offset[0], static_cast<float>(*std::min_element(trainIds.begin(), trainIds.end())));
    }

    // IDX: the t10k-style test files are the test set (the split is not used); scale01 keeps
    // every part as bytes with the transform folded into byteScale.
    void idxTestFilesAreTheTestSet() {
        const std::string d = dir_.filePath("idx").toStdString();
        QVERIFY(QDir().mkpath(QString::fromStdString(d)));
        writeIdxPair(d + "/train-images", d + "/train-labels", 20);
        writeIdxPair(d + "/test-images", d + "/test-labels", 6);
        Project p;
        p.data.kind = DataKind::Idx;
        p.data.trainImages = "train-images";
        p.data.trainLabels = "train-labels";
        p.data.testImages = "test-images";
        p.data.testLabels = "test-labels";
        p.data.preprocessing.normalization = Normalization::Scale01;
        p.data.preprocessing.testSplit = 0.5;
        p.data.preprocessing.validationSplit = 0.2;
        auto data = loadProjectData(p, d);
        QVERIFY2(data.ok(), data.ok() ? "" : data.error().toString().c_str());
        QCOMPARE(data->test->count(), 6);
        QCOMPARE(data->train->count() + data->validation->count(), 20);
        QCOMPARE(data->validation->count(), 4);
        for (const Dataset* s : {data->train.get(), data->validation.get(), data->test.get()}) {
            QVERIFY(s->isImage());
            QCOMPARE(s->byteScale, 1.0f / 255.0f);
        }
        // Without test files the split applies.
        p.data.testImages.clear();
        p.data.testLabels.clear();
        auto split = loadProjectData(p, d);
        QVERIFY(split.ok());
        QCOMPARE(split->test->count(), 10);
        const std::vector<long> h = histogram(*split->test);
        QCOMPARE(h.at(0), 5L);
        QCOMPARE(h.at(1), 5L);
    }

    // Test files that do not fit the training files are refused with the
    // file and the reason, not turned into a meaningless test accuracy.
    void idxTestFilesMustFitTheTrainingFiles() {
        const std::string d = dir_.filePath("idx-mismatch").toStdString();
        QVERIFY(QDir().mkpath(QString::fromStdString(d)));
        writeIdxPair(d + "/train-images", d + "/train-labels", 20);
        writeIdx(d + "/test-images-3x3", {4, 3, 3}, Bytes(4 * 9, 7));
        writeIdx(d + "/test-labels-4", {4}, Bytes{0, 1, 0, 1});
        writeIdx(d + "/test-images-2x2", {4, 2, 2}, Bytes(4 * 4, 7));
        writeIdx(d + "/test-labels-bad", {4}, Bytes{0, 1, 200, 1});
        Project p;
        p.data.kind = DataKind::Idx;
        p.data.trainImages = "train-images";
        p.data.trainLabels = "train-labels";
        p.data.testImages = "test-images-3x3";
        p.data.testLabels = "test-labels-4";
        auto shape = loadProjectData(p, d);
        QVERIFY(!shape.ok());
        QVERIFY2(shape.error().message.find("test-images-3x3: the test images are 1x3x3 but the training images are 1x2x2") !=
                     std::string::npos,
                 shape.error().message.c_str());
        p.data.testImages = "test-images-2x2";
        p.data.testLabels = "test-labels-bad";
        auto labels = loadProjectData(p, d);
        QVERIFY(!labels.ok());
        QVERIFY2(labels.error().message.find("test-labels-bad: test label 200 is not one of the training classes (0..9)") !=
                     std::string::npos,
                 labels.error().message.c_str());
        p.data.testLabels = "test-labels-4";
        auto fits = loadProjectData(p, d);
        QVERIFY2(fits.ok(), fits.ok() ? "" : fits.error().toString().c_str());
        QCOMPARE(fits->test->classNames, fits->train->classNames);
    }

    void splitsThatLeaveNothingAreAnError() {
        const std::string path = dir_.filePath("two.csv").toStdString();
        {
            std::ofstream f(path);
            f << "x,k\n1,a\n2,b\n";
        }
        auto d = loadProjectData(csvProject(path, 0.9, 0.0), "");
        QVERIFY(!d.ok());
        QVERIFY2(d.error().message.find("leave no training samples") != std::string::npos, d.error().message.c_str());
    }

    void storedDataPathIsRelativeWhenInsideOrBeside() {
        QCOMPARE(storedDataPath("/home/a/proj/data/x.csv", "/home/a/proj"), std::string("data/x.csv"));
        QCOMPARE(storedDataPath("/home/a/proj/data/x.csv", "/home/a/proj/"), std::string("data/x.csv"));
        QCOMPARE(storedDataPath("/home/a/proj/x.csv", "/home/a/proj"), std::string("x.csv"));
        QCOMPARE(storedDataPath("/home/a/data/x.csv", "/home/a/proj"), std::string("../data/x.csv"));
        QCOMPARE(storedDataPath("/home/a/./proj/../data/x.csv", "/home/a/proj"), std::string("../data/x.csv"));
        // Further away, or beside a folder at the root: absolute.
        QCOMPARE(storedDataPath("/home/b/x.csv", "/home/a/proj"), std::string("/home/b/x.csv"));
        QCOMPARE(storedDataPath("/usr/share/datasets/fashion-mnist/t.gz", "/home/a/proj"),
                 std::string("/usr/share/datasets/fashion-mnist/t.gz"));
        QCOMPARE(storedDataPath("/usr/share/x.gz", "/tmp"), std::string("/usr/share/x.gz"));
        // Already relative: kept as it is.
        QCOMPARE(storedDataPath("data/x.csv", "/home/a/proj"), std::string("data/x.csv"));
        QCOMPARE(storedDataPath("", "/home/a/proj"), std::string());
    }

    void missingDataFilesAreFound() {
        const std::string proj = dir_.filePath("proj").toStdString();
        Project p = csvProject("data/t.csv", 0, 0);
        QVERIFY(missingDataFiles(p.data, proj).empty());
        p.data.csvPath = "data/moved.csv";
        QCOMPARE(missingDataFiles(p.data, proj),
                 (std::vector<MissingDataFile>{{"path", proj + "/data/moved.csv"}}));
        p.data.csvPath = "data";  // a folder is there, not moved: the CSV reader says "is a folder"
        QVERIFY(missingDataFiles(p.data, proj).empty());

        DataSource idx;
        idx.kind = DataKind::Idx;
        idx.trainImages = table_;  // exists (absolute)
        idx.trainLabels = "gone-labels";
        idx.testImages = "/nonexistent/t10k-images";
        idx.testLabels = "";  // no file named: not missing
        QCOMPARE(missingDataFiles(idx, proj),
                 (std::vector<MissingDataFile>{{"trainLabels", proj + "/gone-labels"},
                                               {"testImages", "/nonexistent/t10k-images"}}));
        DataSource synthetic;
        synthetic.kind = DataKind::Synthetic;
        QVERIFY(missingDataFiles(synthetic, proj).empty());
    }

    void replaceDataPathStoresRelativePaths() {
        const std::filesystem::path root = dir_.path().toStdString();
        const std::string proj = str(root / "proj");
        DataSource s = csvProject("data/moved.csv", 0, 0).data;
        replaceDataPath(s, "path", str(root / "proj" / "data" / "t.csv"), proj);
        QCOMPARE(s.csvPath, std::string("data/t.csv"));
        QVERIFY(missingDataFiles(s, proj).empty());
        replaceDataPath(s, "path", str(root / "elsewhere" / "t.csv"), proj);  // beside the project folder
        QCOMPARE(s.csvPath, std::string("../elsewhere/t.csv"));
        replaceDataPath(s, "path", "/nonexistent/far/t.csv", proj);
        QCOMPARE(s.csvPath, std::string("/nonexistent/far/t.csv"));
        replaceDataPath(s, "trainImages", "/x", proj);  // not a field of a CSV source
        QCOMPARE(s.csvPath, std::string("/nonexistent/far/t.csv"));
        DataSource idx;
        idx.kind = DataKind::Idx;
        replaceDataPath(idx, "testLabels", str(root / "proj" / "mnist" / "t10k-labels.gz"), proj);
        QCOMPARE(idx.testLabels, std::string("mnist/t10k-labels.gz"));
        QVERIFY(idx.trainImages.empty());
    }

    // saveProject writes absolute paths inside the project's folder as relative ones, and the
    // saved project finds its data; Save As into a sub-folder re-stores relative paths for it.
    void savingStoresRelativePathsAndSaveAsRebases() {
        const std::string proj = dir_.filePath("proj").toStdString();
        Project p = csvProject(table_, 0.2, 0.2, Normalization::ZScore);  // table_ is absolute
        const std::string file = proj + "/t.layerlab";
        QVERIFY(saveProject(p, file).ok());
        std::ifstream in(file);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        QVERIFY2(text.find("\"path\": \"data/t.csv\"") != std::string::npos, text.c_str());
        QCOMPARE(p.data.csvPath, table_);  // the caller's project is not changed
        auto back = loadProject(file);
        QVERIFY(back.ok());
        auto d = loadProjectData(*back, proj);
        QVERIFY2(d.ok(), d.ok() ? "" : d.error().toString().c_str());
        QCOMPARE(d->test->count(), 20);

        DataSource moved = back->data;  // "data/t.csv", relative to proj
        rebaseDataPaths(moved, proj, proj + "/sub");
        QCOMPARE(moved.csvPath, std::string("../data/t.csv"));
        rebaseDataPaths(moved, proj + "/sub", "/nonexistent/far");
        QCOMPARE(moved.csvPath, table_);
    }
};

QTEST_APPLESS_MAIN(ProjectDataTest)
#include "test_project_data.moc"
