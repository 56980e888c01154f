#include "ui/data/SeriesImportDialog.h"

#include "ui/data/ImportWork.h"
#include "ui/editor/GraphDocument.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>

namespace layerlab::ui {

namespace {

QString str(const std::string& s) { return QString::fromStdString(s); }

const QColor kSplitColours[3] = {QColor(52, 118, 200), QColor(226, 135, 40), QColor(46, 150, 110)};

QSpinBox* intBox(const char* name, int lo, int hi, int value) {
    auto* b = new QSpinBox;
    b->setObjectName(QLatin1String(name));
    b->setRange(lo, hi);
    b->setValue(value);
    return b;
}

QDoubleSpinBox* realBox(const char* name, double lo, double hi, double value, int decimals, double step) {
    auto* b = new QDoubleSpinBox;
    b->setObjectName(QLatin1String(name));
    b->setRange(lo, hi);
    b->setDecimals(decimals);
    b->setSingleStep(step);
    b->setValue(value);
    return b;
}

}  // namespace

SeriesImportDialog::SeriesImportDialog(GraphDocument* doc, QWidget* parent) : QDialog(parent), doc_(doc) {
    setWindowTitle(tr("Import Time Series"));
    buildUi();
    if (doc_ && doc_->project().data.kind == core::DataKind::Series) prefill(doc_->project().data);
    else refresh();
}

SeriesImportDialog::~SeriesImportDialog() = default;

void SeriesImportDialog::buildUi() {
    auto* top = new QVBoxLayout(this);
    auto* source = new QGroupBox(tr("Series"));
    auto* sourceLayout = new QVBoxLayout(source);
    synthetic_ = new QCheckBox(tr("Synthetic series (sine with noise, trend and seasonality)"));
    synthetic_->setObjectName(QStringLiteral("seriesSynthetic"));
    sourceLayout->addWidget(synthetic_);
    fileBox_ = new QWidget;
    auto* fileRow = new QHBoxLayout(fileBox_);
    fileRow->setContentsMargins(0, 0, 0, 0);
    path_ = new QLineEdit;
    path_->setObjectName(QStringLiteral("seriesPath"));
    path_->setPlaceholderText(tr("A CSV file with a header line, a date or time column and numeric columns"));
    browse_ = new QPushButton(tr("Browse…"));
    browse_->setObjectName(QStringLiteral("seriesBrowse"));
    browse_->setAutoDefault(false);
    path_->installEventFilter(this);
    fileRow->addWidget(new QLabel(tr("File:")));
    fileRow->addWidget(path_, 1);
    fileRow->addWidget(browse_);
    sourceLayout->addWidget(fileBox_);
    generatorBox_ = buildGeneratorBox();
    generatorBox_->setVisible(false);
    sourceLayout->addWidget(generatorBox_);
    top->addWidget(source);

    auto* middle = new QHBoxLayout;
    auto* columnsBox = new QGroupBox(tr("Columns"));
    auto* columnsForm = new QFormLayout(columnsBox);
    columns_ = new QListWidget;
    columns_->setObjectName(QStringLiteral("seriesValueColumns"));
    columns_->setToolTip(tr("The columns each time step of a window holds (the network's features)."));
    columns_->setMaximumHeight(110);
    target_ = new QComboBox;
    target_->setObjectName(QStringLiteral("seriesTarget"));
    target_->setToolTip(tr("The column to forecast."));
    time_ = new QComboBox;
    time_->setObjectName(QStringLiteral("seriesTime"));
    time_->setToolTip(tr("The time axis: detected (a date column, or one named year, date, time ...), none (the row "
                         "number), or a column you name."));
    columnsForm->addRow(tr("Inputs:"), columns_);
    columnsForm->addRow(tr("Target:"), target_);
    columnsForm->addRow(tr("Time:"), time_);
    middle->addWidget(columnsBox, 1);

    auto* windowBox = new QGroupBox(tr("Windows and splits"));
    auto* windowForm = new QFormLayout(windowBox);
    window_ = intBox("seriesWindow", 1, core::kMaxSeriesWindow, 30);
    window_->setToolTip(tr("Time steps in one window: the network's input is window x inputs."));
    horizon_ = intBox("seriesHorizon", 1, core::kMaxSeriesWindow, 1);
    horizon_->setToolTip(tr("How many steps after a window's last step its target lies (1 = the next value)."));
    stride_ = intBox("seriesStride", 1, core::kMaxSeriesWindow, 1);
    stride_->setToolTip(tr("Steps between the starts of two windows."));
    validation_ = realBox("seriesValidation", 0, 90, 10, 0, 5);
    validation_->setSuffix(QStringLiteral(" %"));
    test_ = realBox("seriesTest", 0, 90, 20, 0, 5);
    test_->setSuffix(QStringLiteral(" %"));
    scaling_ = new QComboBox;
    scaling_->setObjectName(QStringLiteral("seriesScaling"));
    scaling_->addItem(tr("Z-score (mean 0, deviation 1)"), int(core::SeriesScaling::ZScore));
    scaling_->addItem(tr("Min-max to [0, 1]"), int(core::SeriesScaling::MinMax));
    scaling_->addItem(tr("None"), int(core::SeriesScaling::None));
    scaling_->setToolTip(tr("Fitted on the training rows only, so nothing about the later rows leaks into training."));
    missing_ = new QComboBox;
    missing_->setObjectName(QStringLiteral("seriesMissing"));
    missing_->addItem(tr("Interpolate"), int(core::SeriesMissing::Interpolate));
    missing_->addItem(tr("Drop the windows holding one"), int(core::SeriesMissing::DropWindows));
    windowForm->addRow(tr("Window:"), window_);
    windowForm->addRow(tr("Horizon:"), horizon_);
    windowForm->addRow(tr("Stride:"), stride_);
    windowForm->addRow(tr("Validation (later rows):"), validation_);
    windowForm->addRow(tr("Test (last rows):"), test_);
    windowForm->addRow(tr("Scaling:"), scaling_);
    windowForm->addRow(tr("Missing values:"), missing_);
    middle->addWidget(windowBox, 1);
    top->addLayout(middle);

    plot_ = new QCustomPlot;
    plot_->setObjectName(QStringLiteral("seriesPreview"));
    plot_->setMinimumHeight(180);
    plot_->legend->setVisible(true);
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    top->addWidget(plot_, 1);
    summary_ = new QLabel;
    summary_->setObjectName(QStringLiteral("seriesSummary"));
    summary_->setWordWrap(true);
    top->addWidget(summary_);
    errorLabel_ = new QLabel;
    errorLabel_->setObjectName(QStringLiteral("seriesError"));
    errorLabel_->setWordWrap(true);
    errorLabel_->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
    top->addWidget(errorLabel_);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    import_ = buttons->addButton(tr("Import"), QDialogButtonBox::AcceptRole);
    import_->setObjectName(QStringLiteral("seriesImport"));
    import_->setDefault(true);
    top->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    connect(synthetic_, &QCheckBox::toggled, this, [this](bool on) {
        fileBox_->setVisible(!on);
        generatorBox_->setVisible(on);
        readFile();
    });
    connect(path_, &QLineEdit::editingFinished, this, &SeriesImportDialog::readFile);
    connect(browse_, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Import Time Series"), QFileInfo(path()).absolutePath(),
                                                       tr("CSV files (*.csv *.tsv *.txt);;All files (*)"));
        if (!f.isEmpty()) setPath(f);
    });
    connect(time_, &QComboBox::currentIndexChanged, this, [this] {
        if (!updating_) readFile();
    });
    connect(columns_, &QListWidget::itemChanged, this, [this] {
        if (!updating_) refresh();
    });
    for (QComboBox* c : {target_, scaling_, missing_})
        connect(c, &QComboBox::currentIndexChanged, this, [this] {
            if (!updating_) refresh();
        });
    for (QSpinBox* b : {window_, horizon_, stride_})
        connect(b, &QSpinBox::valueChanged, this, [this] {
            if (!updating_) refresh();
        });
    for (QDoubleSpinBox* b : {validation_, test_})
        connect(b, &QDoubleSpinBox::valueChanged, this, [this] {
            if (!updating_) refresh();
        });
}

