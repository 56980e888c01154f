#include "ui/data/DatasetPanel.h"

#include "core/data/preprocess.h"
#include "ui/data/DataManager.h"
#include "ui/data/SampleImage.h"

#include <QCoreApplication>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>

namespace layerlab::ui {

namespace {

// The feature's name when the data names it (CSV header), else "feature N".
QString featureLabel(const core::Dataset& d, int i) {
    if (i >= 0 && static_cast<std::size_t>(i) < d.featureNames.size() && !d.featureNames[static_cast<std::size_t>(i)].empty())
        return QString::fromStdString(d.featureNames[static_cast<std::size_t>(i)]);
    return QCoreApplication::translate("DatasetPanel", "feature %1").arg(i + 1);
}

QString num(long n) { return QLocale().toString(static_cast<qlonglong>(n)); }
QString fnum(double v) { return QString::number(v, 'g', 4); }

QLabel* valueLabel(const char* name) {
    auto* l = new QLabel;
    l->setObjectName(QLatin1String(name));
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setWordWrap(true);
    return l;
}

constexpr int kImageScale = 8;

}  // namespace

DatasetPanel::DatasetPanel(DataManager* manager, QWidget* parent) : QWidget(parent), manager_(manager) {
    setObjectName(QStringLiteral("datasetPanel"));
    auto* root = new QVBoxLayout(this);
    root->setContentsMargins(6, 6, 6, 6);
    pages_ = new QStackedWidget;
    root->addWidget(pages_);

    // ---- state page: nothing / loading / error ----
    auto* state = new QWidget;
    auto* sl = new QVBoxLayout(state);
    stateText_ = new QLabel;
    stateText_->setObjectName(QStringLiteral("datasetState"));
    stateText_->setWordWrap(true);
    stateText_->setAlignment(Qt::AlignCenter);
    stateText_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    stateProgress_ = new QProgressBar;
    stateProgress_->setObjectName(QStringLiteral("datasetProgress"));
    stateProgress_->setRange(0, 1000);
    locate_ = new QPushButton(tr("Locate…"));
    locate_->setObjectName(QStringLiteral("datasetLocate"));
    getData_ = new QWidget;
    auto* gl = new QHBoxLayout(getData_);
    gl->addStretch();
    const struct {
        const char* name;
        QString text;
        void (DatasetPanel::*signal)();
    } ways[] = {{"datasetNewSynthetic", tr("New Synthetic Data…"), &DatasetPanel::syntheticRequested},
                {"datasetImportCsv", tr("Import CSV…"), &DatasetPanel::importCsvRequested},
                {"datasetImportIdx", tr("Import MNIST (IDX)…"), &DatasetPanel::importIdxRequested}};
    for (const auto& way : ways) {
        auto* b = new QPushButton(way.text);
        b->setObjectName(QLatin1String(way.name));
        connect(b, &QPushButton::clicked, this, way.signal);
        gl->addWidget(b);
    }
    gl->addStretch();
    sl->addStretch();
    sl->addWidget(stateText_);
    sl->addWidget(stateProgress_);
    sl->addWidget(locate_, 0, Qt::AlignHCenter);
    sl->addWidget(getData_);
    sl->addStretch();
    pages_->addWidget(state);

    // ---- data page ----
    auto* page = new QWidget;
    auto* pl = new QVBoxLayout(page);
    pl->setContentsMargins(0, 0, 0, 0);
    name_ = valueLabel("datasetName");
    QFont f = name_->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.15);
    name_->setFont(f);
    auto* nameRow = new QHBoxLayout;
    nameRow->addWidget(name_, 1);
    auto* synthetic = new QPushButton(tr("Synthetic data…"));
    synthetic->setObjectName(QStringLiteral("datasetSyntheticData"));
    synthetic->setToolTip(tr("Make XOR, circles, moons, spirals, blobs or sine data (File › New Synthetic Data…)"));
    connect(synthetic, &QPushButton::clicked, this, &DatasetPanel::syntheticRequested);
    nameRow->addWidget(synthetic);
    pl->addLayout(nameRow);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    counts_ = valueLabel("datasetCounts");
    features_ = valueLabel("datasetFeatures");
    shape_ = valueLabel("datasetShape");
    task_ = valueLabel("datasetTask");
    part_ = new QComboBox;
    part_->setObjectName(QStringLiteral("datasetPart"));
    form->addRow(tr("Samples:"), counts_);
    form->addRow(tr("Features:"), features_);
    form->addRow(tr("Input shape:"), shape_);
    form->addRow(tr("Task:"), task_);
    form->addRow(tr("Show:"), part_);
    pl->addLayout(form);

