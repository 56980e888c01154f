// The synthetic-data dialog driven through its widgets: the scatter preview
// follows the noise slider, the samples, the generator and the classes at once;
// the XOR truth table gives the four rows and the splits are explained (warned
// about, refused when nothing is left to train on). From the window (File menu
// and shortcut, Train menu, the Data panel's buttons, also when no data is
// loaded): OK makes it the project's data in ONE undo step, saved and loaded
// with the project; the dialog opens pre-filled with it; Cancel changes
// nothing; a 2-2-1 network learns the truth table. Also writes the README's
// screenshot (synthetic-data.png in the working folder).
#include "test_data_support.h"
#include "test_user_settings.h"

#include "core/io/project.h"
#include "ui/MainWindow.h"
#include "ui/data/DataManager.h"
#include "ui/data/DatasetPanel.h"
#include "ui/data/SyntheticDataDialog.h"
#include "ui/editor/GraphDocument.h"
#include "ui/training/RunHistory.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"
#include "ui/training/TrainingSettingsForm.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>
#include <qcustomplot.h>

#include <functional>

using layerlab::core::DataKind;
using layerlab::core::SyntheticKind;
using layerlab::ui::GraphDocument;
using layerlab::ui::MainWindow;
using layerlab::ui::SyntheticDataDialog;
using namespace data_test;

namespace {

void choose(QComboBox* box, int index) {
    QTest::keyClick(box, Qt::Key_Home);
    for (int i = 0; i < index; ++i) QTest::keyClick(box, Qt::Key_Down);
    if (box->currentIndex() != index) qFatal("could not choose %d in %s", index, qPrintable(box->objectName()));
}

// Types a value over the old one; the spin box follows each key (Enter would press OK).
void typeNumber(QSpinBox* spin, int value) {
    spin->setFocus();
    QTest::keyClick(spin, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(spin, QString::number(value));
    if (spin->value() != value) qFatal("%s shows %d, not %d", qPrintable(spin->objectName()), spin->value(), value);
}

// Every point drawn in the preview, graph by graph.
QList<QList<QPointF>> plotted(QWidget* dlg) {
    auto* plot = child<QCustomPlot>(dlg, "synthPreview");
    QList<QList<QPointF>> out;
    for (int g = 0; g < plot->graphCount(); ++g) {
        QList<QPointF> pts;
        for (auto it = plot->graph(g)->data()->constBegin(); it != plot->graph(g)->data()->constEnd(); ++it)
            pts << QPointF(it->key, it->value);
        out << pts;
    }
    return out;
}

int pointCount(QWidget* dlg) {
    int n = 0;
    for (const auto& g : plotted(dlg)) n += int(g.size());
    return n;
}

// Runs `steps` on the dialog the action opens (a modal exec()), then triggers it.
void withDialog(QAction* action, std::function<void(SyntheticDataDialog*)> steps) {
    bool ran = false;
    QTimer::singleShot(0, [&] {
        auto* dlg = qobject_cast<SyntheticDataDialog*>(QApplication::activeModalWidget());
        if (!dlg) qFatal("no synthetic-data dialog open");
        steps(dlg);
        ran = true;
        if (dlg->isVisible()) dlg->reject();
    });
    action->trigger();
    if (!ran) qFatal("the dialog did not open");
}

}  // namespace

class SyntheticDataTest : public QObject {
    Q_OBJECT

    QTemporaryDir config_;

private slots:
    void initTestCase() { layerlab_test::isolateUserSettings(config_.path(), QStringLiteral("LayerLabSynthetic")); }

