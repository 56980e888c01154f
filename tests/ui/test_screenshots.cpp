// Screenshots of the editor with each bundled example, written to
// <build>/screenshots/editor_<example>.png for people to look at (the README
// uses one), and the README's presentation-mode picture (presentation.png:
// the spiral example trained, its decision boundary in presentation mode at
// 1280x800; also at 1600x1000 and the step-through, for looking at). Checks
// that each is a real picture: the window's size and more than a handful of
// colours (not a blank or single-colour frame). For the README, run it in a
// real X window: xvfb-run -a -s "-screen 0 1600x1000x24" env
// QT_QPA_PLATFORM=xcb build/tests/ui/ui_screenshots readmePictures
#include "ui/MainWindow.h"
#include "test_user_settings.h"

#include "ui/PresentationMode.h"
#include "ui/data/DataManager.h"
#include "ui/data/SeriesImportDialog.h"
#include "ui/teach/BackpropView.h"
#include "ui/training/InsightView.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"
#include "ui/training/TrainingSettingsForm.h"

#include "ui/editor/GraphDocument.h"
#include "ui/editor/GraphScene.h"
#include "ui/editor/GraphView.h"
#include "ui/editor/NodeItem.h"

#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QImage>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using layerlab::ui::MainWindow;

namespace {

// A real picture of the window's size, saved under <cwd>/screenshots.
bool save(QWidget& w, const QString& name) {
    QTest::qWait(80);  // queued replots land first
    const QImage shot = w.grab().toImage();
    if (shot.size() != w.size()) return false;
    QSet<QRgb> colours;
    for (int y = 0; y < shot.height(); y += 7)
        for (int x = 0; x < shot.width(); x += 7) colours.insert(shot.pixel(x, y));
    const QString dir = QDir::currentPath() + QStringLiteral("/screenshots");
    if (colours.size() <= 20 || !QDir().mkpath(dir) || !shot.save(dir + QLatin1Char('/') + name)) return false;
    qInfo("wrote %s", qPrintable(dir + QLatin1Char('/') + name));
    return true;
}

}  // namespace

class ScreenshotTest : public QObject {
    Q_OBJECT

    QTemporaryDir config_;

private slots:
    void initTestCase() {
        layerlab_test::isolateUserSettings(config_.path(), QStringLiteral("LayerLabScreenshots"));
    }

    void eachExample_data() {
        QTest::addColumn<QString>("path");
        const QStringList examples = MainWindow::exampleFiles();
        QVERIFY(examples.size() >= 5);
        for (const QString& p : examples) QTest::newRow(qPrintable(QFileInfo(p).completeBaseName())) << p;
    }

    void eachExample() {
        QFETCH(QString, path);
        MainWindow w(nullptr, config_.path());
        w.setErrorDialogsEnabled(false);
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY2(w.openFile(path), qPrintable(w.lastError()));
        // Select the first layer after the input, so the inspector shows a form.
        const auto& nodes = w.document()->graph().nodes();
        QVERIFY(nodes.size() >= 2);
        w.scene()->nodeItem(nodes[1].id)->setSelected(true);
        // The Data tab with the example's data loaded (where its files exist).
        if (auto* dock = w.findChild<QDockWidget*>(QStringLiteral("dataDock"))) dock->raise();
        QVERIFY(QTest::qWaitFor([&] { return !w.dataManager()->isLoading(); }, 10000));
        QTest::qWait(50);
        w.view()->fitToView();
        const QImage shot = w.grab().toImage();
        QCOMPARE(shot.size(), w.size());
        QSet<QRgb> colours;
        for (int y = 0; y < shot.height(); y += 7)
            for (int x = 0; x < shot.width(); x += 7) colours.insert(shot.pixel(x, y));
        QVERIFY2(colours.size() > 20, "the screenshot has content");
        const QString dir = QDir::currentPath() + QStringLiteral("/screenshots");
        QVERIFY(QDir().mkpath(dir));
        const QString out = dir + QStringLiteral("/editor_%1.png").arg(QFileInfo(path).completeBaseName());
        QVERIFY(shot.save(out));
        qInfo("wrote %s", qPrintable(out));
    }

