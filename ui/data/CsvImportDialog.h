// CsvImportDialog (File › Import CSV…): pick a CSV file, see its first rows
// and how it will be read, and import it.
//
// Pressing Enter in the file field shows that file's preview; it never imports.
// Lines above the table are skipped as asked ("Skip first lines"), or a
// scikit-learn count line is detected and skipped by itself (the summary says so).
// Every option change re-reads the file's head at once: the preview table
// (first 50 rows, target column highlighted, unused columns greyed), the
// summary (rows, features, classes with counts: from the whole file when it is
// small, else from its first rows) and any error INLINE (red text with file,
// line and column; the row highlighted when it is in the preview). Import is
// enabled only while the options are valid. Import reads the whole file off
// the GUI thread (progress bar; "Cancel" stops the read and keeps the dialog
// open), splits off the test and validation sets, fits the preprocessing on the
// training part, and accepts the dialog.
//
// Results after accept: dataSource() (kind Csv, absolute path, CsvOptions,
// preprocessing with its fitted values, test and validation splits) and data()
// for DataManager::adoptImport / setLoaded. Every control has an object name (csvPath, csvDelimiter, ...).
//
// Thread: GUI thread; the read runs in a LoadJob.
#pragma once

#include "core/data/csv_reader.h"
#include "core/data/preprocess.h"
#include "core/io/project.h"
#include "core/io/project_data.h"
#include "ui/data/CsvAnalysis.h"

#include <QDialog>

#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace layerlab::ui {

class GraphDocument;
class LoadJob;
struct LoadOutcome;

class CsvImportDialog : public QDialog {
    Q_OBJECT

public:
    // doc (may be null) gives the training seed and validation split the
    // split uses, so the data match what DataManager loads later.
    explicit CsvImportDialog(GraphDocument* doc = nullptr, QWidget* parent = nullptr);
    ~CsvImportDialog() override;

    // ensures: the path field shows path and the preview/summary/error reflect it.
    void setFile(const QString& path);
    QString file() const;
    // The options the controls describe now.
    core::CsvOptions options() const;
    core::Preprocessing preprocessing() const;  // normalization + splits (not fitted)
    double validationSplit() const;             // fraction 0..0.9
    // Valid after a successful import: the source with the FITTED preprocessing.
    core::DataSource dataSource() const { return source_; }
    // The imported data (train/validation/test, preprocessed); null before.
    std::shared_ptr<const core::ProjectData> data() const { return data_; }
    bool canImport() const;
    bool isImporting() const;
    // The inline error (empty when none).
    QString errorText() const;

    // Esc / Cancel while importing stops the import instead of closing.
    void reject() override;

signals:
    void importFailed(const QString& message);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;  // Enter in the file field

private:
    void buildUi();
    void browse();
    void refreshStructure();  // path, delimiter or header changed: columns may differ
    void refreshContent();    // any option: table highlight, summary, error, validity
    QString readColumns();    // re-reads the head; returns the previous target's name
    void chooseTarget(const QString& preferred);  // selects it (else the last column), refreshing the content
    void fillTable();
    void analyse();
    void showNormalization();
    void startImport();
    void onImportFinished(const LoadOutcome& outcome);
    void setImporting(bool on);
    void showError(const QString& text, long line);
    void updateValidity();

    GraphDocument* doc_;
    LoadJob* job_;
    // Last preview of the file (columns, first rows).
    std::optional<core::CsvPreview> preview_;
    QString shownPath_;  // the file preview_ belongs to
    QString analysisError_;
    long errorLine_ = 0;
    bool analysisOk_ = false;
    core::DataSource source_;
    std::shared_ptr<const core::ProjectData> data_;
    bool updating_ = false;

    QLineEdit* path_;
    QPushButton* browse_;
    QComboBox* delimiter_;
    QSpinBox* skipLines_;
    QComboBox* header_;
    QComboBox* target_;
    QComboBox* task_;
    QListWidget* features_;
    QComboBox* text_;
    QComboBox* missing_;
    QComboBox* normalization_;
    QSpinBox* validation_;
    QSpinBox* test_;
    QTableWidget* table_;
    QLabel* summary_;
    QLabel* normalizationPreview_;
    CsvAnalysis analysis_;
    QLabel* error_;
    QProgressBar* progress_;
    QDialogButtonBox* buttons_;
    QPushButton* import_;
    QPushButton* cancel_;
};

}  // namespace layerlab::ui
