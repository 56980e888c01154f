// The .layerlab project file: round trips, weights, malformed and newer files.
#include "core/io/project.h"
#include "core/io/project_data.h"
#include "core/net/network.h"

#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace layerlab::core;

namespace {
std::string examplePath(const char* name) {
    return std::string(LAYERLAB_SOURCE_DIR) + "/resources/examples/" + name + ".layerlab";
}
}  // namespace

class ProjectTest : public QObject {
    Q_OBJECT

private slots:
    void bundledExamplesLoad_data() {
        QTest::addColumn<QString>("name");
        for (const char* n : {"xor", "spiral", "mnist_mlp", "mnist_mlp_small", "mnist_cnn", "flowers_csv", "worked_example"}) QTest::newRow(n) << n;
    }
    void bundledExamplesLoad() {
        QFETCH(QString, name);
        auto p = loadProject(examplePath(name.toUtf8().constData()));
        QVERIFY2(p.ok(), p.ok() ? "" : p.error().toString().c_str());
        QVERIFY(!p->graph.nodes().empty());
        QVERIFY(!p->name.empty());
    }

    void roundTripIsExact() {
        auto p = loadProject(examplePath("mnist_cnn"));
        QVERIFY(p.ok());
        p->training.optimizer.schedule.kind = ScheduleKind::Cosine;
        p->training.earlyStoppingPatience = 3;
        p->training.threads = 2;
        p->weights = Weights{{1.5f, -2.25f, 3.0e-8f, 0.1f}, {0.5f}};
        const std::string text = serializeProject(*p);
        auto q = parseProject(text, "mem");
        QVERIFY2(q.ok(), q.ok() ? "" : q.error().toString().c_str());
        QVERIFY(q->graph == p->graph);
        QCOMPARE(serializeProject(*q), text);
        QCOMPARE(q->training.threads, 2);
        QVERIFY(q->weights.has_value());
        QCOMPARE(q->weights->params, p->weights->params);
        QCOMPARE(q->weights->state, p->weights->state);
    }

