#include "ui/port/ModelExportJob.h"

#include "core/interop/model_export.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace layerlab::ui {

ModelExportJob::ModelExportJob(QObject* parent) : QObject(parent) {
    watcher_ = new QFutureWatcher<ModelExportOutcome>(this);
    connect(watcher_, &QFutureWatcherBase::finished, this, [this] { emit finished(watcher_->result()); });
}

ModelExportJob::~ModelExportJob() { wait(); }

bool ModelExportJob::start(core::Project project, const QString& projectDir, const QString& path) {
    if (isRunning()) return false;
    const std::string dir = QFile::encodeName(projectDir).toStdString();
    const std::string out = QFile::encodeName(path).toStdString();
    watcher_->setFuture(QtConcurrent::run([project = std::move(project), dir, out, path]() -> ModelExportOutcome {
        auto report = core::exportModelFile(project, dir, out);
        if (!report) return {false, QString::fromStdString(report.error().toString())};
        QStringList files;
        for (const auto& f : report->files) files << QDir::toNativeSeparators(QFile::decodeName(f.c_str()));
        QString message = QCoreApplication::translate("ModelExportJob", "Exported %1 parameters: %2")
                              .arg(report->parameters)
                              .arg(files.join(QStringLiteral(", ")));
        if (report->seedWeights)
            message += QCoreApplication::translate(
                "ModelExportJob", " (untrained: the seed's weights; train first)");
        return {true, message};
    }));
    return true;
}

bool ModelExportJob::isRunning() const { return watcher_->isRunning(); }

void ModelExportJob::wait() { watcher_->waitForFinished(); }

QString modelExportFilters() {
    return QCoreApplication::translate("ModelExportJob", "PyTorch script (*.py);;ONNX model (*.onnx)");
}

QString modelExportSuffix(const QString& selectedFilter) {
    return selectedFilter.contains(QLatin1String("onnx")) ? QStringLiteral(".onnx") : QStringLiteral(".py");
}

}  // namespace layerlab::ui
