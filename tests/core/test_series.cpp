// Time series: windows and targets by hand (layout t*F+f, horizon, stride), no
// leakage across the chronological splits, scaling fitted on the training rows
// only (and reused), missing values, the time column (ISO dates, newest-first,
// a year column, a shuffled one refused), errors with file/line/column, the
// naive forecast and the seeded generator (the project file: test_series_project.cpp).
#include "core/data/series.h"

#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stop_token>
#include <string>
#include <vector>

using namespace layerlab::core;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// n rows of the given columns; column c at row r is fn(c, r); time = r * 10.
template <class Fn>
RawSeries makeRaw(long n, std::vector<std::string> columns, Fn fn) {
    RawSeries raw;
    raw.file = "tiny.csv";
    raw.columns = std::move(columns);
    raw.timeName = "t";
    for (long r = 0; r < n; ++r) {
        for (std::size_t c = 0; c < raw.columns.size(); ++c) raw.values.push_back(fn(static_cast<int>(c), r));
        raw.time.push_back(static_cast<double>(r) * 10);
    }
    return raw;
}

// Column 0 = the row number, column 1 = 100 + row.
RawSeries rows(long n) {
    return makeRaw(n, {"a", "b"}, [](int c, long r) { return static_cast<float>(c == 0 ? r : 100 + r); });
}

SeriesOptions plain(int window, int horizon, int stride) {
    SeriesOptions o;
    o.window = window;
    o.horizon = horizon;
    o.stride = stride;
    o.validationFraction = 0;
    o.testFraction = 0;
    o.scaling = SeriesScaling::None;
    return o;
}

std::string text(const Error& e) { return e.toString(); }

}  // namespace

class TestSeries : public QObject {
    Q_OBJECT

private slots:
    void windowsAndTargetsByHand() {
        auto d = windowSeries(rows(10), plain(3, 1, 1));
        QVERIFY2(d.ok(), d.ok() ? "" : text(d.error()).c_str());
        const Dataset& t = d->train;
        QCOMPARE(t.count(), 7);  // starts 0..6: the target row s+3 stays below 10
        QCOMPARE(t.inputShape, (Shape{3, 2}));
        QCOMPARE(t.task, TaskKind::Regression);
        QCOMPARE(t.targetDim, 1);
        // Time-major inside a sample: value t*F+f.
        QCOMPARE(t.sample(0), (std::vector<float>{0, 100, 1, 101, 2, 102}));
        QCOMPARE(t.sample(6), (std::vector<float>{6, 106, 7, 107, 8, 108}));
        QCOMPARE(t.targets.front(), 3.0f);
        QCOMPARE(t.targets.back(), 9.0f);
        QCOMPARE(t.featureNames, (std::vector<std::string>{"a t-2", "b t-2", "a t-1", "b t-1", "a t", "b t"}));
        QCOMPARE(t.name, std::string("tiny (training)"));
        QCOMPARE(d->validation.count(), 0);
        QCOMPARE(d->test.count(), 0);

        auto h2 = windowSeries(rows(10), plain(3, 2, 1));
        QVERIFY(h2.ok());
        QCOMPARE(h2->train.count(), 6);
        QCOMPARE(h2->train.targets.front(), 4.0f);  // two rows after the window's last row
        QCOMPARE(h2->train.sampleTime.front(), 40.0);

        auto s2 = windowSeries(rows(10), plain(3, 1, 2));
        QVERIFY(s2.ok());
        QCOMPARE(s2->train.count(), 4);  // starts 0, 2, 4, 6
        QCOMPARE(s2->train.sample(1), (std::vector<float>{2, 102, 3, 103, 4, 104}));
        QCOMPARE(s2->train.targets, (std::vector<float>{3, 5, 7, 9}));

        SeriesOptions b = plain(3, 1, 1);
        b.targetColumn = "b";
        auto tb = windowSeries(rows(10), b);
        QVERIFY(tb.ok());
        QCOMPARE(tb->train.targets.front(), 103.0f);
        b.valueColumns = {"b"};
        b.targetColumn = "a";  // a target that is not an input
        auto only = windowSeries(rows(10), b);
        QVERIFY(only.ok());
        QCOMPARE(only->train.inputShape, (Shape{3, 1}));
        QCOMPARE(only->train.sample(0), (std::vector<float>{100, 101, 102}));
        QCOMPARE(only->train.targets.front(), 3.0f);
    }

