// DataManager: the one place the GUI gets the current project's data from
// (training, the dataset panel and the teach view read data()).
//
// It loads the GraphDocument's data source with core::loadProjectData OFF the
// GUI thread (a LoadJob), relative paths resolved against the folder of
// doc->filePath(). It reloads by itself (coalesced to one load per event-loop
// turn) when the data source changes (which includes how it is split: the
// validation split and split seed live in its preprocessing), when the project
// is replaced (reset), and when the project file moves while its data could not
// be found. The training settings play no part. A new load cancels
// the previous one. Results come back by shared_ptr on the GUI thread. On
// reset the old project's data are dropped at once (data() is null until the
// new project's load finishes).
//
// When a data file does not exist (core::missingDataFiles) nothing is read and
// dataFileMissing(field, path) fires instead of failed(); relocate() fixes the
// path in the document (one undo step) and reloads.
//
// Thread: GUI thread only. doc must outlive the manager.
#pragma once

#include "core/io/project.h"
#include "core/io/project_data.h"

#include <QObject>
#include <QString>

#include <memory>

class QWidget;

namespace layerlab::ui {

class GraphDocument;
class LoadJob;
struct LoadOutcome;

class DataManager : public QObject {
    Q_OBJECT

public:
    // requires: doc != nullptr. ensures: a load of the document's data source is
    // scheduled for the next event-loop turn (isLoading() is true until then).
    explicit DataManager(GraphDocument* doc, QObject* parent = nullptr);
    ~DataManager() override;

    GraphDocument* document() const { return doc_; }
    // The loaded data; null when the project has no data source, while the
    // first load runs, or when the last load failed.
    std::shared_ptr<const core::ProjectData> data() const { return data_; }
    bool isLoading() const;
    // Message of the last failed load (or of the missing file); empty after a success.
    QString lastError() const { return lastError_; }
    // The folder relative data paths are resolved against (that of doc->filePath(),
    // empty for an untitled project).
    QString projectDir() const;

    // ensures: a running load is cancelled; the document's data source starts
    //          loading off the GUI thread (loadingStarted(), progress(), then
    //          loaded() or failed() or dataFileMissing()). No data source:
    //          data() becomes null and loaded() fires at once.
    void reload();
    // For a dialog that already read the data of the document's CURRENT data source.
    // ensures: pending and running loads are cancelled; data() == data; loaded() fires.
    void setLoaded(std::shared_ptr<const core::ProjectData> data);
    // An import in one go: the data source (with its splits) becomes ONE undo step
    // (undoText, by default "Import data"), and data (already read by the dialog
    // for exactly that source) is adopted without reading the files again.
    void adoptImport(const core::DataSource& source, std::shared_ptr<const core::ProjectData> data,
                     const QString& undoText = QString());

    // Points the data source's `field` ("path", "train-images", ... as given by
    // dataFileMissing) at newPath: one undo step via GraphDocument::setDataSource
    // (the path stored relative to the project folder when possible), then reloads.
    // Returns false (and changes nothing) when newPath does not exist or the
    // project has no data source.
    bool relocate(const QString& field, const QString& newPath);

    // The "data file moved" flow: tells the user that `path` is missing, lets
    // them pick the file in a QFileDialog (object name "movedFileDialog",
    // starting in the nearest existing folder) and calls relocate().
    // Returns true when the data source was updated.
    static bool askForMovedFile(QWidget* parent, DataManager* manager, const QString& field, const QString& path);

signals:
    void loadingStarted();
    void progress(double fraction);
    void loaded();
    void failed(const QString& message);
    void dataFileMissing(const QString& field, const QString& path);

private:
    void scheduleReload();
    void onFinished(const LoadOutcome& outcome);
    void onFilePathChanged();

    GraphDocument* doc_;
    LoadJob* job_;
    std::shared_ptr<const core::ProjectData> data_;
    QString lastError_;
    bool reloadPending_ = false;
    bool suppressReload_ = false;
};

}  // namespace layerlab::ui