QWidget* SeriesImportDialog::buildGeneratorBox() {
    auto* box = new QWidget;
    auto* form = new QFormLayout(box);
    form->setContentsMargins(0, 0, 0, 0);
    const core::SeriesGenerator g;
    length_ = intBox("seriesLength", core::kMinSeriesLength, 1000000, g.length);
    period_ = realBox("seriesPeriod", 1, 100000, g.period, 1, 5);
    amplitude_ = realBox("seriesAmplitude", 0, 1000, g.amplitude, 2, 0.1);
    trend_ = realBox("seriesTrend", -10, 10, g.trend, 4, 0.001);
    seasonAmplitude_ = realBox("seriesSeasonAmplitude", 0, 1000, g.seasonAmplitude, 2, 0.1);
    seasonPeriod_ = realBox("seriesSeasonPeriod", 1, 100000, g.seasonPeriod, 1, 1);
    noise_ = realBox("seriesNoise", 0, 100, g.noise, 3, 0.05);
    seed_ = intBox("seriesSeed", 0, 1000000, static_cast<int>(g.seed));
    form->addRow(tr("Length (steps):"), length_);
    form->addRow(tr("Sine period:"), period_);
    form->addRow(tr("Sine amplitude:"), amplitude_);
    form->addRow(tr("Trend per step:"), trend_);
    form->addRow(tr("Season amplitude:"), seasonAmplitude_);
    form->addRow(tr("Season period:"), seasonPeriod_);
    form->addRow(tr("Noise (deviation):"), noise_);
    form->addRow(tr("Seed:"), seed_);
    for (QSpinBox* b : {length_, seed_})
        connect(b, &QSpinBox::valueChanged, this, [this] {
            if (!updating_) readFile();
        });
    for (QDoubleSpinBox* b : {period_, amplitude_, trend_, seasonAmplitude_, seasonPeriod_, noise_})
        connect(b, &QDoubleSpinBox::valueChanged, this, [this] {
            if (!updating_) readFile();
        });
    return box;
}