    void noLeakageAcrossSplits() {
        SeriesOptions o = plain(5, 2, 1);
        o.validationFraction = 0.2;
        o.testFraction = 0.2;
        auto d = windowSeries(rows(100), o);  // rows: training 0..59, validation 60..79, test 80..99
        QVERIFY2(d.ok(), d.ok() ? "" : text(d.error()).c_str());
        const long lo[3] = {0, 60, 80}, hi[3] = {60, 80, 100};
        const Dataset* sets[3] = {&d->train, &d->validation, &d->test};
        for (int k = 0; k < 3; ++k) {
            const Dataset& s = *sets[k];
            QVERIFY(s.count() > 0);
            for (int i = 0; i < s.count(); ++i) {
                const std::vector<float> x = s.sample(i);
                for (std::size_t t = 0; t < 5; ++t) {
                    const float row = x[t * 2];
                    QVERIFY2(row >= lo[k] && row < hi[k], qPrintable(QString("split %1 sample %2 row %3").arg(k).arg(i).arg(row)));
                }
                const float target = s.targets[static_cast<std::size_t>(i)];
                QVERIFY(target >= lo[k] && target < hi[k]);
                QCOMPARE(target, x[8] + 2);  // the target row is horizon rows after the last
                QCOMPARE(s.sampleTime[static_cast<std::size_t>(i)], static_cast<double>(target) * 10);
            }
        }
        QCOMPARE(d->train.count(), 54);       // starts 0..53
        QCOMPARE(d->validation.count(), 14);  // starts 60..73
        QCOMPARE(d->test.count(), 14);        // starts 80..93
        QCOMPARE(d->boundaryWindows, 12L);    // 54..59 and 74..79; the test's last ones run off the data
        const double lastTraining = d->train.sampleTime.back();
        for (double t : d->validation.sampleTime) QVERIFY(t > lastTraining);
        for (double t : d->test.sampleTime) QVERIFY(t > d->validation.sampleTime.back());
        QCOMPARE(d->validation.name, std::string("tiny (validation)"));
        QCOMPARE(d->test.name, std::string("tiny (test)"));
    }