    void floatEncodingIsBitExact() {
        std::vector<float> v;
        for (int i = 0; i < 1000; ++i) v.push_back(static_cast<float>(i) * 0.37f - 100.0f);
        v.push_back(std::numeric_limits<float>::denorm_min());
        for (std::size_t n = 0; n < 4; ++n) {  // all base64 padding cases
            std::vector<float> w(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n));
            auto back = decodeFloats(encodeFloats(w));
            QVERIFY(back.ok());
            QCOMPARE(*back, w);
        }
        auto back = decodeFloats(encodeFloats(v));
        QVERIFY(back.ok());
        QCOMPARE(*back, v);
        QVERIFY(!decodeFloats("@@@@").ok());
    }

    void malformedFilesGiveClearErrors_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("line");
        QTest::newRow("syntax") << "{\n  \"format\": \"layerlab\",\n  \"version\": 1,\n  oops\n}" << "not valid JSON" << 4;
        QTest::newRow("number overflow") << R"({"format":"layerlab","version":7e7777777})" << "not valid JSON" << 0;
        QTest::newRow("not object") << "[1,2]" << "not a LayerLab project" << 0;
        QTest::newRow("wrong format") << R"({"format":"other","version":1})" << "not a LayerLab project" << 0;
        QTest::newRow("newer") << R"({"format":"layerlab","version":99,"graph":{"nodes":[],"edges":[]}})"
                               << "newer LayerLab" << 0;
        QTest::newRow("no graph") << R"({"format":"layerlab","version":1})" << "missing field 'graph'" << 0;
        QTest::newRow("unknown type")
            << R"({"format":"layerlab","version":1,"graph":{"nodes":[{"id":1,"type":"Bogus"}],"edges":[]}})"
            << "unknown layer type \"Bogus\"" << 0;
        QTest::newRow("bad param")
            << R"({"format":"layerlab","version":1,"graph":{"nodes":[{"id":1,"type":"Dense","params":{"units":-4}}],"edges":[]}})"
            << "units" << 0;
        QTest::newRow("cycle")
            << R"({"format":"layerlab","version":1,"graph":{"nodes":[{"id":1,"type":"ReLU"},{"id":2,"type":"ReLU"}],
                 "edges":[{"from":1,"to":2},{"from":2,"to":1}]}})"
            << "cycle" << 0;
        QTest::newRow("epochs type")
            << R"({"format":"layerlab","version":1,"graph":{"nodes":[],"edges":[]},"training":{"epochs":"ten"}})"
            << "training.epochs" << 0;
        QTest::newRow("threads")
            << R"({"format":"layerlab","version":1,"graph":{"nodes":[],"edges":[]},"training":{"threads":8}})"
            << "field 'training.threads' must be at least 1 and at most 2, found 8" << 0;
        QTest::newRow("bad optimizer")
            << R"({"format":"layerlab","version":1,"graph":{"nodes":[],"edges":[]},"training":{"optimizer":{"type":"lbfgs"}}})"
            << "training.optimizer.type" << 0;
        QTest::newRow("bad data kind")
            << R"({"format":"layerlab","version":1,"graph":{"nodes":[],"edges":[]},"data":{"kind":"ftp"}})"
            << "data.kind" << 0;
        QTest::newRow("csv without path")
            << R"({"format":"layerlab","version":1,"graph":{"nodes":[],"edges":[]},"data":{"kind":"csv"}})"
            << "needs 'data.path'" << 0;
        QTest::newRow("csv bad task")
            << R"({"format":"layerlab","version":1,"graph":{"nodes":[],"edges":[]},"data":{"kind":"csv","path":"a.csv","options":{"task":"clustering"}}})"
            << "field 'data.options.task': unknown task \"clustering\"" << 0;
        QTest::newRow("csv bad delimiter")
            << R"({"format":"layerlab","version":1,"graph":{"nodes":[],"edges":[]},"data":{"kind":"csv","path":"a.csv","options":{"delimiter":";;"}}})"
            << "data.options.delimiter" << 0;
        QTest::newRow("csv bad features")
            << R"({"format":"layerlab","version":1,"graph":{"nodes":[],"edges":[]},"data":{"kind":"csv","path":"a.csv","options":{"featureColumns":[0,"x"]}}})"
            << "data.options.featureColumns" << 0;
        QTest::newRow("csv options type")
            << R"({"format":"layerlab","version":1,"graph":{"nodes":[],"edges":[]},"data":{"kind":"csv","path":"a.csv","options":[1]}})"
            << "'data.options' must be an object" << 0;
        QTest::newRow("csv target type")
            << R"({"format":"layerlab","version":1,"graph":{"nodes":[],"edges":[]},"data":{"kind":"csv","path":"a.csv","options":{"targetColumn":"last"}}})"
            << "data.options.targetColumn" << 0;
        QTest::newRow("bad weights")
            << R"({"format":"layerlab","version":1,"graph":{"nodes":[],"edges":[]},"weights":{"encoding":"float32-le-base64","params":"!!","state":""}})"
            << "base64" << 0;
    }
    void malformedFilesGiveClearErrors() {
        QFETCH(QString, json);
        QFETCH(QString, expected);
        QFETCH(int, line);
        auto p = parseProject(json.toStdString(), "broken.layerlab");
        QVERIFY(!p.ok());
        const std::string msg = p.error().toString();
        QVERIFY2(msg.find(expected.toStdString()) != std::string::npos, msg.c_str());
        QVERIFY2(msg.find("broken.layerlab") != std::string::npos, msg.c_str());
        if (line > 0) QCOMPARE(p.error().line, static_cast<long>(line));
    }

    void missingFileIsAnError() {
        auto p = loadProject("/nonexistent/dir/x.layerlab");
        QVERIFY(!p.ok());
        QVERIFY(p.error().toString().find("/nonexistent/dir/x.layerlab") != std::string::npos);
    }

    void saveIsAtomicAndReportsFailures() {
        QTemporaryDir dir;
        auto p = loadProject(examplePath("xor"));
        QVERIFY(p.ok());
        const std::string path = dir.filePath("a.layerlab").toStdString();
        QVERIFY(saveProject(*p, path).ok());
        auto back = loadProject(path);
        QVERIFY(back.ok());
        QVERIFY(back->graph == p->graph);
        QVERIFY(!std::filesystem::exists(path + ".tmp-save"));
        // An unwritable place fails with the path in the message and leaves the old file.
        auto bad = saveProject(*p, "/nonexistent/dir/b.layerlab");
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().toString().find("/nonexistent/dir/b.layerlab") != std::string::npos);
    }

    void csvSourceRoundTrips() {
        auto p = loadProject(examplePath("xor"));
        QVERIFY(p.ok());
        p->data = DataSource{};
        p->data.kind = DataKind::Csv;
        p->data.csvPath = "data/table.csv";
        p->data.limit = 50;
        CsvOptions& o = p->data.csv;
        o.delimiter = '\t';
        o.header = CsvOptions::Header::Yes;
        o.targetColumn = 2;
        o.targetName = "kind";
        o.task = CsvOptions::Task::Classification;
        o.categorical = CsvOptions::Categorical::Refuse;
        o.missing = CsvOptions::Missing::FillMean;
        o.featureColumns = {0, 3, 4};
        QVERIFY(serializeProject(*p).find("targetColumns") == std::string::npos);  // written only when set
        o.targetColumns = {5, 1};
        const std::string text = serializeProject(*p);
        QVERIFY2(text.find("\"kind\": \"csv\"") != std::string::npos, text.c_str());
        auto q = parseProject(text, "mem");
        QVERIFY2(q.ok(), q.ok() ? "" : q.error().toString().c_str());
        QCOMPARE(q->data.kind, DataKind::Csv);
        QCOMPARE(q->data.csvPath, p->data.csvPath);
        QCOMPARE(q->data.limit, 50);
        QVERIFY(q->data.csv == o);
        QCOMPARE(serializeProject(*q), text);
        // Defaults: only kind and path.
        auto m = parseProject(R"({"format":"layerlab","version":1,"graph":{"nodes":[],"edges":[]},
                                  "data":{"kind":"csv","path":"x.csv"}})", "mem");
        QVERIFY(m.ok());
        QVERIFY(m->data.csv == CsvOptions{});
    }

    void csvDataLoadsRelativeToTheProjectAndSplits() {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir("data"));
        {
            std::ofstream f(dir.filePath("data/t.csv").toStdString());
            f << "a,b,label\n";
            for (int i = 0; i < 100; ++i) f << i << ',' << i * 2 << ',' << (i % 2 ? "odd" : "even") << '\n';
        }
        Project p;
        p.data.kind = DataKind::Csv;
        p.data.csvPath = "data/t.csv";
        p.data.preprocessing.validationSplit = 0.2;
        auto d = loadProjectData(p, dir.path().toStdString());
        QVERIFY2(d.ok(), d.ok() ? "" : d.error().toString().c_str());
        QCOMPARE(d->train->count() + d->validation->count(), 100);
        QCOMPARE(d->validation->count(), 20);
        QCOMPARE(d->train->classNames, (std::vector<std::string>{"even", "odd"}));
        p.data.csvPath = "data/missing.csv";
        auto bad = loadProjectData(p, dir.path().toStdString());
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().toString().find("data/missing.csv") != std::string::npos, bad.error().toString().c_str());
        // The bundled example trains on its CSV.
        auto ex = loadProject(examplePath("flowers_csv"));
        QVERIFY(ex.ok());
        auto exd = loadProjectData(*ex, std::string(LAYERLAB_SOURCE_DIR) + "/resources/examples");
        QVERIFY2(exd.ok(), exd.ok() ? "" : exd.error().toString().c_str());
        QCOMPARE(exd->train->classCount(), 3);
        QCOMPARE(exd->train->featureCount(), 4);
        // 150 rows: 30 held out as the test set (testSplit 0.2), 24 of the other 120 for validation.
        QVERIFY(exd->test);
        QCOMPARE(exd->test->count(), 30);
        QCOMPARE(exd->validation->count(), 24);
        QCOMPARE(exd->train->count(), 96);
        QCOMPARE(exd->preprocessing.normalization, Normalization::ZScore);
        QVERIFY(exd->preprocessing.fitted());
    }

    // "preprocessing" under "data": names, the test split and the fitted values survive
    // a save and a load exactly (floats written in their shortest form).
    void preprocessingRoundTrips() {
        auto p = loadProject(examplePath("flowers_csv"));
        QVERIFY(p.ok());
        QCOMPARE(p->data.preprocessing.normalization, Normalization::ZScore);
        QCOMPARE(p->data.preprocessing.testSplit, 0.2);
        QVERIFY(!p->data.preprocessing.fitted());
        p->data.preprocessing.offset = {5.8433332f, -3.0e-8f, 0.0f, 1.0f / 3.0f};
        p->data.preprocessing.scale = {1.2115f, 2.3f, 0.0f, 1.0f / 255.0f};
        const std::string text = serializeProject(*p);
        QVERIFY2(text.find("0.003921569") != std::string::npos, text.c_str());
        QVERIFY2(text.find("\"testSplit\": 0.2") != std::string::npos, text.c_str());
        auto q = parseProject(text, "mem");
        QVERIFY2(q.ok(), q.ok() ? "" : q.error().toString().c_str());
        QVERIFY(q->data.preprocessing == p->data.preprocessing);
        QCOMPARE(serializeProject(*q), text);
        // Not fitted: no offset/scale in the file.
        p->data.preprocessing.offset.clear();
        p->data.preprocessing.scale.clear();
        const std::string unfitted = serializeProject(*p);
        QVERIFY(unfitted.find("\"offset\"") == std::string::npos);
        QVERIFY(unfitted.find("\"scale\"") == std::string::npos);
        // A saved project with fitted values (also a seed of the project fuzzer) reuses them.
        const std::string fixtureDir = std::string(LAYERLAB_SOURCE_DIR) + "/tests/fixtures/project";
        auto fitted = loadProject(fixtureDir + "/csv-preprocessing.layerlab");
        QVERIFY2(fitted.ok(), fitted.ok() ? "" : fitted.error().toString().c_str());
        QCOMPARE(fitted->data.preprocessing.scale, (std::vector<float>{1.3637258f, 2.3267002f, 0.5685617f, 1.3155524f}));
        auto fd = loadProjectData(*fitted, fixtureDir);
        QVERIFY2(fd.ok(), fd.ok() ? "" : fd.error().toString().c_str());
        QVERIFY(fd->preprocessingReused);
        QCOMPARE(fd->test->count(), 30);
        // The MNIST examples scale pixels to [0, 1].
        for (const char* n : {"mnist_mlp", "mnist_mlp_small", "mnist_cnn"}) {
            auto m = loadProject(examplePath(n));
            QVERIFY(m.ok());
            QCOMPARE(m->data.preprocessing.normalization, Normalization::Scale01);
        }
    }

    // Files written before preprocessing existed load with the defaults (none, no test split).
    void filesWithoutPreprocessingStillLoad() {
        auto old = parseProject(R"({"format":"layerlab","version":1,"graph":{"nodes":[],"edges":[]},
                                    "data":{"kind":"csv","path":"x.csv","limit":0}})", "old.layerlab");
        QVERIFY2(old.ok(), old.ok() ? "" : old.error().toString().c_str());
        QVERIFY(old->data.preprocessing == Preprocessing{});
        // The xor fixture is such a file (the split it names is training's: test_data_split).
        auto fixture = loadProject(std::string(LAYERLAB_SOURCE_DIR) + "/tests/fixtures/project/xor.layerlab");
        QVERIFY2(fixture.ok(), fixture.ok() ? "" : fixture.error().toString().c_str());
        QCOMPARE(fixture->data.preprocessing.normalization, Normalization::None);
        QCOMPARE(fixture->data.preprocessing.testSplit, 0.0);
        QVERIFY(!fixture->data.preprocessing.fitted());
    }

    // Projects written before the bias initializer existed do not name it: their
    // biases start at 0 and their seeded weights are the same numbers as before
    // (as with an explicit "zeros", which draws nothing), and saving them again
    // adds nothing.
    void projectsWithoutBiasInitStartAsBefore() {
        for (const char* name : {"xor", "cnn"}) {
            auto p = loadProject(std::string(LAYERLAB_SOURCE_DIR) + "/tests/fixtures/project/" + name + ".layerlab");
            QVERIFY2(p.ok(), p.ok() ? "" : p.error().toString().c_str());
            QVERIFY(serializeProject(*p).find("bias") == std::string::npos);
            Graph explicitZeros = p->graph;
            int layersWithBias = 0;
            for (const Node& n : p->graph.nodes()) {
                if (n.type != "Dense" && n.type != "Conv2D") continue;
                QVERIFY(!n.params.contains("bias_init"));
                QVERIFY(explicitZeros.setParam(n.id, "bias_init", std::string("zeros")).ok());
                QVERIFY(explicitZeros.setParam(n.id, "bias_value", 0.7).ok());
                ++layersWithBias;
            }
            QVERIFY(layersWithBias >= 2);
            auto a = compileNetwork(p->graph, p->training.loss);
            auto b = compileNetwork(explicitZeros, p->training.loss);
            QVERIFY(a.ok() && b.ok());
            a->initialize(p->training.seed);
            b->initialize(p->training.seed);
            QVERIFY(std::equal(a->params().begin(), a->params().end(), b->params().begin(), b->params().end()));
            for (const CompiledLayer& cl : a->layers()) {
                if (cl.type != "Dense" && cl.type != "Conv2D") continue;
                const auto units = static_cast<std::size_t>(cl.type == "Dense" ? cl.outputShape.size()
                                                                                : cl.outputShape.channels());
                const auto biases = a->params().subspan(cl.paramOffset + cl.paramCount - units, units);
                QVERIFY2(std::all_of(biases.begin(), biases.end(), [](float v) { return v == 0; }), cl.name.c_str());
            }
        }
    }

    void badPreprocessingNamesTheField_data() {
        QTest::addColumn<QString>("pre");
        QTest::addColumn<QString>("expected");
        QTest::newRow("name") << R"({"normalization":"z-score"})"
                              << "field 'data.preprocessing.normalization': unknown normalization 'z-score'; "
                                 "expected one of: none, scale01, minmax, zscore";
        QTest::newRow("name type") << R"({"normalization":3})" << "field 'data.preprocessing.normalization' must be a string";
        QTest::newRow("split") << R"({"testSplit":1.5})" << "field 'data.preprocessing.testSplit' must be in [0, 1)";
        QTest::newRow("split type") << R"({"testSplit":"20%"})" << "field 'data.preprocessing.testSplit' must be a number";
        QTest::newRow("object") << R"("zscore")" << "field 'data.preprocessing' must be an object";
        QTest::newRow("offset only") << R"({"offset":[1,2]})" << "needs both 'offset' and 'scale'";
        QTest::newRow("lengths") << R"({"offset":[1,2],"scale":[1]})" << "same length (found 2 and 1)";
        QTest::newRow("not numbers") << R"({"offset":[1,"a"],"scale":[1,2]})"
                                     << "field 'data.preprocessing.offset' must hold numbers, found \"a\"";
        QTest::newRow("not a list") << R"({"offset":1,"scale":[1]})" << "field 'data.preprocessing.offset' must be a list";
        QTest::newRow("too large") << R"({"offset":[1e300],"scale":[1]})" << "too large for a float";
    }
    void badPreprocessingNamesTheField() {
        QFETCH(QString, pre);
        QFETCH(QString, expected);
        const std::string json = R"({"format":"layerlab","version":1,"graph":{"nodes":[],"edges":[]},)"
                                 R"("data":{"kind":"csv","path":"a.csv","preprocessing":)" +
                                 pre.toStdString() + "}}";
        auto p = parseProject(json, "broken.layerlab");
        QVERIFY(!p.ok());
        const std::string msg = p.error().toString();
        QVERIFY2(msg.find(expected.toStdString()) != std::string::npos, msg.c_str());
        QVERIFY2(msg.find("broken.layerlab") != std::string::npos, msg.c_str());
    }

    void dataPathsResolveAgainstTheProject() {
        QCOMPARE(QString::fromStdString(resolveDataPath("data/x.gz", "/home/a/proj")), QString("/home/a/proj/data/x.gz"));
        QCOMPARE(QString::fromStdString(resolveDataPath("/abs/x.gz", "/home/a/proj")), QString("/abs/x.gz"));
        Project p;
        p.data.kind = DataKind::Idx;
        p.data.trainImages = "missing-images.gz";
        p.data.trainLabels = "missing-labels.gz";
        auto d = loadProjectData(p, "/tmp/nowhere");
        QVERIFY(!d.ok());
        QVERIFY2(d.error().toString().find("/tmp/nowhere/missing-images.gz") != std::string::npos,
                 d.error().toString().c_str());
    }
};

QTEST_APPLESS_MAIN(ProjectTest)
#include "test_project.moc"
