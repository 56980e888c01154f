// DataManager and DatasetPanel: the manager reloads off the GUI thread when
// the data source, the project or the split changes, reports a moved file
// instead of failing, relocates it (IDX siblings too) in one undo step, and
// adopts an import without reading again. The panel shows counts, class
// histogram, statistics and a sample browser for tables, images and
// regression, and the missing-file state with a working "Locate…".
// Also writes screenshots.
#include "test_data_support.h"

#include "core/data/idx_reader.h"
#include "core/data/synthetic.h"
#include "ui/data/DataManager.h"
#include "ui/data/DatasetPanel.h"
#include "ui/editor/GraphDocument.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTableWidget>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>
#include <qcustomplot.h>

using layerlab::core::DataKind;
using layerlab::core::DataSource;
using layerlab::core::SyntheticKind;
using layerlab::ui::DataManager;
using layerlab::ui::DatasetPanel;
using layerlab::ui::GraphDocument;

using namespace data_test;

namespace {

// n 28x28 images (a bar whose length is the label) and labels i % 10.
void writeMnistLike(const QString& dir, int n) {
    QByteArray px(n * 784, 0), labels(n, 0);
    for (int i = 0; i < n; ++i) {
        labels[i] = char(i % 10);
        for (int x = 2; x < 4 + 2 * (i % 10); ++x) px[i * 784 + 14 * 28 + x] = char(255);
    }
    writeFile(dir + "/train-images-idx3-ubyte", idx({n, 28, 28}, px));
    writeFile(dir + "/train-labels-idx1-ubyte", idx({n}, labels));
}

DataSource synthetic(SyntheticKind kind, int samples, int classes = 2) {
    DataSource s;
    s.kind = DataKind::Synthetic;
    s.synthetic.kind = kind;
    s.synthetic.samples = samples;
    s.synthetic.classes = classes;
    return s;
}

DataSource csvSource(const QString& path) {
    DataSource s;
    s.kind = DataKind::Csv;
    s.csvPath = path.toStdString();
    return s;
}

DataSource idxSource(const QString& dir) {
    DataSource s;
    s.kind = DataKind::Idx;
    s.trainImages = (dir + "/train-images-idx3-ubyte").toStdString();
    s.trainLabels = (dir + "/train-labels-idx1-ubyte").toStdString();
    return s;
}

double barsTotal(QCustomPlot* plot, int* count = nullptr) {
    auto* bars = qobject_cast<QCPBars*>(plot->plottable(0));
    if (!bars) return -1;
    double total = 0;
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) total += it->value;
    if (count) *count = bars->data()->size();
    return total;
}

void typeNumber(QSpinBox* spin, int value) {
    spin->setFocus();
    QTest::keyClick(spin, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(spin, QString::number(value));
}

void shot(QWidget* w, const char* name) {
    w->resize(420, 620);
    w->show();
    QVERIFY(QTest::qWaitForWindowExposed(w));
    const QString path = QDir::current().absoluteFilePath(QLatin1String(name));
    QVERIFY(w->grab().save(path));
    qInfo("screenshot: %s", qPrintable(path));
}

}  // namespace

