// Raw samples -> the network's input (core/io/raw_input.h), as `layerlab predict`
// and the exported script read them: CSV columns by header name in any order,
// positional without a header, one-hot categories of the training file, the
// fitted transform, IDX images, series windows ending at the last row; and the
// errors that name the line, column and value, and refuse special files.
#include "core/io/project_data.h"
#include "core/io/raw_input.h"
#include "core/io/trained_model.h"

#include "example_project.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

#include <cmath>
#include <fstream>
#include <string>

using namespace layerlab::core;

namespace {

std::string write(const QTemporaryDir& dir, const std::string& name, const std::string& text) {
    const std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

// A CSV project with a text feature (one-hot) and a z-score fitted on its training part.
struct CsvCase {
    QTemporaryDir dir;
    Project project;
    RawInputSchema schema;
    CsvCase() {
        std::string csv = "size,colour,weight,label\n";
        for (int i = 0; i < 40; ++i)
            csv += std::to_string(i % 7) + "," + (i % 3 == 0 ? "red" : i % 3 == 1 ? "green" : "blue") + "," +
                   std::to_string(10 + i) + "," + (i % 2 ? "yes" : "no") + "\n";
        project.data.kind = DataKind::Csv;
        project.data.csvPath = write(dir, "train.csv", csv);
        project.data.csv.targetName = "label";
        project.data.preprocessing.normalization = Normalization::ZScore;
        project.data.preprocessing.validationSplit = 0;
        auto data = loadProjectData(project, "");
        if (!data) qFatal("%s", data.error().toString().c_str());
        auto s = rawInputSchema(project, *data, "");
        if (!s) qFatal("%s", s.error().toString().c_str());
        schema = *s;
    }
};

}  // namespace

class TestRawInput : public QObject {
    Q_OBJECT

private slots:
    void csvSchemaHasTheTrainingColumnsAndCategories() {
        CsvCase c;
        const auto& s = c.schema;
        QCOMPARE(s.kind, RawInputKind::Csv);
        QCOMPARE(s.columns, (std::vector<std::string>{"size", "colour", "weight", "label"}));
        QCOMPARE(s.features.size(), std::size_t(5));  // size, weight and three one-hot colours
        QVERIFY((s.features[0] == RawFeature{"size", ""}) || (s.features[0] == RawFeature{"colour", "blue"}));
        QCOMPARE(s.offset.size(), std::size_t(5));
        QVERIFY(s.classification);
        QCOMPARE(s.classNames, (std::vector<std::string>{"no", "yes"}));
    }

    void csvByNameInAnyOrderWithoutTheTarget() {
        CsvCase c;
        const std::string a = write(c.dir, "a.csv", "weight,colour,size\n12,green,3\n");
        const std::string b = write(c.dir, "b.csv", "size,colour,weight,label\n3,green,12,no\n");
        const std::string n = write(c.dir, "n.csv", "3,green,12,whatever\n");  // no header: the training columns
        auto ra = readRawInput(c.schema, a), rb = readRawInput(c.schema, b), rn = readRawInput(c.schema, n);
        QVERIFY2(ra.ok(), ra.ok() ? "" : ra.error().toString().c_str());
        QVERIFY2(rb.ok() && rn.ok(), rb.ok() ? (rn.ok() ? "" : rn.error().toString().c_str()) : rb.error().toString().c_str());
        QCOMPARE(ra->count, 1);
        QCOMPARE(ra->values, rb->values);
        QCOMPARE(ra->values, rn->values);
        // The fitted transform is applied: feature k = (raw - offset) * scale.
        for (std::size_t k = 0; k < c.schema.features.size(); ++k) {
            const auto& f = c.schema.features[k];
            const float raw = f.column == "size" ? 3.0f : f.column == "weight" ? 12.0f : f.category == "green" ? 1.0f : 0.0f;
            QCOMPARE(ra->values[k], (raw - c.schema.offset[k]) * c.schema.scale[k]);
        }
    }

    void csvErrorsNameTheLineColumnAndValue() {
        CsvCase c;
        auto unknown = readRawInput(c.schema, write(c.dir, "u.csv", "size,colour,weight\n1,red,3\n2,purple,4\n"));
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().line, 3L);
        QCOMPARE(unknown.error().column, 2L);
        QVERIFY2(unknown.error().message.find("purple") != std::string::npos, unknown.error().message.c_str());
        auto text = readRawInput(c.schema, write(c.dir, "t.csv", "size,colour,weight\n1,red,heavy\n"));
        QVERIFY(!text.ok());
        QVERIFY2(text.error().message.find("\"weight\" is \"heavy\"; it needs a number") != std::string::npos,
                 text.error().toString().c_str());
        auto missing = readRawInput(c.schema, write(c.dir, "m.csv", "size,colour\n1,red\n"));
        QVERIFY(!missing.ok());
        QVERIFY2(missing.error().message.find("no column \"weight\"") != std::string::npos, missing.error().message.c_str());
        auto empty = readRawInput(c.schema, write(c.dir, "e.csv", "size,colour,weight\n"));
        QVERIFY(!empty.ok());
        QVERIFY2(empty.error().message.find("no samples") != std::string::npos, empty.error().message.c_str());
    }

