// `layerlab train` on the LSTM lessons' examples, as a user runs it: the
// univariate sunspot forecaster says how the series was windowed and split,
// trains, and its test forecast beats the naive one (next year = this year) in
// sunspot numbers; --save-weights keeps the scaling fitted on the training
// years, and the saved project reuses it. The stacked example reports a
// forecast for all three splits.
#include "run_layerlab.h"

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

struct SplitLine {
    bool found = false;
    double r2 = 0, mae = 0, naiveR2 = 0, naiveMae = 0;
};

SplitLine forecastLine(const QString& out, const QString& split) {
    const QRegularExpression re(QStringLiteral("^  %1\\s+R\\^2\\s+(\\S+)\\s+MAE\\s+(\\S+)\\s+RMSE\\s+\\S+\\s+naive R\\^2\\s+"
                                               "(\\S+)\\s+MAE\\s+(\\S+)")
                                    .arg(split),
                                QRegularExpression::MultilineOption);
    const auto m = re.match(out);
    if (!m.hasMatch()) return {};
    return {true, m.captured(1).toDouble(), m.captured(2).toDouble(), m.captured(3).toDouble(),
            m.captured(4).toDouble()};
}

}  // namespace

class TrainSeriesTest : public QObject {
    Q_OBJECT

private slots:
    void sunspotsBeatNaiveForecast() {
        QTemporaryDir dir;
        const QString saved = dir.filePath(QStringLiteral("trained.layerlab"));
        const Run r = runLayerlab({QStringLiteral("train"), example("sunspots_lstm"), QStringLiteral("--save-weights"), saved});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        // 309 years, 80/20: 247 training rows (237 windows of 10 + 1), 62 test rows (52 windows).
        QVERIFY2(r.out.contains(QStringLiteral("series: 309 rows by YEAR; windows of 10 steps x 1 feature, target 1 step "
                                               "ahead, stride 1; split by time 237 / 0 / 52 windows")),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("scaling zscore (fitted on the training rows only); 10 windows crossing "
                                               "a split boundary left out")),
                 qPrintable(r.out));
        QVERIFY2(!r.out.contains(QStringLiteral("preprocessing:")), qPrintable(r.out));
        const SplitLine test = forecastLine(r.out, QStringLiteral("test"));
        QVERIFY2(test.found, qPrintable(r.out));
        qInfo("test R^2 %.4f (naive %.4f), MAE %.2f (naive %.2f) sunspots", test.r2, test.naiveR2, test.mae,
              test.naiveMae);
        QVERIFY2(test.r2 > test.naiveR2 && test.mae < test.naiveMae, qPrintable(r.out));
        QVERIFY2(test.r2 > 0.8, qPrintable(r.out));
        QVERIFY2(!forecastLine(r.out, QStringLiteral("validation")).found, "the lesson's 80/20 split has no validation");

        // The saved project keeps the scaling fitted on the training years and reuses it.
        QFile f(saved);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject series = QJsonDocument::fromJson(f.readAll())
                                       .object()
                                       .value(QStringLiteral("data"))
                                       .toObject()
                                       .value(QStringLiteral("series"))
                                       .toObject();
        QCOMPARE(series.value(QStringLiteral("offset")).toArray().size(), 1);
        QVERIFY(series.value(QStringLiteral("targetScale")).toDouble() > 1);  // sunspot numbers' deviation
        const Run again = runLayerlab({QStringLiteral("train"), saved, QStringLiteral("--epochs"), QStringLiteral("1")});
        QVERIFY2(again.exitCode == 0, qPrintable(again.out + again.err));
        QVERIFY2(again.out.contains(QStringLiteral("scaling zscore (as saved in the project)")), qPrintable(again.out));
    }

    void stackedForecastsEverySplit() {
        const Run r = runLayerlab({QStringLiteral("train"), example("us_macro_stacked_lstm"), QStringLiteral("--epochs"),
                                   QStringLiteral("3")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("203 rows by date (dates); windows of 8 steps x 2 features")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("forecast in unemp's own units")), qPrintable(r.out));
        for (const char* split : {"training", "validation", "test"})
            QVERIFY2(forecastLine(r.out, QString::fromLatin1(split)).found, split);
    }
};

QTEST_APPLESS_MAIN(TrainSeriesTest)
#include "test_train_series.moc"
