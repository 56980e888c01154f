// The time-series import dialog driven through its widgets (file field,
// column list, spin boxes, Import), the synthetic series, and the forecast
// plot in the Insight view after a real training run on the sunspot lesson:
// every split drawn over time, R², MAE and RMSE beside the naive forecast.
#include "test_training_support.h"

#include "core/io/project.h"
#include "ui/data/SeriesImportDialog.h"
#include "ui/training/ForecastPlot.h"
#include "ui/training/InsightView.h"
#include "ui/training/TrainingPanel.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

using namespace layerlab;
using training_test::examplePath;
using training_test::shot;

namespace {

template <class W>
W* child(QWidget* parent, const char* name) {
    auto* w = parent->findChild<W*>(QString::fromLatin1(name));
    if (!w) qFatal("no widget %s", name);
    return w;
}

// Select all and type, as a user edits a spin box (Enter would press Import).
void typeInto(QWidget* box, const QString& text) {
    QTest::keyClick(box, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(box, text);
}

const QString kSunspots = QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/data/sunspots.csv");

}  // namespace

class SeriesImportTest : public QObject {
    Q_OBJECT

private slots:
    void importsSunspotsThroughTheWidgets() {
        ui::SeriesImportDialog dialog;
        dialog.resize(900, 700);
        dialog.show();
        auto* path = child<QLineEdit>(&dialog, "seriesPath");
        QTest::keyClicks(path, kSunspots);
        QTest::keyClick(path, Qt::Key_Return);
        auto* columns = child<QListWidget>(&dialog, "seriesValueColumns");
        QCOMPARE(columns->count(), 1);
        QCOMPARE(columns->item(0)->text(), QStringLiteral("SUNACTIVITY"));
        QCOMPARE(columns->item(0)->checkState(), Qt::Checked);
        QCOMPARE(child<QComboBox>(&dialog, "seriesTime")->findText(QStringLiteral("YEAR")) >= 0, true);
        typeInto(child<QSpinBox>(&dialog, "seriesWindow"), QStringLiteral("10"));
        typeInto(child<QWidget>(&dialog, "seriesValidation"), QStringLiteral("0"));
        typeInto(child<QWidget>(&dialog, "seriesTest"), QStringLiteral("20"));
        auto* summary = child<QLabel>(&dialog, "seriesSummary");
        QVERIFY2(summary->text().contains(QStringLiteral("309 rows by YEAR")), qPrintable(summary->text()));
        QVERIFY2(summary->text().contains(QStringLiteral("training 237, validation 0, test 52 windows")),
                 qPrintable(summary->text()));
        QVERIFY2(summary->text().contains(QStringLiteral("10 windows cross a split boundary")), qPrintable(summary->text()));
        // The preview: the target over time, one line per split with rows.
        auto* plot = child<QCustomPlot>(&dialog, "seriesPreview");
        QCOMPARE(plot->graphCount(), 2);
        QCOMPARE(plot->graph(0)->data()->size(), 247);
        shot(&dialog, QStringLiteral("series_import.png"));

        // A window longer than the test rows: refused inline, Import disabled.
        auto* import = child<QPushButton>(&dialog, "seriesImport");
        typeInto(child<QSpinBox>(&dialog, "seriesWindow"), QStringLiteral("80"));
        auto* error = child<QLabel>(&dialog, "seriesError");
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("test split has 62")), qPrintable(error->text()));
        QVERIFY(!import->isEnabled());
        typeInto(child<QSpinBox>(&dialog, "seriesWindow"), QStringLiteral("10"));
        QVERIFY(import->isEnabled());
        QVERIFY(!error->isVisible());

        QTest::mouseClick(import, Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const core::DataSource s = dialog.dataSource();
        QCOMPARE(s.kind, core::DataKind::Series);
        QCOMPARE(s.seriesPath, kSunspots.toStdString());
        QCOMPARE(s.series.window, 10);
        QCOMPARE(s.series.valueColumns, std::vector<std::string>{"SUNACTIVITY"});
        QVERIFY(s.series.fitted());  // the z-score of the training years, saved with the project
        QVERIFY(dialog.data());
        QCOMPARE(dialog.data()->train->count(), 237);
        QCOMPARE(dialog.data()->train->inputShape, core::Shape({10, 1}));
        QVERIFY(!dialog.data()->validation);
        QCOMPARE(dialog.data()->test->count(), 52);
    }