    tabs_ = new QTabWidget;
    tabs_->setObjectName(QStringLiteral("datasetTabs"));
    histogram_ = new QCustomPlot;
    histogram_->setObjectName(QStringLiteral("datasetHistogram"));
    histogram_->setMinimumHeight(160);
    tabs_->addTab(histogram_, tr("Classes"));

    auto* statsPage = new QWidget;
    auto* stl = new QVBoxLayout(statsPage);
    statsSummary_ = valueLabel("datasetStatsSummary");
    stats_ = new QTableWidget(0, 5);
    stats_->setObjectName(QStringLiteral("datasetStats"));
    stats_->setHorizontalHeaderLabels({tr("Feature"), tr("Min"), tr("Mean"),
                                       tr("Max"), tr("Std")});
    stats_->verticalHeader()->hide();
    stats_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    stats_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    statsSummary_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    statsImage_ = new QLabel;
    statsImage_->setObjectName(QStringLiteral("datasetMeanImage"));
    statsImage_->setAlignment(Qt::AlignCenter);
    stl->addWidget(statsSummary_);
    stl->addWidget(statsImage_);
    stl->addWidget(stats_, 1);
    stl->addStretch();
    tabs_->addTab(statsPage, tr("Features"));

    auto* samplePage = new QWidget;
    auto* spl = new QVBoxLayout(samplePage);
    auto* nav = new QHBoxLayout;
    sampleSpin_ = new QSpinBox;
    sampleSpin_->setObjectName(QStringLiteral("datasetSampleSpin"));
    sampleSlider_ = new QSlider(Qt::Horizontal);
    sampleSlider_->setObjectName(QStringLiteral("datasetSampleSlider"));
    nav->addWidget(new QLabel(tr("Sample")));
    nav->addWidget(sampleSpin_);
    nav->addWidget(sampleSlider_, 1);
    spl->addLayout(nav);
    sampleLabel_ = valueLabel("datasetSampleLabel");
    sampleLabel_->setAlignment(Qt::AlignCenter);
    spl->addWidget(sampleLabel_);
    sampleImage_ = new QLabel;
    sampleImage_->setObjectName(QStringLiteral("datasetSampleImage"));
    sampleImage_->setAlignment(Qt::AlignCenter);
    spl->addWidget(sampleImage_, 1);
    sampleValues_ = new QTableWidget(0, 2);
    sampleValues_->setObjectName(QStringLiteral("datasetSampleValues"));
    sampleValues_->setHorizontalHeaderLabels({tr("Feature"), tr("Value")});
    sampleValues_->verticalHeader()->hide();
    sampleValues_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    sampleValues_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    spl->addWidget(sampleValues_, 1);
    tabs_->addTab(samplePage, tr("Samples"));
    pl->addWidget(tabs_, 1);
    pages_->addWidget(page);

