// CSV: the RFC 4180 tokenizer (quotes, line breaks, chunk boundaries), delimiter
// and header detection, targets and tasks, one-hot features, missing values,
// errors with file/line/column, the broken fixtures in tests/fixtures/csv
// (README.md there), reading files with progress and cancellation, the preview.
#include "core/data/csv_parser.h"
#include "core/data/csv_reader.h"

#include <QtTest>

#include <charconv>
#include <cmath>
#include <cstring>
#include <random>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace layerlab::core;

namespace {

using Records = std::vector<std::vector<std::string>>;

// All records of text, read with the given chunk size; "ERROR line:col: msg" on failure.
Records tokenize(std::string_view text, char delimiter, std::size_t chunk, std::vector<long>* lines = nullptr) {
    std::size_t pos = 0;
    CsvTokenizer tok(
        [&](char* dst, std::size_t n) {
            const std::size_t k = std::min(n, text.size() - pos);
            std::memcpy(dst, text.data() + pos, k);
            pos += k;
            return k;
        },
        delimiter, chunk);
    Records out;
    std::vector<std::string_view> fields;
    for (;;) {
        const auto st = tok.next(fields);
        if (st == CsvTokenizer::Status::End) break;
        if (st == CsvTokenizer::Status::Error) {
            out.push_back({"ERROR " + std::to_string(tok.errorLine()) + ":" + std::to_string(tok.errorColumn()) + ": " +
                           tok.errorMessage()});
            break;
        }
        out.emplace_back(fields.begin(), fields.end());
        if (lines) lines->push_back(tok.recordLine());
    }
    return out;
}

Dataset parseOk(std::string_view text, const CsvOptions& o = {}, CsvReport* report = nullptr) {
    auto r = parseCsv(text, "mem.csv", o, report);
    if (!r) qFatal("parseCsv failed: %s", r.error().toString().c_str());
    return std::move(r).value();
}

Error parseError(std::string_view text, const CsvOptions& o = {}) {
    auto r = parseCsv(text, "mem.csv", o);
    if (r) qFatal("parseCsv should have failed on: %.*s", static_cast<int>(text.size()), text.data());
    return r.error();
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string fixtureDir() { return std::string(LAYERLAB_SOURCE_DIR) + "/tests/fixtures/csv"; }

}  // namespace

class CsvTest : public QObject {
    Q_OBJECT

private slots:
    void tokenizerHandlesRfc4180() {
        const std::string text = "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,\"\"\n\nlast,\"x\"  ,end";
        const Records want = {{"a", "b,c", "say \"hi\""}, {"two\nlines", "", ""}, {"last", "x", "end"}};
        const std::vector<long> wantLines = {1, 2, 5};
        for (std::size_t chunk : {1, 2, 3, 5, 7, 16, 1000}) {
            std::vector<long> lines;
            QCOMPARE(tokenize(text, ',', chunk, &lines), want);
            QCOMPARE(lines, wantLines);
        }
    }

    void tokenizerLineEndingsAndBom() {
        const Records want = {{"1", "2"}, {"3", "4"}};
        for (std::size_t chunk : {1, 2, 4, 64}) {
            QCOMPARE(tokenize("1,2\n3,4\n", ',', chunk), want);
            QCOMPARE(tokenize("1,2\r\n3,4\r\n", ',', chunk), want);
            QCOMPARE(tokenize("1,2\r3,4", ',', chunk), want);
            QCOMPARE(tokenize("\xEF\xBB\xBF" "1,2\n3,4", ',', chunk), want);
            QCOMPARE(tokenize("\n\n1,2\n\r\n3,4\n\n", ',', chunk), want);
        }
        QCOMPARE(tokenize("a,b,\n", ',', 64), (Records{{"a", "b", ""}}));
        QCOMPARE(tokenize("a\"b,c", ',', 64), (Records{{"a\"b", "c"}}));  // a quote inside an unquoted field
        QCOMPARE(tokenize("", ',', 64), Records{});
        QCOMPARE(tokenize("\xEF\xBB\xBF", ',', 1), Records{});
    }

