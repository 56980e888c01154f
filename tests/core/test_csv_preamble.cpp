// The lines above a CSV table and the task a numeric target gets: scikit-learn's
// count line ("178,13,class_0,class_1,class_2") detected and skipped by itself,
// its class names given to the integer labels; "skip the first N lines" with
// physical line numbers in messages; a whole-number target with few distinct
// values read as classes by default (and why, in the report); skipLines in the
// project file.
#include "core/data/csv_preamble.h"
#include "core/data/csv_reader.h"
#include "core/data/preprocess.h"
#include "core/io/data_source_json.h"
#include "core/io/json_fields.h"

#include <QtTest>

#include <string>
#include <vector>

using namespace layerlab::core;

namespace {

Dataset parseOk(std::string_view text, const CsvOptions& o = {}, CsvReport* report = nullptr) {
    auto r = parseCsv(text, "mem.csv", o, report);
    if (!r) qFatal("parseCsv failed: %s", r.error().toString().c_str());
    return std::move(r).value();
}

std::string fixture(const char* name) { return std::string(LAYERLAB_SOURCE_DIR) + "/tests/fixtures/csv/" + name; }

}  // namespace

class CsvPreambleTest : public QObject {
    Q_OBJECT

private slots:
    void countLineDetection() {
        const auto wine = detectCsvCountLine("178,13,class_0,class_1,class_2\n" + std::string(13, '1') + "\n", ',');
        QVERIFY(!wine);  // the row below must have features + 1 fields
        std::string row;
        for (int i = 0; i < 13; ++i) row += "1.5,";
        const auto c = detectCsvCountLine("178,13,class_0,class_1,class_2\r\n" + row + "0\r\n", ',');
        QVERIFY(c);
        QCOMPARE(c->samples, 178L);
        QCOMPARE(c->features, 13);
        QCOMPARE(c->classNames, (std::vector<std::string>{"class_0", "class_1", "class_2"}));
        QCOMPARE(describeCsvCountLine(*c),
                 std::string("a scikit-learn count line (178 rows, 13 features, classes class_0, class_1, class_2)"));
        // Iris: as many fields as the rows, but names after the two counts.
        QVERIFY(detectCsvCountLine("\xEF\xBB\xBF" "150,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n", ','));
        // Padded with empty fields (a regression set), the header row below.
        const auto padded = detectCsvCountLine("506,3,,\nrooms,age,tax,price\n", ',');
        QVERIFY(padded && padded->classNames.empty());
        // Not count lines: a numeric table, a header, a name among numbers, quotes, one line only.
        QVERIFY(!detectCsvCountLine("3,1\n0.5,1\n", ','));
        QVERIFY(!detectCsvCountLine("1,2,3\n4,5,6\n", ','));
        QVERIFY(!detectCsvCountLine("150,4,0,1,2\n5.1,3.5,1.4,0.2,0\n", ','));
        QVERIFY(!detectCsvCountLine("x,y,label\n1,2,a\n", ','));
        QVERIFY(!detectCsvCountLine("0,1,a\n1,2,a\n", ','));  // zero samples
        QVERIFY(!detectCsvCountLine("\"3\",1,a\n1,2\n", ','));
        QVERIFY(!detectCsvCountLine("30,1,a,b\n", ','));
        QVERIFY(!detectCsvCountLine("30,1,a,,b\n1,2\n", ','));  // a name after a gap
    }

    void linesEnd() {
        QCOMPARE(csvLinesEnd("a\nb\r\nc\rd", 0, true), std::optional<std::size_t>(0));
        QCOMPARE(csvLinesEnd("a\nb\r\nc\rd", 2, true), std::optional<std::size_t>(5));
        QCOMPARE(csvLinesEnd("a\nb\r\nc\rd", 3, true), std::optional<std::size_t>(7));
        QCOMPARE(csvLinesEnd("a\nb\r\nc\rd", 4, true), std::optional<std::size_t>(8));
        QVERIFY(!csvLinesEnd("a\nb\r\nc\rd", 5, true));
        QVERIFY(!csvLinesEnd("a\nb", 2, false));  // the head ends inside line 2
        QVERIFY(!csvLinesEnd("a\r", 1, false));   // may be the first half of CRLF
    }

