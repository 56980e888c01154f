// The test set in the window: after a run the window shows the same test loss
// and accuracy as `layerlab train` prints for the same project and seed (both
// call core::evaluate on the trained network), in the training status line and
// in the run's legend entry; Insight offers the training, validation and test
// sets, and switching between them changes the header's sample count and the
// confusion matrix's totals. On the flowers CSV (a test split) and on
// Fashion-MNIST (the t10k files, 10,000 images).
#include "run_layerlab.h"
#include "../ui/test_user_settings.h"

#include "ui/MainWindow.h"
#include "ui/data/DataManager.h"
#include "ui/editor/GraphDocument.h"
#include "ui/training/ConfusionMatrixView.h"
#include "ui/training/InsightView.h"
#include "ui/training/RunHistory.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"
#include "ui/training/TrainingPlots.h"
#include "ui/training/TrainingSettingsForm.h"

#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <qcustomplot.h>

#include <memory>

using layerlab::ui::MainWindow;
using layerlab::ui::TrainingPlots;

namespace {

QString example(const char* name) { return QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/") + QLatin1String(name); }

struct Headless {
    QString loss, metric;  // as printed, 4 decimals
    int samples = 0;
};

Headless headlessTest(const QStringList& args) {
    const cli_test::Run r = cli_test::runLayerlab(args);
    if (r.exitCode != 0) qFatal("layerlab train failed: %s %s", qPrintable(r.out), qPrintable(r.err));
    const QRegularExpression re(QStringLiteral("^test  loss ([0-9.]+)  acc ([0-9.]+)  \\((\\d+) samples\\)$"),
                                QRegularExpression::MultilineOption);
    const auto m = re.match(r.out);
    if (!m.hasMatch()) qFatal("no test line in: %s", qPrintable(r.out));
    return {m.captured(1), m.captured(2), m.captured(3).toInt()};
}

long matrixTotal(const layerlab::ui::ConfusionMatrixView* m) {
    long sum = 0;
    for (int t = 0; t < m->classes(); ++t)
        for (int p = 0; p < m->classes(); ++p) sum += m->count(t, p);
    return sum;
}

QStringList legendTexts(QCustomPlot* plot) {
    QStringList out;
    for (int i = 0; i < plot->legend->itemCount(); ++i)
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(plot->legend->item(i))) out << item->plottable()->name();
    return out;
}

struct Window {
    std::unique_ptr<MainWindow> w;
    Window(const QString& autosave, const QString& project) {
        QSettings().clear();
        w = std::make_unique<MainWindow>(nullptr, autosave);
        w->setErrorDialogsEnabled(false);
        w->resize(1280, 800);
        w->show();
        if (!QTest::qWaitForWindowExposed(w.get())) qFatal("not exposed");
        if (!w->openFile(project)) qFatal("cannot open %s", qPrintable(project));
    }
    bool dataLoaded() const {
        auto d = w->dataManager()->data();
        return d && d->train && !w->dataManager()->isLoading();
    }
    bool train() {
        QTest::mouseClick(w->trainingPanel()->findChild<QPushButton*>(QStringLiteral("trainButton")), Qt::LeftButton);
        if (!w->trainingController()->isRunning()) return false;
        return QTest::qWaitFor([this] { return !w->trainingController()->isRunning(); }, 120000);
    }
    // Picks a split in the Insight header's combo with the keyboard.
    void pickSplit(const QString& split) {
        QComboBox* combo = w->trainingPanel()->insightView()->splitCombo();
        const int target = combo->findData(split);
        if (target < 0) qFatal("no split %s", qPrintable(split));
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Home);
        for (int i = 0; i < target; ++i) QTest::keyClick(combo, Qt::Key_Down);
    }
};

}  // namespace

class WindowTestSetTest : public QObject {
    Q_OBJECT

    QTemporaryDir config_, autosave_;

private slots:
    void initTestCase() { layerlab_test::isolateUserSettings(config_.path(), QStringLiteral("LayerLabTestSet")); }

