// File > Export Model and File > Import Model driven as a user drives them:
// the shortcut opens the real file dialog, a path is typed into it, the export
// runs off the GUI thread and reports in the status bar; the exported ONNX
// comes back in through Import Model as an untitled, modified project with the
// same layers and weights; a wrong suffix and a broken file are named.
#include "ui/MainWindow.h"
#include "answer_file_dialog.h"
#include "test_user_settings.h"

#include "core/interop/onnx_import.h"
#include "core/net/network.h"
#include "ui/editor/GraphDocument.h"
#include "ui/port/ModelExportJob.h"

#include <QAction>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using layerlab::ui::MainWindow;
using layerlab_test::answerFileDialog;

namespace {

QString example(const char* name) {
    return QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/") + QLatin1String(name);
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class ModelPortTest : public QObject {
    Q_OBJECT

    QTemporaryDir config_;
    QTemporaryDir autosaveDir_;

    std::unique_ptr<MainWindow> openWindow(const char* file) {
        QSettings().clear();
        auto w = std::make_unique<MainWindow>(nullptr, autosaveDir_.path());
        w->setErrorDialogsEnabled(false);
        w->resize(1280, 800);
        w->show();
        if (!QTest::qWaitForWindowExposed(w.get())) return nullptr;
        if (file && !w->openFile(example(file))) return nullptr;
        return w;
    }

    // Presses the action's shortcut, answers its file dialog with path.
    static bool viaShortcut(MainWindow& w, const char* action, const QString& path) {
        QAction* a = w.action(QLatin1String(action));
        if (!a || a->shortcut().isEmpty()) return false;
        w.activateWindow();
        if (!QTest::qWaitForWindowActive(&w)) return false;
        answerFileDialog(path);
        QTest::keySequence(&w, a->shortcut());
        return true;
    }

private slots:
    void initTestCase() { layerlab_test::isolateUserSettings(config_.path(), QStringLiteral("LayerLabModelPort")); }

    void exportPythonAndOnnxThroughTheMenu() {
        QTemporaryDir dir;
        auto w = openWindow("spiral.layerlab");
        QVERIFY(w);
        QSignalSpy done(w.get(), &MainWindow::modelExported);
        const QString script = dir.filePath(QStringLiteral("spiral_model.py"));
        QVERIFY(viaShortcut(*w, "actionExportModel", script));
        QVERIFY(done.wait(30000));
        QVERIFY2(readAll(script).contains("class Net(nn.Module)"), qPrintable(w->lastError()));
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("spiral_model.weights"))));
        const QString message = done.takeFirst().at(0).toString();
        QVERIFY2(message.contains(QLatin1String("spiral_model.py")) && message.contains(QLatin1String("untrained")),
                 qPrintable(message));
        QCOMPARE(w->statusBar()->currentMessage(), message);

        // ONNX: the suffix typed chooses the format.
        const QString onnx = dir.filePath(QStringLiteral("spiral.onnx"));
        QVERIFY(viaShortcut(*w, "actionExportModel", onnx));
        QVERIFY(done.wait(30000));
        QVERIFY(readAll(onnx).size() > 4 * 4547);  // the weights are in it
        QVERIFY(!w->document()->isModified());     // exporting changes nothing
    }

    void wrongSuffixIsNamed() {
        QTemporaryDir dir;
        auto w = openWindow("xor.layerlab");
        QVERIFY(w);
        const QString path = dir.filePath(QStringLiteral("model.txt"));
        QVERIFY(!w->exportModel(path));
        QVERIFY2(w->lastError().contains(QLatin1String(".onnx")), qPrintable(w->lastError()));
        QVERIFY(!QFileInfo::exists(path));
    }

    void importTheExportedOnnx() {
        QTemporaryDir dir;
        auto w = openWindow("spiral.layerlab");
        QVERIFY(w);
        const auto original = w->document()->project();
        QSignalSpy done(w.get(), &MainWindow::modelExported);
        const QString onnx = dir.filePath(QStringLiteral("spiral.onnx"));
        QVERIFY(w->exportModel(onnx));
        QVERIFY(done.wait(30000));
        // Import Model: the real dialog, through its shortcut.
        QVERIFY(viaShortcut(*w, "actionImportModel", onnx));
        QVERIFY(QTest::qWaitFor([&] { return w->document()->filePath().isEmpty(); }, 10000));
        const auto& imported = w->document()->project();
        QCOMPARE(imported.graph.nodes().size(), original.graph.nodes().size());
        QVERIFY(imported.weights.has_value());
        QVERIFY(w->document()->isModified());  // untitled: closing asks to save it
        QVERIFY2(w->statusBar()->currentMessage().contains(QLatin1String("Imported")),
                 qPrintable(w->statusBar()->currentMessage()));
        // The imported network has the exported weights (Dense weights in the same order).
        auto again = layerlab::core::importOnnx(QFile::encodeName(onnx).toStdString());
        QVERIFY(again.ok());
        QCOMPARE(again->weights->params, imported.weights->params);
    }

    void brokenModelIsNamedAndTheProjectKept() {
        QTemporaryDir dir;
        auto w = openWindow("xor.layerlab");
        QVERIFY(w);
        const QString bad = dir.filePath(QStringLiteral("broken.onnx"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a protobuf message at all \x01\x02\x03");
        f.close();
        QVERIFY(!w->importModel(bad));
        QVERIFY2(w->lastError().contains(QLatin1String("broken.onnx")), qPrintable(w->lastError()));
        QVERIFY(w->document()->filePath().endsWith(QLatin1String("xor.layerlab")));  // untouched
    }
};

QTEST_MAIN(ModelPortTest)
#include "test_model_port.moc"