    // The README's presentation-mode picture: spiral trained, View > Presentation Mode, Training > Insight > Decision boundary.
    void readmePictures() {
        for (const QSize size : {QSize(1280, 800), QSize(1600, 1000)}) {
            QSettings().clear();  // the default layout
            MainWindow w(nullptr, config_.path());
            w.setErrorDialogsEnabled(false);
            w.resize(size);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QVERIFY2(w.openFile(QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/spiral.layerlab")), qPrintable(w.lastError()));
            QVERIFY(QTest::qWaitFor([&] { return w.dataManager()->data() != nullptr; }, 10000));
            auto* epochs = qobject_cast<QSpinBox*>(w.trainingPanel()->settingsForm()->field(QStringLiteral("epochs")));
            QVERIFY(epochs);
            epochs->setValue(200);
            QTest::mouseClick(w.trainingPanel()->findChild<QPushButton*>(QStringLiteral("trainButton")), Qt::LeftButton);
            layerlab::ui::TrainingController* c = w.trainingController();
            QVERIFY(QTest::qWaitFor([&] { return c->lastRun() && !c->isRunning(); }, 60000));
            QVERIFY(QTest::qWaitFor([&] { return w.trainingPanel()->insightView()->insight().epoch == 200; }, 5000));

            w.action(QStringLiteral("actionPresentationMode"))->trigger();
            w.action(QStringLiteral("actionShowTraining"))->trigger();
            w.trainingPanel()->findChild<QTabWidget*>(QStringLiteral("plotTabs"))->setCurrentIndex(3);  // Insight
            w.trainingPanel()->insightView()->setCurrentPage(layerlab::ui::InsightView::BoundaryPage);
            const bool readme = size == QSize(1280, 800);
            QVERIFY(save(w, readme ? QStringLiteral("presentation.png") : QStringLiteral("presentation_1600.png")));

            w.action(QStringLiteral("actionShowStepThrough"))->trigger();
            for (int i = 0; i < 3; ++i) w.teachView()->stepForward();
            QVERIFY(save(w, QStringLiteral("presentation_step_through_%1.png").arg(size.width())));
            w.action(QStringLiteral("actionShowCanvas"))->trigger();
            QVERIFY(save(w, QStringLiteral("presentation_canvas_%1.png").arg(size.width())));
            w.action(QStringLiteral("actionPresentationMode"))->trigger();
            // The same views outside presentation mode.
            w.action(QStringLiteral("actionShowStepThrough"))->trigger();
            QVERIFY(save(w, QStringLiteral("window_step_through_%1.png").arg(size.width())));
            w.action(QStringLiteral("actionShowTraining"))->trigger();
            QVERIFY(save(w, QStringLiteral("window_boundary_%1.png").arg(size.width())));
        }
    }

    // The README's time-series pictures: the sunspot lesson trained, Insight >
    // Forecast at 1280x800 in the window and in presentation mode, and the
    // Import Time Series dialog on the sunspot file.
    void timeSeriesViews() {
        QSettings().clear();
        MainWindow w(nullptr, config_.path());
        w.setErrorDialogsEnabled(false);
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY2(w.openFile(QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/sunspots_lstm.layerlab")),
                 qPrintable(w.lastError()));
        QVERIFY(QTest::qWaitFor([&] { return w.dataManager()->data() != nullptr; }, 10000));
        QTest::mouseClick(w.trainingPanel()->findChild<QPushButton*>(QStringLiteral("trainButton")), Qt::LeftButton);
        layerlab::ui::TrainingController* c = w.trainingController();
        QVERIFY(QTest::qWaitFor([&] { return c->lastRun() && !c->isRunning(); }, 60000));
        QVERIFY(QTest::qWaitFor([&] { return w.trainingPanel()->insightView()->insight().epoch == 100; }, 10000));
        w.action(QStringLiteral("actionShowTraining"))->trigger();
        w.trainingPanel()->findChild<QTabWidget*>(QStringLiteral("plotTabs"))->setCurrentIndex(3);  // Insight
        w.trainingPanel()->insightView()->setCurrentPage(layerlab::ui::InsightView::ForecastPage);
        // The dock raised as a teacher would, so the plot and its table show.
        w.resizeDocks({w.findChild<QDockWidget*>(QStringLiteral("trainingDock"))}, {560}, Qt::Vertical);
        QVERIFY(save(w, QStringLiteral("window_forecast_1280.png")));
        w.action(QStringLiteral("actionPresentationMode"))->trigger();
        w.action(QStringLiteral("actionShowTraining"))->trigger();
        QVERIFY(save(w, QStringLiteral("presentation_forecast_1280.png")));
        w.action(QStringLiteral("actionShowStepThrough"))->trigger();
        for (int i = 0; i < 3; ++i) w.teachView()->stepForward();
        QVERIFY(save(w, QStringLiteral("presentation_step_through_lstm_1280.png")));
        w.action(QStringLiteral("actionPresentationMode"))->trigger();
        QVERIFY(save(w, QStringLiteral("window_step_through_lstm_1280.png")));

        layerlab::ui::SeriesImportDialog dialog(w.document(), &w);
        dialog.resize(900, 680);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(save(dialog, QStringLiteral("import_series.png")));
    }

    // For looking at (not in the README): ten classes' confusion matrix, the
    // concept map and the CNN laid out left to right, in and out of presentation mode.
    void classroomViews() {
        if (!QFileInfo::exists(QStringLiteral("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")))
            QSKIP("needs the Debian package dataset-fashion-mnist");
        for (const QSize size : {QSize(1280, 800), QSize(1600, 1000)}) {
            QSettings().clear();
            MainWindow w(nullptr, config_.path());
            w.setErrorDialogsEnabled(false);
            w.resize(size);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QVERIFY(w.openFile(QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/mnist_mlp_small.layerlab")));
            QVERIFY(QTest::qWaitFor([&] { return w.dataManager()->data() != nullptr; }, 30000));
            qobject_cast<QSpinBox*>(w.trainingPanel()->settingsForm()->field(QStringLiteral("epochs")))->setValue(1);
            QTest::mouseClick(w.trainingPanel()->findChild<QPushButton*>(QStringLiteral("trainButton")), Qt::LeftButton);
            layerlab::ui::TrainingController* c = w.trainingController();
            QVERIFY(QTest::qWaitFor([&] { return c->lastRun() && !c->isRunning(); }, 60000));
            QVERIFY(QTest::qWaitFor([&] { return w.trainingPanel()->insightView()->insight().epoch == 1; }, 10000));
            w.trainingPanel()->findChild<QTabWidget*>(QStringLiteral("plotTabs"))->setCurrentIndex(3);
            w.trainingPanel()->insightView()->setCurrentPage(layerlab::ui::InsightView::ConfusionPage);
            const QString wide = QString::number(size.width());
            QVERIFY(save(w, QStringLiteral("window_confusion_%1.png").arg(wide)));
            w.action(QStringLiteral("actionPresentationMode"))->trigger();
            w.action(QStringLiteral("actionShowTraining"))->trigger();
            QVERIFY(save(w, QStringLiteral("presentation_confusion_%1.png").arg(wide)));
            w.action(QStringLiteral("actionShowConceptMap"))->trigger();
            QVERIFY(save(w, QStringLiteral("presentation_concepts_%1.png").arg(wide)));
            w.action(QStringLiteral("actionPresentationMode"))->trigger();

            QVERIFY(w.openFile(QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/mnist_cnn.layerlab")));
            QTest::qWait(100);
            QVERIFY(save(w, QStringLiteral("window_cnn_%1.png").arg(wide)));
            w.action(QStringLiteral("actionLayoutLeftToRight"))->trigger();
            QVERIFY(save(w, QStringLiteral("window_cnn_left_to_right_%1.png").arg(wide)));
            w.action(QStringLiteral("actionPresentationMode"))->trigger();
            w.action(QStringLiteral("actionShowCanvas"))->trigger();
            w.view()->fitToView();
            QVERIFY(save(w, QStringLiteral("presentation_cnn_%1.png").arg(wide)));
            w.action(QStringLiteral("actionPresentationMode"))->trigger();
        }
    }
};

QTEST_MAIN(ScreenshotTest)
#include "test_screenshots.moc"
