// The project file's "series" data source: the JSON round trip (fitted values
// only when fitted, the generator only when synthetic, strict fields), loading a
// project's series through loadProjectData (fitted values handed back and reused),
// and the series file counted among the project's data files.
#include "core/io/data_paths.h"
#include "core/io/project.h"
#include "core/io/project_data.h"

#include <QtTest>

#include <fstream>
#include <string>
#include <vector>

using namespace layerlab::core;

class TestSeriesProject : public QObject {
    Q_OBJECT

private slots:
    void projectJsonRoundTrip() {
        Project p;
        p.data.kind = DataKind::Series;
        p.data.seriesPath = "data/sunspots.csv";
        SeriesOptions& o = p.data.series;
        o.window = 12;
        o.horizon = 3;
        o.stride = 2;
        o.delimiter = ';';
        o.valueColumns = {"SUNACTIVITY", "other"};
        o.targetColumn = "SUNACTIVITY";
        o.timeColumn = "YEAR";
        o.validationFraction = 0.15;
        o.testFraction = 0.25;
        o.scaling = SeriesScaling::MinMax;
        o.missing = SeriesMissing::DropWindows;
        const std::string unfitted = serializeProject(p);
        QVERIFY2(unfitted.find("\"kind\": \"series\"") != std::string::npos, unfitted.c_str());
        QVERIFY(unfitted.find("targetOffset") == std::string::npos);  // written only when fitted
        QVERIFY(unfitted.find("\"synthetic\"") == std::string::npos);
        o.offset = {1.5f, 0.1f};
        o.scale = {3.25f, 0.003921569f};
        o.targetOffset = 1.5f;
        o.targetScale = 3.25f;
        o.fittedScaling = SeriesScaling::MinMax;
        const std::string text = serializeProject(p);
        QVERIFY2(text.find("\"fittedScaling\": \"minmax\"") != std::string::npos, text.c_str());
        auto q = parseProject(text, "mem");
        QVERIFY2(q.ok(), q.ok() ? "" : q.error().toString().c_str());
        QCOMPARE(q->data.kind, DataKind::Series);
        QCOMPARE(q->data.seriesPath, p.data.seriesPath);
        QVERIFY(q->data.series == o);
        QCOMPARE(serializeProject(*q), text);
        // A synthetic series keeps its generator.
        p.data.seriesPath.clear();
        o.synthetic = true;
        o.generator.length = 777;
        o.generator.trend = 0.25;
        o.generator.seed = 9;
        auto g = parseProject(serializeProject(p), "mem");
        QVERIFY2(g.ok(), g.ok() ? "" : g.error().toString().c_str());
        QVERIFY(g->data.series == o);
        // Strict: a bad field is named.
        auto bad = parseProject(R"({"format":"layerlab","version":1,"graph":{"nodes":[],"edges":[]},
                                    "data":{"kind":"series","path":"x.csv","series":{"window":0}}})", "mem");
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().toString().find("data.series.window") != std::string::npos, bad.error().toString().c_str());
        auto noPath = parseProject(R"({"format":"layerlab","version":1,"graph":{"nodes":[],"edges":[]},
                                       "data":{"kind":"series"}})", "mem");
        QVERIFY(!noPath.ok());
    }

    void projectDataLoadsTheSeries() {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir("data"));
        {
            std::ofstream f(dir.filePath("data/s.csv").toStdString());
            f << "date,value\n";
            for (int i = 0; i < 200; ++i) f << "2020-01-01 " << (i / 60 < 10 ? "0" : "") << i / 60 << ':' << (i % 60 < 10 ? "0" : "") << i % 60 << ',' << i << '\n';
        }
        Project p;
        p.data.kind = DataKind::Series;
        p.data.seriesPath = "data/s.csv";
        p.data.series.window = 10;
        auto d = loadProjectData(p, dir.path().toStdString());
        QVERIFY2(d.ok(), d.ok() ? "" : d.error().toString().c_str());
        QVERIFY(d->series.has_value());
        QVERIFY(d->series->fitted());
        QVERIFY(!d->preprocessingReused);
        QVERIFY(d->validation && d->test);
        QCOMPARE(d->train->inputShape, (Shape{10, 1}));
        QCOMPARE(d->targetSeries.size(), std::size_t{200});
        QCOMPARE(d->seriesTime.size(), std::size_t{200});
        QCOMPARE(d->boundaryWindows, 20L);  // 10 from training into validation, 10 from validation into test
        // Stored back, the fitted values are reused.
        p.data.series = *d->series;
        auto again = loadProjectData(p, dir.path().toStdString());
        QVERIFY(again.ok());
        QVERIFY(again->preprocessingReused);
        QCOMPARE(again->train->values, d->train->values);
        // The file is a data file of the project: a moved one is found missing.
        QCOMPARE(missingDataFiles(p.data, dir.path().toStdString()).size(), std::size_t{0});
        p.data.seriesPath = "data/gone.csv";
        const auto missing = missingDataFiles(p.data, dir.path().toStdString());
        QCOMPARE(missing.size(), std::size_t{1});
        QCOMPARE(missing.front().field, std::string("path"));
    }
};

QTEST_APPLESS_MAIN(TestSeriesProject)
#include "test_series_project.moc"
