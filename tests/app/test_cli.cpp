// Runs the layerlab executable through QProcess: --version, --help,
// --screenshot, render-concepts (project and Mermaid), a bad option, and
// train --save-weights: bad targets fail before training, symlinks stay links.
#include "run_layerlab.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
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

    void saveWeightsNeedsAFileName() {
        const QString xor_ = QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/xor.layerlab");
        const Run r = runLayerlab({QStringLiteral("train"), xor_, QStringLiteral("--save-weights"), QString()});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--save-weights needs a file name")), qPrintable(r.err));
        QVERIFY2(!r.out.contains(QStringLiteral("epoch")), qPrintable(r.out));
    }

    // A target that cannot be written fails at once, not after the training run.
    void saveWeightsTargetIsCheckedBeforeTraining() {
        QTemporaryDir dir;
        const QString xor_ = QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/xor.layerlab");
        const QString missing = dir.filePath(QStringLiteral("missing/folder/out.layerlab"));
        Run r = runLayerlab({QStringLiteral("train"), xor_, QStringLiteral("--epochs"), QStringLiteral("100000"),
                             QStringLiteral("--save-weights"), missing});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(missing) && r.err.contains(QStringLiteral("does not exist")) &&
                     r.err.contains(QStringLiteral("(checked before training)")),
                 qPrintable(r.err));
        QVERIFY2(!r.out.contains(QStringLiteral("epoch")), qPrintable(r.out));
        r = runLayerlab({QStringLiteral("train"), xor_, QStringLiteral("--save-weights"), dir.path()});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("is a folder; give a file name such as out.layerlab")), qPrintable(r.err));
        QVERIFY2(!r.out.contains(QStringLiteral("epoch")), qPrintable(r.out));
        QVERIFY(QDir(dir.path()).isEmpty());
    }

    // Saving through a symlink replaces the file it points to; the link stays.
    void saveWeightsOverSymlinkKeepsTheLink() {
        QTemporaryDir dir;
        const QString xor_ = QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/xor.layerlab");
        const QString real = dir.filePath(QStringLiteral("real.layerlab"));
        const QString link = dir.filePath(QStringLiteral("link.layerlab"));
        QVERIFY(QFile::copy(xor_, real));
        QVERIFY(QFile::setPermissions(real, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QVERIFY(QFile::link(QStringLiteral("real.layerlab"), link));
        const Run r = runLayerlab({QStringLiteral("train"), xor_, QStringLiteral("--epochs"), QStringLiteral("1"),
                                   QStringLiteral("--save-weights"), link});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY(QFileInfo(link).isSymLink());
        QFile saved(real);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QVERIFY(QJsonDocument::fromJson(saved.readAll()).object().contains(QStringLiteral("weights")));
        // Still 0600: owner read/write (0x6000), nothing for group (0x00F0) and others (0x000F).
        QCOMPARE(int(QFile::permissions(real)) & 0x70FF, 0x6000);
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 (QStringList{QStringLiteral("link.layerlab"), QStringLiteral("real.layerlab")}));

        // render-concepts writes the same way.
        const QString map = dir.filePath(QStringLiteral("map.svg"));
        QVERIFY(QFile::link(QStringLiteral("real.svg"), map));
        const Run m = runLayerlab({QStringLiteral("render-concepts"), xor_, QStringLiteral("-o"), map});
        QVERIFY2(m.exitCode == 0, qPrintable(m.err));
        QVERIFY(QFileInfo(map).isSymLink());
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("real.svg"))).size() > 0);
    }

    void unknownOption() {
        const Run r = runLayerlab({QStringLiteral("--no-such-option")});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(QStringLiteral("no-such-option")), qPrintable(r.err));
    }
};

QTEST_APPLESS_MAIN(CliTest)
#include "test_cli.moc"