    connect(sampleSpin_, &QSpinBox::valueChanged, this, &DatasetPanel::onSampleChanged);
    connect(sampleSlider_, &QSlider::valueChanged, sampleSpin_, &QSpinBox::setValue);
    connect(part_, &QComboBox::currentIndexChanged, this, &DatasetPanel::onPartChanged);
    connect(locate_, &QPushButton::clicked, this,
            [this] { DataManager::askForMovedFile(this, manager_, missingField_, missingPath_); });
    connect(manager_, &DataManager::loadingStarted, this, &DatasetPanel::onLoadingStarted);
    connect(manager_, &DataManager::progress, this,
            [this](double fr) { stateProgress_->setValue(static_cast<int>(fr * 1000)); });
    connect(manager_, &DataManager::loaded, this, &DatasetPanel::onLoaded);
    connect(manager_, &DataManager::failed, this, &DatasetPanel::onFailed);
    connect(manager_, &DataManager::dataFileMissing, this, &DatasetPanel::onMissing);

    if (manager_->isLoading())
        onLoadingStarted();
    else if (!manager_->lastError().isEmpty())
        onFailed(manager_->lastError());
    else
        onLoaded();
}

void DatasetPanel::showState(const QString& text, bool error) {
    stateText_->setText(text);
    stateText_->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
    stateProgress_->setVisible(false);
    locate_->setVisible(false);
    getData_->setVisible(false);
    pages_->setCurrentIndex(0);
}

void DatasetPanel::onLoadingStarted() {
    showState(tr("Loading data…"), false);
    stateProgress_->setValue(0);
    stateProgress_->setVisible(true);
}

void DatasetPanel::onFailed(const QString& message) {
    current_.reset();
    showState(tr("The data could not be loaded:\n%1").arg(message), true);
    getData_->setVisible(true);
}

void DatasetPanel::onMissing(const QString& field, const QString& path) {
    current_.reset();
    missingField_ = field;
    missingPath_ = path;
    showState(tr("Data file not found:\n%1\n\nWas it moved? Locate it to load the data.").arg(path), true);
    locate_->setVisible(true);
}

void DatasetPanel::onLoaded() {
    const auto data = manager_->data();
    if (!data || !data->train) {
        current_.reset();
        showState(tr("No data yet. Make a synthetic data set (XOR, circles, moons, spirals, blobs, sine), "
                     "or import a CSV file or MNIST-format images:"),
                  false);
        getData_->setVisible(true);
        return;
    }
    const core::Dataset& t = *data->train;
    QString title = QString::fromStdString(t.name);
    if (title.endsWith(QLatin1String(" (train)"))) title.chop(8);  // the parts are listed below
    name_->setText(title);
    QStringList counts{tr("train %1").arg(num(t.count()))};
    if (data->validation) counts << tr("validation %1").arg(num(data->validation->count()));
    if (data->test) counts << tr("test %1").arg(num(data->test->count()));
    QString countText = counts.join(QStringLiteral(" · "));
    if (data->droppedRows > 0) countText += tr(" (%1 rows with missing values dropped)").arg(num(data->droppedRows));
    if (data->filledValues > 0)
        countText += tr(" (%1 missing values filled with the column mean)").arg(num(data->filledValues));
    counts_->setText(countText);
    features_->setText(num(t.featureCount()));
    shape_->setText(QString::fromStdString(t.inputShape.toString()) +
                    (t.isImage() ? tr(" (image, bytes)") : QString()));
    task_->setText(t.task == core::TaskKind::Classification
                       ? tr("classification, %1 classes").arg(t.classCount())
                       : tr("regression, %1 target value(s)").arg(std::max(1, t.targetDim)));
    tabs_->setTabText(0, t.task == core::TaskKind::Classification ? tr("Classes")
                                                                  : tr("Targets"));
    {
        const QSignalBlocker block(part_);
        part_->clear();
        part_->addItem(tr("Training set"));
        if (data->validation) part_->addItem(tr("Validation set"));
        if (data->test) part_->addItem(tr("Test set"));
    }
    pages_->setCurrentIndex(1);
    onPartChanged();
}

