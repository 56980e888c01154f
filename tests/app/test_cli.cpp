// Runs the layerlab executable through QProcess: --version, --help,
// --screenshot and a bad option.
#include <QImage>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run runLayerlab(const QStringList& args) {
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(LAYERLAB_EXECUTABLE), args);
    Run run;
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit) {
        process.kill();
        process.waitForFinished();
        run.err = QStringLiteral("layerlab did not finish normally: ") + process.errorString();
        return run;
    }
    run.exitCode = process.exitCode();
    run.out = QString::fromLocal8Bit(process.readAllStandardOutput());
    run.err = QString::fromLocal8Bit(process.readAllStandardError());
    return run;
}

}  // namespace

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

    void unknownOption() {
        const Run r = runLayerlab({QStringLiteral("--no-such-option")});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(QStringLiteral("no-such-option")), qPrintable(r.err));
    }
};

QTEST_APPLESS_MAIN(CliTest)
#include "test_cli.moc"