bool SeriesImportDialog::eventFilter(QObject* watched, QEvent* event) {
    // QLineEdit passes Enter on to the dialog, whose default button is Import:
    // in the file field Enter means "read this file" instead.
    if (watched == path_ && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            readFile();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void SeriesImportDialog::prefill(const core::DataSource& s) {
    const core::SeriesOptions& o = s.series;
    updating_ = true;
    synthetic_->setChecked(o.synthetic);
    fileBox_->setVisible(!o.synthetic);
    generatorBox_->setVisible(o.synthetic);
    QString p = str(s.seriesPath);
    if (!p.isEmpty() && QFileInfo(p).isRelative() && doc_ && !doc_->filePath().isEmpty())
        p = QFileInfo(QFileInfo(doc_->filePath()).absolutePath() + QLatin1Char('/') + p).absoluteFilePath();
    path_->setText(p);
    length_->setValue(o.generator.length);
    period_->setValue(o.generator.period);
    amplitude_->setValue(o.generator.amplitude);
    trend_->setValue(o.generator.trend);
    seasonAmplitude_->setValue(o.generator.seasonAmplitude);
    seasonPeriod_->setValue(o.generator.seasonPeriod);
    noise_->setValue(o.generator.noise);
    seed_->setValue(static_cast<int>(o.generator.seed));
    window_->setValue(o.window);
    horizon_->setValue(o.horizon);
    stride_->setValue(o.stride);
    validation_->setValue(o.validationFraction * 100);
    test_->setValue(o.testFraction * 100);
    scaling_->setCurrentIndex(scaling_->findData(int(o.scaling)));
    missing_->setCurrentIndex(missing_->findData(int(o.missing)));
    updating_ = false;
    readFile();
    // The column choices as saved (readFile offered every numeric column).
    updating_ = true;
    if (!o.valueColumns.empty())
        for (int i = 0; i < columns_->count(); ++i) {
            QListWidgetItem* it = columns_->item(i);
            const bool on = std::find(o.valueColumns.begin(), o.valueColumns.end(), it->text().toStdString()) !=
                            o.valueColumns.end();
            it->setCheckState(on ? Qt::Checked : Qt::Unchecked);
        }
    if (!o.targetColumn.empty()) target_->setCurrentText(str(o.targetColumn));
    if (const int t = time_->findData(str(o.timeColumn)); t >= 0) time_->setCurrentIndex(t);
    updating_ = false;
    refresh();
}

void SeriesImportDialog::setPath(const QString& p) {
    synthetic_->setChecked(false);
    path_->setText(p);
    readFile();
}

void SeriesImportDialog::setSynthetic(bool on) { synthetic_->setChecked(on); }

QString SeriesImportDialog::path() const { return path_->text().trimmed(); }

core::SeriesOptions SeriesImportDialog::options() const {
    core::SeriesOptions o;
    o.synthetic = synthetic_->isChecked();
    o.generator.length = length_->value();
    o.generator.period = period_->value();
    o.generator.amplitude = amplitude_->value();
    o.generator.trend = trend_->value();
    o.generator.seasonAmplitude = seasonAmplitude_->value();
    o.generator.seasonPeriod = seasonPeriod_->value();
    o.generator.noise = noise_->value();
    o.generator.seed = static_cast<std::uint64_t>(seed_->value());
    if (!o.synthetic) {
        for (int i = 0; i < columns_->count(); ++i)
            if (columns_->item(i)->checkState() == Qt::Checked) o.valueColumns.push_back(columns_->item(i)->text().toStdString());
        o.targetColumn = target_->currentText().toStdString();
        o.timeColumn = time_->currentData().toString().toStdString();
    }
    o.window = window_->value();
    o.horizon = horizon_->value();
    o.stride = stride_->value();
    o.validationFraction = validation_->value() / 100.0;
    o.testFraction = test_->value() / 100.0;
    o.scaling = static_cast<core::SeriesScaling>(scaling_->currentData().toInt());
    o.missing = static_cast<core::SeriesMissing>(missing_->currentData().toInt());
    return o;
}

void SeriesImportDialog::readFile() {
    raw_.reset();
    error_.clear();
    core::SeriesOptions o = options();
    if (o.synthetic) {
        auto r = core::generateSeries(o.generator);
        if (r) raw_ = std::move(r).value();
        else error_ = str(r.error().toString());
    } else if (!path().isEmpty()) {
        o.valueColumns.clear();
        o.targetColumn.clear();
        auto r = core::readRawSeries(path().toStdString(), o);
        if (r) raw_ = std::move(r).value();
        else error_ = str(r.error().toString());
    }
    fillColumns();
    refresh();
}

void SeriesImportDialog::fillColumns() {
    updating_ = true;
    const QString keepTarget = target_->currentText();
    const QString keepTime = time_->currentData().toString();
    std::vector<QString> checked;
    for (int i = 0; i < columns_->count(); ++i)
        if (columns_->item(i)->checkState() == Qt::Checked) checked.push_back(columns_->item(i)->text());
    columns_->clear();
    target_->clear();
    time_->clear();
    time_->addItem(tr("Detect"), QString());
    time_->addItem(tr("None (row number)"), QStringLiteral("-"));
    if (raw_ && !synthetic_->isChecked()) {
        if (raw_->timeName != "row") time_->addItem(str(raw_->timeName), str(raw_->timeName));
        for (const std::string& c : raw_->columns) {
            auto* it = new QListWidgetItem(str(c), columns_);
            const bool keep = checked.empty() || std::find(checked.begin(), checked.end(), str(c)) != checked.end();
            it->setCheckState(keep ? Qt::Checked : Qt::Unchecked);
            target_->addItem(str(c));
            if (time_->findData(str(c)) < 0) time_->addItem(str(c), str(c));
        }
        if (const int t = target_->findText(keepTarget); t >= 0) target_->setCurrentIndex(t);
        if (const int t = time_->findData(keepTime); t >= 0) time_->setCurrentIndex(t);
    }
    columns_->setEnabled(!synthetic_->isChecked());
    target_->setEnabled(!synthetic_->isChecked());
    time_->setEnabled(!synthetic_->isChecked());
    updating_ = false;
}

void SeriesImportDialog::refresh() {
    preview_.reset();
    if (raw_) {
        error_.clear();
        auto s = core::windowSeries(*raw_, options());
        if (s) preview_ = std::move(s).value();
        else error_ = str(s.error().toString());
    } else if (error_.isEmpty()) {
        error_ = synthetic_->isChecked() ? tr("the generator's settings are refused")
                                         : tr("Choose a CSV file with a header line and numeric columns.");
    }
    errorLabel_->setText(error_);
    errorLabel_->setVisible(!error_.isEmpty());
    summary_->setText(summaryText());
    import_->setEnabled(canAccept());
    plotPreview();
}

QString SeriesImportDialog::summaryText() const {
    if (!preview_ || !raw_) return {};
    const core::SeriesData& s = *preview_;
    const core::Dataset& t = s.train;
    QString text = tr("%1 rows by %2. Windows of %3 x %4 → training %5, validation %6, test %7 windows.")
                       .arg(raw_->rows())
                       .arg(str(raw_->timeName))
                       .arg(t.inputShape.dims[0])
                       .arg(t.inputShape.dims[1])
                       .arg(s.train.count())
                       .arg(s.validation.count())
                       .arg(s.test.count());
    if (s.boundaryWindows > 0) text += QLatin1Char(' ') + tr("%1 windows cross a split boundary and are left out (no leakage).").arg(s.boundaryWindows);
    if (s.filledValues > 0) text += QLatin1Char(' ') + tr("%1 missing values interpolated.").arg(s.filledValues);
    if (s.droppedWindows > 0) text += QLatin1Char(' ') + tr("%1 windows with a missing value dropped.").arg(s.droppedWindows);
    if (s.sortedByTime) text += QLatin1Char(' ') + tr("The file was newest first; its rows are put in time order.");
    return text;
}

void SeriesImportDialog::plotPreview() {
    plot_->clearGraphs();
    if (preview_ && raw_) {
        const core::SeriesData& s = *preview_;
        const auto& bounds = s.rowBounds;  // the split of the rows, as windowSeries made it
        const QString names[3] = {tr("training rows"), tr("validation rows"), tr("test rows")};
        for (int k = 0; k < 3; ++k) {
            if (bounds[k + 1] <= bounds[k]) continue;
            QCPGraph* g = plot_->addGraph();
            g->setName(names[k]);
            g->setPen(QPen(kSplitColours[k], 1.6));
            QVector<double> x, y;
            for (long r = std::max(0L, bounds[k] - (k > 0 ? 1 : 0)); r < bounds[k + 1]; ++r) {
                x.push_back(s.time[static_cast<std::size_t>(r)]);
                y.push_back(s.targetSeries[static_cast<std::size_t>(r)]);
            }
            g->setData(x, y, true);
        }
        plot_->xAxis->setLabel(str(raw_->timeName) + (raw_->timeIsDate ? tr(" (days since 1970)") : QString()));
        plot_->yAxis->setLabel(synthetic_->isChecked() ? tr("value") : target_->currentText());
        plot_->rescaleAxes();
    }
    plot_->replot();
}

void SeriesImportDialog::accept() {
    if (!canAccept()) return;
    core::DataSource s;
    s.kind = core::DataKind::Series;
    s.series = options();
    if (!s.series.synthetic) s.seriesPath = QFileInfo(path()).absoluteFilePath().toStdString();
    auto loaded = core::loadProjectData(dataProject(s), std::string());
    if (!loaded) {
        error_ = str(loaded.error().toString());
        errorLabel_->setText(error_);
        errorLabel_->setVisible(true);
        return;
    }
    if (loaded->series) s.series = *loaded->series;
    source_ = s;
    data_ = std::make_shared<const core::ProjectData>(std::move(loaded).value());
    QDialog::accept();
}

}  // namespace layerlab::ui
