// MainWindow driven as a user drives it: menus and shortcuts, the title's
// unsaved marker, open/save/recent/examples, the unsaved-changes question,
// crash recovery, clipboard and diagram export.
#include "ui/MainWindow.h"
#include "test_user_settings.h"

#include "ui/Autosave.h"
#include "ui/editor/GraphDocument.h"
#include "ui/editor/GraphScene.h"
#include "ui/editor/GraphView.h"
#include "ui/editor/LayerPalette.h"
#include "ui/editor/NodeItem.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QTreeWidget>
#include <QLabel>
#include <QDockWidget>
#include <QFile>
#include <QLineEdit>
#include <QFileDialog>
#include <QImage>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>
#include <QScopeGuard>
#include <QSettings>

#include <functional>
#include <memory>

using layerlab::ui::Autosave;
using layerlab::ui::MainWindow;
using layerlab::ui::NodeItem;

namespace {

QString example(const char* name) {
    return QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/") + QLatin1String(name);
}

// When the next modal message box named `objectName` shows, clicks `button`
// (a standard button) or the button whose text is `text`. Gives up after 5 s.
void answerBox(const QString& objectName, QMessageBox::StandardButton button, const QString& text = QString()) {
    auto* timer = new QTimer;
    auto tries = std::make_shared<int>(0);
    QObject::connect(timer, &QTimer::timeout, [=] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (box && box->objectName() == objectName) {
            QAbstractButton* b = nullptr;
            if (text.isEmpty()) b = box->button(button);
            else
                for (QAbstractButton* candidate : box->buttons())
                    if (candidate->text() == text) b = candidate;
            if (b) b->click();
            timer->deleteLater();
        } else if (++*tries > 500) {
            timer->deleteLater();
        }
    });
    timer->start(10);
}

bool sendShortcut(MainWindow& w, const QKeySequence& key) {
    w.view()->setFocus();
    QTest::keySequence(w.view()->viewport(), key);
    return true;
}

// When the next modal file dialog shows, types `path` into its file name
// field and presses Enter, as a user does. Gives up after 5 s.
void answerFileDialog(const QString& path) {
    auto* timer = new QTimer;
    auto tries = std::make_shared<int>(0);
    QObject::connect(timer, &QTimer::timeout, [=] {
        auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
        if (dialog) {
            timer->deleteLater();
            auto* edit = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
            if (!edit) {
                dialog->reject();
                return;
            }
            edit->setText(path);
            QTest::keyClick(edit, Qt::Key_Return);
        } else if (++*tries > 500) {
            timer->deleteLater();
        }
    });
    timer->start(10);
}

// As answerFileDialog, and first notes the folder and file name the dialog proposes.
void answerFileDialogNoting(const QString& path, QString* proposedDir, QString* proposedName) {
    auto* timer = new QTimer;
    auto tries = std::make_shared<int>(0);
    QObject::connect(timer, &QTimer::timeout, [=] {
        auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
        if (dialog) {
            timer->deleteLater();
            auto* edit = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
            *proposedDir = dialog->directory().absolutePath();
            *proposedName = edit ? edit->text() : QString();
            if (!edit) {
                dialog->reject();
                return;
            }
            edit->setText(path);
            QTest::keyClick(edit, Qt::Key_Return);
        } else if (++*tries > 500) {
            timer->deleteLater();
        }
    });
    timer->start(10);
}

}  // namespace

class MainWindowTest : public QObject {
    Q_OBJECT

    QTemporaryDir config_;
    QTemporaryDir autosaveDir_;

private slots:
    void initTestCase() {
        layerlab_test::isolateUserSettings(config_.path(), QStringLiteral("LayerLabTest"));
    }

    void startsUntitledAndClean() {
        MainWindow w(nullptr, autosaveDir_.path());
        QVERIFY(w.currentFile().isEmpty());
        QVERIFY(w.windowTitle().startsWith(QStringLiteral("Untitled[*]")));
        QVERIFY(!w.isWindowModified());
        QCOMPARE(w.scene()->nodeItemCount(), 0);
        // Every editing action is reachable from the menus with a shortcut.
        for (const char* name : {"actionNew", "actionOpen", "actionSave", "actionSaveAs", "actionUndo", "actionRedo", "actionCut",
                                 "actionCopy", "actionPaste", "actionDuplicate", "actionDelete", "actionSelectAll",
                                 "actionZoomIn", "actionZoomOut", "actionFit", "actionAutoLayout"}) {
            QAction* a = w.action(QString::fromLatin1(name));
            QVERIFY2(a, name);
            QVERIFY2(!a->shortcut().isEmpty(), name);
        }
    }

