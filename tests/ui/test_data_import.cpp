// The import dialogs driven through their widgets: the CSV dialog's preview
// follows the delimiter and target, the summary counts classes, a broken file
// shows an inline error (line, column, the row highlighted) and disables
// Import, an import gives the data source and the split, preprocessed data,
// and cancelling a large import returns at once and leaves nothing. The IDX
// dialog pairs a folder's standard files, shows the sample grid, refuses
// mismatched counts and bad files inline, imports a subset, and reads the real
// Fashion-MNIST when it is installed. Also writes screenshots.
#include "test_data_support.h"

#include "ui/data/CsvImportDialog.h"
#include "ui/data/IdxImportDialog.h"
#include "ui/data/SampleGrid.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

using layerlab::core::DataKind;
using layerlab::core::Normalization;
using layerlab::core::TaskKind;
using layerlab::ui::CsvImportDialog;
using layerlab::ui::IdxImportDialog;

using namespace data_test;

namespace {

// Picks an entry with the keyboard, as a user on a closed combo box would.
void choose(QComboBox* box, int index) {
    QTest::keyClick(box, Qt::Key_Home);
    for (int i = 0; i < index; ++i) QTest::keyClick(box, Qt::Key_Down);
    if (box->currentIndex() != index) qFatal("could not choose %d in %s", index, qPrintable(box->objectName()));
}

void typeNumber(QSpinBox* spin, int value) {
    spin->setFocus();
    QTest::keyClick(spin, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(spin, QString::number(value));
    QTest::keyClick(spin, Qt::Key_Enter);
}

QStringList headers(QTableWidget* t) {
    QStringList h;
    for (int c = 0; c < t->columnCount(); ++c) h << t->horizontalHeaderItem(c)->text();
    return h;
}

// n images of 28x28 whose pixels encode the sample, labels i % 10.
void writeMnistLike(const QString& dir, int train, int test, int trainLabels = -1) {
    auto images = [](int n) {
        QByteArray px(n * 28 * 28, 0);
        for (int i = 0; i < n; ++i)
            for (int k = 0; k < 28 * 28; ++k) px[i * 784 + k] = char((k % 28 < (i % 28)) ? 200 : 20);
        return px;
    };
    auto labels = [](int n) {
        QByteArray l(n, 0);
        for (int i = 0; i < n; ++i) l[i] = char(i % 10);
        return l;
    };
    QDir().mkpath(dir);
    writeFile(dir + "/train-images-idx3-ubyte", idx({train, 28, 28}, images(train)));
    const int nl = trainLabels < 0 ? train : trainLabels;
    writeFile(dir + "/train-labels-idx1-ubyte", idx({nl}, labels(nl)));
    if (test > 0) {
        writeFile(dir + "/t10k-images-idx3-ubyte", idx({test, 28, 28}, images(test)));
        writeFile(dir + "/t10k-labels-idx1-ubyte", idx({test}, labels(test)));
    }
}

void shot(QWidget* w, const char* name) {
    w->show();
    QVERIFY(QTest::qWaitForWindowExposed(w));
    const QString path = QDir::current().absoluteFilePath(QLatin1String(name));
    QVERIFY(w->grab().save(path));
    qInfo("screenshot: %s", qPrintable(path));
}

}  // namespace

class DataImportTest : public QObject {
    Q_OBJECT

private slots:
    void csvPreviewFollowsDelimiter() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("semi.csv");
        writeFile(path, "a;b;c\n1;2;x\n3;4;y\n5;6;x\n7;8;y\n");
        CsvImportDialog dlg;
        dlg.setFile(path);
        auto* table = child<QTableWidget>(&dlg, "csvPreview");
        QCOMPARE(table->columnCount(), 3);  // detected ';'
        QCOMPARE(table->rowCount(), 4);
        QCOMPARE(headers(table), (QStringList{"a", "b", "c (target)"}));

        auto* delimiter = child<QComboBox>(&dlg, "csvDelimiter");
        choose(delimiter, 1);  // comma: the whole line is one column
        QCOMPARE(table->columnCount(), 1);
        QVERIFY(!dlg.canImport());
        QVERIFY2(dlg.errorText().contains("only one column"), qPrintable(dlg.errorText()));

        choose(delimiter, 2);  // semicolon
        QCOMPARE(table->columnCount(), 3);
        QCOMPARE(table->item(1, 2)->text(), QStringLiteral("y"));
        QVERIFY(dlg.canImport());
        QCOMPARE(dlg.options().delimiter, ';');

