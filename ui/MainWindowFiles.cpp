// MainWindow: files. Open/save/recent/examples, crash recovery, diagram
// export and the unsaved-changes question.
#include "ui/Autosave.h"
#include "ui/DiagramExport.h"
#include "ui/MainWindow.h"
#include "ui/editor/GraphDocument.h"
#include "ui/editor/GraphScene.h"
#include "ui/editor/GraphView.h"
#include "ui/training/TrainingController.h"

#include <QAction>
#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QUndoStack>

namespace layerlab::ui {

namespace {

constexpr int kMaxRecent = 8;
const char* const kProjectFilter = QT_TRANSLATE_NOOP("MainWindow", "LayerLab projects (*.layerlab);;All files (*)");

QStringList exampleDirs() {
    QStringList dirs;
    if (const QString env = qEnvironmentVariable("LAYERLAB_EXAMPLES"); !env.isEmpty()) dirs << env;
    const QString app = QCoreApplication::applicationDirPath();
    dirs << app + QStringLiteral("/../share/layerlab/examples") << app + QStringLiteral("/../resources/examples")
         << app + QStringLiteral("/../../resources/examples")
         << QStringLiteral(LAYERLAB_RESOURCE_DIR) + QStringLiteral("/examples");
    return dirs;
}

bool isExampleDir(const QString& dir) {
    if (dir.isEmpty()) return false;
    const QString canonical = QFileInfo(dir).canonicalFilePath();
    if (canonical.isEmpty()) return false;
    for (const QString& d : exampleDirs())
        if (QFileInfo(d).canonicalFilePath() == canonical) return true;
    return false;
}

bool isBundledExample(const QString& path) {
    return !path.isEmpty() && isExampleDir(QFileInfo(path).absolutePath());
}

}  // namespace

QString MainWindow::currentFile() const { return doc_->filePath(); }

QStringList MainWindow::exampleFiles() {
    for (const QString& d : exampleDirs()) {
        const QDir dir(d);
        const QStringList names = dir.entryList({QStringLiteral("*.layerlab")}, QDir::Files, QDir::Name);
        if (names.isEmpty()) continue;
        QStringList out;
        for (const QString& n : names) out << QFileInfo(dir.filePath(n)).canonicalFilePath();
        return out;
    }
    return {};
}

QStringList MainWindow::recentFiles() const {
    return QSettings().value(QStringLiteral("recentFiles")).toStringList();
}

void MainWindow::addRecentFile(const QString& path) {
    QStringList files = recentFiles();
    const QString abs = QFileInfo(path).absoluteFilePath();
    files.removeAll(abs);
    files.prepend(abs);
    while (files.size() > kMaxRecent) files.removeLast();
    QSettings().setValue(QStringLiteral("recentFiles"), files);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    const QStringList files = recentFiles();
    int n = 0;
    for (const QString& f : files) {
        QAction* a = recentMenu_->addAction(QStringLiteral("&%1 %2").arg(++n).arg(QFileInfo(f).fileName()), this,
                                            &MainWindow::openRecent);
        a->setData(f);
        a->setToolTip(QDir::toNativeSeparators(f));
        a->setStatusTip(QDir::toNativeSeparators(f));
    }
    if (files.isEmpty()) {
        recentMenu_->addAction(tr("(none yet)"))->setEnabled(false);
        return;
    }
    recentMenu_->addSeparator();
    recentMenu_->addAction(tr("Clear Recent Files"), this, [this] {
        QSettings().remove(QStringLiteral("recentFiles"));
        rebuildRecentMenu();
    });
}

// ---- open ----

bool MainWindow::openFile(const QString& path) {
    QString error;
    if (!doc_->load(path, &error)) {
        reportError(tr("Cannot open project"), error);
        return false;
    }
    clearError();
    autosave_->discard();
    if (!isBundledExample(path)) {
        addRecentFile(path);
        lastSaveDir_ = QFileInfo(path).absolutePath();
    }
    scene_->clearSelection();
    view_->fitToView();
    statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(doc_->filePath())), 5000);
    return true;
}

bool MainWindow::readyToReplaceProject() {
    // A run's weights arrive when it stops: stop (and join) first, so that the
    // question about saving covers them and nothing of the run reaches the
    // next project. Then every view empties itself on the document's reset.
    training_->stopAndWait();
    return maybeSave();
}

QString MainWindow::saveFolder() const {
    if (!lastSaveDir_.isEmpty() && !isExampleDir(lastSaveDir_) && QFileInfo(lastSaveDir_).isDir()) return lastSaveDir_;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return !documents.isEmpty() && QFileInfo(documents).isDir() ? documents : QDir::homePath();
}

void MainWindow::newFile() {
    if (!readyToReplaceProject()) return;
    doc_->newDocument();
    autosave_->discard();
    clearError();
    statusBar()->showMessage(tr("New project: drag an Input layer from the palette to start."), 5000);
}

void MainWindow::openWithDialog() {
    if (!readyToReplaceProject()) return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), lastSaveDir_, tr(kProjectFilter));
    if (!path.isEmpty()) openFile(path);
}

