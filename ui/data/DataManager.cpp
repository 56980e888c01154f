#include "ui/data/DataManager.h"

#include "ui/data/CsvAnalysis.h"
#include "ui/data/ImportWork.h"
#include "ui/data/LoadJob.h"
#include "ui/editor/GraphDocument.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QTimer>
#include <QUndoStack>

namespace layerlab::ui {

DataManager::DataManager(GraphDocument* doc, QObject* parent)
    : QObject(parent), doc_(doc), job_(new LoadJob(this)) {
    connect(job_, &LoadJob::progress, this, &DataManager::progress);
    connect(job_, &LoadJob::finished, this, &DataManager::onFinished);
    connect(doc_, &GraphDocument::dataSourceChanged, this, &DataManager::scheduleReload);
    // A replaced project never trains on, or shows, the old project's data:
    // they are dropped at once, before the new project's load is scheduled.
    connect(doc_, &GraphDocument::reset, this, [this] {
        job_->cancel();
        data_.reset();
        lastError_.clear();
        scheduleReload();
    });
    connect(doc_, &GraphDocument::filePathChanged, this, &DataManager::onFilePathChanged);
    scheduleReload();
}

DataManager::~DataManager() = default;

bool DataManager::isLoading() const { return reloadPending_ || job_->isRunning(); }

QString DataManager::projectDir() const {
    const QString f = doc_->filePath();
    return f.isEmpty() ? QString() : QFileInfo(f).absolutePath();
}

void DataManager::scheduleReload() {
    if (suppressReload_ || reloadPending_) return;
    reloadPending_ = true;
    QTimer::singleShot(0, this, [this] {
        if (reloadPending_) reload();
    });
}

void DataManager::reload() {
    reloadPending_ = false;
    job_->cancel();
    const core::Project& p = doc_->project();
    if (p.data.kind == core::DataKind::None) {
        data_.reset();
        lastError_.clear();
        emit loaded();
        return;
    }
    const std::string dir = projectDir().toStdString();
    const std::vector<core::MissingDataFile> missing = core::missingDataFiles(p.data, dir);
    if (!missing.empty()) {
        data_.reset();
        const QString path = QString::fromStdString(missing.front().path);
        lastError_ = tr("Data file not found: %1").arg(path);
        emit dataFileMissing(QString::fromStdString(missing.front().field), path);
        return;
    }
    const core::Project project = dataProject(p.data);
    job_->start([project, dir](const core::CsvProgress& progress) { return loadProjectWork(project, dir, progress); });
    emit loadingStarted();
}

void DataManager::onFinished(const LoadOutcome& outcome) {
    if (outcome.error) {
        data_.reset();
        lastError_ = csvErrorText(*outcome.error);
        emit failed(lastError_);
        return;
    }
    data_ = outcome.data;
    lastError_.clear();
    // Keep the fitted values in the project (saved with it) when it had none.
    if (data_ && data_->preprocessing.fitted() && !doc_->project().data.preprocessing.fitted())
        doc_->recordFittedPreprocessing(data_->preprocessing);
    if (data_ && data_->series && !doc_->project().data.series.fitted()) doc_->recordFittedSeries(*data_->series);
    emit loaded();
}

void DataManager::setLoaded(std::shared_ptr<const core::ProjectData> data) {
    reloadPending_ = false;
    job_->cancel();
    data_ = std::move(data);
    lastError_.clear();
    emit loaded();
}

void DataManager::adoptImport(const core::DataSource& source, std::shared_ptr<const core::ProjectData> data,
                              const QString& undoText) {
    suppressReload_ = true;
    doc_->undoStack()->beginMacro(undoText.isEmpty() ? tr("Import data") : undoText);
    doc_->setDataSource(source);
    doc_->undoStack()->endMacro();
    suppressReload_ = false;
    setLoaded(std::move(data));
}

void DataManager::onFilePathChanged() {
    // Relative data paths resolve against the new folder: retry when they were not found.
    if (!data_ && doc_->project().data.kind != core::DataKind::None) scheduleReload();
}

namespace {

// An untitled project has no folder: its paths stay absolute (core::storedDataPath
// would make them relative to the current directory).
void pointAt(core::DataSource& s, const std::string& field, const std::string& path, const std::string& dir) {
    if (!dir.empty()) {
        core::replaceDataPath(s, field, path, dir);
        return;
    }
    if (field == "path") (s.kind == core::DataKind::Series ? s.seriesPath : s.csvPath) = path;
    else if (field == "trainImages") s.trainImages = path;
    else if (field == "trainLabels") s.trainLabels = path;
    else if (field == "testImages") s.testImages = path;
    else if (field == "testLabels") s.testLabels = path;
}

}  // namespace

bool DataManager::relocate(const QString& field, const QString& newPath) {
    if (doc_->project().data.kind == core::DataKind::None || !QFileInfo(newPath).isFile()) return false;
    const std::string dir = projectDir().toStdString();
    core::DataSource s = doc_->project().data;
    pointAt(s, field.toStdString(), QFileInfo(newPath).absoluteFilePath().toStdString(), dir);
    // Files that moved together (the four IDX files): found beside the new one under their old names.
    const QDir newDir = QFileInfo(newPath).absoluteDir();
    for (const core::MissingDataFile& m : core::missingDataFiles(s, dir)) {
        const QString candidate = newDir.absoluteFilePath(QFileInfo(QString::fromStdString(m.path)).fileName());
        if (QFileInfo(candidate).isFile()) pointAt(s, m.field, candidate.toStdString(), dir);
    }
    doc_->setDataSource(s);
    return true;
}

bool DataManager::askForMovedFile(QWidget* parent, DataManager* manager, const QString& field, const QString& path) {
    const QFileInfo missing(path);
    // Start in the nearest folder that still exists.
    QDir start = missing.absoluteDir();
    while (!start.exists() && start.cdUp()) {
    }
    QFileDialog dialog(parent, tr("Where is “%1” now?").arg(missing.fileName()), start.absolutePath());
    dialog.setObjectName(QStringLiteral("movedFileDialog"));
    dialog.setOption(QFileDialog::DontUseNativeDialog);
    dialog.setFileMode(QFileDialog::ExistingFile);
    dialog.setNameFilters({missing.fileName(), tr("All files (*)")});
    dialog.setLabelText(QFileDialog::Accept, tr("Use this file"));
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) return false;
    const QString chosen = dialog.selectedFiles().constFirst();
    if (!manager->relocate(field, chosen)) {
        QMessageBox::warning(parent, tr("Data file"),
                             tr("%1 is not a readable file; the data source was not changed.").arg(chosen));
        return false;
    }
    return true;
}

}  // namespace layerlab::ui