        // No header: the first line becomes data, columns get numbered names.
        choose(child<QComboBox>(&dlg, "csvHeader"), 2);
        QCOMPARE(table->rowCount(), 5);
        QCOMPARE(headers(table).first(), QStringLiteral("column 1"));
    }

    void csvTargetSummaryAndFeatures() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("flowers.csv");
        writeFile(path, flowers());
        CsvImportDialog dlg;
        dlg.setFile(path);
        auto* target = child<QComboBox>(&dlg, "csvTarget");
        auto* table = child<QTableWidget>(&dlg, "csvPreview");
        auto* summary = child<QLabel>(&dlg, "csvSummary");
        QCOMPARE(target->currentText(), QStringLiteral("species"));  // default: the last column
        QVERIFY2(summary->text().contains("30 rows"), qPrintable(summary->text()));
        QVERIFY(summary->text().contains("2 features"));
        QVERIFY2(summary->text().contains("3 classes: setosa 10, versicolor 10, virginica 10"), qPrintable(summary->text()));
        QCOMPARE(table->item(0, 2)->background().color(), QColor(255, 243, 196));  // the target highlighted
        QVERIFY(table->item(0, 0)->background().style() == Qt::NoBrush);

        // Another target: a numeric one makes it a regression, species becomes a one-hot feature.
        choose(target, 1);
        QCOMPARE(headers(table).at(1), QStringLiteral("width (target)"));
        QCOMPARE(table->item(0, 1)->background().color(), QColor(255, 243, 196));
        QVERIFY2(summary->text().contains("regression target 'width'"), qPrintable(summary->text()));
        QVERIFY2(summary->text().contains("4 features"), qPrintable(summary->text()));  // length + 3 one-hot

