// ModelExportJob: File > Export Model's work off the GUI thread. It takes a
// snapshot of the project by value, loads its data, builds the network with
// its weights and writes the PyTorch script (+ weights) or the ONNX file
// through the same core function as `layerlab export`, then reports on the
// GUI thread by value. One export at a time.
//
// Thread: the object lives on the GUI thread; the work touches only its copies.
#pragma once

#include "core/io/project.h"

#include <QObject>
#include <QString>

template <typename T>
class QFutureWatcher;

namespace layerlab::ui {

struct ModelExportOutcome {
    bool ok = false;
    QString message;  // what was written, or what went wrong (file, node)
};

class ModelExportJob : public QObject {
    Q_OBJECT
public:
    explicit ModelExportJob(QObject* parent = nullptr);
    ~ModelExportJob() override;

    // requires: path ends in .py or .onnx; projectDir the project's folder ("" when untitled).
    // ensures: false (and nothing started) while an export runs; else the export
    //          runs and finished() follows exactly once.
    bool start(core::Project project, const QString& projectDir, const QString& path);
    bool isRunning() const;
    // Blocks until a running export has finished (tests, closing the window).
    void wait();

signals:
    void finished(const layerlab::ui::ModelExportOutcome& outcome);

private:
    QFutureWatcher<ModelExportOutcome>* watcher_ = nullptr;
};

// The file name filters of the export dialog, and the format a chosen filter means.
QString modelExportFilters();
QString modelExportSuffix(const QString& selectedFilter);

}  // namespace layerlab::ui