    void flowersTestSetMatchesHeadless() {
        const Headless h = headlessTest({QStringLiteral("train"), example("flowers_csv.layerlab"), QStringLiteral("--epochs"),
                                         QStringLiteral("20")});
        QCOMPARE(h.samples, 30);

        Window s(autosave_.path(), example("flowers_csv.layerlab"));
        QTRY_VERIFY_WITH_TIMEOUT(s.dataLoaded(), 10000);
        auto* epochs = qobject_cast<QSpinBox*>(s.w->trainingPanel()->settingsForm()->field(QStringLiteral("epochs")));
        QTest::keyClick(epochs, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(epochs, QStringLiteral("20"));
        QTest::keyClick(epochs, Qt::Key_Return);
        QVERIFY(s.train());

        const layerlab::ui::RunHistory* run = s.w->trainingController()->lastRun();
        QVERIFY(run && run->test);
        QCOMPARE(QString::asprintf("%.4f", run->test->loss), h.loss);
        QCOMPARE(QString::asprintf("%.4f", run->test->metric), h.metric);
        QCOMPARE(run->test->samples, 30);
        const QString accuracy = QStringLiteral("test accuracy %1%").arg(100.0 * h.metric.toDouble(), 0, 'f', 1);
        const QString status = s.w->trainingPanel()->statusText();
        QVERIFY2(status.contains(QStringLiteral("Test loss %1 · %2 (30 samples)").arg(h.loss, accuracy)), qPrintable(status));
        for (int p = 0; p < TrainingPlots::kPlotCount; ++p) {
            const QStringList legend = legendTexts(s.w->trainingPanel()->plots().plot(static_cast<TrainingPlots::Plot>(p)));
            QVERIFY2(legend.contains(QStringLiteral("run 1: adam lr 0.01, batch 16, seed 0 · ") + accuracy),
                     qPrintable(legend.join('|')));
        }
        QVERIFY(s.w->trainingPanel()->plots().series(TrainingPlots::Metric, QStringLiteral("test accuracy")));

        // Insight: the three splits; their headers and matrix totals follow.
        layerlab::ui::InsightView* insight = s.w->trainingPanel()->insightView();
        QCOMPARE(insight->splits(), (QStringList{"training", "validation", "test"}));
        QVERIFY(insight->headerText().startsWith(QStringLiteral("Epoch 20 · validation set, 24 samples")));
        QCOMPARE(matrixTotal(insight->confusionMatrix()), 24L);
        s.pickSplit(QStringLiteral("test"));
        QVERIFY2(insight->headerText().startsWith(QStringLiteral("Epoch 20 · test set, 30 samples · accuracy %1%")
                                                      .arg(100.0 * h.metric.toDouble(), 0, 'f', 1)),
                 qPrintable(insight->headerText()));
        QCOMPARE(matrixTotal(insight->confusionMatrix()), 30L);
        QCOMPARE(insight->metricsTable()->item(insight->confusionMatrix()->classes(), 3)->text(), QStringLiteral("30"));
        s.pickSplit(QStringLiteral("training"));
        QVERIFY(insight->headerText().startsWith(QStringLiteral("Epoch 20 · training set, 96 samples")));
        QCOMPARE(matrixTotal(insight->confusionMatrix()), 96L);
    }

    // The CNN lesson's complaint: 10,000 t10k images loaded, and Insight spoke of the
    // training set only. A small MLP on 2,000 training images, one epoch, is enough.
    void mnistT10kIsEvaluatedInTheWindow() {
        if (!QFile::exists(QStringLiteral("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz")))
            QSKIP("Fashion-MNIST is not installed (package dataset-fashion-mnist)");
        QTemporaryDir dir;
        QFile in(example("mnist_mlp_small.layerlab"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QJsonObject p = QJsonDocument::fromJson(in.readAll()).object();
        QJsonObject data = p.value(QStringLiteral("data")).toObject();
        data.insert(QStringLiteral("limit"), 2000);
        p.insert(QStringLiteral("data"), data);
        QJsonObject training = p.value(QStringLiteral("training")).toObject();
        training.insert(QStringLiteral("epochs"), 1);
        p.insert(QStringLiteral("training"), training);
        const QString project = dir.filePath(QStringLiteral("mnist_small_2000.layerlab"));
        QFile out(project);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(p).toJson());
        out.close();

        const Headless h = headlessTest({QStringLiteral("train"), project});
        QCOMPARE(h.samples, 10000);
        Window s(autosave_.path(), project);
        QTRY_VERIFY_WITH_TIMEOUT(s.dataLoaded(), 30000);
        QVERIFY(s.train());
        const layerlab::ui::RunHistory* run = s.w->trainingController()->lastRun();
        QVERIFY(run && run->test);
        QCOMPARE(QString::asprintf("%.4f", run->test->loss), h.loss);
        QCOMPARE(QString::asprintf("%.4f", run->test->metric), h.metric);
        QVERIFY(s.w->trainingPanel()->statusText().contains(QStringLiteral("(10000 samples)")));
        layerlab::ui::InsightView* insight = s.w->trainingPanel()->insightView();
        QCOMPARE(insight->splits(), (QStringList{"training", "test"}));
        QVERIFY2(insight->headerText().startsWith(QStringLiteral("Epoch 1 · training set, 2000 samples")),
                 qPrintable(insight->headerText()));
        s.pickSplit(QStringLiteral("test"));
        // Insight's cost stays bounded: it looks at the first 5000 test images and says so.
        QVERIFY2(insight->headerText().startsWith(QStringLiteral("Epoch 1 · test set, first 5000 of 10000 samples")),
                 qPrintable(insight->headerText()));
        QCOMPARE(matrixTotal(insight->confusionMatrix()), 5000L);
        QVERIFY(insight->pageVisible(layerlab::ui::InsightView::MisclassifiedPage));
    }
};

QTEST_MAIN(WindowTestSetTest)
#include "test_window_test_set.moc"