    void scalingFittedOnTrainingRowsOnly() {
        SeriesOptions o = plain(3, 1, 1);
        o.validationFraction = 0.2;
        o.testFraction = 0.2;
        o.scaling = SeriesScaling::ZScore;
        o.targetColumn = "b";
        auto a = windowSeries(rows(50), o);
        QVERIFY(a.ok());
        QCOMPARE(a->fitted.offset.size(), std::size_t{2});
        QVERIFY(!a->reused);
        // Training rows 0..29: mean of a is 14.5.
        QCOMPARE(a->fitted.offset[0], 14.5f);
        QCOMPARE(a->fitted.targetOffset, a->fitted.offset[1]);
        QCOMPARE(a->fitted.targetScale, a->fitted.scale[1]);
        RawSeries changedTest = rows(50);
        changedTest.values[45 * 2] = 1e6f;  // a test row
        auto b = windowSeries(std::move(changedTest), o);
        QVERIFY(b.ok());
        QCOMPARE(b->fitted.offset, a->fitted.offset);
        QCOMPARE(b->fitted.scale, a->fitted.scale);
        RawSeries changedTraining = rows(50);
        changedTraining.values[10 * 2] = 1e6f;  // a training row: the fit must see it
        auto c = windowSeries(std::move(changedTraining), o);
        QVERIFY(c.ok());
        QVERIFY(c->fitted.offset[0] != a->fitted.offset[0]);
        // The inverse is exact: scaled*targetScale + targetOffset is the original target.
        for (const Dataset* s : {&a->train, &a->validation, &a->test})
            for (int i = 0; i < s->count(); ++i) {
                const double original = 100 + s->sampleTime[static_cast<std::size_t>(i)] / 10;
                const double back = s->targets[static_cast<std::size_t>(i)] * s->targetScale + s->targetOffset;
                QVERIFY2(std::fabs(back - original) <= 1e-6 * std::fabs(original), qPrintable(QString::number(back)));
            }
        // Min-max: the training rows' inputs in [0, 1].
        o.scaling = SeriesScaling::MinMax;
        auto m = windowSeries(rows(50), o);
        QVERIFY(m.ok());
        for (float v : m->train.values) QVERIFY(v >= 0 && v <= 1);
        // Fitted values present with the right count are reused, not refitted.
        SeriesOptions given = o;
        given.offset = {5, 100};
        given.scale = {2, 4};
        given.targetOffset = 100;
        given.targetScale = 4;
        given.fittedScaling = SeriesScaling::ZScore;  // fitted for another scaling than min-max: refit
        auto other = windowSeries(rows(50), given);
        QVERIFY(other.ok());
        QVERIFY(!other->reused);
        QCOMPARE(other->fitted.fittedScaling, SeriesScaling::MinMax);
        given.fittedScaling = SeriesScaling::MinMax;
        auto r = windowSeries(rows(50), given);
        QVERIFY(r.ok());
        QVERIFY(r->reused);
        QCOMPARE(r->fitted.offset, given.offset);
        QCOMPARE(r->train.sample(0)[0], (0.0f - 5) / 2);
        QCOMPARE(r->train.targets.front(), (103.0f - 100) / 4);
        given.offset = {5};
        given.scale = {2};  // the wrong count: fitted again
        auto refit = windowSeries(rows(50), given);
        QVERIFY(refit.ok());
        QVERIFY(!refit->reused);
        QCOMPARE(refit->fitted.offset.size(), std::size_t{2});
    }

    void missingValuesInterpolatedOrDropped() {
        auto gaps = [] {
            return makeRaw(20, {"v"}, [](int, long r) { return r == 0 || r == 3 || r == 4 ? kNaN : static_cast<float>(r * 2); });
        };
        auto d = windowSeries(gaps(), plain(3, 1, 1));
        QVERIFY2(d.ok(), d.ok() ? "" : text(d.error()).c_str());
        QCOMPARE(d->filledValues, 3L);
        QCOMPARE(d->targetSeries[0], 2.0f);  // a leading gap copies the first value
        QCOMPARE(d->targetSeries[3], 6.0f);  // linear between row 2 (4) and row 5 (10)
        QCOMPARE(d->targetSeries[4], 8.0f);
        QCOMPARE(d->droppedWindows, 0L);
        // A gap at the end of the training rows copies the value before; the validation rows are not looked at.
        SeriesOptions split = plain(1, 1, 1);
        split.validationFraction = 0.2;
        auto tail = makeRaw(10, {"v"}, [](int, long r) { return r == 7 ? kNaN : static_cast<float>(r); });
        auto t = windowSeries(std::move(tail), split);
        QVERIFY(t.ok());
        QCOMPARE(t->targetSeries[7], 6.0f);

        SeriesOptions drop = plain(3, 1, 1);
        drop.missing = SeriesMissing::DropWindows;
        auto one = makeRaw(20, {"v"}, [](int, long r) { return r == 5 ? kNaN : static_cast<float>(r); });
        auto dd = windowSeries(std::move(one), drop);
        QVERIFY(dd.ok());
        QCOMPARE(dd->filledValues, 0L);
        QCOMPARE(dd->droppedWindows, 4L);  // inputs hold row 5: starts 3, 4, 5; target row 5: start 2
        QCOMPARE(dd->train.count(), 17 - 4);
        for (float v : dd->train.values) QVERIFY(!std::isnan(v));
        // A column without any value is named.
        auto empty = windowSeries(makeRaw(20, {"v", "hole"}, [](int c, long r) { return c ? kNaN : static_cast<float>(r); }),
                                  plain(3, 1, 1));
        QVERIFY(!empty.ok());
        QVERIFY2(text(empty.error()).find("'hole'") != std::string::npos, text(empty.error()).c_str());
    }

