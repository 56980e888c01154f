// `layerlab train` as a user runs it: on the bundled flowers CSV example it prints
// the zscore it fitted on the training rows and the test split, trains, prints the
// test accuracy; --save-weights keeps the fitted preprocessing and a data path that
// works from the new folder, and training the saved project reuses the saved values.
#include "run_layerlab.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using cli_test::Run;
using cli_test::runLayerlab;

namespace {

QString example(const char* name) { return cli_test::exampleProject(name); }

}  // namespace

class TrainCommandTest : public QObject {
    Q_OBJECT

private slots:
    void csvProjectFitsTrainsAndTests() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString saved = dir.filePath(QStringLiteral("trained.layerlab"));
        const Run r = runLayerlab({QStringLiteral("train"), example("flowers_csv"), QStringLiteral("--epochs"),
                                   QStringLiteral("60"), QStringLiteral("--save-weights"), saved});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        // 150 rows: 30 test, 24 validation, 96 training.
        QVERIFY2(r.out.contains(QStringLiteral("96 train, 24 validation, 30 test samples")), qPrintable(r.out));
        const QRegularExpression pre(
            QStringLiteral("^preprocessing: zscore: offset \\[[-0-9., ]+\\], scale \\[[-0-9., ]+\\] "
                           "\\(fitted on the 96 training samples\\); test split 0\\.2$"),
            QRegularExpression::MultilineOption);
        QVERIFY2(pre.match(r.out).hasMatch(), qPrintable(r.out));
        const QRegularExpression test(QStringLiteral("^test  loss [0-9.]+  acc ([0-9.]+)  \\(30 samples\\)$"),
                                      QRegularExpression::MultilineOption);
        const auto m = test.match(r.out);
        QVERIFY2(m.hasMatch(), qPrintable(r.out));
        QVERIFY2(m.captured(1).toDouble() >= 0.8, qPrintable(r.out));  // three well-separated species

