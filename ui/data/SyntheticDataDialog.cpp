#include "ui/data/SyntheticDataDialog.h"

#include "core/data/preprocess.h"
#include "ui/data/ImportWork.h"
#include "ui/editor/GraphDocument.h"
#include "ui/training/BoundaryView.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <numbers>

namespace layerlab::ui {

namespace {

using core::SyntheticKind;

constexpr int kNoiseSteps = 100;  // the slider moves in steps of 0.01
constexpr int kMaxSamples = 10000;
constexpr int kSliderSamples = 1000;

QSpinBox* spin(const char* name, int lo, int hi, int value, const QString& suffix = {}) {
    auto* s = new QSpinBox;
    s->setObjectName(QLatin1String(name));
    s->setRange(lo, hi);
    s->setValue(value);
    s->setSuffix(suffix);
    return s;
}

bool hasClassCount(SyntheticKind k) { return k == SyntheticKind::Spirals || k == SyntheticKind::Blobs; }

QString num(long n) { return QLocale().toString(static_cast<qlonglong>(n)); }

int partCount(const std::shared_ptr<const core::Dataset>& d) { return d ? d->count() : 0; }

}  // namespace

SyntheticDataDialog::SyntheticDataDialog(GraphDocument* doc, QWidget* parent) : QDialog(parent), doc_(doc) {
    setObjectName(QStringLiteral("syntheticDataDialog"));
    setWindowTitle(tr("New Synthetic Data"));
    buildUi();
    core::SyntheticOptions o;
    o.kind = SyntheticKind::Xor;
    o.samples = 200;
    o.noise = 0.1;
    double validation = startingValidationSplit(doc_ ? &doc_->project() : nullptr);
    double test = 0;
    if (doc_ && doc_->project().data.kind == core::DataKind::Synthetic) {
        o = doc_->project().data.synthetic;
        keptPreprocessing_ = doc_->project().data.preprocessing;
        test = keptPreprocessing_.testSplit;
    }
    keptPreprocessing_.offset.clear();
    keptPreprocessing_.scale.clear();
    setOptions(o, validation, test);
}

SyntheticDataDialog::~SyntheticDataDialog() = default;

void SyntheticDataDialog::buildUi() {
    auto* root = new QVBoxLayout(this);
    auto* columns = new QHBoxLayout;
    root->addLayout(columns, 1);
    auto* left = new QVBoxLayout;
    auto* box = new QGroupBox(tr("Data set"));
    auto* form = new QFormLayout(box);

    generator_ = new QComboBox;
    generator_->setObjectName(QStringLiteral("synthGenerator"));
    generator_->addItem(tr("XOR: four clusters, opposite corners alike"), int(SyntheticKind::Xor));
    generator_->addItem(tr("Circles: a ring around a disc"), int(SyntheticKind::Circles));
    generator_->addItem(tr("Moons: two interleaved half circles"), int(SyntheticKind::Moons));
    generator_->addItem(tr("Spirals: arms winding out of the centre"), int(SyntheticKind::Spirals));
    generator_->addItem(tr("Blobs: clusters around a circle"), int(SyntheticKind::Blobs));
    generator_->addItem(tr("Sine: regression, y = sin(x) + noise"), int(SyntheticKind::Sine));
    truthTable_ = new QPushButton(tr("XOR truth table (4 rows, no noise, no splits)"));
    truthTable_->setObjectName(QStringLiteral("synthTruthTable"));
    truthTable_->setAutoDefault(false);
    truthTable_->setToolTip(tr("The four rows of XOR: (0,0)→0, (0,1)→1, (1,0)→1, (1,1)→0"));

    samples_ = spin("synthSamples", 1, kMaxSamples, 200);
    samplesSlider_ = new QSlider(Qt::Horizontal);
    samplesSlider_->setObjectName(QStringLiteral("synthSamplesSlider"));
    samplesSlider_->setRange(1, kSliderSamples);
    auto* samplesRow = new QHBoxLayout;
    samplesRow->addWidget(samplesSlider_, 1);
    samplesRow->addWidget(samples_);

    noise_ = new QSlider(Qt::Horizontal);
    noise_->setObjectName(QStringLiteral("synthNoise"));
    noise_->setRange(0, kNoiseSteps);
    noise_->setPageStep(5);
    noiseValue_ = new QLabel;
    noiseValue_->setObjectName(QStringLiteral("synthNoiseValue"));
    noiseValue_->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("0.000")));
    auto* noiseRow = new QHBoxLayout;
    noiseRow->addWidget(noise_, 1);
    noiseRow->addWidget(noiseValue_);

    classes_ = spin("synthClasses", 2, 10, 3);
    classesNote_ = new QLabel;
    classesNote_->setObjectName(QStringLiteral("synthClassesNote"));
    auto* classesRow = new QHBoxLayout;
    classesRow->addWidget(classes_);
    classesRow->addWidget(classesNote_, 1);

    seed_ = spin("synthSeed", 0, INT_MAX, 1);
    validation_ = spin("synthValidation", 0, 90, 10, QStringLiteral(" %"));
    test_ = spin("synthTest", 0, 90, 0, QStringLiteral(" %"));

    form->addRow(tr("Generator:"), generator_);
    form->addRow(QString(), truthTable_);
    form->addRow(tr("Samples:"), samplesRow);
    form->addRow(tr("Noise:"), noiseRow);
    form->addRow(tr("Classes:"), classesRow);
    form->addRow(tr("Seed:"), seed_);
    form->addRow(tr("Validation split:"), validation_);
    form->addRow(tr("Test split:"), test_);
    auto* seriesHint = new QLabel(tr("A time series for recurrent networks (sine, trend, season): File › New "
                                     "Synthetic Series…"));
    seriesHint->setObjectName(QStringLiteral("synthSeriesHint"));
    seriesHint->setWordWrap(true);
    seriesHint->setStyleSheet(QStringLiteral("color: #555;"));  // a pointer, not a control
    form->addRow(QString(), seriesHint);
    left->addWidget(box);

    summary_ = new QLabel;
    summary_->setObjectName(QStringLiteral("synthSummary"));
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    warningLabel_ = new QLabel;
    warningLabel_->setObjectName(QStringLiteral("synthWarning"));
    warningLabel_->setWordWrap(true);
    warningLabel_->setStyleSheet(QStringLiteral("color: #8a5300;"));
    errorLabel_ = new QLabel;
    errorLabel_->setObjectName(QStringLiteral("synthError"));
    errorLabel_->setWordWrap(true);
    errorLabel_->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
    left->addWidget(summary_);
    left->addWidget(warningLabel_);
    left->addWidget(errorLabel_);
    left->addStretch(1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    ok_ = buttons->button(QDialogButtonBox::Ok);
    ok_->setObjectName(QStringLiteral("synthOk"));
    ok_->setText(tr("Use this data"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("synthCancel"));
    columns->addLayout(left, 0);

    plot_ = new QCustomPlot;
    plot_->setObjectName(QStringLiteral("synthPreview"));
    plot_->setMinimumSize(460, 420);
    // The legend in a row under the plot, so it never hides points.
    plot_->legend->setVisible(true);
    plot_->axisRect()->insetLayout()->take(plot_->legend);
    plot_->plotLayout()->addElement(1, 0, plot_->legend);
    plot_->plotLayout()->setRowStretchFactor(1, 0.001);
    plot_->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot_->legend->setWrap(6);
    plot_->legend->setBorderPen(Qt::NoPen);
    plot_->legend->setBrush(Qt::NoBrush);
    columns->addWidget(plot_, 1);
    root->addWidget(buttons);

    connect(generator_, &QComboBox::currentIndexChanged, this, &SyntheticDataDialog::refresh);
    connect(samplesSlider_, &QSlider::valueChanged, samples_, &QSpinBox::setValue);
    connect(samples_, &QSpinBox::valueChanged, this, [this](int v) {
        const QSignalBlocker block(samplesSlider_);
        samplesSlider_->setValue(std::min(v, kSliderSamples));
        refresh();
    });
    connect(noise_, &QSlider::valueChanged, this, &SyntheticDataDialog::refresh);
    for (QSpinBox* s : {classes_, seed_, validation_, test_})
        connect(s, &QSpinBox::valueChanged, this, &SyntheticDataDialog::refresh);
    connect(truthTable_, &QPushButton::clicked, this, [this] {
        core::SyntheticOptions o = options();
        o.kind = SyntheticKind::Xor;
        o.samples = 4;
        o.noise = 0;
        setOptions(o, 0, 0);
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &SyntheticDataDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SyntheticDataDialog::reject);
}

void SyntheticDataDialog::setOptions(const core::SyntheticOptions& o, double validation, double test) {
    updating_ = true;
    generator_->setCurrentIndex(std::max(0, generator_->findData(int(o.kind))));
    samples_->setValue(std::clamp(o.samples, 1, kMaxSamples));
    noise_->setValue(std::clamp(static_cast<int>(std::lround(o.noise * kNoiseSteps)), 0, kNoiseSteps));
    classes_->setValue(std::clamp(o.classes, 2, 10));
    seed_->setValue(static_cast<int>(std::min<std::uint64_t>(o.seed, INT_MAX)));
    validation_->setValue(static_cast<int>(std::lround(validation * 100)));
    test_->setValue(static_cast<int>(std::lround(test * 100)));
    updating_ = false;
    refresh();
}

core::SyntheticOptions SyntheticDataDialog::options() const {
    core::SyntheticOptions o;
    o.kind = static_cast<SyntheticKind>(generator_->currentData().toInt());
    o.samples = samples_->value();
    o.noise = noise_->value() / double(kNoiseSteps);
    o.classes = classes_->value();
    o.seed = static_cast<std::uint64_t>(seed_->value());
    return o;
}

double SyntheticDataDialog::validationSplit() const { return validation_->value() / 100.0; }
double SyntheticDataDialog::testSplit() const { return test_->value() / 100.0; }
QString SyntheticDataDialog::errorText() const { return error_; }
QString SyntheticDataDialog::warningText() const { return warning_; }
bool SyntheticDataDialog::canAccept() const { return error_.isEmpty() && preview_ != nullptr; }

core::DataSource SyntheticDataDialog::currentSource(bool forPreview) const {
    core::DataSource s;
    s.kind = core::DataKind::Synthetic;
    s.synthetic = options();
    s.preprocessing = keptPreprocessing_;
    s.preprocessing.testSplit = testSplit();
    setImportSplit(s.preprocessing, validationSplit(), doc_ ? &doc_->project() : nullptr);
    if (forPreview) s.preprocessing.normalization = core::Normalization::None;  // the preview is in data units
    return s;
}

void SyntheticDataDialog::refresh() {
    if (updating_) return;
    const core::SyntheticOptions o = options();
    const std::string_view kindName = core::syntheticName(o.kind);
    const QString name = QString::fromLatin1(kindName.data(), static_cast<qsizetype>(kindName.size()));
    classes_->setEnabled(hasClassCount(o.kind));
    classesNote_->setText(o.kind == SyntheticKind::Sine ? tr("regression: no classes")
                          : hasClassCount(o.kind)      ? QString()
                                                       : tr("%1 always has 2").arg(name));
    noiseValue_->setText(QString::number(o.noise, 'f', 2));

    error_.clear();
    warning_.clear();
    preview_.reset();
    if (validation_->value() + test_->value() > 90) {
        error_ = tr("Validation and test splits together leave less than 10% for training.");
    } else {
        auto r = core::loadProjectData(dataProject(currentSource(true)), {});
        if (r) preview_ = std::make_shared<const core::ProjectData>(std::move(r).value());
        else error_ = QString::fromStdString(r.error().message);
    }

    QString summary;
    if (preview_) {
        const core::Dataset& t = *preview_->train;
        const int nVal = partCount(preview_->validation), nTest = partCount(preview_->test);
        const int total = t.count() + nVal + nTest;
        summary = t.task == core::TaskKind::Classification
                      ? tr("%1 samples · %2 features · %3 classes").arg(num(total)).arg(t.featureCount()).arg(t.classCount())
                      : tr("%1 samples · 1 feature x · regression target y").arg(num(total));
        summary += QLatin1Char('\n') + tr("Split: %1 training, %2 validation, %3 test")
                                           .arg(num(t.count()), num(nVal), num(nTest));
        auto roundsAway = [&](int percent, int count, const QString& part) {
            if (percent > 0 && count == 0)
                summary += QLatin1Char('\n') + tr("%1 % of %2 samples gives no %3 samples.").arg(percent).arg(total).arg(part);
        };
        roundsAway(validation_->value(), nVal, tr("validation"));
        roundsAway(test_->value(), nTest, tr("test"));
        if (nVal + nTest > 0) summary += QLatin1Char('\n') + tr("Preview: filled = training, rings = validation, squares = test.");
        // Warnings a teacher wants before the lesson, not after.
        const bool truthTable = o.kind == SyntheticKind::Xor && o.samples == 4 && o.noise == 0.0;
        if (truthTable && nVal + nTest > 0) {
            warning_ = tr("The splits take %n of the four truth-table rows away from training, so the network "
                          "cannot learn the whole table: set both splits to 0 %.", nullptr, nVal + nTest);
        } else if (t.task == core::TaskKind::Classification) {
            const std::vector<long> h = core::classHistogram(t);
            for (std::size_t k = 0; k < h.size(); ++k)
                if (h[k] == 0) {
                    warning_ = tr("Class %1 has no training samples: use more samples or smaller splits.").arg(k);
                    break;
                }
        }
    }
    summary_->setText(summary);
    warningLabel_->setText(warning_);
    warningLabel_->setVisible(!warning_.isEmpty());
    errorLabel_->setText(error_);
    errorLabel_->setVisible(!error_.isEmpty());
    ok_->setEnabled(canAccept());
    plotPreview();
}

void SyntheticDataDialog::plotPreview() {
    plot_->clearGraphs();
    plot_->clearItems();
    if (!preview_) {
        plot_->replot();
        return;
    }
    const core::Dataset& train = *preview_->train;
    const bool regression = train.task == core::TaskKind::Regression;
    const int total = train.count() + partCount(preview_->validation) + partCount(preview_->test);
    const double size = total <= 16 ? 14 : total <= 200 ? 8 : total <= 1000 ? 6 : 4;
    struct Part {
        const core::Dataset* data;
        QCPScatterStyle::ScatterShape shape;
        bool filled;
        QString name;
    };
    const Part parts[] = {{&train, QCPScatterStyle::ssDisc, true, tr("training")},
                          {preview_->validation.get(), QCPScatterStyle::ssCircle, false, tr("validation")},
                          {preview_->test.get(), QCPScatterStyle::ssSquare, false, tr("test")}};
    double lo[2] = {1e300, 1e300}, hi[2] = {-1e300, -1e300};
    auto extend = [&](int axis, double v) {
        lo[axis] = std::min(lo[axis], v);
        hi[axis] = std::max(hi[axis], v);
    };
    const int groups = regression ? 1 : train.classCount();
    for (const Part& p : parts) {
        if (!p.data || p.data->count() == 0) continue;
        for (int k = 0; k < groups; ++k) {
            QVector<double> xs, ys;
            for (int i = 0; i < p.data->count(); ++i) {
                const auto at = static_cast<std::size_t>(i);
                if (!regression && p.data->labels[at] != k) continue;
                const double x = p.data->values[regression ? at : 2 * at];
                const double y = regression ? p.data->targets[at] : p.data->values[2 * at + 1];
                xs << x;
                ys << y;
                extend(0, x);
                extend(1, y);
            }
            const QColor c = regression ? QColor(31, 119, 180) : BoundaryView::classColor(k);
            QCPGraph* g = plot_->addGraph();
            g->setLineStyle(QCPGraph::lsNone);
            QPen pen(p.filled ? c.darker(130) : c, p.filled ? 1.0 : 2.0);
            g->setScatterStyle(QCPScatterStyle(p.shape, pen, p.filled ? QBrush(c) : QBrush(Qt::NoBrush), size));
            g->setData(xs, ys);
            const bool named = p.filled;
            g->setName(regression ? tr("samples") : QString::fromStdString(train.classNames[static_cast<std::size_t>(k)]));
            if (!named) g->removeFromLegend();
        }
        if (!p.filled) {  // one grey legend entry per held-out part
            QCPGraph* key = plot_->addGraph();
            key->setLineStyle(QCPGraph::lsNone);
            key->setScatterStyle(QCPScatterStyle(p.shape, QPen(Qt::darkGray, 2.0), Qt::NoBrush, 9));
            key->setName(p.name);
        }
    }
    if (regression) {
        QVector<double> xs, ys;
        for (int i = 0; i <= 200; ++i) {
            const double x = -std::numbers::pi + 2 * std::numbers::pi * i / 200.0;
            xs << x;
            ys << std::sin(x);
        }
        QCPGraph* curve = plot_->addGraph();
        curve->setPen(QPen(QColor(120, 120, 120), 1.5, Qt::DashLine));
        curve->setData(xs, ys, true);
        curve->setName(tr("sin(x)"));
        extend(1, -1);
        extend(1, 1);
    }
    // A margin around the points; the 2-D sets get the same span on both axes (a circle stays round).
    for (int a = 0; a < 2; ++a) {
        const double pad = std::max(0.08 * (hi[a] - lo[a]), 0.15);
        lo[a] -= pad;
        hi[a] += pad;
    }
    if (!regression) {
        const double span = std::max(hi[0] - lo[0], hi[1] - lo[1]);
        for (int a = 0; a < 2; ++a) {
            const double mid = (lo[a] + hi[a]) / 2;
            lo[a] = mid - span / 2;
            hi[a] = mid + span / 2;
        }
    }
    plot_->xAxis->setRange(lo[0], hi[0]);
    plot_->yAxis->setRange(lo[1], hi[1]);
    plot_->xAxis->setLabel(regression ? QStringLiteral("x") : QStringLiteral("x₁"));
    plot_->yAxis->setLabel(regression ? QStringLiteral("y") : QStringLiteral("x₂"));
    plot_->replot();
}

void SyntheticDataDialog::accept() {
    if (!canAccept()) return;
    core::DataSource s = currentSource(false);
    auto r = core::loadProjectData(dataProject(s), {});
    if (!r) {
        error_ = QString::fromStdString(r.error().message);
        errorLabel_->setText(error_);
        errorLabel_->show();
        ok_->setEnabled(false);
        return;
    }
    data_ = std::make_shared<const core::ProjectData>(std::move(r).value());
    s.preprocessing = data_->preprocessing;  // fitted on the training part when there is a normalisation
    source_ = s;
    QDialog::accept();
}

}  // namespace layerlab::ui