    void previewFollowsTheControls() {
        GraphDocument doc;
        SyntheticDataDialog dlg(&doc);
        dlg.show();
        QCOMPARE(dlg.options().kind, SyntheticKind::Xor);  // no synthetic source yet: XOR
        QCOMPARE(pointCount(&dlg), 200);
        const auto before = plotted(&dlg);

        // The noise slider moves with the keyboard; the points move with it.
        auto* noise = child<QSlider>(&dlg, "synthNoise");
        noise->setFocus();
        QTest::keyClick(noise, Qt::Key_PageUp);
        QCOMPARE(dlg.options().noise, 0.15);
        QCOMPARE(child<QLabel>(&dlg, "synthNoiseValue")->text(), QStringLiteral("0.15"));
        QVERIFY(plotted(&dlg) != before);
        QCOMPARE(pointCount(&dlg), 200);

        // Samples by slider and by spin box.
        auto* samplesSlider = child<QSlider>(&dlg, "synthSamplesSlider");
        samplesSlider->setFocus();
        QTest::keyClick(samplesSlider, Qt::Key_End);
        QCOMPARE(child<QSpinBox>(&dlg, "synthSamples")->value(), 1000);
        QCOMPARE(pointCount(&dlg), 1000);
        typeNumber(child<QSpinBox>(&dlg, "synthSamples"), 60);
        QCOMPARE(pointCount(&dlg), 60);
        QCOMPARE(samplesSlider->value(), 60);

        // Classes only where they apply.
        auto* generator = child<QComboBox>(&dlg, "synthGenerator");
        auto* classes = child<QSpinBox>(&dlg, "synthClasses");
        QVERIFY(!classes->isEnabled());
        QVERIFY(child<QLabel>(&dlg, "synthClassesNote")->text().contains("always has 2"));
        const auto xorPoints = plotted(&dlg);
        choose(generator, 1);  // circles
        QCOMPARE(dlg.options().kind, SyntheticKind::Circles);
        QVERIFY(plotted(&dlg) != xorPoints);
        QVERIFY(!classes->isEnabled());
        choose(generator, 3);  // spirals
        QVERIFY(classes->isEnabled());
        typeNumber(classes, 4);
        QCOMPARE(dlg.preview()->train->classCount(), 4);
        auto* plot = child<QCustomPlot>(&dlg, "synthPreview");
        QCOMPARE(plot->legend->itemCount(), 5);  // four classes + the validation rings
        // Sine: a regression curve, no classes.
        choose(generator, 5);
        QVERIFY(!classes->isEnabled());
        QCOMPARE(dlg.preview()->train->task, layerlab::core::TaskKind::Regression);
        QVERIFY(child<QLabel>(&dlg, "synthSummary")->text().contains("regression"));
        QCOMPARE(plot->graph(plot->graphCount() - 1)->name(), QStringLiteral("sin(x)"));

        // A new seed draws new points.
        const auto seed1 = plotted(&dlg);
        typeNumber(child<QSpinBox>(&dlg, "synthSeed"), 7);
        QVERIFY(plotted(&dlg) != seed1);
    }

    void truthTableAndSplits() {
        GraphDocument doc;
        SyntheticDataDialog dlg(&doc);
        QTest::mouseClick(child<QPushButton>(&dlg, "synthTruthTable"), Qt::LeftButton);
        const auto o = dlg.options();
        QCOMPARE(o.samples, 4);
        QCOMPARE(o.noise, 0.0);
        const auto& t = *dlg.preview()->train;
        QCOMPARE(t.values, (std::vector<float>{0, 0, 0, 1, 1, 0, 1, 1}));
        QCOMPARE(t.labels, (std::vector<int>{0, 1, 1, 0}));
        QVERIFY(!dlg.preview()->validation && !dlg.preview()->test);
        QVERIFY2(child<QLabel>(&dlg, "synthSummary")->text().contains("Split: 4 training, 0 validation, 0 test"),
                 qPrintable(child<QLabel>(&dlg, "synthSummary")->text()));
        QVERIFY(dlg.warningText().isEmpty());
        QVERIFY(dlg.canAccept());

        // 10 % of four rows (two per class) rounds to none: said, nothing held out.
        typeNumber(child<QSpinBox>(&dlg, "synthValidation"), 10);
        QVERIFY(!dlg.preview()->validation);
        QVERIFY2(child<QLabel>(&dlg, "synthSummary")->text().contains("10 % of 4 samples gives no validation samples"),
                 qPrintable(child<QLabel>(&dlg, "synthSummary")->text()));
        // Half of them: the network would never see two rows of the table.
        typeNumber(child<QSpinBox>(&dlg, "synthValidation"), 50);
        QCOMPARE(dlg.preview()->train->count(), 2);
        QVERIFY2(dlg.warningText().contains("truth-table rows"), qPrintable(dlg.warningText()));
        QVERIFY(child<QLabel>(&dlg, "synthWarning")->isVisibleTo(&dlg));
        QCOMPARE(pointCount(&dlg), 4);  // 2 filled + 2 rings (plus an empty legend key)
        // Nothing left to train on: OK is off, with the reason.
        typeNumber(child<QSpinBox>(&dlg, "synthTest"), 45);
        QVERIFY(!dlg.canAccept());
        QVERIFY(!child<QPushButton>(&dlg, "synthOk")->isEnabled());
        QVERIFY2(dlg.errorText().contains("less than 10%"), qPrintable(dlg.errorText()));
        QTest::mouseClick(child<QPushButton>(&dlg, "synthTruthTable"), Qt::LeftButton);
        QVERIFY(dlg.canAccept());
    }