class DataPanelTest : public QObject {
    Q_OBJECT

private slots:
    void managerReloadsOnChanges() {
        QTemporaryDir tmp;
        writeFile(tmp.filePath("flowers.csv"), flowers());
        GraphDocument doc;
        DataManager mgr(&doc);
        QSignalSpy loaded(&mgr, &DataManager::loaded);
        QVERIFY(mgr.isLoading());  // scheduled
        QVERIFY(loaded.wait(5000));
        QVERIFY(!mgr.data());  // no data source
        QVERIFY(!mgr.isLoading());

        QSignalSpy started(&mgr, &DataManager::loadingStarted);
        doc.setDataSource(synthetic(SyntheticKind::Spirals, 200, 3));
        QVERIFY(loaded.wait(5000));
        QCOMPARE(started.count(), 1);
        QVERIFY(mgr.data() && mgr.data()->train && mgr.data()->validation);
        QCOMPARE(mgr.data()->train->count() + mgr.data()->validation->count(), 200);
        QCOMPARE(mgr.data()->train->classCount(), 3);

        doc.setDataSource(csvSource(tmp.filePath("flowers.csv")));
        QVERIFY(loaded.wait(5000));
        QVERIFY2(mgr.data()->train->name.find("flowers") != std::string::npos, mgr.data()->train->name.c_str());

        // Undo goes back to the spirals and reloads them.
        doc.undoStack()->undo();
        QVERIFY(loaded.wait(5000));
        QCOMPARE(mgr.data()->train->classCount(), 3);
        QVERIFY(mgr.data()->train->name.find("flowers") == std::string::npos);

        // A new validation split (the data source's) reloads with the new split.
        DataSource halves = doc.project().data;
        halves.preprocessing.validationSplit = 0.5;
        doc.setDataSource(halves);
        QVERIFY(loaded.wait(5000));
        QVERIFY(qAbs(mgr.data()->validation->count() - 100) <= 3);  // stratified per class, rounded
        QCOMPARE(mgr.data()->train->count() + mgr.data()->validation->count(), 200);

        // A broken file fails with the reader's message.
        writeFile(tmp.filePath("bad.csv"), "a,b\n1,x\n2,3\n3,4\n4,5\n5,6\n");
        QSignalSpy failed(&mgr, &DataManager::failed);
        doc.setDataSource(csvSource(tmp.filePath("bad.csv")));
        QVERIFY(failed.wait(5000));
        QVERIFY2(failed.at(0).at(0).toString().contains("bad.csv"), qPrintable(failed.at(0).at(0).toString()));
        QVERIFY(!mgr.data());
        QCOMPARE(mgr.lastError(), failed.at(0).at(0).toString());
    }

    void managerRelativePathsAndMissingFile() {
        QTemporaryDir tmp;
        GraphDocument doc;
        QVERIFY(doc.save(tmp.filePath("project.layerlab")));
        DataManager mgr(&doc);
        QSignalSpy loaded(&mgr, &DataManager::loaded);
        QVERIFY(loaded.wait(5000));
        QCOMPARE(mgr.projectDir(), QFileInfo(tmp.path()).absoluteFilePath());

        // Relative to the project's folder.
        writeFile(tmp.filePath("data/flowers.csv"), flowers());
        DataSource zscored = csvSource("data/flowers.csv");
        zscored.preprocessing.normalization = layerlab::core::Normalization::ZScore;
        doc.setDataSource(zscored);
        QVERIFY(loaded.wait(5000));
        QCOMPARE(mgr.data()->train->classCount(), 3);
        // The fitted z-score values are kept in the project (saved with it),
        // without an undo step, equal to what the load applied.
        QVERIFY(doc.project().data.preprocessing.fitted());
        QVERIFY(doc.project().data.preprocessing == mgr.data()->preprocessing);
        QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("Change data source"));
        QVERIFY(doc.serialize().contains(QStringLiteral("\"offset\"")));
        // CSV columns keep their names through the split, and the panel shows them.
        QCOMPARE(mgr.data()->train->featureNames, (std::vector<std::string>{"length", "width"}));
        {
            DatasetPanel panel(&mgr);
            auto* stats = child<QTableWidget>(&panel, "datasetStats");
            QCOMPARE(stats->rowCount(), 2);
            QCOMPARE(stats->item(0, 0)->text(), QStringLiteral("length"));
            QCOMPARE(stats->item(1, 0)->text(), QStringLiteral("width"));
        }

        // The file moves: dataFileMissing, not failed, and nothing is read.
        QVERIFY(QDir(tmp.path()).rename("data", "elsewhere"));
        QSignalSpy missing(&mgr, &DataManager::dataFileMissing);
        QSignalSpy failed(&mgr, &DataManager::failed);
        QSignalSpy started(&mgr, &DataManager::loadingStarted);
        mgr.reload();
        QCOMPARE(missing.count(), 1);
        QCOMPARE(missing.at(0).at(0).toString(), QStringLiteral("path"));
        QCOMPARE(QFileInfo(missing.at(0).at(1).toString()).absoluteFilePath(),
                 QFileInfo(tmp.filePath("data/flowers.csv")).absoluteFilePath());
        QCOMPARE(failed.count(), 0);
        QCOMPARE(started.count(), 0);
        QVERIFY(!mgr.data());
        QVERIFY(mgr.lastError().contains("not found"));

        // A path that does not exist is refused and pushes nothing.
        const int steps = doc.undoStack()->count();
        QVERIFY(!mgr.relocate("path", tmp.filePath("nowhere.csv")));
        QCOMPARE(doc.undoStack()->count(), steps);

