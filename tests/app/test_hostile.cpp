// `layerlab train` on the hostile-input corpus (tests/fixtures/hostile and the
// cases made at run time, hostile_cases.h): every case ends with the expected
// exit code (2 for bad input) and a short message holding the expected words,
// within 30 s (no hang on a FIFO), without a crash (no signal, no "terminate
// called"), and under a bounded memory peak: each run gets an address-space
// limit of 4 GB (not under AddressSanitizer, which reserves more), and the
// largest resident size of any run must stay below 1 GB.
#include "hostile_cases.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

namespace {

constexpr long kMaxPeakKb = 1024L * 1024;  // 1 GB resident for any one run

long childrenPeakKb() {
    rusage u{};
    getrusage(RUSAGE_CHILDREN, &u);
    return u.ru_maxrss;
}

}  // namespace

class HostileTest : public QObject {
    Q_OBJECT

    QTemporaryDir made_;

private slots:
    void train_data() {
        QTest::addColumn<int>("index");
        const auto cases = all();
        for (int i = 0; i < cases.size(); ++i) QTest::newRow(qPrintable(cases[i].name)) << i;
    }

    void train() {
        QFETCH(int, index);
        const hostile::Case c = all()[index];
        QTemporaryDir tmp;
        QStringList args{QStringLiteral("train"), c.file};
        for (QString a : c.args) args << a.replace(QStringLiteral("{tmp}"), tmp.path());

        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(hostile::fixtureDir());
#ifndef LAYERLAB_UNDER_ASAN
        p.setChildProcessModifier([] {
            const rlimit limit{4ul << 30, 4ul << 30};
            setrlimit(RLIMIT_AS, &limit);
        });
#endif
        p.start(QStringLiteral(LAYERLAB_EXECUTABLE), args);
        QVERIFY2(p.waitForStarted(), qPrintable(p.errorString()));
        if (!p.waitForFinished(30000)) {
            p.kill();
            p.waitForFinished();
            QFAIL("layerlab train did not finish within 30 s (a hang)");
        }
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(p.exitStatus() == QProcess::NormalExit, qPrintable("crashed: " + err.left(2000)));
        QVERIFY2(!err.contains(QStringLiteral("terminate called")), qPrintable(err.left(2000)));
        QVERIFY2(p.exitCode() == c.exitCode,
                 qPrintable(QStringLiteral("exit code %1, expected %2: %3").arg(p.exitCode()).arg(c.exitCode).arg(err.left(2000))));
        // The message is short (a 50 MB value is never echoed) and says what and where.
        QVERIFY2(err.size() < 4000, qPrintable(QStringLiteral("message of %1 characters").arg(err.size())));
        for (const QString& w : c.words)
            QVERIFY2(err.contains(w), qPrintable(QStringLiteral("'%1' not in: %2").arg(w, err.left(2000))));
        if (c.exitCode == 2) QVERIFY2(!out.contains(QStringLiteral("epoch ")), qPrintable(out.left(500)));
        QVERIFY2(childrenPeakKb() < kMaxPeakKb,
                 qPrintable(QStringLiteral("a run took %1 MB resident").arg(childrenPeakKb() / 1024)));
    }

    void cleanupTestCase() { qInfo("largest resident size of any run: %ld MB", childrenPeakKb() / 1024); }

private:
    QVector<hostile::Case> cases_;
    const QVector<hostile::Case>& all() {
        if (cases_.isEmpty()) cases_ = hostile::tableCases() + hostile::madeCases(made_.path());
        return cases_;
    }
};

QTEST_GUILESS_MAIN(HostileTest)
#include "test_hostile.moc"