    void syntheticSeries() {
        ui::SeriesImportDialog dialog;
        dialog.show();
        QTest::mouseClick(child<QCheckBox>(&dialog, "seriesSynthetic"), Qt::LeftButton);
        QVERIFY(child<QWidget>(&dialog, "seriesLength")->isVisible());
        QVERIFY(!child<QLineEdit>(&dialog, "seriesPath")->isVisible());
        typeInto(child<QSpinBox>(&dialog, "seriesLength"), QStringLiteral("200"));
        typeInto(child<QSpinBox>(&dialog, "seriesWindow"), QStringLiteral("12"));
        QVERIFY2(dialog.summaryText().contains(QStringLiteral("200 rows by step")), qPrintable(dialog.summaryText()));
        QTest::mouseClick(child<QPushButton>(&dialog, "seriesImport"), Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(dialog.dataSource().series.synthetic);
        QCOMPARE(dialog.dataSource().series.generator.length, 200);
        QCOMPARE(dialog.data()->train->inputShape, core::Shape({12, 1}));
    }

    // File > New Synthetic Series... opens the dialog on the generator.
    void syntheticSeriesFromTheMenu() {
        ui::SeriesImportDialog dialog;
        dialog.setSynthetic(true);
        dialog.show();
        QVERIFY(child<QCheckBox>(&dialog, "seriesSynthetic")->isChecked());
        QVERIFY(child<QWidget>(&dialog, "seriesLength")->isVisible());
        QVERIFY(dialog.canAccept());
    }

    // Special files are named, never read (a FIFO would block the dialog).
    void specialFilesNamed() {
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("series.csv"));
        QVERIFY(::mkfifo(fifo.toLocal8Bit().constData(), 0600) == 0);
        const std::pair<QString, QString> cases[] = {{fifo, QStringLiteral("named pipe")},
                                                     {QStringLiteral("/dev/zero"), QStringLiteral("character device")},
                                                     {dir.path(), QStringLiteral("folder")}};
        for (const auto& [path, words] : cases) {
            ui::SeriesImportDialog dialog;
            dialog.show();
            dialog.setPath(path);
            QVERIFY2(dialog.errorText().contains(words), qPrintable(dialog.errorText()));
            QVERIFY(!child<QPushButton>(&dialog, "seriesImport")->isEnabled());
        }
    }

    void missingFileNamed() {
        ui::SeriesImportDialog dialog;
        dialog.show();
        dialog.setPath(QStringLiteral("/nonexistent/series.csv"));
        QVERIFY(!child<QPushButton>(&dialog, "seriesImport")->isEnabled());
        QVERIFY2(dialog.errorText().contains(QStringLiteral("/nonexistent/series.csv")), qPrintable(dialog.errorText()));
    }

    // The settings form's validation split on a series: the series' own
    // fraction (later rows), and the scaling is fitted again.
    void validationSplitOfASeries() {
        training_test::Studio s("sunspots_lstm.layerlab");
        core::Project p = s.doc.project();
        QCOMPARE(p.data.series.validationFraction, 0.0);
        s.type("validationSplit", QStringLiteral("0.1"));
        QTRY_COMPARE(s.doc.project().data.series.validationFraction, 0.1);
        QVERIFY(!s.doc.project().data.series.fitted());
        QCOMPARE(s.doc.project().data.preprocessing.validationSplit, p.data.preprocessing.validationSplit);
        s.reloadData();
        QVERIFY(s.data->validation);
        QCOMPARE(s.data->validation->count(), 21);  // 31 rows, windows of 10 + 1
    }

    // Train the sunspot lesson in the panel: the Insight view opens on the
    // forecast, draws the training and test splits over time and says the
    // network beats the naive forecast.
    void forecastPlotAfterTraining() {
        training_test::Studio s("sunspots_lstm.layerlab");
        s.reloadData();
        s.type("epochs", QStringLiteral("60"));
        QSignalSpy finished(s.controller.get(), &ui::TrainingController::runFinished);
        s.click("trainButton");
        QTRY_VERIFY_WITH_TIMEOUT(finished.size() == 1, 30000);
        ui::InsightView* insight = s.panel->insightView();
        ui::ForecastPlot* plot = insight->forecastPlot();
        QTRY_VERIFY2_WITH_TIMEOUT(plot->splitCount() == 2,
                                  qPrintable(QString("%1 splits; insight of %2, epoch %3, forecast of %4 windows")
                                                 .arg(plot->splitCount())
                                                 .arg(QString::fromStdString(insight->insight().datasetName))
                                                 .arg(insight->insight().epoch)
                                                 .arg(insight->insight().forecast.actual.size())),
                                  10000);
        QVERIFY(insight->pageVisible(ui::InsightView::ForecastPage));
        const QString table = plot->tableText();
        QVERIFY2(table.contains(QStringLiteral("training")) && table.contains(QStringLiteral("test")), qPrintable(table));
        QVERIFY2(table.contains(QStringLiteral("beats naive")) && !table.contains(QStringLiteral("no better")),
                 qPrintable(table));
        // actual + one forecast per split; the naive lines when asked for.
        QCOMPARE(plot->plot()->graphCount(), 3);
        QCOMPARE(plot->plot()->graph(0)->data()->size(), 237 + 1 + 52);  // a NaN breaks the line between splits
        QTest::mouseClick(plot->naiveBox(), Qt::LeftButton);
        QCOMPARE(plot->plot()->graphCount(), 5);
        QVERIFY(plot->recursiveBox()->isEnabled());  // one column, one step ahead
        QTest::mouseClick(plot->recursiveBox(), Qt::LeftButton);
        QCOMPARE(plot->plot()->graphCount(), 7);
        for (QTabWidget* tabs : s.panel->findChildren<QTabWidget*>())
            for (int i = 0; i < tabs->count(); ++i)
                if (tabs->widget(i) == insight) tabs->setCurrentIndex(i);
        QTest::mouseClick(plot->recursiveBox(), Qt::LeftButton);
        shot(s.panel.get(), QStringLiteral("forecast_panel.png"));
    }
};

QTEST_MAIN(SeriesImportTest)
#include "test_series_import.moc"