    void tokenizerErrors() {
        for (std::size_t chunk : {1, 3, 64}) {
            const Records r = tokenize("a,b\n1,\"2\n3,4\n", ',', chunk);
            QCOMPARE(r.back().front(),
                     std::string("ERROR 2:2: unterminated quoted field: the quote opened on line 2, column 2 is never closed"));
            const Records t = tokenize("a,b\n1,\"2\"x\n", ',', chunk);
            QVERIFY2(contains(t.back().front(), "ERROR 2:2: line 2, column 2: unexpected 'x' after the closing quote"),
                     t.back().front().c_str());
        }
    }

    void delimiterDetection() {
        QCOMPARE(detectCsvDelimiter("a,b,c\n1,2,3\n"), ',');
        QCOMPARE(detectCsvDelimiter("a;b;c\n1,5;2,5;3\n"), ';');  // decimal commas
        QCOMPARE(detectCsvDelimiter("a\tb\n1\t2\n"), '\t');
        QCOMPARE(detectCsvDelimiter("a|b\n1|2\n"), '|');
        QCOMPARE(detectCsvDelimiter("\"x;y\",b\n\"1;2\",3\n"), ',');  // delimiters inside quotes do not count
        QCOMPARE(detectCsvDelimiter("single\n1\n"), ',');
        QCOMPARE(detectCsvDelimiter("a;b\n1;2\n3;4"), ';');  // cut last line
        CsvReport rep;
        parseOk("x\ty\n1\t2\n3\t4\n", {}, &rep);
        QCOMPARE(rep.delimiter, '\t');
        CsvOptions o;
        o.delimiter = ';';
        // Decimal commas are refused with the fix, not one-hot encoded as text.
        auto r = parseCsv("1,5;2\n3,5;4\n", "mem.csv", o);
        QVERIFY(!r);
        QVERIFY2(contains(r.error().toString(), "mem.csv:1:1: line 1, column 1: '1,5' is a number with a decimal comma"),
                 r.error().toString().c_str());
        QCOMPARE(r.error().column, 1L);
        // Text that merely holds commas stays text.
        const Dataset d = parseOk("\"a,b\";2\n\"c,d\";4\n", o);
        QCOMPARE(d.count(), 2);
        QCOMPARE(d.featureCount(), 2);
    }

    void headerDetection() {
        CsvReport rep;
        parseOk("a,b\n1,2\n3,4\n", {}, &rep);
        QVERIFY(rep.hasHeader);
        QCOMPARE(rep.columnNames, (std::vector<std::string>{"a", "b"}));
        parseOk("1,2\n3,4\n", {}, &rep);
        QVERIFY(!rep.hasHeader);
        QCOMPARE(rep.columnNames, (std::vector<std::string>{"column 1", "column 2"}));
        parseOk("color,size\nred,big\nblue,small\nred,small\n", {}, &rep);  // all text: names do not repeat
        QVERIFY(rep.hasHeader);
        QCOMPARE(rep.rows, 3L);
        parseOk("red,big\nblue,small\nred,big\n", {}, &rep);
        QVERIFY(!rep.hasHeader);
        CsvOptions o;
        o.header = CsvOptions::Header::No;
        const Dataset d = parseOk("p,q\nx,u\ny,v\n", o, &rep);  // forced: "p" a one-hot value, "q" a class
        QVERIFY(!rep.hasHeader);
        QCOMPARE(d.count(), 3);
        o.header = CsvOptions::Header::Yes;
        parseOk("1,2\n3,4\n", o, &rep);
        QCOMPARE(rep.columnNames, (std::vector<std::string>{"1", "2"}));
        QCOMPARE(rep.rows, 1L);
    }

