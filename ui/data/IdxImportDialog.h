// IdxImportDialog (File › Import MNIST (IDX)…): MNIST, Fashion-MNIST or any
// data set in the IDX format. Choosing a folder pairs the standard file names
// (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],
// t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]); each file can
// also be picked by hand. "Fashion-MNIST class names" is ticked by itself when
// the folder's path contains "fashion".
//
// As soon as the training pair is known it is read off the GUI thread to check
// it (missing file, bad magic, count mismatch: shown INLINE in red) and to show
// the first 32 images with their labels and the counts. Import reads the data
// as the project will (subset, validation split, normalisation fitted on the
// training part) off the GUI thread with a progress bar; Cancel stops it and
// keeps the dialog open. Import is enabled only when the files are valid.
//
// Results after accept: dataSource() (kind Idx, absolute paths, fashion,
// limit = subset, preprocessing fitted, with the validation split) and data().
// Every control has an object name (idxFolder, idxTrainImages, ...).
//
// Thread: GUI thread; reads run in LoadJobs.
#pragma once

#include "core/data/preprocess.h"
#include "core/io/project.h"
#include "core/io/project_data.h"

#include <QDialog>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace layerlab::ui {

class GraphDocument;
class LoadJob;
class SampleGrid;
struct LoadOutcome;

class IdxImportDialog : public QDialog {
    Q_OBJECT

public:
    enum File { TrainImages, TrainLabels, TestImages, TestLabels };

    // doc (may be null) gives the training seed and validation split.
    explicit IdxImportDialog(GraphDocument* doc = nullptr, QWidget* parent = nullptr);
    ~IdxImportDialog() override;

    // ensures: the four paths are the folder's standard files (empty when not
    //          found), fashion ticked when the path contains "fashion", and a
    //          check/preview read started.
    void setFolder(const QString& dir);
    // ensures: one path set by hand; a check/preview read started.
    void setFile(File which, const QString& path);
    QString filePath(File which) const;

    // The first images shown (0 until the check read finished).
    int previewCount() const;
    SampleGrid* sampleGrid() const { return grid_; }
    // True while the check read or the import runs.
    bool isBusy() const;
    bool isImporting() const;
    bool canImport() const;
    QString errorText() const;

    core::DataSource dataSource() const { return source_; }
    double validationSplit() const;
    std::shared_ptr<const core::ProjectData> data() const { return data_; }

    // Esc / Cancel while importing stops the import instead of closing.
    void reject() override;

signals:
    void previewReady();   // the check read finished (successfully or with an inline error)
    void importFailed(const QString& message);

private:
    void buildUi();
    void browseFolder();
    void browseFile(File which);
    core::DataSource currentSource() const;
    void startCheck();
    void onCheckFinished(const LoadOutcome& outcome);
    void startImport();
    void onImportFinished(const LoadOutcome& outcome);
    void setImporting(bool on);
    void setError(const QString& text);
    void updateValidity();

    GraphDocument* doc_;
    LoadJob* check_;
    LoadJob* import_;
    bool checked_ = false;  // the last check read succeeded
    QString error_;
    core::DataSource source_;
    std::shared_ptr<const core::ProjectData> data_;
    int trainCount_ = 0;

    QLineEdit* folder_;
    QPushButton* browseFolder_;
    QLineEdit* files_[4];
    QPushButton* browseFiles_[4];
    QCheckBox* fashion_;
    QSpinBox* subset_;
    QComboBox* normalization_;
    QSpinBox* validation_;
    SampleGrid* grid_;
    QLabel* summary_;
    QLabel* errorLabel_;
    QProgressBar* progress_;
    QPushButton* importButton_;
    QPushButton* cancelButton_;
};

}  // namespace layerlab::ui