    void okIsOneUndoStepSavedAndPrefilled() {
        QTemporaryDir tmp;
        MainWindow w(nullptr, tmp.path());
        w.setErrorDialogsEnabled(false);
        w.show();
        GraphDocument* doc = w.document();
        QAction* action = w.action(QStringLiteral("actionNewSynthetic"));
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
        for (const char* menu : {"menuFile", "menuTrain"})
            QVERIFY2(w.menuBar()->findChild<QMenu*>(QLatin1String(menu))->actions().contains(action), menu);
        QTRY_VERIFY(!w.dataManager()->isLoading());
        const int steps = doc->undoStack()->count();
        const double split = doc->project().data.preprocessing.validationSplit;

        withDialog(action, [](SyntheticDataDialog* dlg) {
            choose(child<QComboBox>(dlg, "synthGenerator"), 2);  // moons
            typeNumber(child<QSpinBox>(dlg, "synthSamples"), 120);
            typeNumber(child<QSpinBox>(dlg, "synthValidation"), 25);
            typeNumber(child<QSpinBox>(dlg, "synthTest"), 10);
            QTest::mouseClick(child<QPushButton>(dlg, "synthOk"), Qt::LeftButton);
        });
        const auto& s = doc->project().data;
        QCOMPARE(s.kind, DataKind::Synthetic);
        QCOMPARE(s.synthetic.kind, SyntheticKind::Moons);
        QCOMPARE(s.synthetic.samples, 120);
        QCOMPARE(s.preprocessing.testSplit, 0.1);
        QCOMPARE(doc->project().data.preprocessing.validationSplit, 0.25);
        QCOMPARE(doc->undoStack()->count(), steps + 1);
        QCOMPARE(doc->undoStack()->undoText(), QStringLiteral("Synthetic data"));
        auto data = w.dataManager()->data();
        QVERIFY(data && data->train && data->validation && data->test);
        QCOMPARE(data->train->count() + data->validation->count() + data->test->count(), 120);
        QCOMPARE(data->test->count(), 12);

        // One undo step restores the previous source and split.
        doc->undoStack()->undo();
        QCOMPARE(doc->project().data.kind, DataKind::None);
        QCOMPARE(doc->project().data.preprocessing.validationSplit, split);
        doc->undoStack()->redo();
        QCOMPARE(doc->project().data.synthetic.kind, SyntheticKind::Moons);

        // Saved and loaded with the project.
        const QString path = tmp.filePath("moons.layerlab");
        QVERIFY2(w.saveTo(path), qPrintable(w.lastError()));
        auto loaded = layerlab::core::loadProject(path.toStdString());
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->data.kind, DataKind::Synthetic);
        QCOMPARE(loaded->data.synthetic.kind, SyntheticKind::Moons);
        QCOMPARE(loaded->data.synthetic.samples, 120);
        QCOMPARE(loaded->data.preprocessing.testSplit, 0.1);
        QCOMPARE(loaded->data.preprocessing.validationSplit, 0.25);

        // Opened again it shows that source; Cancel changes nothing.
        const QString before = doc->serialize();
        const int now = doc->undoStack()->count();
        withDialog(action, [](SyntheticDataDialog* dlg) {
            QCOMPARE(dlg->options().kind, SyntheticKind::Moons);
            QCOMPARE(dlg->options().samples, 120);
            QCOMPARE(child<QSpinBox>(dlg, "synthValidation")->value(), 25);
            QCOMPARE(child<QSpinBox>(dlg, "synthTest")->value(), 10);
            choose(child<QComboBox>(dlg, "synthGenerator"), 3);
            QTest::mouseClick(child<QPushButton>(dlg, "synthCancel"), Qt::LeftButton);
        });
        QCOMPARE(doc->serialize(), before);
        QCOMPARE(doc->undoStack()->count(), now);
    }