        // The saved project carries the fitted values and finds its CSV from the new folder.
        QFile f(saved);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject data = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("data")).toObject();
        const QJsonObject p = data.value(QStringLiteral("preprocessing")).toObject();
        QCOMPARE(p.value(QStringLiteral("normalization")).toString(), QStringLiteral("zscore"));
        QCOMPARE(p.value(QStringLiteral("offset")).toArray().size(), 4);
        QCOMPARE(p.value(QStringLiteral("scale")).toArray().size(), 4);
        const QString csv = data.value(QStringLiteral("path")).toString();
        QVERIFY2(QFile::exists(QDir(dir.path()).absoluteFilePath(csv)), qPrintable(csv));

        const Run again = runLayerlab({QStringLiteral("train"), saved, QStringLiteral("--epochs"), QStringLiteral("1")});
        QVERIFY2(again.exitCode == 0, qPrintable(again.out + again.err));
        QVERIFY2(again.out.contains(QStringLiteral("(as saved in the project); test split 0.2")), qPrintable(again.out));
    }

    // A layer left unconnected on the canvas does not stop training: it is
    // named, and the run is the run without it (same loss, same numbers).
    void strayLayerIsNamedAndLeftOut() {
        QTemporaryDir dir;
        QFile in(example("xor"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QJsonObject project = QJsonDocument::fromJson(in.readAll()).object();
        QJsonObject graph = project.value(QStringLiteral("graph")).toObject();
        QJsonArray nodes = graph.value(QStringLiteral("nodes")).toArray();
        nodes.append(QJsonObject{{QStringLiteral("id"), 99}, {QStringLiteral("type"), QStringLiteral("Dense")},
                                 {QStringLiteral("name"), QStringLiteral("forgotten")},
                                 {QStringLiteral("params"), QJsonObject{}},
                                 {QStringLiteral("position"), QJsonArray{400, 0}}});
        graph.insert(QStringLiteral("nodes"), nodes);
        project.insert(QStringLiteral("graph"), graph);
        const QString path = dir.filePath(QStringLiteral("stray.layerlab"));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(project).toJson());
        out.close();

        const QStringList args{QStringLiteral("--epochs"), QStringLiteral("20")};
        const Run stray = runLayerlab(QStringList{QStringLiteral("train"), path} + args);
        QVERIFY2(stray.exitCode == 0, qPrintable(stray.out + stray.err));
        QVERIFY2(stray.out.contains(QStringLiteral("not trained (not connected to the network): forgotten (Dense, id 99)")),
                 qPrintable(stray.out));
        const Run plain = runLayerlab(QStringList{QStringLiteral("train"), example("xor")} + args);
        QVERIFY2(plain.exitCode == 0, qPrintable(plain.out + plain.err));
        QVERIFY(!plain.out.contains(QStringLiteral("not trained")));
        auto epochLines = [](const QString& text) {
            QStringList lines;
            for (const QString& l : text.split(u'\n'))
                if (l.startsWith(QStringLiteral("epoch"))) lines << l.section(QStringLiteral("  "), 0, 3);
            return lines;
        };
        QCOMPARE(epochLines(stray.out).size(), 20);
        QCOMPARE(epochLines(stray.out), epochLines(plain.out));
    }

    // Missing values: the count of dropped rows or filled values is printed.
    void missingValuesAreCounted() {
        QTemporaryDir dir;
        QFile csv(dir.filePath(QStringLiteral("gaps.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        QByteArray text = "x,y,label\n";
        for (int i = 0; i < 40; ++i) {
            const QByteArray x = i == 3 ? "" : QByteArray::number(i % 7);
            const QByteArray y = i == 8 ? "NA" : (i == 9 ? "?" : QByteArray::number(i % 5));
            text += x + "," + y + "," + (i % 2 ? "a" : "b") + "\n";
        }
        csv.write(text);
        csv.close();
        QFile ex(example("flowers_csv"));
        QVERIFY(ex.open(QIODevice::ReadOnly));
        QJsonObject project = QJsonDocument::fromJson(ex.readAll()).object();
        project.remove(QStringLiteral("weights"));
        QJsonObject graph = project.value(QStringLiteral("graph")).toObject();
        QJsonArray nodes = graph.value(QStringLiteral("nodes")).toArray();
        for (int i = 0; i < nodes.size(); ++i) {  // 2 features in, 2 classes out
            QJsonObject n = nodes[i].toObject();
            QJsonObject params = n.value(QStringLiteral("params")).toObject();
            if (n.value(QStringLiteral("type")).toString() == QLatin1String("Input")) params[QStringLiteral("shape")] = QStringLiteral("2");
            if (n.value(QStringLiteral("name")).toString() == QLatin1String("output")) params[QStringLiteral("units")] = 2;
            n[QStringLiteral("params")] = params;
            nodes[i] = n;
        }
        graph[QStringLiteral("nodes")] = nodes;
        project[QStringLiteral("graph")] = graph;
        for (const char* policy : {"drop", "mean"}) {
            QJsonObject data = project.value(QStringLiteral("data")).toObject();
            data[QStringLiteral("path")] = csv.fileName();
            QJsonObject options = data.value(QStringLiteral("options")).toObject();
            options[QStringLiteral("targetName")] = QStringLiteral("label");
            options[QStringLiteral("missing")] = QString::fromLatin1(policy);
            data[QStringLiteral("options")] = options;
            project[QStringLiteral("data")] = data;
            const QString path = dir.filePath(QStringLiteral("gaps-%1.layerlab").arg(QLatin1String(policy)));
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(QJsonDocument(project).toJson());
            out.close();
            const Run r = runLayerlab({QStringLiteral("train"), path, QStringLiteral("--epochs"), QStringLiteral("1")});
            QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
            const QString expected = QLatin1String(policy) == QLatin1String("drop")
                                         ? QStringLiteral("\nmissing values: 3 rows dropped, 0 values filled with the column mean\n")
                                         : QStringLiteral("\nmissing values: 0 rows dropped, 3 values filled with the column mean\n");
            QVERIFY2(r.out.contains(expected), qPrintable(r.out));
        }
        // No missing values: no such line.
        const Run flowers = runLayerlab({QStringLiteral("train"), example("flowers_csv"), QStringLiteral("--epochs"), QStringLiteral("1")});
        QVERIFY2(!flowers.out.contains(QStringLiteral("missing values")), qPrintable(flowers.out));
    }

    // scikit-learn's layout (tests/fixtures/csv/sklearn_iris.csv): the count line is
    // skipped by itself, its names name the integer labels, and the network learns them.
    void scikitLearnCsvTrains() {
        QTemporaryDir dir;
        QFile ex(example("flowers_csv"));
        QVERIFY(ex.open(QIODevice::ReadOnly));
        QJsonObject project = QJsonDocument::fromJson(ex.readAll()).object();
        project.remove(QStringLiteral("weights"));
        QJsonObject data = project.value(QStringLiteral("data")).toObject();
        data[QStringLiteral("path")] = QStringLiteral(LAYERLAB_SOURCE_DIR "/tests/fixtures/csv/sklearn_iris.csv");
        QJsonObject options = data.value(QStringLiteral("options")).toObject();
        options.remove(QStringLiteral("targetName"));  // the last column; detection of the count line by default
        data[QStringLiteral("options")] = options;
        project[QStringLiteral("data")] = data;  // z-score, test split 0.2 as in the example
        const QString path = dir.filePath(QStringLiteral("iris.layerlab"));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(project).toJson());
        out.close();
        const Run r = runLayerlab({QStringLiteral("train"), path, QStringLiteral("--epochs"), QStringLiteral("80")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral(": 18 train, 6 validation, 6 test samples")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("\ncsv: line 1 skipped: a scikit-learn count line (30 rows, 4 features, "
                                               "classes setosa, versicolor, virginica)\n")),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("\ncsv: the target's 3 distinct whole numbers are read as classes")),
                 qPrintable(r.out));
        const QRegularExpression last(QStringLiteral("epoch  80/80  loss [0-9.]+  acc ([0-9.]+)"));
        const auto m = last.match(r.out);
        QVERIFY2(m.hasMatch(), qPrintable(r.out));
        QVERIFY2(m.captured(1).toDouble() >= 0.9, qPrintable(r.out));  // three well-separated classes
    }

    void syntheticProjectHasNoPreprocessing() {
        const Run r = runLayerlab({QStringLiteral("train"), example("xor"), QStringLiteral("--epochs"), QStringLiteral("1")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("\npreprocessing: none (values as read)\n")), qPrintable(r.out));
        QVERIFY2(!r.out.contains(QStringLiteral("\ntest ")), qPrintable(r.out));
    }

    // The worked example trains headless: one sample from its CSV (two target
    // columns), no preprocessing, one SGD step whose loss is the textbook's 1.25
    // (the loss of the batch before its update).
    void workedExampleTrainsHeadless() {
        QTemporaryDir dir;
        const QString saved = dir.filePath(QStringLiteral("stepped.layerlab"));
        const Run r = runLayerlab({QStringLiteral("train"), example("worked_example"), QStringLiteral("--save-weights"), saved});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("12 parameters")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("1 train, 0 validation, 0 test samples")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("\npreprocessing: none (values as read)")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("lr 0.01, batch 1, 1 epochs, loss mse")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("epoch   1/1  loss 1.2500")), qPrintable(r.out));
        QVERIFY(QFile::exists(saved));
    }
};

QTEST_APPLESS_MAIN(TrainCommandTest)
#include "test_train_command.moc"