    void timeColumnDetectedAndOrdered() {
        std::string csv = "date,value\n";
        for (int i = 1; i <= 28; ++i) csv += "2024-02-" + std::string(i < 10 ? "0" : "") + std::to_string(i) + "," + std::to_string(i) + "\n";
        auto raw = parseRawSeries(csv, "daily.csv", SeriesOptions{});
        QVERIFY2(raw.ok(), raw.ok() ? "" : text(raw.error()).c_str());
        QVERIFY(raw->timeIsDate);
        QCOMPARE(raw->timeName, std::string("date"));
        QCOMPARE(raw->columns, (std::vector<std::string>{"value"}));
        QCOMPARE(raw->time.front(), 19754.0);  // 2024-02-01 is day 19754 since 1970-01-01
        for (long i = 1; i < raw->rows(); ++i) QVERIFY(raw->time[static_cast<std::size_t>(i)] > raw->time[static_cast<std::size_t>(i - 1)]);
        QVERIFY(!raw->sortedByTime);
        double day = 0;
        QVERIFY(parseIsoDate("1970-01-02T12:00", day));
        QCOMPARE(day, 1.5);
        QVERIFY(parseIsoDate("2024/02/29 06:00:00", day));
        QVERIFY(parseIsoDate("2024-03", day));
        QCOMPARE(day, 19783.0);
        QVERIFY(!parseIsoDate("2023-02-29", day));
        QVERIFY(!parseIsoDate("1749", day));

        // Newest first: reversed into time order.
        std::string newest = "when;value\n";
        for (int i = 28; i >= 1; --i) newest += "2024-02-" + std::string(i < 10 ? "0" : "") + std::to_string(i) + ";" + std::to_string(i) + "\n";
        auto rev = parseRawSeries(newest, "newest.csv", SeriesOptions{});
        QVERIFY2(rev.ok(), rev.ok() ? "" : text(rev.error()).c_str());
        QVERIFY(rev->sortedByTime);
        QCOMPARE(rev->timeName, std::string("when"));  // found by its dates, not its name
        QCOMPARE(rev->values.front(), 1.0f);
        QCOMPARE(rev->time.front(), 19754.0);
        QCOMPARE(rev->lines.front(), 29L);
        SeriesOptions w;
        w.window = 2;  // 28 rows: 3 validation rows hold one window and its target
        auto windows = windowSeries(std::move(rev).value(), w);
        QVERIFY(windows.ok());
        QVERIFY(windows->sortedByTime);

        // A year column, read from a file.
        QTemporaryDir dir;
        const std::string path = dir.filePath("sunspots.csv").toStdString();
        {
            std::ofstream f(path);
            f << "Year,Sunspots\n";
            for (int y = 1700; y < 1760; ++y) f << y << ',' << (y % 11) * 3 << '\n';
        }
        SeriesOptions years;
        years.window = 5;
        auto sun = loadSeries(path, years);
        QVERIFY2(sun.ok(), sun.ok() ? "" : text(sun.error()).c_str());
        QCOMPARE(sun->time.front(), 1700.0);
        QVERIFY(!sun->train.timeIsDate);
        QCOMPARE(sun->train.timeName, std::string("Year"));
        QCOMPARE(sun->train.name, std::string("sunspots (training)"));
        QCOMPARE(sun->train.featureNames.back(), std::string("Sunspots t"));

        // A shuffled time column is refused with its line.
        const std::string shuffled = "date,value\n2024-01-01,1\n2024-01-02,2\n2024-01-03,3\n2024-01-05,5\n2024-01-04,4\n2024-01-06,6\n";
        auto bad = parseRawSeries(shuffled, "shuffled.csv", SeriesOptions{});
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().line, 6L);
        QCOMPARE(bad.error().column, 1L);
        QVERIFY2(text(bad.error()).find("sort the file") != std::string::npos, text(bad.error()).c_str());
    }

    void errorsNameTheFileLineAndColumn() {
        std::string csv = "YEAR,SUNACTIVITY\n";
        for (int i = 0; i < 40; ++i) csv += std::to_string(1700 + i) + "," + (i == 10 ? std::string("abc") : std::to_string(i)) + "\n";
        auto bad = parseRawSeries(csv, "sunspots.csv", SeriesOptions{});
        QVERIFY(!bad.ok());
        QVERIFY2(text(bad.error()).find("sunspots.csv:12:2: 'abc' in column SUNACTIVITY is not a number") == 0,
                 text(bad.error()).c_str());

        std::string good = "date,value,other\n";
        for (int i = 0; i < 40; ++i) good += std::to_string(2000 + i) + "-01-01," + std::to_string(i) + "," + std::to_string(i * 2) + "\n";
        SeriesOptions unknown;
        unknown.valueColumns = {"valeu"};
        auto u = parseRawSeries(good, "g.csv", unknown);
        QVERIFY(!u.ok());
        QVERIFY2(text(u.error()).find("'valeu'") != std::string::npos &&
                     text(u.error()).find("date, value, other") != std::string::npos,
                 text(u.error()).c_str());
        SeriesOptions target;
        target.targetColumn = "nope";
        auto raw = parseRawSeries(good, "g.csv", SeriesOptions{});
        QVERIFY(raw.ok());
        auto t = windowSeries(std::move(raw).value(), target);
        QVERIFY(!t.ok());
        QVERIFY2(text(t.error()).find("'nope'") != std::string::npos && text(t.error()).find("value, other") != std::string::npos,
                 text(t.error()).c_str());

        // 40 rows: 28 training, 4 validation, 8 test; a window of 10 needs 11 in each.
        SeriesOptions longWindow;
        longWindow.window = 10;
        auto again = parseRawSeries(good, "g.csv", SeriesOptions{});
        QVERIFY(again.ok());
        auto w = windowSeries(std::move(again).value(), longWindow);
        QVERIFY(!w.ok());
        const std::string m = text(w.error());
        QVERIFY2(m.find("need 11 rows") != std::string::npos && m.find("validation split has 4") != std::string::npos &&
                     m.find("28 training") != std::string::npos,
                 m.c_str());
        SeriesOptions fractions;
        fractions.validationFraction = 0.5;
        fractions.testFraction = 0.5;
        QVERIFY(!checkSeriesOptions(fractions).ok());
    }

    void textColumnsSkippedAndReadsCancel() {
        std::string csv = "Date,Symbol,Close,Volume\n";
        for (int i = 0; i < 50; ++i)
            csv += "2021-03-" + std::string(i % 28 + 1 < 10 ? "0" : "") + std::to_string(i % 28 + 1) + "T09:30," +
                   "ACME," + std::to_string(10 + i) + "," + (i == 7 ? std::string("NA") : std::to_string(i * 100)) + "\n";
        // Dates repeat after 28 rows: refused; with the row number as time the file reads.
        auto dup = parseRawSeries(csv, "prices.csv", SeriesOptions{});
        QVERIFY(!dup.ok());
        QCOMPARE(dup.error().line, 30L);
        SeriesOptions rowsOnly;
        rowsOnly.timeColumn = "-";
        rowsOnly.valueColumns = {"Close", "Volume"};
        auto raw = parseRawSeries(csv, "prices.csv", rowsOnly);
        QVERIFY2(raw.ok(), raw.ok() ? "" : text(raw.error()).c_str());
        QCOMPARE(raw->columns, (std::vector<std::string>{"Close", "Volume"}));
        QCOMPARE(raw->timeName, std::string("row"));
        QVERIFY(std::isnan(raw->values[7 * 2 + 1]));  // "NA" is missing
        SeriesOptions automatic;
        automatic.timeColumn = "-";
        auto all = parseRawSeries(csv, "prices.csv", automatic);
        QVERIFY(all.ok());
        QCOMPARE(all->columns, (std::vector<std::string>{"Close", "Volume"}));  // Date and Symbol hold text
        // A stop request cancels the read.
        QTemporaryDir dir;
        const std::string path = dir.filePath("p.csv").toStdString();
        std::ofstream(path) << csv;
        std::stop_source stop;
        stop.request_stop();
        CsvProgress progress;
        progress.stop = stop.get_token();
        auto cancelled = readRawSeries(path, rowsOnly, progress);
        QVERIFY(!cancelled.ok());
        QCOMPARE(cancelled.error().message, std::string("cancelled"));
        auto missing = readRawSeries(dir.filePath("none.csv").toStdString(), rowsOnly);
        QVERIFY(!missing.ok());
    }

    void naiveForecastIsTheLastWindowRow() {
        SeriesOptions o = plain(4, 3, 1);
        o.scaling = SeriesScaling::ZScore;
        o.targetColumn = "b";
        o.validationFraction = 0.2;
        auto d = windowSeries(rows(60), o);
        QVERIFY(d.ok());
        for (const Dataset* s : {&d->train, &d->validation}) {
            QCOMPARE(s->naiveForecast.size(), static_cast<std::size_t>(s->count()));
            for (int i = 0; i < s->count(); ++i) {
                const double targetRow = s->sampleTime[static_cast<std::size_t>(i)] / 10;
                QCOMPARE(s->naiveForecast[static_cast<std::size_t>(i)], static_cast<float>(100 + targetRow - 3));
            }
        }
        // subset keeps the per-sample series fields.
        const int pick[2] = {5, 2};
        const Dataset sub = d->train.subset(pick);
        QCOMPARE(sub.naiveForecast, (std::vector<float>{d->train.naiveForecast[5], d->train.naiveForecast[2]}));
        QCOMPARE(sub.sampleTime.size(), std::size_t{2});
        QCOMPARE(sub.targetScale, d->train.targetScale);
        QCOMPARE(sub.timeName, std::string("t"));
    }

    void generatorIsSeeded() {
        SeriesGenerator g;
        g.length = 200;
        auto a = generateSeries(g), b = generateSeries(g);
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(a->values, b->values);
        g.seed = 2;
        auto c = generateSeries(g);
        QVERIFY(c.ok());
        QVERIFY(c->values != a->values);
        g.noise = 0;
        g.trend = 0.5;
        auto clean = generateSeries(g);
        QVERIFY(clean.ok());
        QCOMPARE(clean->columns, (std::vector<std::string>{"value"}));
        const double expected = std::sin(2 * M_PI * 10 / 50) + 0.5 * 10;
        QVERIFY(std::fabs(clean->values[10] - expected) < 1e-5);
        QCOMPARE(clean->time[10], 10.0);
        SeriesOptions o;
        o.synthetic = true;
        o.generator.length = 400;
        auto d = makeSeries(o), e = makeSeries(o);
        QVERIFY2(d.ok(), d.ok() ? "" : text(d.error()).c_str());
        QCOMPARE(d->train.values, e->train.values);
        QCOMPARE(d->train.inputShape, (Shape{30, 1}));
        g.length = 5;
        QVERIFY(!generateSeries(g).ok());
    }
};

QTEST_APPLESS_MAIN(TestSeries)
#include "test_series.moc"
