// MainWindow: File > Export Model and File > Import Model (models that leave
// LayerLab and models that come in), on the same core functions as
// `layerlab export` and `layerlab import`.
#include "core/interop/onnx_import.h"
#include "ui/Autosave.h"
#include "ui/MainWindow.h"
#include "ui/editor/GraphDocument.h"
#include "ui/editor/GraphScene.h"
#include "ui/editor/GraphView.h"
#include "ui/port/ModelExportJob.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QProgressDialog>
#include <QStatusBar>

namespace layerlab::ui {

void MainWindow::exportModelWithDialog() {
    const QString base = doc_->filePath().isEmpty() ? tr("model") : QFileInfo(doc_->filePath()).completeBaseName();
    QString selected;
    QString path = QFileDialog::getSaveFileName(this, tr("Export model"),
                                                saveFolder() + QLatin1Char('/') + base + QStringLiteral(".py"),
                                                modelExportFilters(), &selected);
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += modelExportSuffix(selected);
    exportModel(path);
}

bool MainWindow::exportModel(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("py") && suffix != QLatin1String("onnx")) {
        reportError(tr("Cannot export the model"),
                    tr("%1: choose a name ending in .py (PyTorch script) or .onnx (ONNX model).")
                        .arg(QDir::toNativeSeparators(path)));
        return false;
    }
    const QString dir = doc_->filePath().isEmpty() ? QString() : QFileInfo(doc_->filePath()).absolutePath();
    if (!modelExport_->start(doc_->project(), dir, path)) {
        statusBar()->showMessage(tr("An export is still running."), 5000);
        return false;
    }
    // Loading the data of a large project takes a moment: say what happens.
    auto* progress = new QProgressDialog(tr("Exporting the network to %1...").arg(QFileInfo(path).fileName()),
                                         QString(), 0, 0, this);
    progress->setObjectName(QStringLiteral("exportModelProgress"));
    progress->setWindowTitle(tr("Export model"));
    progress->setMinimumDuration(300);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    connect(modelExport_, &ModelExportJob::finished, progress, &QProgressDialog::close, Qt::SingleShotConnection);
    statusBar()->showMessage(tr("Exporting the network to %1...").arg(QDir::toNativeSeparators(path)));
    return true;
}

bool MainWindow::importModel(const QString& path) {
    auto project = core::importOnnx(QFile::encodeName(path).toStdString());
    if (!project) {
        QString message = QString::fromStdString(project.error().toString());
        if (!message.contains(path)) message = QDir::toNativeSeparators(path) + QStringLiteral(": ") + message;
        reportError(tr("Cannot import the model"), message);
        return false;
    }
    const auto layers = project->graph.nodes().size();
    doc_->adoptUntitled(std::move(project).value());
    clearError();
    autosave_->discard();
    scene_->clearSelection();
    view_->fitToView();
    statusBar()->showMessage(tr("Imported %1 (%2 layers): save it as a project to keep it.")
                                 .arg(QDir::toNativeSeparators(path))
                                 .arg(layers),
                             10000);
    return true;
}

void MainWindow::importModelWithDialog() {
    if (!readyToReplaceProject()) return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Import model"), saveFolder(),
                                                      tr("ONNX model (*.onnx);;All files (*)"));
    if (!path.isEmpty()) importModel(path);
}

void MainWindow::createModelActions() {
    connect(makeAction(QStringLiteral("actionExportModel"), tr("Export &Model..."),
                       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), nullptr),
            &QAction::triggered, this, &MainWindow::exportModelWithDialog);
    connect(makeAction(QStringLiteral("actionImportModel"), tr("Import Mo&del..."),
                       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), nullptr),
            &QAction::triggered, this, &MainWindow::importModelWithDialog);
    modelExport_ = new ModelExportJob(this);
    connect(modelExport_, &ModelExportJob::finished, this, [this](const ModelExportOutcome& o) {
        if (!o.ok) {
            reportError(tr("Cannot export the model"), o.message);
            return;
        }
        clearError();
        statusBar()->showMessage(o.message, 15000);
        emit modelExported(o.message);
    });
}

}  // namespace layerlab::ui