    // The real files' shapes (tests/fixtures/csv/sklearn_*.csv): read with the defaults.
    void scikitLearnFilesRead() {
        CsvReport rep;
        auto wine = readCsv(fixture("sklearn_wine.csv"), {}, &rep);
        QVERIFY2(wine.ok(), wine.ok() ? "" : wine.error().toString().c_str());
        QCOMPARE(wine->count(), 12);
        QCOMPARE(wine->featureCount(), 13);
        QCOMPARE(wine->task, TaskKind::Classification);
        QCOMPARE(wine->classNames, (std::vector<std::string>{"class_0", "class_1", "class_2"}));
        QCOMPARE(wine->labels.front(), 0);
        QCOMPARE(wine->labels.back(), 2);
        QCOMPARE(rep.skippedLines, 1);
        QVERIFY(rep.countLine && rep.countLine->samples == 12);
        QVERIFY(rep.classesFromNumbers);
        QVERIFY(!rep.hasHeader);

        auto iris = readCsv(fixture("sklearn_iris.csv"), {}, &rep);
        QVERIFY(iris.ok());
        QCOMPARE(iris->count(), 30);
        QCOMPARE(iris->featureCount(), 4);
        QCOMPARE(rep.featureNames, (std::vector<std::string>{"column 1", "column 2", "column 3", "column 4"}));
        QCOMPARE(iris->classNames, (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
        QCOMPARE(classHistogram(*iris), (std::vector<long>{10, 10, 10}));

        auto cancer = readCsv(fixture("sklearn_breast_cancer.csv"), {}, &rep);
        QVERIFY(cancer.ok());
        QCOMPARE(cancer->featureCount(), 30);
        QCOMPARE(cancer->classNames, (std::vector<std::string>{"malignant", "benign"}));

        auto reg = readCsv(fixture("sklearn_regression_header.csv"), {}, &rep);
        QVERIFY(reg.ok());
        QVERIFY(rep.hasHeader);
        QCOMPARE(rep.columnNames, (std::vector<std::string>{"rooms", "age", "tax", "price"}));
        QCOMPARE(reg->task, TaskKind::Regression);
        QCOMPARE(reg->count(), 6);

        // Turning detection off gives the old reading: the count line is a header.
        CsvOptions keep;
        keep.skipLines = 0;
        auto asHeader = readCsv(fixture("sklearn_iris.csv"), keep, &rep);
        QVERIFY(asHeader.ok());
        QCOMPARE(rep.skippedLines, 0);
        QVERIFY(!rep.countLine);
        QCOMPARE(rep.columnNames.front(), std::string("30"));
        auto wineKept = readCsv(fixture("sklearn_wine.csv"), keep);
        QVERIFY(!wineKept.ok());
        QVERIFY(wineKept.error().message.find("line 2 has 14 fields, expected 5") != std::string::npos);
        // The preview says what it skipped too.
        auto p = previewCsv(fixture("sklearn_wine.csv"), {}, 5);
        QVERIFY(p.ok());
        QCOMPARE(p->skippedLines, 1);
        QVERIFY(p->countLine);
        QCOMPARE(p->lines.front(), 2L);
        QCOMPARE(p->columnNames.size(), std::size_t{14});
    }

    // Labels outside 0..K-1 keep their numbers as names.
    void countLineNamesOnlyForTheirLabels() {
        const Dataset d = parseOk("4,1,a,b\n1,5\n2,7\n3,5\n4,7\n");
        QCOMPARE(d.task, TaskKind::Classification);
        QCOMPARE(d.classNames, (std::vector<std::string>{"5", "7"}));
    }

    void skipFirstLines() {
        const std::string text = "# exported by a logger\n# units: cm\nx,y,label\n1,2,a\n3,4,b\n5,oops,a\n";
        CsvOptions o;
        o.skipLines = 2;
        CsvReport rep;
        auto r = parseCsv(text, "mem.csv", o, &rep);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().line, 6L);  // physical lines, the skipped ones counted
        QVERIFY(r.error().message.find("line 6, column 2 ('y')") != std::string::npos);
        const Dataset d = parseOk("# a\n# b\nx,y,label\n1,2,a\n3,4,b\n", o, &rep);
        QCOMPARE(d.count(), 2);
        QVERIFY(rep.hasHeader);
        QCOMPARE(rep.skippedLines, 2);
        QVERIFY(!rep.countLine);  // skipped as asked, nothing detected
        auto p = previewCsvText("# a\n# b\nx,y,label\n1,2,a\n", "mem.csv", o, 5);
        QVERIFY(p.ok());
        QCOMPARE(p->lines, (std::vector<long>{4}));
        o.skipLines = 9;
        auto past = parseCsv("x,y\n1,2\n", "mem.csv", o);
        QVERIFY(!past.ok());
        QVERIFY2(past.error().message.find("skipping the first 9 lines leaves nothing") != std::string::npos,
                 past.error().message.c_str());
        o.skipLines = 1;
        auto onlyBlank = parseCsv("junk\n\n\n", "mem.csv", o);
        QVERIFY(!onlyBlank.ok());
        QVERIFY(onlyBlank.error().message.find("no rows after the 1 skipped line") != std::string::npos);
    }

    void wholeNumberTargetsAreClassesByDefault() {
        CsvReport rep;
        // 0/1/2 over 9 rows: classes, and the report says Auto chose it.
        Dataset d = parseOk("a,b,class\n1,2,0\n2,3,1\n3,4,2\n4,5,0\n5,6,1\n6,7,2\n7,8,0\n8,9,1\n9,1,2\n", {}, &rep);
        QCOMPARE(d.task, TaskKind::Classification);
        QCOMPARE(d.classNames, (std::vector<std::string>{"0", "1", "2"}));
        QVERIFY(rep.classesFromNumbers);
        QCOMPARE(rep.task, TaskKind::Classification);
        // Asked for regression: a number.
        CsvOptions reg;
        reg.task = CsvOptions::Task::Regression;
        d = parseOk("a,class\n1,0\n2,1\n3,0\n4,1\n", reg, &rep);
        QCOMPARE(d.task, TaskKind::Regression);
        QVERIFY(!rep.classesFromNumbers);
        // Decimals, too many distinct values, or every value different: regression.
        QCOMPARE(parseOk("a,y\n1,0.5\n2,1\n3,0.5\n4,1\n").task, TaskKind::Regression);
        std::string many = "a,y\n";
        for (int i = 0; i < 100; ++i) many += std::to_string(i) + "," + std::to_string(i % 21) + "\n";
        QCOMPARE(parseOk(many).task, TaskKind::Regression);  // 21 distinct
        QCOMPARE(parseOk("a,y\n1,3\n2,5\n3,9\n").task, TaskKind::Regression);  // 3 values in 3 rows
        // Explicit classification still works as before.
        CsvOptions cls;
        cls.task = CsvOptions::Task::Classification;
        d = parseOk("a,y\n1,3\n2,5\n3,9\n", cls, &rep);
        QCOMPARE(d.task, TaskKind::Classification);
        QVERIFY(!rep.classesFromNumbers);
    }

    void skipLinesInTheProjectFile() {
        DataSource s;
        s.kind = DataKind::Csv;
        s.csvPath = "wine.csv";
        s.csv.skipLines = 3;
        const auto j = dataSourceToJson(s);
        QCOMPARE(j["options"]["skipLines"].get<int>(), 3);
        QCOMPARE(dataSourceFromJson(j).csv.skipLines, 3);
        // Older files without the field detect a count line.
        auto old = j;
        old["options"].erase("skipLines");
        QCOMPARE(dataSourceFromJson(old).csv.skipLines, -1);
        old["options"]["skipLines"] = -2;
        QVERIFY_THROWS_EXCEPTION(jsonfields::FieldError, dataSourceFromJson(old));
    }
};

QTEST_APPLESS_MAIN(CsvPreambleTest)
#include "test_csv_preamble.moc"