    // The Data panel points at the three ways to get data, with and without data.
    void dataPanelButtons() {
        QTemporaryDir tmp;
        MainWindow w(nullptr, tmp.path());
        w.setErrorDialogsEnabled(false);
        w.show();
        QTRY_VERIFY(!w.dataManager()->isLoading());
        auto* panel = w.findChild<layerlab::ui::DatasetPanel*>();
        QVERIFY(panel);
        QVERIFY(child<QLabel>(panel, "datasetState")->text().contains("synthetic"));
        for (const char* name : {"datasetNewSynthetic", "datasetImportCsv", "datasetImportIdx"})
            QVERIFY2(child<QPushButton>(panel, name)->isVisibleTo(panel), name);
        QString opened;
        QTimer::singleShot(0, [&] {
            QTRY_VERIFY(QApplication::activeModalWidget());
            opened = QApplication::activeModalWidget()->objectName();
            QMetaObject::invokeMethod(QApplication::activeModalWidget(), "reject");
        });
        QTest::mouseClick(child<QPushButton>(panel, "datasetImportCsv"), Qt::LeftButton);
        QCOMPARE(opened, QStringLiteral("csvImportDialog"));

        bool used = false;
        QTimer::singleShot(0, [&] {
            auto* dlg = qobject_cast<SyntheticDataDialog*>(QApplication::activeModalWidget());
            QVERIFY(dlg);
            QTest::mouseClick(child<QPushButton>(dlg, "synthTruthTable"), Qt::LeftButton);
            QTest::mouseClick(child<QPushButton>(dlg, "synthOk"), Qt::LeftButton);
            used = true;
        });
        QTest::mouseClick(child<QPushButton>(panel, "datasetNewSynthetic"), Qt::LeftButton);
        QVERIFY(used);
        QCOMPARE(panel->currentDataset()->count(), 4);
        // With data the button stays beside the name.
        QVERIFY(child<QPushButton>(panel, "datasetSyntheticData")->isVisibleTo(panel));
        QVERIFY(!child<QPushButton>(panel, "datasetNewSynthetic")->isVisibleTo(panel));
    }

    // The classic lesson: the bundled 2-2-1 network learns the four rows made here.
    void twoTwoOneLearnsTheTruthTable() {
        QTemporaryDir tmp;
        MainWindow w(nullptr, tmp.path());
        w.setErrorDialogsEnabled(false);
        w.show();
        QVERIFY2(w.openFile(QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/xor.layerlab")),
                 qPrintable(w.lastError()));
        QTRY_VERIFY(!w.dataManager()->isLoading());
        // Replace its data: noisy XOR first, then the truth table with the default validation split.
        withDialog(w.action(QStringLiteral("actionNewSynthetic")), [](SyntheticDataDialog* dlg) {
            QTest::mouseClick(child<QPushButton>(dlg, "synthTruthTable"), Qt::LeftButton);
            typeNumber(child<QSpinBox>(dlg, "synthValidation"), 10);  // rounds to none of four rows
            QVERIFY(dlg->warningText().isEmpty());
            QTest::mouseClick(child<QPushButton>(dlg, "synthOk"), Qt::LeftButton);
        });
        auto data = w.dataManager()->data();
        QVERIFY(data && data->train);
        QCOMPARE(data->train->count(), 4);
        QVERIFY(!data->validation && !data->test);
        w.action(QStringLiteral("actionTrain"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w.trainingController()->lastRun() && !w.trainingController()->isRunning(), 30000);
        const auto& epochs = w.trainingController()->lastRun()->epochs;
        QVERIFY(!epochs.empty());
        QCOMPARE(epochs.back().trainMetric, 1.0);  // all four rows right
        QVERIFY(epochs.back().trainLoss < epochs.front().trainLoss);
    }

    void screenshot() {
        GraphDocument doc;
        SyntheticDataDialog dlg(&doc);
        choose(child<QComboBox>(&dlg, "synthGenerator"), 3);  // spirals, as on the classroom board
        typeNumber(child<QSpinBox>(&dlg, "synthClasses"), 3);
        typeNumber(child<QSpinBox>(&dlg, "synthSamples"), 300);
        typeNumber(child<QSpinBox>(&dlg, "synthTest"), 20);
        child<QComboBox>(&dlg, "synthGenerator")->setFocus();
        dlg.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dlg));
        QTest::qWait(50);
        const QString path = QDir::current().absoluteFilePath(QStringLiteral("synthetic-data.png"));
        QVERIFY(dlg.grab().save(path));
        qInfo("screenshot: %s", qPrintable(path));
    }
};

QTEST_MAIN(SyntheticDataTest)
#include "test_synthetic_data.moc"