    void specialFilesAreRefused() {
        CsvCase c;
        const std::string fifo = c.dir.filePath("pipe").toStdString();
        QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
        for (const std::string& path : {fifo, std::string("/dev/zero"), c.dir.path().toStdString()}) {
            auto r = readRawInput(c.schema, path);
            QVERIFY2(!r.ok() && r.error().message.find("not a") != std::string::npos,
                     r.ok() ? path.c_str() : r.error().toString().c_str());
        }
    }

    void imagesOfTheInputSizeOnly() {
        RawInputSchema s;
        s.kind = RawInputKind::Images;
        s.inputShape = Shape{{1, 2, 3}};
        s.offset.assign(6, 0.0f);
        s.scale.assign(6, 1.0f / 255.0f);
        QTemporaryDir dir;
        std::string idx = {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3};
        for (int i = 0; i < 12; ++i) idx += static_cast<char>(i * 20);
        auto r = readRawInput(s, write(dir, "ok.idx", idx));
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
        QCOMPARE(r->count, 2);
        QCOMPARE(r->values[7], 140.0f / 255.0f);
        s.inputShape = Shape{{1, 3, 2}};
        auto wrong = readRawInput(s, write(dir, "ok.idx", idx));
        QVERIFY(!wrong.ok());
        QVERIFY2(wrong.error().message.find("holds samples of 2x3; the network reads images of 1x3x2") != std::string::npos,
                 wrong.error().message.c_str());
    }

    void seriesWindowsEndAtTheLastRow() {
        QTemporaryDir dir;
        RawInputSchema s;
        s.kind = RawInputKind::Series;
        s.inputShape = Shape{{3, 1}};
        s.seriesColumns = {"v"};
        s.timeColumn = "t";
        s.window = 3;
        s.stride = 2;
        s.seriesOffset = {1.0f};
        s.seriesScale = {2.0f};
        auto r = readRawInput(s, write(dir, "s.csv", "t,v\n1,1\n2,3\n3,5\n4,7\n5,9\n6,11\n"));
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
        // 6 rows, windows of 3 every 2 rows ending at the last: rows 2..4 and 4..6 (1-based).
        QCOMPARE(r->count, 2);
        QCOMPARE(r->values, (std::vector<float>{1, 2, 3, 3, 4, 5}));
        auto shortSeries = readRawInput(s, write(dir, "short.csv", "t,v\n1,1\n2,3\n"));
        QVERIFY(!shortSeries.ok());
        QVERIFY2(shortSeries.error().message.find("one sample is a window of 3 rows") != std::string::npos,
                 shortSeries.error().message.c_str());
        auto gap = readRawInput(s, write(dir, "gap.csv", "t,v\n1,1\n2,\n3,5\n"));
        QVERIFY(!gap.ok());
        QCOMPARE(gap.error().line, 3L);
    }

    void predictionsCsvOfAnExample() {
        Project p = layerlab_test::example("spiral");
        auto model = loadTrainedModel(p, std::string(LAYERLAB_SOURCE_DIR) + "/resources/examples",
                                      SavedWeights::UseWhenTheyFit);
        QVERIFY2(model.ok(), model.ok() ? "" : model.error().toString().c_str());
        RawInput in;
        in.count = 2;
        in.values = {0.1f, 0.2f, -0.3f, 0.4f};
        const std::string csv = predictionsCsv(model->net, in, 1);
        QVERIFY2(csv.rfind("sample,predicted,out_0,out_1,out_2\n0,", 0) == 0, csv.c_str());
        QCOMPARE(std::count(csv.begin(), csv.end(), '\n'), 3L);
        // Requiring trained weights of a project without them says what to do.
        auto none = loadTrainedModel(p, "", SavedWeights::Require);
        QVERIFY(!none.ok());
        QVERIFY2(none.error().message.find("train it first") != std::string::npos, none.error().message.c_str());
    }
};

QTEST_APPLESS_MAIN(TestRawInput)
#include "test_raw_input.moc"