        // Relocate: one undo step, stored relative to the project, loaded again.
        QVERIFY(mgr.relocate("path", tmp.filePath("elsewhere/flowers.csv")));
        QCOMPARE(doc.undoStack()->count(), steps + 1);
        QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("Change data source"));
        QCOMPARE(doc.project().data.csvPath, std::string("elsewhere/flowers.csv"));
        QVERIFY(loaded.wait(5000));
        QCOMPARE(mgr.data()->train->classCount(), 3);
    }

    void managerRelocatesIdxSiblings() {
        QTemporaryDir tmp;
        writeMnistLike(tmp.filePath("mnist"), 20);
        GraphDocument doc;
        DataManager mgr(&doc);
        QSignalSpy loaded(&mgr, &DataManager::loaded);
        doc.setDataSource(idxSource(tmp.filePath("mnist")));
        QVERIFY(loaded.wait(5000));
        QVERIFY(mgr.data());

        QVERIFY(QDir(tmp.path()).rename("mnist", "moved"));
        QSignalSpy missing(&mgr, &DataManager::dataFileMissing);
        mgr.reload();
        QCOMPARE(missing.count(), 1);
        QCOMPARE(missing.at(0).at(0).toString(), QStringLiteral("trainImages"));
        // Pointing at the images also finds the labels beside them.
        QVERIFY(mgr.relocate("trainImages", tmp.filePath("moved/train-images-idx3-ubyte")));
        QVERIFY(loaded.wait(5000));
        QCOMPARE(QString::fromStdString(doc.project().data.trainLabels),
                 QFileInfo(tmp.filePath("moved/train-labels-idx1-ubyte")).absoluteFilePath());
        QCOMPARE(mgr.data()->train->count() + (mgr.data()->validation ? mgr.data()->validation->count() : 0), 20);
    }

    void managerAdoptsImport() {
        GraphDocument doc;
        DataManager mgr(&doc);
        QSignalSpy loaded(&mgr, &DataManager::loaded);
        QVERIFY(loaded.wait(5000));
        QSignalSpy started(&mgr, &DataManager::loadingStarted);

        const DataSource s = synthetic(SyntheticKind::Blobs, 60, 4);
        auto data = std::make_shared<layerlab::core::ProjectData>();
        data->train = std::make_shared<const layerlab::core::Dataset>(*layerlab::core::makeSynthetic(s.synthetic));
        const int steps = doc.undoStack()->count();
        DataSource quarter = s;
        quarter.preprocessing.validationSplit = 0.25;
        mgr.adoptImport(quarter, data);
        QCOMPARE(doc.undoStack()->count(), steps + 1);
        QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("Import data"));
        QCOMPARE(doc.project().data.kind, DataKind::Synthetic);
        QCOMPARE(doc.project().data.preprocessing.validationSplit, 0.25);
        QCOMPARE(mgr.data(), std::shared_ptr<const layerlab::core::ProjectData>(data));
        QCOMPARE(loaded.count(), 2);
        QCoreApplication::processEvents();  // a scheduled reload would start here
        QCoreApplication::processEvents();
        QCOMPARE(started.count(), 0);
        QCOMPARE(mgr.data(), std::shared_ptr<const layerlab::core::ProjectData>(data));

        // Undo restores source and split in one step and reloads.
        doc.undoStack()->undo();
        QCOMPARE(doc.project().data.kind, DataKind::None);
        QCOMPARE(doc.project().data.preprocessing.validationSplit, 0.1);
        QVERIFY(loaded.wait(5000));
        QVERIFY(!mgr.data());
    }

    // Rows dropped or values filled for missing values are said in the panel.
    void panelCountsMissingValues() {
        QTemporaryDir tmp;
        writeFile(tmp.filePath("gaps.csv"), "x,y,label\n1,2,a\n,3,b\n4,NA,a\n5,6,b\n7,8,a\n9,1,b\n");
        GraphDocument doc;
        DataManager mgr(&doc);
        DatasetPanel panel(&mgr);
        QSignalSpy loaded(&mgr, &DataManager::loaded);
        QVERIFY(loaded.wait(5000));
        DataSource source = csvSource(tmp.filePath("gaps.csv"));
        doc.setDataSource(source);
        QVERIFY(loaded.wait(5000));
        QVERIFY2(child<QLabel>(&panel, "datasetCounts")->text().contains("2 rows with missing values dropped"),
                 qPrintable(child<QLabel>(&panel, "datasetCounts")->text()));
        source.csv.missing = layerlab::core::CsvOptions::Missing::FillMean;
        doc.setDataSource(source);
        QVERIFY(loaded.wait(5000));
        QVERIFY2(child<QLabel>(&panel, "datasetCounts")->text().contains("2 missing values filled with the column mean"),
                 qPrintable(child<QLabel>(&panel, "datasetCounts")->text()));
    }

    void panelTable() {
        GraphDocument doc;
        DataManager mgr(&doc);
        DatasetPanel panel(&mgr);
        QSignalSpy loaded(&mgr, &DataManager::loaded);
        QVERIFY(loaded.wait(5000));
        QVERIFY(child<QLabel>(&panel, "datasetState")->text().contains("No data"));

        doc.setDataSource(synthetic(SyntheticKind::Spirals, 300, 3));
        QVERIFY(loaded.wait(5000));
        const auto data = mgr.data();
        const int train = data->train->count(), val = data->validation->count();
        QVERIFY2(child<QLabel>(&panel, "datasetCounts")->text().contains(QStringLiteral("train %1").arg(train)),
                 qPrintable(child<QLabel>(&panel, "datasetCounts")->text()));
        QVERIFY(child<QLabel>(&panel, "datasetCounts")->text().contains(QStringLiteral("validation %1").arg(val)));
        QCOMPARE(child<QLabel>(&panel, "datasetFeatures")->text(), QStringLiteral("2"));
        QCOMPARE(child<QLabel>(&panel, "datasetTask")->text(), QStringLiteral("classification, 3 classes"));

        auto* plot = child<QCustomPlot>(&panel, "datasetHistogram");
        int bars = 0;
        QCOMPARE(barsTotal(plot, &bars), double(train));
        QCOMPARE(bars, 3);
        auto* stats = child<QTableWidget>(&panel, "datasetStats");
        QCOMPARE(stats->rowCount(), 2);
        QCOMPARE(stats->item(0, 1)->text().toDouble() <= stats->item(0, 2)->text().toDouble(), true);  // min <= mean

        // The browser: type a sample number, see its values and label.
        QSignalSpy selected(&panel, &DatasetPanel::sampleSelected);
        typeNumber(child<QSpinBox>(&panel, "datasetSampleSpin"), 17);
        QVERIFY(!selected.isEmpty());
        QCOMPARE(selected.last().at(0).toInt(), 17);
        QCOMPARE(panel.currentSample(), 17);
        auto* values = child<QTableWidget>(&panel, "datasetSampleValues");
        QCOMPARE(values->rowCount(), 2);
        QCOMPARE(values->item(0, 1)->text().toFloat(), data->train->sample(17)[0]);
        const int label = data->train->labels[17];
        QVERIFY2(child<QLabel>(&panel, "datasetSampleLabel")->text().contains(
                     QString::fromStdString(data->train->classNames[static_cast<std::size_t>(label)])),
                 qPrintable(child<QLabel>(&panel, "datasetSampleLabel")->text()));

        // The validation part.
        auto* part = child<QComboBox>(&panel, "datasetPart");
        QCOMPARE(part->count(), 2);
        QTest::keyClick(part, Qt::Key_Down);
        QCOMPARE(panel.currentDataset(), data->validation);
        QCOMPARE(barsTotal(plot), double(val));
        QCOMPARE(panel.currentSample(), 0);
        shot(&panel, "dataset_panel_table.png");
        auto* tabs = child<QTabWidget>(&panel, "datasetTabs");
        QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(1).center());
        shot(&panel, "dataset_panel_table_features.png");
        QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(2).center());
        shot(&panel, "dataset_panel_table_sample.png");
    }

    void panelImagesAndRegression() {
        QTemporaryDir tmp;
        writeMnistLike(tmp.filePath("mnist"), 40);
        GraphDocument doc;
        DataManager mgr(&doc);
        DatasetPanel panel(&mgr);
        QSignalSpy loaded(&mgr, &DataManager::loaded);
        DataSource s = idxSource(tmp.filePath("mnist"));
        s.preprocessing.normalization = layerlab::core::Normalization::Scale01;
        doc.setDataSource(s);
        QVERIFY(loaded.wait(5000));
        QCOMPARE(child<QLabel>(&panel, "datasetShape")->text(), QStringLiteral("1x28x28 (image, bytes)"));
        QVERIFY(child<QTableWidget>(&panel, "datasetStats")->isHidden());
        QVERIFY2(child<QLabel>(&panel, "datasetStatsSummary")->text().contains("784 features"),
                 qPrintable(child<QLabel>(&panel, "datasetStatsSummary")->text()));
        QCOMPARE(child<QLabel>(&panel, "datasetMeanImage")->pixmap().size(), QSize(140, 140));  // 28 x 5
        auto* image = child<QLabel>(&panel, "datasetSampleImage");
        QCOMPARE(image->pixmap().size(), QSize(224, 224));  // 28 x 8, nearest neighbour
        QVERIFY(child<QTableWidget>(&panel, "datasetSampleValues")->isHidden());
        // The slider moves the browser too.
        auto* slider = child<QSlider>(&panel, "datasetSampleSlider");
        QSignalSpy selected(&panel, &DatasetPanel::sampleSelected);
        QTest::keyClick(slider, Qt::Key_End);
        QCOMPARE(selected.last().at(0).toInt(), panel.currentDataset()->count() - 1);
        QCOMPARE(child<QSpinBox>(&panel, "datasetSampleSpin")->value(), panel.currentDataset()->count() - 1);
        // The picture is the sample's: the bar's length follows the label.
        const int last = panel.currentDataset()->count() - 1;
        const QImage img = image->pixmap().toImage();
        const int len = 2 + 2 * panel.currentDataset()->labels[static_cast<std::size_t>(last)];
        QVERIFY(qGray(img.pixel((2 + len - 1) * 8 + 4, 14 * 8 + 4)) > 200);
        QVERIFY(qGray(img.pixel((2 + len) * 8 + 4, 14 * 8 + 4)) < 50);
        auto* tabs = child<QTabWidget>(&panel, "datasetTabs");
        shot(&panel, "dataset_panel_images.png");
        QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(2).center());
        QCOMPARE(tabs->currentIndex(), 2);
        shot(&panel, "dataset_panel_sample.png");
        QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(1).center());
        shot(&panel, "dataset_panel_features.png");

        doc.setDataSource(synthetic(SyntheticKind::Sine, 100));
        QVERIFY(loaded.wait(5000));
        QCOMPARE(child<QTabWidget>(&panel, "datasetTabs")->tabText(0), QStringLiteral("Targets"));
        QVERIFY(child<QLabel>(&panel, "datasetTask")->text().startsWith("regression"));
        int bars = 0;
        QCOMPARE(barsTotal(child<QCustomPlot>(&panel, "datasetHistogram"), &bars),
                 double(mgr.data()->train->count()));
        QCOMPARE(bars, 20);
    }

    void panelMissingFileLocate() {
        QTemporaryDir tmp;
        writeFile(tmp.filePath("new/flowers.csv"), flowers());
        GraphDocument doc;
        DataManager mgr(&doc);
        DatasetPanel panel(&mgr);
        panel.show();
        QSignalSpy loaded(&mgr, &DataManager::loaded);
        QSignalSpy missing(&mgr, &DataManager::dataFileMissing);
        doc.setDataSource(csvSource(tmp.filePath("old/flowers.csv")));
        QVERIFY(missing.wait(5000));
        QVERIFY(child<QLabel>(&panel, "datasetState")->text().contains("not found"));
        auto* locate = child<QPushButton>(&panel, "datasetLocate");
        QVERIFY(locate->isVisible());
        shot(&panel, "dataset_panel_missing.png");

        // Locate…: the file dialog opens; pick the file where it is now.
        bool sawDialog = false;
        QTimer::singleShot(0, this, [&] {
            for (QWidget* w : QApplication::topLevelWidgets())
                if (auto* d = qobject_cast<QFileDialog*>(w); d && d->objectName() == "movedFileDialog" && d->isVisible()) {
                    sawDialog = d->windowTitle().contains("flowers.csv");
                    d->selectFile(tmp.filePath("new/flowers.csv"));
                    static_cast<QDialog*>(d)->accept();  // as the "Use this file" button does
                    return;
                }
        });
        QTest::mouseClick(locate, Qt::LeftButton);
        QVERIFY(sawDialog);
        QVERIFY(loaded.wait(5000));
        QCOMPARE(QString::fromStdString(doc.project().data.csvPath),
                 QFileInfo(tmp.filePath("new/flowers.csv")).absoluteFilePath());
        QVERIFY(child<QLabel>(&panel, "datasetCounts")->isVisible());
    }
};

QTEST_MAIN(DataPanelTest)
#include "test_data_panel.moc"