void DatasetPanel::onPartChanged() {
    const auto data = manager_->data();
    if (!data) return;
    const QString text = part_->currentText();
    current_ = text.startsWith(QLatin1String("Validation")) ? data->validation
               : text.startsWith(QLatin1String("Test"))     ? data->test
                                                            : data->train;
    if (!current_) current_ = data->train;
    fillHistogram();
    fillStats();
    const int n = current_->count();
    const bool image = canDrawSamples(*current_);
    sampleImage_->setVisible(image);
    sampleValues_->setVisible(!image);
    {
        const QSignalBlocker b1(sampleSpin_), b2(sampleSlider_);
        sampleSpin_->setRange(0, std::max(0, n - 1));
        sampleSlider_->setRange(0, std::max(0, n - 1));
        sampleSpin_->setSuffix(QStringLiteral("  (0–%1)").arg(num(std::max(0, n - 1))));
        sampleSpin_->setValue(0);
        sampleSlider_->setValue(0);
    }
    onSampleChanged(0);
}

void DatasetPanel::fillHistogram() {
    histogram_->clearPlottables();
    const core::Dataset& d = *current_;
    QVector<double> keys, values;
    QVector<QString> labels;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    double width = 0.7;
    if (d.task == core::TaskKind::Classification) {
        const std::vector<long> hist = core::classHistogram(d);
        int longest = 0;
        for (const std::string& n : d.classNames) longest = std::max(longest, static_cast<int>(n.size()));
        for (std::size_t c = 0; c < hist.size(); ++c) {
            keys << static_cast<double>(c);
            values << static_cast<double>(hist[c]);
            ticker->addTick(static_cast<double>(c), c < d.classNames.size() ? QString::fromStdString(d.classNames[c])
                                                                              : QString::number(c));
        }
        histogram_->xAxis->setLabel(tr("class"));
        histogram_->xAxis->setTicker(ticker);
        histogram_->xAxis->setTickLabelRotation(hist.size() > 6 && longest > 2 ? 45 : 0);
        histogram_->xAxis->setRange(-0.7, static_cast<double>(hist.size()) - 0.3);
    } else {
        // Regression: the first target's values in 20 equal bins.
        const auto dim = static_cast<std::size_t>(std::max(1, d.targetDim));
        std::vector<float> first;
        for (std::size_t i = 0; i < d.targets.size(); i += dim) first.push_back(d.targets[i]);
        const auto [lo, hi] = std::minmax_element(first.begin(), first.end());
        const double a = first.empty() ? 0 : *lo, b = first.empty() ? 1 : *hi;
        constexpr int bins = 20;
        const double step = b > a ? (b - a) / bins : 1.0;
        std::vector<double> counts(bins, 0.0);
        for (float v : first) counts[static_cast<std::size_t>(std::clamp(int((v - a) / step), 0, bins - 1))] += 1;
        for (int k = 0; k < bins; ++k) {
            keys << a + (k + 0.5) * step;
            values << counts[static_cast<std::size_t>(k)];
        }
        width = step * 0.9;
        histogram_->xAxis->setLabel(tr("target value"));
        histogram_->xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
        histogram_->xAxis->setTickLabelRotation(0);
        histogram_->xAxis->setRange(a - step, a + (bins + 1) * step);
    }
    auto* bars = new QCPBars(histogram_->xAxis, histogram_->yAxis);
    bars->setWidthType(QCPBars::wtPlotCoords);
    bars->setWidth(width);
    bars->setPen(QPen(QColor(0x2f, 0x6f, 0xb3)));
    bars->setBrush(QColor(0x4a, 0x90, 0xd9));
    bars->setData(keys, values, true);
    histogram_->yAxis->setLabel(tr("samples"));
    const double top = values.isEmpty() ? 1.0 : *std::max_element(values.begin(), values.end());
    histogram_->yAxis->setRange(0, std::max(1.0, top * 1.1));
    histogram_->replot();
}

