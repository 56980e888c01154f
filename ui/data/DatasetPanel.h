// DatasetPanel: what the DataManager holds, for a dock. Name, sample counts
// (train / validation / test), features, input shape and task; a histogram of
// the classes (or of the regression targets); per-feature min/mean/max (a
// summary for images instead of one row per pixel); and a sample browser (spin
// box + slider) showing the sample's image scaled up without smoothing, or its
// values, with its label. Loading, error and missing-file states are shown in
// place (a missing file offers "Locate…", the DataManager's moved-file flow).
// Without data (or when they failed to load) it offers the three ways to get
// some: New Synthetic Data…, Import CSV…, Import MNIST (IDX)… (the requested
// signals; the window opens the dialogs). With data, "Synthetic data…" stays
// beside the name.
//
// Thread: GUI thread. Reads the manager's data on loaded(); the manager must
// outlive the panel.
#pragma once

#include "core/data/dataset.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;
class QStackedWidget;
class QTableWidget;
class QTabWidget;

namespace layerlab::ui {

class DataManager;

class DatasetPanel : public QWidget {
    Q_OBJECT

public:
    // requires: manager != nullptr.
    explicit DatasetPanel(DataManager* manager, QWidget* parent = nullptr);

    // The part the browser, histogram and statistics show (train, validation or
    // test); null when there are no data.
    std::shared_ptr<const core::Dataset> currentDataset() const { return current_; }
    // Index of the sample shown in the browser (within currentDataset()), -1 when none.
    int currentSample() const;
    // ensures: the browser shows sample `index` of currentDataset() (clamped)
    //          and sampleSelected fires when it changed.
    void showSample(int index);

signals:
    void sampleSelected(int index);
    void syntheticRequested();
    void importCsvRequested();
    void importIdxRequested();

private:
    void onLoadingStarted();
    void onLoaded();
    void onFailed(const QString& message);
    void onMissing(const QString& field, const QString& path);
    void onPartChanged();
    void onSampleChanged(int index);
    void fillHistogram();
    void fillStats();
    void showState(const QString& text, bool error);

    DataManager* manager_;
    std::shared_ptr<const core::Dataset> current_;
    QString missingField_, missingPath_;

    QStackedWidget* pages_;
    // state page
    QLabel* stateText_;
    QProgressBar* stateProgress_;
    QPushButton* locate_;
    QWidget* getData_;  // the three ways to get data
    // data page
    QLabel* name_;
    QLabel* counts_;
    QLabel* features_;
    QLabel* shape_;
    QLabel* task_;
    QComboBox* part_;
    QTabWidget* tabs_;
    QCustomPlot* histogram_;
    QTableWidget* stats_;
    QLabel* statsSummary_;
    QLabel* statsImage_;  // images: the mean image
    QSpinBox* sampleSpin_;
    QSlider* sampleSlider_;
    QLabel* sampleImage_;
    QTableWidget* sampleValues_;
    QLabel* sampleLabel_;
};

}  // namespace layerlab::ui