    void editMarksTitleAndUndoTextNamesTheEdit() {
        MainWindow w(nullptr, autosaveDir_.path());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.scene()->addNodeAt(QStringLiteral("Dense"), QPointF(100, 100)).isEmpty());
        QVERIFY(w.isWindowModified());
        QCOMPARE(w.action(QStringLiteral("actionUndo"))->text(), QStringLiteral("&Undo Add Dense"));
        sendShortcut(w, QKeySequence::Undo);
        QCOMPARE(w.scene()->nodeItemCount(), 0);
        QVERIFY(!w.isWindowModified());
        QCOMPARE(w.action(QStringLiteral("actionRedo"))->text(), QStringLiteral("&Redo Add Dense"));
        sendShortcut(w, QKeySequence(Qt::CTRL | Qt::Key_Y));
        QCOMPARE(w.scene()->nodeItemCount(), 1);
    }

    void openExampleFromMenuAndSaveRoundTrip() {
        MainWindow w(nullptr, autosaveDir_.path());
        w.setErrorDialogsEnabled(false);
        auto* examples = w.menuBar()->findChild<QMenu*>(QStringLiteral("menuExamples"));
        QVERIFY(examples);
        QAction* spiral = nullptr;
        for (QAction* a : examples->actions())
            if (a->text() == QStringLiteral("spiral")) spiral = a;
        QVERIFY2(spiral, "File > Examples lists the bundled spiral example");
        QCOMPARE(examples->actions().size(), MainWindow::exampleFiles().size());
        spiral->trigger();
        QCOMPARE(QFileInfo(w.currentFile()).fileName(), QStringLiteral("spiral.layerlab"));
        QVERIFY(w.scene()->nodeItemCount() > 2);
        QVERIFY(w.windowTitle().startsWith(QStringLiteral("spiral.layerlab[*]")));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("copy.layerlab"));
        const QString before = w.document()->serialize();
        QVERIFY(w.saveTo(path));
        QVERIFY(w.lastError().isEmpty());
        QCOMPARE(w.recentFiles().value(0), QFileInfo(path).absoluteFilePath());
        MainWindow other(nullptr, autosaveDir_.path());
        QVERIFY(other.openFile(path));
        QCOMPARE(other.document()->serialize(), before);
    }

    void brokenFileLeavesTheDocumentAlone() {
        MainWindow w(nullptr, autosaveDir_.path());
        w.setErrorDialogsEnabled(false);
        QVERIFY(w.openFile(example("xor.layerlab")));
        const QString before = w.document()->serialize();
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("bad.layerlab"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\": \"layerlab\",\n  \"version\": 1,\n  \"graph\": [1, 2,, ]}");
        f.close();
        QSignalSpy errors(&w, &MainWindow::errorOccurred);
        QVERIFY(!w.openFile(bad));
        QCOMPARE(errors.count(), 1);
        QVERIFY2(w.lastError().contains(QStringLiteral("bad.layerlab")), qPrintable(w.lastError()));
        QVERIFY2(w.lastError().contains(QStringLiteral(":3:")), qPrintable(w.lastError()));
        QCOMPARE(w.document()->serialize(), before);
        QCOMPARE(QFileInfo(w.currentFile()).fileName(), QStringLiteral("xor.layerlab"));

        // A file from a newer LayerLab says so.
        QFile newer(dir.filePath(QStringLiteral("newer.layerlab")));
        QVERIFY(newer.open(QIODevice::WriteOnly));
        newer.write(R"({"format": "layerlab", "version": 99, "graph": {"nodes": [], "edges": []}})");
        newer.close();
        QVERIFY(!w.openFile(newer.fileName()));
        QVERIFY2(w.lastError().contains(QStringLiteral("version")), qPrintable(w.lastError()));
        QCOMPARE(w.document()->serialize(), before);
    }

    void closingWithUnsavedChangesAsks() {
        auto w = std::make_unique<MainWindow>(nullptr, autosaveDir_.path());
        w->show();
        QVERIFY(w->scene()->addNodeAt(QStringLiteral("Input"), QPointF(0, 0)).isEmpty());
        answerBox(QStringLiteral("unsavedChangesBox"), QMessageBox::Cancel);
        QVERIFY(!w->close());  // Cancel keeps the window and the edit
        QCOMPARE(w->scene()->nodeItemCount(), 1);
        answerBox(QStringLiteral("unsavedChangesBox"), QMessageBox::Discard);
        QVERIFY(w->close());
        // New with unsaved changes asks too; Cancel keeps the document.
        MainWindow w2(nullptr, autosaveDir_.path());
        QVERIFY(w2.scene()->addNodeAt(QStringLiteral("Input"), QPointF(0, 0)).isEmpty());
        answerBox(QStringLiteral("unsavedChangesBox"), QMessageBox::Cancel);
        w2.action(QStringLiteral("actionNew"))->trigger();
        QCOMPARE(w2.scene()->nodeItemCount(), 1);
        answerBox(QStringLiteral("unsavedChangesBox"), QMessageBox::Discard);
        w2.action(QStringLiteral("actionNew"))->trigger();
        QCOMPARE(w2.scene()->nodeItemCount(), 0);
    }

    void clipboardShortcutsCopyPasteCutDuplicate() {
        MainWindow w(nullptr, autosaveDir_.path());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openFile(example("xor.layerlab")));
        const int n = w.scene()->nodeItemCount();
        sendShortcut(w, QKeySequence::SelectAll);
        QCOMPARE(w.scene()->selectedNodeIds().size(), n);
        sendShortcut(w, QKeySequence::Copy);
        sendShortcut(w, QKeySequence::Paste);
        QCOMPARE(w.scene()->nodeItemCount(), 2 * n);
        QCOMPARE(w.scene()->selectedNodeIds().size(), n);  // the pasted copy is selected
        QCOMPARE(w.document()->undoStack()->undoText(), QStringLiteral("Paste %1 layers").arg(n));
        sendShortcut(w, QKeySequence(Qt::CTRL | Qt::Key_D));
        QCOMPARE(w.scene()->nodeItemCount(), 3 * n);
        sendShortcut(w, QKeySequence::Cut);
        QCOMPARE(w.scene()->nodeItemCount(), 2 * n);
        sendShortcut(w, QKeySequence::Undo);
        sendShortcut(w, QKeySequence::Undo);
        sendShortcut(w, QKeySequence::Undo);
        QCOMPARE(w.scene()->nodeItemCount(), n);
        QVERIFY(!w.isWindowModified());
    }

    void deleteKeyAndUndoRestoreExactly() {
        MainWindow w(nullptr, autosaveDir_.path());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openFile(example("spiral.layerlab")));
        const QString before = w.document()->serialize();
        const auto ids = w.document()->graph().nodes();
        w.scene()->nodeItem(ids[1].id)->setSelected(true);
        w.view()->setFocus();
        QTest::keyClick(w.view()->viewport(), Qt::Key_Delete);
        QCOMPARE(w.scene()->nodeItemCount(), int(ids.size()) - 1);
        sendShortcut(w, QKeySequence::Undo);
        QCOMPARE(w.document()->serialize(), before);
    }

    void autosaveIsOfferedAfterACrash() {
        QTemporaryDir dir;
        QString expected;
        {
            MainWindow crashed(nullptr, dir.path());
            QVERIFY(crashed.openFile(example("xor.layerlab")));
            QVERIFY(crashed.scene()->addNodeAt(QStringLiteral("Dropout"), QPointF(500, 500)).isEmpty());
            expected = crashed.document()->serialize();
            Autosave save(crashed.document(), dir.path());
            QVERIFY(save.saveNow());
            // Pretend its process died: rewrite the sidecar with a pid that cannot run.
            const QString meta = dir.filePath(QStringLiteral("autosave-%1.layerlab.json").arg(QCoreApplication::applicationPid()));
            QFile f(meta);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QByteArray json = f.readAll();
            f.close();
            json.replace(QByteArray::number(QCoreApplication::applicationPid()), "999999999");
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(json);
            f.close();
            crashed.document()->setClean();  // so closing it does not ask
        }
        QCOMPARE(Autosave::findOrphans(dir.path()).size(), 1);
        MainWindow next(nullptr, dir.path());
        answerBox(QStringLiteral("recoveryBox"), QMessageBox::NoButton, QStringLiteral("Restore"));
        QVERIFY(next.offerRecovery());
        QCOMPARE(next.document()->serialize(), expected);
        QCOMPARE(QFileInfo(next.currentFile()).fileName(), QStringLiteral("xor.layerlab"));
        QVERIFY(next.document()->isModified());
        QCOMPARE(Autosave::findOrphans(dir.path()).size(), 0);
        next.document()->setClean();
    }

    void exportsDiagramInThreeFormats() {
        MainWindow w(nullptr, autosaveDir_.path());
        w.setErrorDialogsEnabled(false);
        QVERIFY(w.openFile(example("mnist_cnn.layerlab")));
        QTemporaryDir dir;
        QVERIFY(w.exportDiagram(dir.filePath(QStringLiteral("net.svg"))));
        QVERIFY(w.exportDiagram(dir.filePath(QStringLiteral("net.png"))));
        QVERIFY(w.exportDiagram(dir.filePath(QStringLiteral("net.pdf"))));
        QFile svg(dir.filePath(QStringLiteral("net.svg")));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray svgText = svg.readAll();
        QVERIFY(svgText.contains("<svg"));
        QVERIFY(svgText.contains("Conv2D"));
        const QImage png(dir.filePath(QStringLiteral("net.png")));
        QVERIFY(!png.isNull());
        QVERIFY(png.height() > png.width());  // the CNN is a tall column
        QFile pdf(dir.filePath(QStringLiteral("net.pdf")));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
        // A bad target reports and writes nothing.
        QVERIFY(!w.exportDiagram(dir.filePath(QStringLiteral("missing/dir/net.svg"))));
        QVERIFY(w.lastError().contains(QStringLiteral("Cannot write")));
        QVERIFY(!w.exportDiagram(dir.filePath(QStringLiteral("net.bmp"))));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("net.bmp"))));
    }

    // Double-clicking a palette entry puts the layer on the canvas; the
    // status bar's model summary follows every edit; Ctrl+L lays out in one step.
    void paletteSummaryAndAutoLayout() {
        MainWindow w(nullptr, autosaveDir_.path());
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* summary = w.findChild<QLabel*>(QStringLiteral("modelSummary"));
        QVERIFY(summary && summary->isVisible());

        auto* tree = w.palette()->findChild<QTreeWidget*>(QStringLiteral("paletteTree"));
        QVERIFY(tree);
        auto addByDoubleClick = [&](const char* type) {
            QTreeWidgetItem* item = w.palette()->itemForType(QString::fromLatin1(type));
            tree->scrollToItem(item);
            const QPoint pos = tree->visualItemRect(item).center();
            QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, pos);
            QTest::mouseDClick(tree->viewport(), Qt::LeftButton, {}, pos);
        };
        addByDoubleClick("Input");
        addByDoubleClick("Dense");  // below the selected Input, connected from it
        QCOMPARE(w.scene()->nodeItemCount(), 2);
        QCOMPARE(w.document()->undoStack()->undoText(), QStringLiteral("Add Dense"));
        const auto& nodes = w.document()->graph().nodes();
        QCOMPARE(w.document()->graph().edges().size(), std::size_t{1});
        QCOMPARE(w.document()->graph().edges().front(), (layerlab::core::Edge{nodes[0].id, nodes[1].id, 0}));
        QVERIFY(w.document()->setParam(nodes[0].id, QStringLiteral("shape"), std::string("4")));
        // Dense: 16 units x 4 inputs + 16 biases = 80 parameters.
        QVERIFY2(summary->text().contains(QStringLiteral("80 parameters")), qPrintable(summary->text()));

        // Auto-layout (Ctrl+L): one undo step; the Dense ends up below the Input.
        QVERIFY(w.document()->moveNodes({{nodes[1].id, QPointF(-500, -500)}}, -1).ok());
        const int steps = w.document()->undoStack()->count();
        sendShortcut(w, QKeySequence(Qt::CTRL | Qt::Key_L));
        QCOMPARE(w.document()->undoStack()->count(), steps + 1);
        QCOMPARE(w.document()->undoStack()->undoText(), QStringLiteral("Auto-layout"));
        const auto* in = w.document()->graph().node(nodes[0].id);
        const auto* dense = w.document()->graph().node(nodes[1].id);
        QVERIFY(dense->position.y > in->position.y);
    }

    // A failed save (the target is a folder) leaves the old file as it was.
    void failedSaveKeepsTheOldFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("keep.layerlab"));
        MainWindow w(nullptr, autosaveDir_.path());
        w.setErrorDialogsEnabled(false);
        QVERIFY(w.openFile(example("xor.layerlab")));
        QVERIFY(w.saveTo(path));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray saved = f.readAll();
        f.close();
        QVERIFY(w.scene()->addNodeAt(QStringLiteral("Dense"), QPointF(0, 0)).isEmpty());
        // Make the folder unwritable: QSaveFile cannot create its temporary file.
        QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        const bool root = QFileInfo(dir.path()).isWritable();  // root ignores permissions
        if (!root) {
            QVERIFY(!w.saveTo(path));
            QVERIFY(!w.lastError().isEmpty());
            QVERIFY(w.isWindowModified());
        }
        QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QVERIFY(f.open(QIODevice::ReadOnly));
        if (!root) QCOMPARE(f.readAll(), saved);
        // Saving onto a path that is a folder fails the same way, for root too.
        const QString folder = dir.filePath(QStringLiteral("afolder.layerlab"));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(!w.saveTo(folder));
        QVERIFY(!w.lastError().isEmpty());
        QVERIFY(QFileInfo(folder).isDir());
        QVERIFY(w.isWindowModified());
    }

    // Ctrl+O and Ctrl+Shift+S through their file dialogs, typed into as a user does.
    void openAndSaveAsThroughTheFileDialogs() {
        QTemporaryDir dir;
        MainWindow w(nullptr, autosaveDir_.path());
        w.setErrorDialogsEnabled(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        answerFileDialog(example("spiral.layerlab"));
        sendShortcut(w, QKeySequence::Open);
        QCOMPARE(QFileInfo(w.currentFile()).fileName(), QStringLiteral("spiral.layerlab"));
        QVERIFY(w.scene()->nodeItemCount() > 2);

        const QString copy = dir.filePath(QStringLiteral("my-spiral.layerlab"));
        w.activateWindow();  // back from the dialog
        QVERIFY(QTest::qWaitForWindowActive(&w));
        answerFileDialog(copy);
        sendShortcut(w, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
        QCOMPARE(w.currentFile(), QFileInfo(copy).absoluteFilePath());
        QVERIFY(QFileInfo::exists(copy));
        QVERIFY(!w.isWindowModified());
        MainWindow other(nullptr, autosaveDir_.path());
        QVERIFY(other.openFile(copy));
        QCOMPARE(other.document()->serialize(), w.document()->serialize());
    }

    // Save As on a bundled example proposes the documents folder, never the
    // examples folder, also after the example was opened from there with the
    // Open dialog; a folder the user chose before is respected.
    void saveAsOnAnExampleProposesTheDocumentsFolder() {
        QTemporaryDir home;
        const QByteArray oldHome = qgetenv("HOME");
        qputenv("HOME", home.path().toUtf8());  // test mode: Documents is $HOME/Documents
        const auto restore = qScopeGuard([&] { qputenv("HOME", oldHome); });
        const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        QVERIFY2(documents.startsWith(home.path()), qPrintable(documents));
        QVERIFY(QDir().mkpath(documents));
        QSettings().remove(QStringLiteral("MainWindow/lastDir"));

        QString dir, name;
        {
            MainWindow w(nullptr, autosaveDir_.path());
            w.setErrorDialogsEnabled(false);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            const QString examples = QFileInfo(example("xor.layerlab")).canonicalPath();
            answerFileDialog(example("xor.layerlab"));  // opened from the examples folder with Ctrl+O
            sendShortcut(w, QKeySequence::Open);
            QCOMPARE(QFileInfo(w.currentFile()).fileName(), QStringLiteral("xor.layerlab"));

            w.activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(&w));
            answerFileDialogNoting(QStringLiteral("my-xor.layerlab"), &dir, &name);
            sendShortcut(w, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
            QCOMPARE(QFileInfo(dir).canonicalFilePath(), QFileInfo(documents).canonicalFilePath());
            QVERIFY(QFileInfo(dir).canonicalFilePath() != examples);
            QCOMPARE(name, QStringLiteral("xor.layerlab"));
            QCOMPARE(w.currentFile(), QFileInfo(QDir(documents).filePath(QStringLiteral("my-xor.layerlab"))).absoluteFilePath());
        }

        // Save (Ctrl+S) on an example opened from the menu asks too, in the same folder.
        QSettings().remove(QStringLiteral("MainWindow/lastDir"));
        MainWindow fresh(nullptr, autosaveDir_.path());
        fresh.setErrorDialogsEnabled(false);
        fresh.show();
        QVERIFY(QTest::qWaitForWindowExposed(&fresh));
        fresh.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&fresh));
        auto* menu = fresh.menuBar()->findChild<QMenu*>(QStringLiteral("menuExamples"));
        QAction* spiral = nullptr;
        for (QAction* a : menu->actions())
            if (a->data().toString().endsWith(QLatin1String("spiral.layerlab"))) spiral = a;
        QVERIFY(spiral);
        spiral->trigger();
        QVERIFY(fresh.document()->undoStack()->count() == 0);
        layerlab::core::TrainConfig config = fresh.document()->project().training;
        config.epochs = 7;
        fresh.document()->setTrainingConfig(config);  // an edit, so Save has something to do
        answerFileDialogNoting(QStringLiteral("my-spiral.layerlab"), &dir, &name);
        sendShortcut(fresh, QKeySequence::Save);
        QCOMPARE(QFileInfo(dir).canonicalFilePath(), QFileInfo(documents).canonicalFilePath());
        QCOMPARE(name, QStringLiteral("spiral.layerlab"));
        QCOMPARE(fresh.currentFile(), QFileInfo(QDir(documents).filePath(QStringLiteral("my-spiral.layerlab"))).absoluteFilePath());
        fresh.activateWindow();  // back from the dialog
        QVERIFY(QTest::qWaitForWindowActive(&fresh));

        // A folder the user chose (opened a project from it) is kept for the next example's Save As.
        QTemporaryDir chosen;
        QVERIFY(fresh.saveTo(chosen.filePath(QStringLiteral("mine.layerlab"))));
        spiral->trigger();
        answerFileDialogNoting(QStringLiteral("again.layerlab"), &dir, &name);
        sendShortcut(fresh, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
        QCOMPARE(QFileInfo(dir).canonicalFilePath(), QFileInfo(chosen.path()).canonicalFilePath());
        QCOMPARE(fresh.currentFile(), QFileInfo(chosen.filePath(QStringLiteral("again.layerlab"))).absoluteFilePath());
    }

    void layoutAndRecentFilesAreRemembered() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("remember.layerlab"));
        {
            MainWindow w(nullptr, autosaveDir_.path());
            QVERIFY(w.openFile(example("xor.layerlab")));
            QVERIFY(w.saveTo(path));
            w.resize(900, 640);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.findChild<QDockWidget*>(QStringLiteral("inspectorDock"))->hide();  // the user closed a panel
            QVERIFY(w.close());
        }
        MainWindow again(nullptr, autosaveDir_.path());
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QVERIFY(!again.findChild<QDockWidget*>(QStringLiteral("inspectorDock"))->isVisible());
        QVERIFY(again.findChild<QDockWidget*>(QStringLiteral("paletteDock"))->isVisible());
        QCOMPARE(again.recentFiles().value(0), QFileInfo(path).absoluteFilePath());
        QCOMPARE(again.size(), QSize(900, 640));
        auto* recent = again.menuBar()->findChild<QMenu*>(QStringLiteral("menuRecent"));
        QVERIFY(recent);
        QVERIFY(recent->actions().value(0)->text().contains(QStringLiteral("remember.layerlab")));
        recent->actions().value(0)->trigger();
        QCOMPARE(again.currentFile(), QFileInfo(path).absoluteFilePath());
    }
};

QTEST_MAIN(MainWindowTest)
#include "test_mainwindow.moc"