void DatasetPanel::fillStats() {
    const core::Dataset& d = *current_;
    const core::FeatureStats s = core::featureStats(d);
    const std::size_t n = s.min.size();
    stats_->setRowCount(0);
    if (d.inputShape.isImage() || n > 256) {
        // One row per pixel says nothing: summarise over all features.
        if (n == 0) return;
        const float lo = *std::min_element(s.min.begin(), s.min.end());
        const float hi = *std::max_element(s.max.begin(), s.max.end());
        double mean = 0;
        for (float m : s.mean) mean += m;
        mean /= static_cast<double>(n);
        statsSummary_->setText(tr("%1 features (%2): values from %3 to %4, mean %5 over all "
                                              "features and samples (after preprocessing).")
                                   .arg(num(static_cast<long>(n)), QString::fromStdString(d.inputShape.toString()),
                                        fnum(lo), fnum(hi), fnum(mean)));
        stats_->setVisible(false);
        // The mean image: what an average sample looks like (drawn from the per-pixel means).
        core::Dataset meanImage;
        meanImage.inputShape = d.inputShape;
        meanImage.values = s.mean;
        statsImage_->setVisible(canDrawSamples(meanImage));
        if (canDrawSamples(meanImage)) {
            const QImage img = sampleImage(meanImage, 0);
            const int scale = std::max(1, 160 / std::max(1, std::max(img.width(), img.height())));
            statsImage_->setPixmap(QPixmap::fromImage(img.scaled(img.width() * scale, img.height() * scale,
                                                                 Qt::KeepAspectRatio, Qt::FastTransformation)));
            statsImage_->setToolTip(tr("The mean of every pixel over the samples"));
            statsSummary_->setText(statsSummary_->text() + tr("\nBelow: the mean image."));
        }
        return;
    }
    statsSummary_->setText(tr("Per feature, over %1 samples (after preprocessing):").arg(num(d.count())));
    stats_->setVisible(true);
    statsImage_->setVisible(false);
    stats_->setRowCount(static_cast<int>(n));
    for (std::size_t i = 0; i < n; ++i) {
        const int r = static_cast<int>(i);
        stats_->setItem(r, 0, new QTableWidgetItem(featureLabel(*current_, r)));
        const float vals[4] = {s.min[i], s.mean[i], s.max[i], i < s.stddev.size() ? s.stddev[i] : 0.0f};
        for (int c = 0; c < 4; ++c) {
            auto* item = new QTableWidgetItem(fnum(vals[c]));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            stats_->setItem(r, c + 1, item);
        }
    }
}

int DatasetPanel::currentSample() const { return current_ && current_->count() > 0 ? sampleSpin_->value() : -1; }

void DatasetPanel::showSample(int index) {
    if (!current_) return;
    sampleSpin_->setValue(std::clamp(index, 0, std::max(0, current_->count() - 1)));
}

void DatasetPanel::onSampleChanged(int index) {
    if (!current_ || current_->count() == 0) return;
    {
        const QSignalBlocker block(sampleSlider_);
        sampleSlider_->setValue(index);
    }
    const core::Dataset& d = *current_;
    sampleLabel_->setText(tr("Label: %1").arg(sampleLabel(d, index)));
    if (canDrawSamples(d)) {
        const QImage img = sampleImage(d, index);
        const int scale = std::max(1, std::min(kImageScale, 256 / std::max(1, std::max(img.width(), img.height()))));
        sampleImage_->setPixmap(QPixmap::fromImage(
            img.scaled(img.width() * scale, img.height() * scale, Qt::KeepAspectRatio, Qt::FastTransformation)));
    } else {
        const std::vector<float> x = d.sample(index);
        sampleValues_->setRowCount(static_cast<int>(x.size()));
        for (std::size_t i = 0; i < x.size(); ++i) {
            const int r = static_cast<int>(i);
            sampleValues_->setItem(r, 0, new QTableWidgetItem(featureLabel(*current_, r)));
            auto* item = new QTableWidgetItem(QString::number(x[i], 'g', 6));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            sampleValues_->setItem(r, 1, item);
        }
    }
    emit sampleSelected(index);
}

}  // namespace layerlab::ui
