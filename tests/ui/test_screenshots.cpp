// Screenshots of the editor with each bundled example, written to
// <build>/screenshots/editor_<example>.png for people to look at (the README
// uses one). Checks that each is a real picture: the window's size and more
// than a handful of colours (not a blank or single-colour frame).
#include "ui/MainWindow.h"
#include "test_user_settings.h"

#include "ui/data/DataManager.h"

#include "ui/editor/GraphDocument.h"
#include "ui/editor/GraphScene.h"
#include "ui/editor/GraphView.h"
#include "ui/editor/NodeItem.h"

#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QImage>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using layerlab::ui::MainWindow;

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
};

QTEST_MAIN(ScreenshotTest)
#include "test_screenshots.moc"
