// SeriesImportDialog (File › Import Time Series…): a time series from a CSV
// file (a header line, a date/time or number column, numeric value columns)
// or from the synthetic generator (sine with noise, trend and seasonality),
// cut into windows for a recurrent network (core/data/series.h).
//
// Controls: the file (or "Synthetic series" with its generator), the value
// columns (checkable list), the target column, the time column (detected,
// none, or one named), window length, horizon and stride, the validation and
// test fractions (chronological: training | validation | test), the scaling
// (min-max or z-score, fitted on the training rows only) and what to do with
// missing values (interpolate, or drop the windows holding one). Every change
// re-windows at once: the preview plots the target over time coloured by the
// split its rows fall in, and the summary says how many windows each split
// gets, how many cross a split boundary and are left out, and how many values
// were filled or windows dropped. An error (file, line, column) shows inline
// and disables Import.
//
// Results after accept(): dataSource() (kind Series, absolute path, the
// options with the fitted scaling) and data() (through core::loadProjectData,
// the path every later load takes) for DataManager::adoptImport. Every control
// has an object name (seriesPath, seriesValueColumns, seriesWindow, ...).
//
// Thread: GUI thread; the file is read when its path or time column changes
// (the raw series is kept), windowing runs synchronously (a few ms for
// thousands of rows).
#pragma once

#include "core/data/series.h"
#include "core/io/project.h"
#include "core/io/project_data.h"

#include <QDialog>

#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QWidget;

namespace layerlab::ui {

class GraphDocument;

class SeriesImportDialog : public QDialog {
    Q_OBJECT

public:
    // doc (may be null): pre-fills from the project's series source when it has one.
    explicit SeriesImportDialog(GraphDocument* doc = nullptr, QWidget* parent = nullptr);
    ~SeriesImportDialog() override;

    // Opens a file as if typed and confirmed (tests, drag and drop).
    void setPath(const QString& path);
    // Switches to the synthetic series (File > New Synthetic Series...).
    void setSynthetic(bool on);
    // The options the controls describe now (no fitted values).
    core::SeriesOptions options() const;
    QString path() const;
    // The last windowing (null when refused) and why Import is disabled ("" when enabled).
    const core::SeriesData* preview() const { return preview_ ? &*preview_ : nullptr; }
    QString errorText() const { return error_; }
    QString summaryText() const;
    bool canAccept() const { return error_.isEmpty() && preview_.has_value(); }

    core::DataSource dataSource() const { return source_; }
    std::shared_ptr<const core::ProjectData> data() const { return data_; }

    void accept() override;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildUi();
    QWidget* buildGeneratorBox();
    void prefill(const core::DataSource& s);
    void readFile();      // path or time column changed: read the raw series, fill the column controls
    void refresh();       // any other control moved: window again, plot, summarise
    void plotPreview();
    void fillColumns();

    GraphDocument* doc_;
    std::optional<core::RawSeries> raw_;
    std::optional<core::SeriesData> preview_;
    QString error_;
    bool updating_ = false;
    core::DataSource source_;
    std::shared_ptr<const core::ProjectData> data_;

    QCheckBox* synthetic_ = nullptr;
    QLineEdit* path_ = nullptr;
    QPushButton* browse_ = nullptr;
    QWidget* fileBox_ = nullptr;
    QWidget* generatorBox_ = nullptr;
    QSpinBox *length_ = nullptr, *seed_ = nullptr;
    QDoubleSpinBox *period_ = nullptr, *amplitude_ = nullptr, *trend_ = nullptr, *seasonAmplitude_ = nullptr,
                   *seasonPeriod_ = nullptr, *noise_ = nullptr;
    QListWidget* columns_ = nullptr;
    QComboBox *target_ = nullptr, *time_ = nullptr, *scaling_ = nullptr, *missing_ = nullptr;
    QSpinBox *window_ = nullptr, *horizon_ = nullptr, *stride_ = nullptr;
    QDoubleSpinBox *validation_ = nullptr, *test_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QLabel *summary_ = nullptr, *errorLabel_ = nullptr;
    QPushButton* import_ = nullptr;
};

}  // namespace layerlab::ui
