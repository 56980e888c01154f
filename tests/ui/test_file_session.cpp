// A session of file dialogs in one window, driven as a user drives it (issue
// 13, point 11: the window once vanished during File > Open just after Export
// Markdown, Export CSV and Save As). Every dialog is the real one: the
// step-through's export dialogs and the window's Save As and Open dialogs,
// answered by typing a path into the file name field and pressing Enter.
// Built with -DLAYERLAB_SANITIZE=ON a use-after-free or a leak of a dialog
// into the next document fails this test with an AddressSanitizer report.
#include "ui/MainWindow.h"
#include "answer_file_dialog.h"
#include "test_user_settings.h"

#include "ui/editor/GraphDocument.h"
#include "ui/editor/GraphScene.h"
#include "ui/teach/BackpropView.h"
#include "ui/training/TrainingController.h"

#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using layerlab::ui::BackpropView;
using layerlab::ui::MainWindow;

namespace {

QString example(const char* name) {
    return QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/") + QLatin1String(name);
}

using layerlab_test::answerFileDialog;

bool sendShortcut(MainWindow& w, const QKeySequence& key) {
    w.activateWindow();
    if (!QTest::qWaitForWindowActive(&w)) return false;
    QTest::keySequence(&w, key);
    return true;
}

// Inputs of the step-through's trace (0 when there is none).
int traceInputs(const MainWindow& w) {
    const auto trace = w.teachView()->trace();
    return trace ? static_cast<int>(trace->stages.front().a.size()) : 0;
}

QString readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

}  // namespace

class FileSessionTest : public QObject {
    Q_OBJECT

    QTemporaryDir config_;
    QTemporaryDir autosaveDir_;

    // A shown window with `file` open and the step-through on top.
    std::unique_ptr<MainWindow> openWindow(const char* file) {
        QSettings().clear();
        auto w = std::make_unique<MainWindow>(nullptr, autosaveDir_.path());
        w->resize(1280, 800);
        w->show();
        if (!QTest::qWaitForWindowExposed(w.get())) return nullptr;
        if (!w->openFile(example(file))) return nullptr;
        auto* dock = w->findChild<QDockWidget*>(QStringLiteral("teachDock"));
        dock->show();
        dock->raise();
        return w;
    }

    // Clicks the step-through's export button and answers its dialog with `path`.
    static bool exportVia(MainWindow& w, const char* button, const QString& path) {
        auto* b = w.teachView()->findChild<QPushButton*>(QLatin1String(button));
        if (!b || !b->isEnabled()) return false;
        QPointer<QFileDialog> dialog;
        answerFileDialog(path, &dialog);
        QTest::mouseClick(b, Qt::LeftButton);
        if (!QTest::qWaitFor([&] { return QFileInfo::exists(path); }, 10000)) return false;
        // The dialog closes and deletes itself (WA_DeleteOnClose).
        return QTest::qWaitFor([&] { return dialog.isNull(); }, 5000);
    }

private slots:
    void initTestCase() { layerlab_test::isolateUserSettings(config_.path(), QStringLiteral("LayerLabFileSession")); }

    // The steps of the crash report: Export Markdown, Export CSV, Save As, then File > Open.
    void openAfterExportsAndSaveAs() {
        QTemporaryDir dir;
        auto w = openWindow("xor.layerlab");
        QVERIFY(w);
        QTRY_VERIFY(w->teachView()->trace() != nullptr);
        const QString md = dir.filePath(QStringLiteral("sheet.md")), csv = dir.filePath(QStringLiteral("trace.csv"));
        QVERIFY(exportVia(*w, "exportMarkdownButton", md));
        QVERIFY(readAll(md).contains(QStringLiteral("Backpropagation worksheet")));
        QVERIFY(exportVia(*w, "exportCsvButton", csv));
        QVERIFY(readAll(csv).startsWith(QStringLiteral("stage,layer,neuron,kind,input,value\n")));
        auto* status = w->teachView()->findChild<QLabel*>(QStringLiteral("statusLabel"));
        QVERIFY(status->text().contains(QStringLiteral("trace.csv")));

        const QString copy = dir.filePath(QStringLiteral("my-xor.layerlab"));
        answerFileDialog(copy);
        QVERIFY(sendShortcut(*w, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)));  // File > Save As
        QTRY_COMPARE(w->currentFile(), QFileInfo(copy).absoluteFilePath());
        QVERIFY(!w->isWindowModified());

        answerFileDialog(example("spiral.layerlab"));
        QVERIFY(sendShortcut(*w, QKeySequence::Open));  // File > Open
        QTRY_COMPARE(QFileInfo(w->currentFile()).fileName(), QStringLiteral("spiral.layerlab"));
        QVERIFY(w->lastError().isEmpty());
        // The window lives on and every view follows the new project.
        QTRY_COMPARE(traceInputs(*w), 2);
        QVERIFY(w->scene()->nodeItemCount() > 2);
        for (int i = 0; i < 20; ++i) QTest::qWait(20);  // queued deletes, timers, repaints
        QVERIFY(w->isVisible());
        // ...and the step-through still exports, for the new project.
        const QString md2 = dir.filePath(QStringLiteral("spiral.md"));
        QVERIFY(exportVia(*w, "exportMarkdownButton", md2));
        QVERIFY(readAll(md2).contains(QStringLiteral("Spirals")));
    }

    // An export answered onto an existing file asks before overwriting it;
    // then the project is replaced while the step-through's gradient check
    // runs on its worker thread.
    void openWhileTheGradientCheckRuns() {
        QTemporaryDir dir;
        auto w = openWindow("mnist_mlp_small.layerlab");
        QVERIFY(w);
        QTRY_VERIFY(w->teachView()->trace() != nullptr);
        const QString md = dir.filePath(QStringLiteral("sheet.md"));
        QVERIFY(exportVia(*w, "exportMarkdownButton", md));
        QFile::resize(md, 0);
        // Again onto the same file: the dialog asks "already exists, replace?" (Yes).
        auto* yes = new QTimer;
        QObject::connect(yes, &QTimer::timeout, [yes] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                yes->deleteLater();
                box->button(QMessageBox::Yes)->click();
            }
        });
        yes->start(10);
        QPointer<QFileDialog> dialog;
        answerFileDialog(md, &dialog);
        QTest::mouseClick(w->teachView()->findChild<QPushButton*>(QStringLiteral("exportMarkdownButton")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(md).size() > 0, 10000);
        QTRY_VERIFY(dialog.isNull());

        auto* check = w->teachView()->findChild<QPushButton*>(QStringLiteral("gradientCheckButton"));
        QVERIFY(check->isEnabled());
        QTest::mouseClick(check, Qt::LeftButton);
        answerFileDialog(example("xor.layerlab"));
        QVERIFY(sendShortcut(*w, QKeySequence::Open));
        QTRY_COMPARE(QFileInfo(w->currentFile()).fileName(), QStringLiteral("xor.layerlab"));
        QTRY_COMPARE(traceInputs(*w), 2);
        // The old project's check, cancelled as a user does, ends without harm.
        if (check->text() != QStringLiteral("Gradient check")) QTest::mouseClick(check, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(check->text(), QStringLiteral("Gradient check"), 60000);
        QVERIFY(w->isVisible());
    }
};

QTEST_MAIN(FileSessionTest)
#include "test_file_session.moc"