void MainWindow::openRecent() {
    const auto* a = qobject_cast<QAction*>(sender());
    if (!a || !readyToReplaceProject()) return;
    const QString path = a->data().toString();
    if (!QFileInfo::exists(path)) {
        QStringList files = recentFiles();
        files.removeAll(path);
        QSettings().setValue(QStringLiteral("recentFiles"), files);
        rebuildRecentMenu();
        reportError(tr("Cannot open project"), tr("%1 no longer exists; it was removed from the recent files.")
                                                   .arg(QDir::toNativeSeparators(path)));
        return;
    }
    openFile(path);
}

void MainWindow::openExample() {
    const auto* a = qobject_cast<QAction*>(sender());
    if (a && readyToReplaceProject()) openFile(a->data().toString());
}

// ---- save ----

bool MainWindow::saveTo(const QString& path) {
    QString error;
    if (!doc_->save(path, &error)) {
        reportError(tr("Cannot save project"), error);
        return false;
    }
    clearError();
    autosave_->discard();
    addRecentFile(path);
    lastSaveDir_ = QFileInfo(path).absolutePath();
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(doc_->filePath())), 5000);
    return true;
}

bool MainWindow::save() {
    // A bundled example is never overwritten: Save asks where to keep the copy.
    if (doc_->filePath().isEmpty() || isBundledExample(doc_->filePath())) return saveAs();
    return saveTo(doc_->filePath());
}

bool MainWindow::saveAs() {
    const QString start = saveFolder();
    const QString name = doc_->filePath().isEmpty() ? tr("untitled.layerlab") : QFileInfo(doc_->filePath()).fileName();
    QString path = QFileDialog::getSaveFileName(this, tr("Save project as"), start + QLatin1Char('/') + name,
                                                tr(kProjectFilter));
    if (path.isEmpty()) return false;
    if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".layerlab");
    return saveTo(path);
}

bool MainWindow::maybeSave() {
    if (!doc_->isModified()) return true;
    const QString name = doc_->filePath().isEmpty() ? tr("Untitled") : QFileInfo(doc_->filePath()).fileName();
    QMessageBox box(QMessageBox::Warning, tr("Unsaved changes"),
                    tr("Save the changes to %1 before closing it?").arg(name),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("unsavedChangesBox"));
    box.setInformativeText(tr("Your changes are lost if you don't save them."));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save: return save();
    case QMessageBox::Discard: return true;
    default: return false;
    }
}

// ---- export ----

bool MainWindow::exportDiagram(const QString& path) {
    QString error;
    if (!exportSceneDiagram(scene_, path, &error)) {
        reportError(tr("Cannot export the diagram"), error);
        return false;
    }
    clearError();
    statusBar()->showMessage(tr("Exported the diagram to %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

void MainWindow::exportWithDialog() {
    const QString base = doc_->filePath().isEmpty() ? tr("network") : QFileInfo(doc_->filePath()).completeBaseName();
    QString selected;
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export diagram"), saveFolder() + QLatin1Char('/') + base + QStringLiteral(".svg"),
        tr("SVG image (*.svg);;PNG image (*.png);;PDF document (*.pdf)"), &selected);
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty())
        path += selected.contains(QLatin1String("png")) ? QStringLiteral(".png")
                : selected.contains(QLatin1String("pdf")) ? QStringLiteral(".pdf")
                                                           : QStringLiteral(".svg");
    exportDiagram(path);
}

// ---- crash recovery ----

bool MainWindow::offerRecovery() {
    bool restored = false;
    for (const Autosave::Recovery& r : Autosave::findOrphans(autosave_->directory())) {
        if (restored) break;  // one document per window; the rest are offered next time
        const QString what = r.originalPath.isEmpty() ? tr("an untitled project")
                                                      : QDir::toNativeSeparators(r.originalPath);
        QMessageBox box(QMessageBox::Question, tr("Recover unsaved work"),
                        tr("LayerLab did not close normally. A recovery copy of %1 from %2 exists.")
                            .arg(what, QLocale().toString(r.savedAt.toLocalTime(), QLocale::ShortFormat)),
                        QMessageBox::NoButton, this);
        box.setObjectName(QStringLiteral("recoveryBox"));
        box.setInformativeText(tr("Restore it? Discarding deletes the copy."));
        QPushButton* restore = box.addButton(tr("Restore"), QMessageBox::AcceptRole);
        box.addButton(tr("Discard"), QMessageBox::DestructiveRole);
        box.setDefaultButton(restore);
        box.exec();
        if (box.clickedButton() != restore) {
            Autosave::remove(r);
            continue;
        }
        QString error;
        if (!doc_->loadRecovered(r.copyPath, r.originalPath, &error)) {
            reportError(tr("Cannot restore the recovery copy"), error);
            continue;  // keep the copy: the user may want it by hand
        }
        Autosave::remove(r);
        autosave_->saveNow();  // the restored state is now this process's copy
        view_->fitToView();
        restored = true;
    }
    return restored;
}

}  // namespace layerlab::ui