    void classLabelsAreSortedNames() {
        CsvReport rep;
        const Dataset d = parseOk("f1,f2,species\n1,2,virginica\n3,4,setosa\n5,6,versicolor\n7,8,setosa\n", {}, &rep);
        QCOMPARE(d.task, TaskKind::Classification);
        QCOMPARE(d.classNames, (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
        QCOMPARE(d.labels, (std::vector<int>{2, 0, 1, 0}));
        QCOMPARE(d.values, (std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8}));
        QCOMPARE(d.inputShape, Shape{2});
        QCOMPARE(d.name, std::string("mem"));
        QCOMPARE(rep.targetName, std::string("species"));
        QCOMPARE(rep.featureNames, (std::vector<std::string>{"f1", "f2"}));
    }

    void numericTargets() {
        const std::string text = "x,y\n1,0.5\n2,1.5\n3,2\n";
        Dataset d = parseOk(text);
        QCOMPARE(d.task, TaskKind::Regression);
        QCOMPARE(d.targets, (std::vector<float>{0.5f, 1.5f, 2}));
        QCOMPARE(d.targetDim, 1);
        CsvOptions o;
        o.task = CsvOptions::Task::Classification;
        const Error e = parseError(text, o);
        QCOMPARE(e.line, 2L);
        QCOMPARE(e.column, 2L);
        QVERIFY2(contains(e.message, "line 2, column 2 ('y'): 0.5 is not a class number"), e.message.c_str());
        d = parseOk("x,y\n1,3\n2,1\n3,10\n4,1\n", o);
        QCOMPARE(d.task, TaskKind::Classification);
        QCOMPARE(d.classNames, (std::vector<std::string>{"1", "3", "10"}));
        QCOMPARE(d.labels, (std::vector<int>{1, 0, 2, 0}));
        o.task = CsvOptions::Task::Regression;
        const Error t = parseError("x,y\n1,a\n2,b\n", o);
        QVERIFY2(contains(t.message, "'a' is not a number; a regression target must be numeric"), t.message.c_str());
    }

    void chosenTargetAndFeatures() {
        const std::string text = "id,label,a,b\n1,x,10,20\n2,y,30,40\n";
        CsvOptions o;
        o.targetColumn = 1;
        o.featureColumns = {3, 2};
        CsvReport rep;
        Dataset d = parseOk(text, o, &rep);
        QCOMPARE(d.values, (std::vector<float>{10, 20, 30, 40}));  // column order
        QCOMPARE(d.classNames, (std::vector<std::string>{"x", "y"}));
        QCOMPARE(rep.featureNames, (std::vector<std::string>{"a", "b"}));
        o = {};
        o.targetName = "a";
        o.featureColumns = {0, 3};
        d = parseOk(text, o, &rep);
        QCOMPARE(d.targets, (std::vector<float>{10, 30}));
        QCOMPARE(d.values, (std::vector<float>{1, 20, 2, 40}));
        o.targetName = "nope";
        QVERIFY(contains(parseError(text, o).message, "no column is named 'nope'; the columns are id, label, a, b"));
        o = {};
        o.targetColumn = 9;
        QVERIFY(contains(parseError(text, o).message, "the target column is number 10 but the file has 4 columns"));
        o = {};
        o.featureColumns = {3};
        QVERIFY(contains(parseError(text, o).message, "column 4 is the target"));
        o.featureColumns = {0, 0};
        QVERIFY(contains(parseError(text, o).message, "chosen twice"));
        o = {};
        o.header = CsvOptions::Header::No;
        o.targetName = "a";
        QVERIFY(contains(parseError("1,2\n", o).message, "has no header row"));
    }

    // Several target columns: a regression with as many target values per sample,
    // in the order given; the other columns are the features.
    void severalTargetColumns() {
        const std::string text = "x1,x2,y1,y2\n1,2,3,4\n5,6,,8\n9,10,11,12\n";
        CsvOptions o;
        o.targetColumns = {3, 2};
        CsvReport rep;
        Dataset d = parseOk(text, o, &rep);
        QCOMPARE(d.task, TaskKind::Regression);
        QCOMPARE(d.targetDim, 2);
        QCOMPARE(d.count(), 2);  // the row with a missing target is dropped
        QCOMPARE(rep.droppedRows, 1L);
        QCOMPARE(d.targets, (std::vector<float>{4, 3, 12, 11}));
        QCOMPARE(d.values, (std::vector<float>{1, 2, 9, 10}));
        QCOMPARE(rep.featureNames, (std::vector<std::string>{"x1", "x2"}));
        QCOMPARE(rep.targetName, std::string("y2, y1"));
        // The one-row file of the worked example, integers and all: still a regression.
        o.targetColumns = {2, 3};
        d = parseOk("x1,x2,y1,y2\n1,2,3,4\n", o);
        QCOMPARE(d.task, TaskKind::Regression);
        QCOMPARE(d.targets, (std::vector<float>{3, 4}));
        // Few whole numbers in one target column mean classes; in several target columns they do not.
        d = parseOk("x1,x2,y1,y2\n1,2,0,1\n3,4,1,0\n5,6,0,1\n7,8,1,1\n9,1,0,0\n", o);
        QCOMPARE(d.task, TaskKind::Regression);
        QCOMPARE(d.targetDim, 2);
        QCOMPARE(d.targets, (std::vector<float>{0, 1, 1, 0, 0, 1, 1, 1, 0, 0}));
        // Refusals say what to do.
        o.task = CsvOptions::Task::Classification;
        QVERIFY(contains(parseError(text, o).message, "2 target columns make a regression with 2 outputs"));
        o = {};
        o.targetColumns = {2, 3};
        QVERIFY(contains(parseError("a,b,c,d\n1,2,x,4\n3,4,y,5\n", o).message,
                         "'x' is not a number; with several target columns every one must be numeric"));
        QVERIFY(contains(parseError("a,b,c,d\n1,2,3,4\n3,4,5,z\n", o).message,
                         "line 3, column 4 ('d'): 'z' is not a number (the target columns hold numbers)"));
        o.featureColumns = {0, 3};
        QVERIFY(contains(parseError(text, o).message, "column 4 is a target; it cannot also be a feature"));
        o.featureColumns = {};
        o.targetColumns = {2, 2};
        QVERIFY(contains(parseError(text, o).message, "target column 3 is chosen twice"));
        o.targetColumns = {1, 7};
        QVERIFY(contains(parseError(text, o).message, "the target column is number 8 but the file has 4 columns"));
        o.targetColumns = {0, 1, 2, 3};
        QVERIFY(contains(parseError(text, o).message, "every column is a target"));
    }

    void textFeaturesOneHotOrRefused() {
        const std::string text = "color,size,y\nred,1,0\nblue,2,1\ngreen,3,0\nred,4,1\n";
        CsvReport rep;
        const Dataset d = parseOk(text, {}, &rep);
        QCOMPARE(rep.featureNames, (std::vector<std::string>{"color=blue", "color=green", "color=red", "size"}));
        QCOMPARE(d.featureCount(), 4);
        QCOMPARE(d.values, (std::vector<float>{0, 0, 1, 1, 1, 0, 0, 2, 0, 1, 0, 3, 0, 0, 1, 4}));
        CsvOptions o;
        o.categorical = CsvOptions::Categorical::Refuse;
        const Error e = parseError(text, o);
        QCOMPARE(e.line, 2L);
        QCOMPARE(e.column, 1L);
        QVERIFY2(contains(e.message, "line 2, column 1 ('color'): 'red' is not a number; this column holds text"),
                 e.message.c_str());
    }

    void missingValuesDroppedOrFilled() {
        const std::string text = "a,b,c,y\n1,2,x,0\nNA,4,y,1\n5,?,x,0\n7,8,,1\n9,10,y,\n11,nan,N/A,0\n13,14,x,1\n";
        CsvReport rep;
        Dataset d = parseOk(text, {}, &rep);
        QCOMPARE(rep.rows, 2L);
        QCOMPARE(rep.droppedRows, 5L);
        QCOMPARE(rep.filledValues, 0L);
        QCOMPARE(d.count(), 2);
        CsvOptions o;
        o.missing = CsvOptions::Missing::FillMean;
        d = parseOk(text, o, &rep);
        QCOMPARE(rep.rows, 6L);
        QCOMPARE(rep.droppedRows, 1L);  // the missing target
        QCOMPARE(rep.filledValues, 5L);
        QCOMPARE(rep.featureNames, (std::vector<std::string>{"a", "b", "c=x", "c=y"}));
        // a: mean of 1,5,7,11,13 = 7.4; b: mean of 2,4,8,14 = 7; c: mode x.
        const std::vector<float> want = {1, 2, 1, 0, 7.4f, 4, 0, 1, 5, 7, 1, 0, 7, 8, 1, 0, 11, 7, 1, 0, 13, 14, 1, 0};
        QCOMPARE(d.values.size(), want.size());
        for (std::size_t i = 0; i < want.size(); ++i) QVERIFY2(std::fabs(d.values[i] - want[i]) < 1e-5f, std::to_string(i).c_str());
        const Error e = parseError("a,b\nNA,1\nNA,2\n", o);
        QVERIFY2(contains(e.message, "column 1 ('a') has no values at all"), e.message.c_str());
    }

    void numbersParse() {
        const Dataset d = parseOk("x,y\n +1.5 ,1\n-2e3,2\n.25,3\n\"7\",4\n");
        QCOMPARE(d.values, (std::vector<float>{1.5f, -2000, 0.25f, 7}));
        float v;
        QCOMPARE(classifyCsvCell("1e999", v), CsvCell::Text);
        QCOMPARE(classifyCsvCell("inf", v), CsvCell::Text);
        QCOMPARE(classifyCsvCell("NaN", v), CsvCell::Missing);
        QCOMPARE(classifyCsvCell("  ", v), CsvCell::Missing);
        QCOMPARE(classifyCsvCell("+-1", v), CsvCell::Text);
        QCOMPARE(classifyCsvCell("12abc", v), CsvCell::Text);
        QCOMPARE(classifyCsvCell("1e", v), CsvCell::Text);
        QCOMPARE(classifyCsvCell("-.", v), CsvCell::Text);
        // The fast path agrees bit for bit with std::from_chars.
        std::mt19937 rng(7);
        for (int i = 0; i < 200000; ++i) {
            char buf[40];
            const int kind = i % 4;
            const double x = std::ldexp(static_cast<double>(rng()) / 4294967296.0, static_cast<int>(rng() % 40) - 20) *
                             ((rng() & 1) ? -1 : 1);
            if (kind == 0) std::snprintf(buf, sizeof buf, "%.5g", x);
            else if (kind == 1) std::snprintf(buf, sizeof buf, "%.7f", x);
            else if (kind == 2) std::snprintf(buf, sizeof buf, "%.3e", x);
            else std::snprintf(buf, sizeof buf, "%u", static_cast<unsigned>(rng() % 20000000));
            const std::string_view t(buf);
            float want = 0;
            std::from_chars(t.data(), t.data() + t.size(), want);
            QCOMPARE(classifyCsvCell(t, v), CsvCell::Number);
            QVERIFY2(std::memcmp(&v, &want, sizeof v) == 0, buf);
        }
    }

    void errorsNameLineColumnAndWhatWasFound() {
        Error e = parseError("a,b,c,d\n1,2,3,4\n1,2,3,4,5\n");
        QCOMPARE(e.file, std::string("mem.csv"));
        QCOMPARE(e.line, 3L);
        QVERIFY2(contains(e.message, "line 3 has 5 fields, expected 4"), e.message.c_str());
        e = parseError("age,y\n1,0\n2,1\nabc,0\n");
        QCOMPARE(e.line, 4L);
        QCOMPARE(e.column, 1L);
        QVERIFY2(contains(e.toString(), "mem.csv:4:1: line 4, column 1 ('age'): 'abc' is not a number"),
                 e.toString().c_str());
        QVERIFY(contains(parseError("").message, "empty file"));
        QVERIFY(contains(parseError("a,b\n").message, "only a header row"));
        e = parseError("a,b\n1,2\n\"3,4\n5,6\n");
        QCOMPARE(e.line, 3L);
        QVERIFY(contains(e.message, "unterminated quoted field"));
        // A number that goes bad after the first 500 rows is still caught, with its line.
        std::string big = "x,y\n";
        for (int i = 0; i < 2000; ++i) big += std::to_string(i) + "," + std::to_string(i % 3) + "\n";
        big += "oops,1\n";
        e = parseError(big);
        QCOMPARE(e.line, 2002L);
        QVERIFY2(contains(e.message, "'oops' is not a number"), e.message.c_str());
    }

    void chunkSizeDoesNotChangeTheResult() {
        std::string text = "\xEF\xBB\xBF" "name;\"v 1\";v2;cls\r\n";
        for (int i = 0; i < 300; ++i)
            text += "\"n" + std::to_string(i % 7) + ";\"\"q\"\"\";" + std::to_string(i * 0.5) + ";" + std::to_string(-i) +
                    ";" + (i % 2 ? "odd" : "even") + "\r\n";
        const Dataset ref = parseOk(text);
        for (std::size_t chunk : {1, 2, 3, 13, 100, 4096}) {
            auto r = parseCsv(text, "mem.csv", {}, nullptr, chunk);
            QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
            QCOMPARE(r->values, ref.values);
            QCOMPARE(r->labels, ref.labels);
            QCOMPARE(r->classNames, ref.classNames);
        }
        QCOMPARE(ref.count(), 300);
        QCOMPARE(ref.featureCount(), 9);  // 7 one-hot names + 2 numbers
    }

    void brokenFixtures() {
        // file -> substring of Error::toString() ("" = must read fine), line, column (0 = none).
        // README.md documents the same.
        struct Want {
            std::string text;
            long line, column;
        };
        const std::map<std::string, Want> expected = {
            {"valid_iris.csv", {"", 0, 0}},
            {"valid_semicolon_crlf_bom.csv", {"", 0, 0}},
            {"valid_quoted_text.csv", {"", 0, 0}},
            {"nan_tokens.csv", {"", 0, 0}},
            {"sklearn_iris.csv", {"", 0, 0}},  // count lines: tests/core/test_csv_preamble.cpp
            {"sklearn_wine.csv", {"", 0, 0}},
            {"sklearn_breast_cancer.csv", {"", 0, 0}},
            {"sklearn_regression_header.csv", {"", 0, 0}},
            {"empty.csv", {"empty file (0 bytes)", 0, 0}},
            {"blank_lines.csv", {"empty file: no rows, only blank lines", 0, 0}},
            {"header_only.csv", {"the file has only a header row (3 columns: a, b, c) and no data rows", 1, 0}},
            {"header_only_no_newline.csv", {"the file has only a header row (3 columns: a, b, c) and no data rows", 1, 0}},
            {"ragged_row.csv", {"line 7 has 5 fields, expected 4", 7, 0}},
            {"not_a_number.csv", {"line 12, column 3 ('age'): 'abc' is not a number", 12, 3}},
            {"unterminated_quote.csv", {"unterminated quoted field: the quote opened on line 4, column 2 is never closed", 4, 2}},
            {"text_after_quote.csv", {"line 2, column 2: unexpected 'x' after the closing quote", 2, 2}},
            {"all_missing.csv", {"all 3 data rows have a missing value and were dropped", 0, 0}},
            {"single_column.csv", {"the file has only one column (the target)", 0, 0}},
            {"infinite_value.csv", {"line 3, column 1 ('x'): 'inf' is not a number", 3, 1}},
            {"negative_nan.csv", {"line 3, column 1 ('x'): '-nan' is not a number", 3, 1}},
            {"overflow_number.csv", {"line 4, column 1 ('x'): '1e999' is not a number", 4, 1}},
            {"ragged_after_multiline.csv", {"line 5 has 2 fields, expected 3", 5, 0}},
            {"png_bytes.csv", {"not a CSV text file: it holds a zero byte at offset 8 (is it a binary file?)", 0, 0}},
            {"gzipped.csv.gz", {"not a CSV text file: it holds a zero byte at offset 3", 0, 0}},
            {"utf16.csv", {"the file is UTF-16 (little-endian) text; LayerLab reads CSV files as UTF-8", 0, 0}},
        };
        const std::set<std::string> notFixtures = {"README.md", "make_fixtures.py"};
        std::set<std::string> seen;
        for (const auto& entry : std::filesystem::directory_iterator(fixtureDir())) {
            const std::string name = entry.path().filename().string();
            if (notFixtures.count(name)) continue;
            seen.insert(name);
            const auto it = expected.find(name);
            QVERIFY2(it != expected.end(), ("fixture without an expected result in the table: " + name).c_str());
            const std::string path = entry.path().string();
            auto r = readCsv(path, {});
            const Want& want = it->second;
            if (want.text.empty()) {
                QVERIFY2(r.ok(), (name + ": " + (r.ok() ? "" : r.error().toString())).c_str());
                continue;
            }
            QVERIFY2(!r.ok(), (name + " should fail").c_str());
            const std::string msg = r.error().toString();
            QVERIFY2(contains(msg, path + ":"), msg.c_str());
            QCOMPARE(r.error().file, path);
            QVERIFY2(contains(msg, want.text), (name + ": " + msg).c_str());
            QCOMPARE(r.error().line, want.line);
            QCOMPARE(r.error().column, want.column);
        }
        QCOMPARE(seen.size(), expected.size());
    }

    void validFixturesReadRight() {
        CsvReport rep;
        auto r = readCsv(fixtureDir() + "/valid_semicolon_crlf_bom.csv", {}, &rep);
        QVERIFY(r.ok());
        QCOMPARE(rep.delimiter, ';');
        QCOMPARE(rep.columnNames, (std::vector<std::string>{"x;1", "x2", "y"}));
        QCOMPARE(r->values, (std::vector<float>{1.5f, 2, -3, 400, 7, 0.5f}));
        QCOMPARE(r->targets, (std::vector<float>{0.5f, 1.25f, -2}));
        r = readCsv(fixtureDir() + "/valid_quoted_text.csv", {}, &rep);
        QVERIFY(r.ok());
        QCOMPARE(rep.featureNames,
                 (std::vector<std::string>{"city=Paris, FR", "city=say \"hi\"", "city=two\nlines", "size"}));
        r = readCsv(fixtureDir() + "/valid_iris.csv", {}, &rep);
        QVERIFY(r.ok());
        QCOMPARE(r->classNames, (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
        QCOMPARE(r->count(), 6);
        // NaN, nan, NULL, n/a in features and NA as the target are missing values: those rows are dropped.
        r = readCsv(fixtureDir() + "/nan_tokens.csv", {}, &rep);
        QVERIFY(r.ok());
        QCOMPARE(rep.rows, 2L);
        QCOMPARE(rep.droppedRows, 5L);
        QCOMPARE(r->values, (std::vector<float>{1, 2, 7, 8}));
        QCOMPARE(r->classNames, (std::vector<std::string>{"a", "b"}));
        for (float v : r->values) QVERIFY(std::isfinite(v));
        // Filled instead: the NaN-like tokens become the column means (x: 1,4,5,6,7 -> 4.6), never NaN.
        CsvOptions fill;
        fill.missing = CsvOptions::Missing::FillMean;
        r = readCsv(fixtureDir() + "/nan_tokens.csv", fill, &rep);
        QVERIFY(r.ok());
        QCOMPARE(rep.rows, 6L);
        QCOMPARE(rep.droppedRows, 1L);  // the NA target
        QCOMPARE(rep.filledValues, 4L);
        for (float v : r->values) QVERIFY(std::isfinite(v));
        QVERIFY(std::fabs(r->values[2] - 4.6f) < 1e-5f);
    }

    void fileProgressAndCancel() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("big.csv").toStdString();
        {
            std::ofstream f(path);
            f << "a,b,c,label\n";
            for (int i = 0; i < 300000; ++i) f << i << ',' << i * 0.25 << ',' << -i << ',' << (i % 4 ? "no" : "yes") << '\n';
        }
        std::vector<double> seen;
        CsvProgress p;
        p.onProgress = [&](double f) { seen.push_back(f); };
        CsvReport rep;
        auto r = readCsv(path, {}, &rep, p);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
        QCOMPARE(r->count(), 300000);
        QCOMPARE(r->values[3 * 299999 + 1], 299999 * 0.25f);
        QVERIFY(seen.size() >= 3);
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), 1.0);
        QCOMPARE(r->name, std::string("big"));

        std::stop_source stop;
        CsvProgress c;
        c.stop = stop.get_token();
        c.onProgress = [&](double f) {
            if (f > 0.3) stop.request_stop();
        };
        auto cancelled = readCsv(path, {}, nullptr, c);
        QVERIFY(!cancelled.ok());
        QCOMPARE(cancelled.error().message, std::string("cancelled"));

        std::stop_source early;
        early.request_stop();
        CsvProgress e;
        e.stop = early.get_token();
        auto none = readCsv(path, {}, nullptr, e);
        QVERIFY(!none.ok());
        QCOMPARE(none.error().message, std::string("cancelled"));

        auto missing = readCsv(dir.filePath("nope.csv").toStdString(), {});
        QVERIFY(!missing.ok());
        QVERIFY(contains(missing.error().toString(), "nope.csv: cannot open the file"));
        auto folder = readCsv(dir.path().toStdString(), {});
        QVERIFY(!folder.ok());
        QVERIFY(contains(folder.error().message, "is a folder"));
    }

