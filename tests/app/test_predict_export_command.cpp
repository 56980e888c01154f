// `layerlab predict` and `layerlab export` as a user runs them: the file
// format, and every mistake answered with what is wrong and an exit code
// (2 for arguments, files and a project without trained weights), nothing
// written on failure. The numbers against PyTorch, ONNX runtimes and the
// exported script are app_export_torch's.
#include "run_layerlab.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

using cli_test::exampleProject;
using cli_test::runLayerlab;

namespace {

bool writeText(const QString& path, const QByteArray& text) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class PredictExportCommandTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString trained_;  // flowers_csv trained a few epochs, weights saved

private slots:
    void initTestCase() {
        trained_ = dir_.filePath(QStringLiteral("flowers.layerlab"));
        const auto r = runLayerlab({"train", exampleProject("flowers_csv"), "--epochs", "5", "--save-weights", trained_});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }

    void predictWritesTheFormat() {
        const QString in = dir_.filePath(QStringLiteral("new.csv"));
        // The feature columns in another order, no target.
        QVERIFY(writeText(in, "petal_width,petal_length,sepal_width,sepal_length\n0.2,1.4,3.5,5.1\n2.3,5.9,3.0,6.8\n"));
        const QString out = dir_.filePath(QStringLiteral("out.csv"));
        const auto r = runLayerlab({"predict", trained_, "--input", in, "-o", out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("predicted 2 samples")), qPrintable(r.out));
        const QList<QByteArray> lines = readAll(out).trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0], QByteArray("sample,predicted,out_0,out_1,out_2"));
        // setosa (class 0) and virginica (class 2): the network has learned them in 5 epochs.
        QVERIFY2(lines[1].startsWith("0,0,") && lines[2].startsWith("1,2,"), lines[1] + " / " + lines[2]);
        double sum = 0;
        for (const QByteArray& v : lines[1].split(',').mid(2)) sum += v.toDouble();
        QVERIFY(qAbs(sum - 1.0) < 1e-5);  // probabilities after the Softmax
    }

    void predictMistakesAreNamed_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no input") << QStringList{"predict", "P", "-o", "O"} << "missing --input";
        QTest::newRow("no output") << QStringList{"predict", "P", "--input", "I"} << "missing -o";
        QTest::newRow("unknown option") << QStringList{"predict", "P", "--inptu", "I"} << "unknown option '--inptu'";
        QTest::newRow("no weights") << QStringList{"predict", exampleProject("flowers_csv"), "--input", "I", "-o", "O"}
                                    << "holds no trained weights; train it first";
        QTest::newRow("fifo input") << QStringList{"predict", "P", "--input", "FIFO", "-o", "O"} << "named pipe";
        QTest::newRow("missing column") << QStringList{"predict", "P", "--input", "SHORT", "-o", "O"}
                                        << "no column \"sepal_length\"";
        QTest::newRow("output folder missing") << QStringList{"predict", "P", "--input", "I", "-o", "/nonexistent/o.csv"}
                                               << "does not exist";
    }

    void predictMistakesAreNamed() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const QString in = dir_.filePath(QStringLiteral("ok.csv"));
        QVERIFY(writeText(in, "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n"));
        const QString shortFile = dir_.filePath(QStringLiteral("short.csv"));
        QVERIFY(writeText(shortFile, "sepal_width,petal_length,petal_width\n3.5,1.4,0.2\n"));
        const QString fifo = dir_.filePath(QStringLiteral("fifo"));
        if (!QFileInfo::exists(fifo)) QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        const QString out = dir_.filePath(QStringLiteral("never.csv"));
        for (QString& a : args) {
            if (a == "P") a = trained_;
            if (a == "I") a = in;
            if (a == "O") a = out;
            if (a == "FIFO") a = fifo;
            if (a == "SHORT") a = shortFile;
        }
        const auto r = runLayerlab(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(out));
    }

    void exportBothFormats() {
        for (const char* name : {"m.py", "m.onnx"}) {
            const QString out = dir_.filePath(QLatin1String(name));
            const auto r = runLayerlab({"export", trained_, "-o", out});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            QVERIFY2(r.out.startsWith(QLatin1String("exported ")) && !r.out.contains(QLatin1String("note:")), qPrintable(r.out));
            QVERIFY(QFileInfo(out).size() > 300);  // 4-16-3: 131 weights, 524 bytes
        }
        QVERIFY(QFileInfo::exists(dir_.filePath(QStringLiteral("m.weights"))));
        QVERIFY(readAll(dir_.filePath(QStringLiteral("m.py"))).contains("def build_model("));
        // Without trained weights the export says whose weights it carries.
        const auto seed = runLayerlab({"export", exampleProject("xor"), "-o", dir_.filePath(QStringLiteral("x.py"))});
        QVERIFY2(seed.exitCode == 0 && seed.out.contains(QLatin1String("drawn from its seed")), qPrintable(seed.out));
    }

    void exportMistakesAreNamed() {
        const auto suffix = runLayerlab({"export", trained_, "-o", dir_.filePath(QStringLiteral("m.txt"))});
        QCOMPARE(suffix.exitCode, 2);
        QVERIFY2(suffix.err.contains(QLatin1String("must end in .py")), qPrintable(suffix.err));
        const auto noOut = runLayerlab({"export", trained_});
        QCOMPARE(noOut.exitCode, 2);
        const auto broken = runLayerlab({"export", dir_.filePath(QStringLiteral("none.layerlab")), "-o",
                                         dir_.filePath(QStringLiteral("n.py"))});
        QCOMPARE(broken.exitCode, 2);
        QVERIFY(!QFileInfo::exists(dir_.filePath(QStringLiteral("n.py"))));
    }
};

QTEST_APPLESS_MAIN(PredictExportCommandTest)
#include "test_predict_export_command.moc"
