// The CSV dialog on real files' shapes, through its widgets: scikit-learn's
// count line is detected and skipped by itself and the summary says so (its
// class names name the labels), "Skip first lines" skips a preamble (line
// numbers stay the file's) and is what the import saves, a whole-number target
// with few values defaults to classification with the reason shown, and Enter
// in the file field shows the preview but never imports.
#include "test_data_support.h"

#include "ui/data/CsvImportDialog.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using layerlab::core::TaskKind;
using layerlab::ui::CsvImportDialog;
using namespace data_test;

namespace {

QString fixture(const char* name) { return QStringLiteral(LAYERLAB_SOURCE_DIR "/tests/fixtures/csv/") + QLatin1String(name); }

void choose(QComboBox* box, int index) {
    QTest::keyClick(box, Qt::Key_Home);
    for (int i = 0; i < index; ++i) QTest::keyClick(box, Qt::Key_Down);
    if (box->currentIndex() != index) qFatal("could not choose %d in %s", index, qPrintable(box->objectName()));
}

QString summary(CsvImportDialog& dlg) { return child<QLabel>(&dlg, "csvSummary")->text(); }

}  // namespace

class CsvImportOptionsTest : public QObject {
    Q_OBJECT

private slots:
    void scikitLearnCountLineIsDetected() {
        CsvImportDialog dlg;
        dlg.setFile(fixture("sklearn_wine.csv"));
        QVERIFY2(dlg.canImport(), qPrintable(dlg.errorText()));
        auto* table = child<QTableWidget>(&dlg, "csvPreview");
        QCOMPARE(table->columnCount(), 14);
        QCOMPARE(table->verticalHeaderItem(0)->text(), QStringLiteral("2"));  // the file's own line numbers
        const QString s = summary(dlg);
        QVERIFY2(s.contains("Line 1 skipped: a scikit-learn count line (12 rows, 13 features, classes class_0, "
                            "class_1, class_2); its names are the class names of the labels 0 to 2"),
                 qPrintable(s));
        QVERIFY2(s.contains("3 classes: class_0 4, class_1 4, class_2 4"), qPrintable(s));
        QVERIFY2(s.contains("Target 'column 14' has 3 distinct whole numbers: classification; choose Regression to "
                            "predict it as a number"),
                 qPrintable(s));

        // Not skipping it gives the error the file used to give.
        auto* skip = child<QSpinBox>(&dlg, "csvSkipLines");
        QCOMPARE(skip->text(), skip->specialValueText());  // "Detect" by default
        skip->setFocus();
        QTest::keyClick(skip, Qt::Key_Up);
        QCOMPARE(skip->value(), 0);
        QVERIFY(!dlg.canImport());
        QVERIFY2(dlg.errorText().contains("line 2 has 14 fields, expected 5"), qPrintable(dlg.errorText()));
        // Skipping it by hand: no names, numbered classes.
        QTest::keyClick(skip, Qt::Key_Up);
        QVERIFY2(dlg.canImport(), qPrintable(dlg.errorText()));
        QVERIFY2(summary(dlg).contains("The first line skipped"), qPrintable(summary(dlg)));
        QVERIFY2(summary(dlg).contains("3 classes: 0 4, 1 4, 2 4"), qPrintable(summary(dlg)));
        QCOMPARE(dlg.options().skipLines, 1);

        // Regression chosen: the reason line goes, the target is a number.
        QTest::keyClick(skip, Qt::Key_Down);
        QTest::keyClick(skip, Qt::Key_Down);
        QCOMPARE(skip->value(), -1);
        choose(child<QComboBox>(&dlg, "csvTask"), 2);
        QVERIFY2(summary(dlg).contains("regression target 'column 14' from 0 to 2"), qPrintable(summary(dlg)));
        QVERIFY(!summary(dlg).contains("distinct whole numbers"));

        // Iris: the count line used to become the header ("150", "4", "setosa").
        choose(child<QComboBox>(&dlg, "csvTask"), 0);
        dlg.setFile(fixture("sklearn_iris.csv"));
        QCOMPARE(child<QListWidget>(&dlg, "csvFeatures")->item(0)->text(), QStringLiteral("column 1"));
        QVERIFY2(summary(dlg).contains("3 classes: setosa 10, versicolor 10, virginica 10"), qPrintable(summary(dlg)));

        dlg.show();
        QSignalSpy accepted(&dlg, &QDialog::accepted);
        QTest::mouseClick(child<QPushButton>(&dlg, "csvImport"), Qt::LeftButton);
        QVERIFY(accepted.wait(10000));
        QCOMPARE(dlg.dataSource().csv.skipLines, -1);  // saved: detect again when the project opens
        QCOMPARE(dlg.data()->train->classNames, (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
    }

    void skipFirstLinesOfAPreamble() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("logger.csv");
        writeFile(path, "# exported by the weather station\n# units: C, %\ntemp,humidity,rain\n21,40,no\n18,80,yes\n"
                        "19,75,yes\n25,30,no\n");
        CsvImportDialog dlg;
        dlg.setFile(path);
        QVERIFY(!dlg.canImport());  // the comment lines make a ragged file
        auto* skip = child<QSpinBox>(&dlg, "csvSkipLines");
        skip->setFocus();
        QTest::keyClick(skip, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(skip, QStringLiteral("2"));
        QCOMPARE(skip->value(), 2);
        QVERIFY2(dlg.canImport(), qPrintable(dlg.errorText()));
        auto* table = child<QTableWidget>(&dlg, "csvPreview");
        QCOMPARE(table->horizontalHeaderItem(0)->text(), QStringLiteral("temp"));
        QCOMPARE(table->verticalHeaderItem(0)->text(), QStringLiteral("4"));
        QVERIFY2(summary(dlg).contains("The first 2 lines skipped"), qPrintable(summary(dlg)));
        dlg.show();
        QSignalSpy accepted(&dlg, &QDialog::accepted);
        QTest::mouseClick(child<QPushButton>(&dlg, "csvImport"), Qt::LeftButton);
        QVERIFY(accepted.wait(10000));
        QCOMPARE(dlg.dataSource().csv.skipLines, 2);
    }

    void wholeNumberTargetIsClassification() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("grades.csv");
        QByteArray csv = "hours,sleep,grade\n";
        for (int i = 0; i < 24; ++i) csv += QByteArray::number(i % 9) + "," + QByteArray::number(5 + i % 4) + "," +
                                            QByteArray::number(1 + i % 4) + "\n";
        writeFile(path, csv);
        CsvImportDialog dlg;
        dlg.setFile(path);
        QCOMPARE(child<QComboBox>(&dlg, "csvTask")->currentIndex(), 0);  // Detect
        QVERIFY2(summary(dlg).contains("4 classes: 1 6, 2 6, 3 6, 4 6"), qPrintable(summary(dlg)));
        QVERIFY2(summary(dlg).contains("Target 'grade' has 4 distinct whole numbers: classification; choose "
                                       "Regression to predict it as a number"),
                 qPrintable(summary(dlg)));
        dlg.show();
        QSignalSpy accepted(&dlg, &QDialog::accepted);
        QTest::mouseClick(child<QPushButton>(&dlg, "csvImport"), Qt::LeftButton);
        QVERIFY(accepted.wait(10000));
        QCOMPARE(dlg.data()->train->task, TaskKind::Classification);
    }

    void enterInTheFileFieldShowsThePreview() {
        CsvImportDialog dlg;
        dlg.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dlg));
        auto* path = child<QLineEdit>(&dlg, "csvPath");
        path->setFocus();
        QTest::keyClicks(path, fixture("sklearn_iris.csv"));
        auto* table = child<QTableWidget>(&dlg, "csvPreview");
        QCOMPARE(table->rowCount(), 0);  // typing alone reads nothing
        QSignalSpy accepted(&dlg, &QDialog::accepted);
        QTest::keyClick(path, Qt::Key_Return);
        QCOMPARE(table->rowCount(), 30);
        QVERIFY(dlg.canImport());
        QVERIFY(dlg.isVisible());
        QTest::keyClick(path, Qt::Key_Enter);  // again: still only the preview
        QTest::qWait(50);
        QCOMPARE(accepted.count(), 0);
        QVERIFY(!dlg.isImporting());
        QVERIFY(!dlg.data());
        QVERIFY(dlg.isVisible());
        // The button still imports.
        QTest::mouseClick(child<QPushButton>(&dlg, "csvImport"), Qt::LeftButton);
        QVERIFY(accepted.wait(10000));
    }
};

QTEST_MAIN(CsvImportOptionsTest)
#include "test_csv_import_options.moc"
