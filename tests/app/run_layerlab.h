// Runs the built layerlab executable (LAYERLAB_EXECUTABLE) with arguments on
// the offscreen platform and collects its exit code and output; shared by
// the command-line tests.
#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace cli_test {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

// ensures: exitCode -1 and err saying so when it did not finish within 60 s
// or crashed.
inline Run runLayerlab(const QStringList& args) {
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

// A bundled example project: resources/examples/NAME.layerlab.
inline QString exampleProject(const char* name) {
    return QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/") + QLatin1String(name) +
           QStringLiteral(".layerlab");
}

}  // namespace cli_test
