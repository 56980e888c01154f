// Runs the layerlab executable through QProcess: --version, --help,
// --screenshot, render-concepts (project and Mermaid) and a bad option.
#include "run_layerlab.h"

#include <QImage>
#include <QTemporaryDir>
#include <QTest>

using cli_test::Run;
using cli_test::runLayerlab;

class CliTest : public QObject {
    Q_OBJECT

private slots:
    void version() {
        const Run r = runLayerlab({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out.trimmed(), QStringLiteral("layerlab " LAYERLAB_VERSION));
    }

    void help() {
        for (const QString& flag : {QStringLiteral("--help"), QStringLiteral("-h")}) {
            const Run r = runLayerlab({flag});
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.contains(QStringLiteral("train")), qPrintable(r.out));
            QVERIFY2(r.out.contains(QStringLiteral("--screenshot")), qPrintable(r.out));
        }
    }

    void screenshot() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString png = dir.filePath(QStringLiteral("out.png"));
        const QString example = QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/spiral.layerlab");
        const Run r = runLayerlab({QStringLiteral("--screenshot"), png, example});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(QFileInfo(png).size() > 0);
        const QImage image(png);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(1280, 800));
    }

    void screenshotOfBrokenProjectFails() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString bad = dir.filePath(QStringLiteral("bad.layerlab"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\": \"layerlab\", \"version\": 1, \"graph\": {\"nodes\": [");
        f.close();
        const Run r = runLayerlab({QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("out.png")), bad});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(QStringLiteral("bad.layerlab")), qPrintable(r.err));
    }

    // `layerlab render-concepts`: headless (no display needed), SVG with the
    // project's concepts, Mermaid input, syntax errors with the line, exit codes.
    void renderConcepts() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString svg = dir.filePath(QStringLiteral("map.svg"));
        const QString example = QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/mnist_cnn.layerlab");
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));  // no GUI at all, not even offscreen
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(LAYERLAB_EXECUTABLE),
                      {QStringLiteral("render-concepts"), example, QStringLiteral("-o"), svg, QStringLiteral("--overfitting")});
        QVERIFY(process.waitForFinished(60000));
        QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
        QVERIFY(QString::fromLocal8Bit(process.readAllStandardOutput()).contains(QStringLiteral("concepts")));
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QVERIFY(text.contains(QStringLiteral("<svg")));
        for (const QString& label : {QStringLiteral("Adam, lr 0.001"), QStringLiteral("(convolution, 32 filters"),
                                     QStringLiteral("ReLU \u00d72"), QStringLiteral("Overfitting!")})
            QVERIFY2(text.contains(label), qPrintable(label));
        QVERIFY(!QFileInfo::exists(svg + QStringLiteral(".tmp-layerlab")));

        const Run dot = runLayerlab({QStringLiteral("render-concepts"), example, QStringLiteral("-o"),
                                     dir.filePath(QStringLiteral("map.dot"))});
        QCOMPARE(dot.exitCode, 0);
        QFile dotFile(dir.filePath(QStringLiteral("map.dot")));
        QVERIFY(dotFile.open(QIODevice::ReadOnly));
        QVERIFY(dotFile.readAll().startsWith("digraph concepts {"));
    }

    void renderMermaid() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto write = [&](const char* name, const char* text) {
            QFile f(dir.filePath(QLatin1String(name)));
            if (!f.open(QIODevice::WriteOnly)) return QString();
            f.write(text);
            return f.fileName();
        };
        const QString good = write("good.mmd", "graph LR\n  A[Data] --> B(Model) -->|yes| C{Good?}\n");
        const QString svg = dir.filePath(QStringLiteral("chart.svg"));
        const Run ok = runLayerlab({QStringLiteral("render-concepts"), QStringLiteral("--mermaid"), good,
                                    QStringLiteral("-o"), svg});
        QVERIFY2(ok.exitCode == 0, qPrintable(ok.err));
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("<svg") && text.contains("Good?") && text.contains("Model"));

        const QString bad = write("bad.mmd", "graph TD\n  A --> B\n  B[Activation --> C\n");
        const Run broken = runLayerlab({QStringLiteral("render-concepts"), QStringLiteral("--mermaid"), bad,
                                        QStringLiteral("-o"), dir.filePath(QStringLiteral("bad.svg"))});
        QCOMPARE(broken.exitCode, 2);
        QVERIFY2(broken.err.contains(QStringLiteral("bad.mmd:3:")), qPrintable(broken.err));
        QVERIFY2(broken.err.contains(QStringLiteral("expected ']'")), qPrintable(broken.err));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("bad.svg"))));
    }

    void renderConceptsBadArguments() {
        const QString example = QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/xor.layerlab");
        const Run noOutput = runLayerlab({QStringLiteral("render-concepts"), example});
        QCOMPARE(noOutput.exitCode, 2);
        QVERIFY2(noOutput.err.contains(QStringLiteral("-o map.svg")), qPrintable(noOutput.err));
        const Run badSuffix = runLayerlab({QStringLiteral("render-concepts"), example, QStringLiteral("-o"),
                                           QStringLiteral("/tmp/map.txt")});
        QCOMPARE(badSuffix.exitCode, 2);
        QVERIFY2(badSuffix.err.contains(QStringLiteral(".svg or .dot")), qPrintable(badSuffix.err));
        const Run missing = runLayerlab({QStringLiteral("render-concepts"), QStringLiteral("/no/such.layerlab"),
                                         QStringLiteral("-o"), QStringLiteral("/tmp/x.svg")});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(QStringLiteral("/no/such.layerlab")), qPrintable(missing.err));
        const Run unwritable = runLayerlab({QStringLiteral("render-concepts"), example, QStringLiteral("-o"),
                                            QStringLiteral("/no/such/folder/map.svg")});
        QCOMPARE(unwritable.exitCode, 1);
        QVERIFY2(unwritable.err.contains(QStringLiteral("/no/such/folder/map.svg: cannot")), qPrintable(unwritable.err));
        QVERIFY2(unwritable.err.contains(QStringLiteral("No such file or directory")), qPrintable(unwritable.err));
        const Run help = runLayerlab({QStringLiteral("--help")});
        QVERIFY(help.out.contains(QStringLiteral("render-concepts")));
    }

    void unknownOption() {
        const Run r = runLayerlab({QStringLiteral("--no-such-option")});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(QStringLiteral("no-such-option")), qPrintable(r.err));
    }
};

QTEST_APPLESS_MAIN(CliTest)
#include "test_cli.moc"