        // Untick 'species' in the feature list: one feature left.
        auto* features = child<QListWidget>(&dlg, "csvFeatures");
        QVERIFY(!(features->item(1)->flags() & Qt::ItemIsEnabled));  // the target cannot be a feature
        features->setCurrentRow(2);
        QTest::keyClick(features->viewport(), Qt::Key_Space);
        QCOMPARE(features->item(2)->checkState(), Qt::Unchecked);
        QCOMPARE(dlg.options().featureColumns, std::vector<int>{0});
        QVERIFY2(summary->text().contains("1 features"), qPrintable(summary->text()));
        // Untick the last one: nothing to learn from, Import off with a reason.
        features->setCurrentRow(0);
        QTest::keyClick(features->viewport(), Qt::Key_Space);
        QVERIFY(!dlg.canImport());
        QVERIFY2(dlg.errorText().contains("at least one feature"), qPrintable(dlg.errorText()));
    }

    void csvBrokenFileInlineError() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("broken.csv");
        writeFile(path, "x,y,label\n1,2,A\n3,4,B\n5,6,A\n7,abc,B\n9,10,A\n");
        CsvImportDialog dlg;
        dlg.setFile(path);
        auto* error = child<QLabel>(&dlg, "csvError");
        QVERIFY(!error->isHidden());
        QVERIFY2(error->text().contains("broken.csv"), qPrintable(error->text()));
        QVERIFY2(error->text().contains("line 5, column 2"), qPrintable(error->text()));
        QVERIFY(error->text().contains("'abc' is not a number"));
        QVERIFY(!dlg.canImport());
        QVERIFY(!child<QPushButton>(&dlg, "csvImport")->isEnabled());
        auto* table = child<QTableWidget>(&dlg, "csvPreview");
        QCOMPARE(table->verticalHeaderItem(3)->text(), QStringLiteral("5"));  // rows labelled by file line
        QCOMPARE(table->item(3, 0)->background().color(), QColor(255, 205, 205));
        QVERIFY(table->item(2, 0)->background().style() == Qt::NoBrush);

        // Fixing the file and choosing it again clears the error.
        writeFile(path, "x,y,label\n1,2,A\n3,4,B\n5,6,A\n7,8,B\n9,10,A\n");
        dlg.setFile(path);
        QVERIFY(error->isHidden());
        QVERIFY(dlg.canImport());

        // A missing file is an inline error too, never a crash.
        dlg.setFile(tmp.filePath("nope.csv"));
        QVERIFY(!dlg.canImport());
        QVERIFY(!dlg.errorText().isEmpty());
    }

    void csvImport() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("flowers.csv");
        writeFile(path, flowers());
        CsvImportDialog dlg;
        dlg.setFile(path);
        typeNumber(child<QSpinBox>(&dlg, "csvValidation"), 20);
        typeNumber(child<QSpinBox>(&dlg, "csvTest"), 10);
        // The preview says what each normalisation does to the features.
        auto* preview = child<QLabel>(&dlg, "csvNormalizationPreview");
        choose(child<QComboBox>(&dlg, "csvNormalization"), 0);  // none
        QVERIFY(preview->text().isEmpty());
        choose(child<QComboBox>(&dlg, "csvNormalization"), 3);  // z-score
        QVERIFY2(preview->text().startsWith(QStringLiteral("After z-score")) && preview->text().contains(QStringLiteral("length -")),
                 qPrintable(preview->text()));
        choose(child<QComboBox>(&dlg, "csvNormalization"), 2);  // min-max
        QVERIFY2(preview->text().contains(QStringLiteral("length 0..1")) && preview->text().contains(QStringLiteral("width 0..1")),
                 qPrintable(preview->text()));
        QVERIFY(dlg.canImport());
        dlg.show();
        QSignalSpy accepted(&dlg, &QDialog::accepted);
        QTest::mouseClick(child<QPushButton>(&dlg, "csvImport"), Qt::LeftButton);
        QVERIFY(accepted.wait(10000));

        const auto s = dlg.dataSource();
        QCOMPARE(s.kind, DataKind::Csv);
        QCOMPARE(QString::fromStdString(s.csvPath), QFileInfo(path).absoluteFilePath());
        QCOMPARE(s.csv.targetName, std::string("species"));
        QCOMPARE(s.preprocessing.normalization, Normalization::MinMax);
        QCOMPARE(s.preprocessing.testSplit, 0.1);
        QVERIFY(s.preprocessing.fitted());
        QCOMPARE(s.preprocessing.scale.size(), std::size_t{2});
        QCOMPARE(dlg.validationSplit(), 0.2);

        const auto data = dlg.data();
        QVERIFY(data && data->train && data->validation && data->test);
        QCOMPARE(data->train->count() + data->validation->count() + data->test->count(), 30);
        QCOMPARE(data->test->count(), 3);       // 10% of 30, stratified
        QCOMPARE(data->validation->count(), 6);  // 20% of the 27 left (2 per class)
        QCOMPARE(data->train->classCount(), 3);
        QCOMPARE(data->train->task, TaskKind::Classification);
        // Min-max fitted on the training part: its values lie in [0, 1].
        for (float v : data->train->values) QVERIFY(v >= -1e-6f && v <= 1.0f + 1e-6f);
    }

    void csvCancelLargeImport() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("large.csv");
        QByteArray csv = "a,b,c,d,label\n";
        csv.reserve(8 << 20);
        for (int i = 0; csv.size() < (6 << 20); ++i)
            csv += QByteArray::number(i % 997) + ',' + QByteArray::number(i % 113) + ',' + QByteArray::number(i % 71) +
                   ',' + QByteArray::number(i % 13) + ',' + QByteArray::number(i % 2) + '\n';
        writeFile(path, csv);

        CsvImportDialog dlg;
        dlg.setFile(path);  // only the head is analysed: quick
        QVERIFY2(child<QLabel>(&dlg, "csvSummary")->text().contains("estimated"),
                 qPrintable(child<QLabel>(&dlg, "csvSummary")->text()));
        QVERIFY(dlg.canImport());
        dlg.show();
        QSignalSpy accepted(&dlg, &QDialog::accepted);
        QTest::mouseClick(child<QPushButton>(&dlg, "csvImport"), Qt::LeftButton);
        QVERIFY(dlg.isImporting());
        QVERIFY(child<QProgressBar>(&dlg, "csvProgress")->isVisible());
        QVERIFY(!child<QComboBox>(&dlg, "csvTarget")->isEnabled());

        QElapsedTimer clock;
        clock.start();
        QTest::mouseClick(child<QPushButton>(&dlg, "csvCancel"), Qt::LeftButton);
        QVERIFY(!dlg.isImporting());
        QVERIFY(dlg.isVisible());  // Cancel stopped the import, not the dialog
        QVERIFY(!dlg.data());
        QCOMPARE(dlg.dataSource().kind, DataKind::None);
        QVERIFY(child<QLabel>(&dlg, "csvSummary")->text().contains("cancelled"));
        QVERIFY(child<QComboBox>(&dlg, "csvTarget")->isEnabled());
        QVERIFY(dlg.canImport());
        // The reading thread stops at its next chunk.
        QVERIFY(QThreadPool::globalInstance()->waitForDone(5000));
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
        QCoreApplication::processEvents();
        QCOMPARE(accepted.count(), 0);
        QVERIFY(!dlg.data());
    }

    void idxFolderPairingGridAndSubset() {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath("fashion-small");
        writeMnistLike(dir, 40, 12);
        IdxImportDialog dlg;
        QSignalSpy ready(&dlg, &IdxImportDialog::previewReady);
        dlg.setFolder(dir);
        QCOMPARE(dlg.filePath(IdxImportDialog::TrainImages), QDir(dir).absoluteFilePath("train-images-idx3-ubyte"));
        QCOMPARE(dlg.filePath(IdxImportDialog::TestLabels), QDir(dir).absoluteFilePath("t10k-labels-idx1-ubyte"));
        QVERIFY(child<QCheckBox>(&dlg, "idxFashion")->isChecked());  // "fashion" in the folder's name
        QTRY_VERIFY_WITH_TIMEOUT(!dlg.isBusy(), 10000);
        QCOMPARE(dlg.previewCount(), 32);
        QCOMPARE(dlg.sampleGrid()->labelAt(0), QStringLiteral("T-shirt/top"));  // label 0, Fashion names
        QCOMPARE(dlg.sampleGrid()->labelAt(9), QStringLiteral("Ankle boot"));
        QVERIFY2(child<QLabel>(&dlg, "idxSummary")->text().contains("40 training images"),
                 qPrintable(child<QLabel>(&dlg, "idxSummary")->text()));
        QVERIFY(child<QLabel>(&dlg, "idxSummary")->text().contains("12 test images"));
        QVERIFY(dlg.canImport());

        // Untick Fashion: digits' names.
        QTest::mouseClick(child<QCheckBox>(&dlg, "idxFashion"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dlg.isBusy(), 10000);
        QCOMPARE(dlg.sampleGrid()->labelAt(9), QStringLiteral("9"));

        typeNumber(child<QSpinBox>(&dlg, "idxSubset"), 20);
        typeNumber(child<QSpinBox>(&dlg, "idxValidation"), 50);  // stratified: 1 of each class's 2
        dlg.show();
        QSignalSpy accepted(&dlg, &QDialog::accepted);
        QTest::mouseClick(child<QPushButton>(&dlg, "idxImport"), Qt::LeftButton);
        QVERIFY(accepted.wait(10000));
        const auto s = dlg.dataSource();
        QCOMPARE(s.kind, DataKind::Idx);
        QCOMPARE(s.limit, 20);
        QVERIFY(!s.fashion);
        QCOMPARE(s.preprocessing.normalization, Normalization::Scale01);
        QVERIFY(s.preprocessing.fitted());
        const auto data = dlg.data();
        QVERIFY(data && data->train && data->validation && data->test);
        QCOMPARE(data->train->count() + data->validation->count(), 20);
        QCOMPARE(data->validation->count(), 10);
        QCOMPARE(data->test->count(), 12);
        QVERIFY(data->train->isImage());  // scale01 folds into byteScale: still bytes
        QCOMPARE(data->train->inputShape, (layerlab::core::Shape{1, 28, 28}));
    }

    // Normalisation min-max is fitted at import; Cancel closes the dialog and
    // imports nothing.
    void idxNormalizationAndCancel() {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath("digits");
        writeMnistLike(dir, 20, 6);
        {
            IdxImportDialog dlg;
            dlg.setFolder(dir);
            QTRY_VERIFY_WITH_TIMEOUT(!dlg.isBusy(), 10000);
            auto* norm = child<QComboBox>(&dlg, "idxNormalization");
            const int minmax = norm->findData(int(Normalization::MinMax));
            QVERIFY(minmax >= 0);
            choose(norm, minmax);
            dlg.show();
            QSignalSpy accepted(&dlg, &QDialog::accepted);
            QTest::mouseClick(child<QPushButton>(&dlg, "idxImport"), Qt::LeftButton);
            QVERIFY(accepted.wait(10000));
            QCOMPARE(dlg.dataSource().preprocessing.normalization, Normalization::MinMax);
            QVERIFY(dlg.dataSource().preprocessing.fitted());
            QCOMPARE(dlg.dataSource().preprocessing.scale.size(), std::size_t{784});
        }
        IdxImportDialog dlg;
        dlg.setFolder(dir);
        QTRY_VERIFY_WITH_TIMEOUT(!dlg.isBusy(), 10000);
        dlg.show();
        QSignalSpy rejected(&dlg, &QDialog::rejected);
        QTest::mouseClick(child<QPushButton>(&dlg, "idxCancel"), Qt::LeftButton);
        QCOMPARE(rejected.count(), 1);
        QVERIFY(!dlg.data());
        QCOMPARE(dlg.result(), int(QDialog::Rejected));
    }

    void idxErrorsInline() {
        QTemporaryDir tmp;
        // Count mismatch: 40 images, 39 labels.
        const QString dir = tmp.filePath("mismatch");
        writeMnistLike(dir, 40, 0, 39);
        IdxImportDialog dlg;
        dlg.setFolder(dir);
        QTRY_VERIFY_WITH_TIMEOUT(!dlg.isBusy(), 10000);
        QVERIFY2(dlg.errorText().contains("40") && dlg.errorText().contains("39"), qPrintable(dlg.errorText()));
        QVERIFY(child<QLabel>(&dlg, "idxError")->isVisibleTo(&dlg));
        QVERIFY(!dlg.canImport());
        QCOMPARE(dlg.previewCount(), 0);

        // Bad magic in the labels picked by hand.
        const QString good = tmp.filePath("good");
        writeMnistLike(good, 10, 0);
        writeFile(tmp.filePath("bad-labels"), "PK\x03\x04 not an idx file at all");
        dlg.setFolder(good);
        QTRY_VERIFY_WITH_TIMEOUT(!dlg.isBusy(), 10000);
        QVERIFY(dlg.canImport());
        QCOMPARE(dlg.previewCount(), 10);
        dlg.setFile(IdxImportDialog::TrainLabels, tmp.filePath("bad-labels"));
        QTRY_VERIFY_WITH_TIMEOUT(!dlg.isBusy(), 10000);
        QVERIFY2(dlg.errorText().contains("bad-labels"), qPrintable(dlg.errorText()));
        QVERIFY(!dlg.canImport());

        // A folder without the files says which are missing; the test pair is optional.
        dlg.setFolder(tmp.filePath("empty-folder"));
        QVERIFY2(dlg.errorText().contains("training images"), qPrintable(dlg.errorText()));
        QVERIFY(!dlg.canImport());
        dlg.setFolder(good);
        QTRY_VERIFY_WITH_TIMEOUT(!dlg.isBusy(), 10000);
        QVERIFY(dlg.filePath(IdxImportDialog::TestImages).isEmpty());
        QVERIFY(dlg.errorText().isEmpty());
        QVERIFY(child<QLabel>(&dlg, "idxSummary")->text().contains("no test set"));
    }

    void fashionMnistRoundTrip() {
        const QString dir = QStringLiteral("/usr/share/datasets/fashion-mnist");
        if (!QFileInfo::exists(dir + "/train-images-idx3-ubyte.gz"))
            QSKIP("Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)");
        IdxImportDialog dlg;
        dlg.setFolder(dir);
        QCOMPARE(dlg.filePath(IdxImportDialog::TrainImages), dir + "/train-images-idx3-ubyte.gz");
        QVERIFY(child<QCheckBox>(&dlg, "idxFashion")->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(!dlg.isBusy(), 15000);
        QVERIFY2(dlg.errorText().isEmpty(), qPrintable(dlg.errorText()));
        QCOMPARE(dlg.previewCount(), 32);
        QCOMPARE(dlg.sampleGrid()->labelAt(0), QStringLiteral("Ankle boot"));  // the first training label is 9
        QVERIFY(child<QLabel>(&dlg, "idxSummary")->text().contains(QLocale().toString(60000)));
        shot(&dlg, "idx_import_dialog.png");

        typeNumber(child<QSpinBox>(&dlg, "idxSubset"), 3000);
        QSignalSpy accepted(&dlg, &QDialog::accepted);
        QTest::mouseClick(child<QPushButton>(&dlg, "idxImport"), Qt::LeftButton);
        QVERIFY(accepted.wait(20000));
        const auto data = dlg.data();
        QVERIFY(data && data->train && data->test);
        QCOMPARE(data->train->count() + (data->validation ? data->validation->count() : 0), 3000);
        QCOMPARE(data->test->count(), 10000);
        QCOMPARE(data->train->classCount(), 10);
        QCOMPARE(data->train->classNames[9], std::string("Ankle boot"));
        QVERIFY(data->train->isImage());
        QVERIFY(dlg.dataSource().fashion);
    }

    void screenshots() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("flowers.csv");
        writeFile(path, flowers());
        CsvImportDialog dlg;
        dlg.setFile(path);
        shot(&dlg, "csv_import_dialog.png");

        const QString broken = tmp.filePath("broken.csv");
        writeFile(broken, "x,y,label\n1,2,A\n3,4,B\n5,6,A\n7,abc,B\n9,10,A\n");
        dlg.setFile(broken);
        shot(&dlg, "csv_import_error.png");
    }
};

QTEST_MAIN(DataImportTest)
#include "test_data_import.moc"