    void preview() {
        const std::string text = "a;b;c\n1;2;x\n3;4;y\n5;6;z\n";
        auto p = previewCsvText(text, "mem.csv", {}, 2);
        QVERIFY(p.ok());
        QCOMPARE(p->delimiter, ';');
        QVERIFY(p->hasHeader);
        QCOMPARE(p->columnNames, (std::vector<std::string>{"a", "b", "c"}));
        QCOMPARE(p->rows, (Records{{"1", "2", "x"}, {"3", "4", "y"}}));
        QCOMPARE(p->lines, (std::vector<long>{2, 3}));
        CsvOptions o;
        o.header = CsvOptions::Header::No;
        p = previewCsvText(text, "mem.csv", o, 10);
        QVERIFY(p.ok());
        QCOMPARE(p->rows.size(), std::size_t{4});
        QVERIFY(!previewCsvText("", "mem.csv", {}, 5).ok());
        auto f = previewCsv(fixtureDir() + "/valid_iris.csv", {}, 3);
        QVERIFY(f.ok());
        QCOMPARE(f->rows.size(), std::size_t{3});
        QCOMPARE(f->columnNames.back(), std::string("species"));
    }

    void optionNamesRoundTrip() {
        for (auto h : {CsvOptions::Header::Auto, CsvOptions::Header::Yes, CsvOptions::Header::No})
            QCOMPARE(*csvHeaderFromName(csvHeaderName(h)), h);
        for (auto t : {CsvOptions::Task::Auto, CsvOptions::Task::Classification, CsvOptions::Task::Regression})
            QCOMPARE(*csvTaskFromName(csvTaskName(t)), t);
        for (auto c : {CsvOptions::Categorical::OneHot, CsvOptions::Categorical::Refuse})
            QCOMPARE(*csvCategoricalFromName(csvCategoricalName(c)), c);
        for (auto m : {CsvOptions::Missing::Drop, CsvOptions::Missing::FillMean})
            QCOMPARE(*csvMissingFromName(csvMissingName(m)), m);
        QVERIFY(!csvTaskFromName("clustering").ok());
        QVERIFY(contains(csvMissingFromName("zero").error().message, "expected one of drop, mean"));
    }
};

QTEST_APPLESS_MAIN(CsvTest)
#include "test_csv.moc"
