#include "ui/data/IdxImportDialog.h"

#include "core/common/file_read.h"

#include "core/data/idx_reader.h"
#include "ui/data/CsvAnalysis.h"
#include "ui/data/ImportWork.h"
#include "ui/data/LoadJob.h"
#include "ui/data/SampleGrid.h"
#include "ui/editor/GraphDocument.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace layerlab::ui {

namespace {

constexpr const char* kStandard[4] = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                                      "t10k-labels-idx1-ubyte"};
constexpr const char* kLabels[4] = {"Training images:", "Training labels:", "Test images:", "Test labels:"};
constexpr const char* kNames[4] = {"idxTrainImages", "idxTrainLabels", "idxTestImages", "idxTestLabels"};
// What else a file of each kind may be called ("emnist-digits-train-images-idx3-ubyte", "test-images...").
const QStringList kPatterns[4] = {{QStringLiteral("train-images")},
                                  {QStringLiteral("train-labels")},
                                  {QStringLiteral("t10k-images"), QStringLiteral("test-images")},
                                  {QStringLiteral("t10k-labels"), QStringLiteral("test-labels")}};

QString num(long n) { return QLocale().toString(static_cast<qlonglong>(n)); }

QString findInFolder(const QDir& dir, int which) {
    for (const QString& name : {QString::fromLatin1(kStandard[which]), QString::fromLatin1(kStandard[which]) + ".gz"})
        if (dir.exists(name)) return dir.absoluteFilePath(name);
    const QStringList all = dir.entryList(QDir::Files, QDir::Name);
    for (const QString& pattern : kPatterns[which])
        for (const QString& f : all)
            if (f.contains(pattern, Qt::CaseInsensitive)) return dir.absoluteFilePath(f);
    return {};
}

}  // namespace

IdxImportDialog::IdxImportDialog(GraphDocument* doc, QWidget* parent)
    : QDialog(parent), doc_(doc), check_(new LoadJob(this)), import_(new LoadJob(this)) {
    setObjectName(QStringLiteral("idxImportDialog"));
    setWindowTitle(tr("Import MNIST (IDX)"));
    buildUi();
    connect(check_, &LoadJob::finished, this, &IdxImportDialog::onCheckFinished);
    connect(import_, &LoadJob::progress, this, [this](double f) {
        progress_->setRange(0, 1000);
        progress_->setValue(static_cast<int>(f * 1000));
    });
    connect(import_, &LoadJob::finished, this, &IdxImportDialog::onImportFinished);
    updateValidity();
}

IdxImportDialog::~IdxImportDialog() {
    // ~QDialog hides the dialog, and the line edit that loses the focus then
    // emits editingFinished: its slots must not run on the half-destroyed
    // dialog (UBSan caught that in ui_data_import).
    for (QObject* child : findChildren<QObject*>()) child->disconnect(this);
}

void IdxImportDialog::buildUi() {
    auto* root = new QVBoxLayout(this);
    auto* filesBox = new QGroupBox(tr("Files"));
    auto* grid = new QGridLayout(filesBox);
    folder_ = new QLineEdit;
    folder_->setObjectName(QStringLiteral("idxFolder"));
    folder_->setPlaceholderText(tr("Folder with train-images-idx3-ubyte(.gz) and the others"));
    browseFolder_ = new QPushButton(tr("Browse…"));
    browseFolder_->setObjectName(QStringLiteral("idxFolderBrowse"));
    grid->addWidget(new QLabel(tr("Folder:")), 0, 0);
    grid->addWidget(folder_, 0, 1);
    grid->addWidget(browseFolder_, 0, 2);
    for (int i = 0; i < 4; ++i) {
        files_[i] = new QLineEdit;
        files_[i]->setObjectName(QLatin1String(kNames[i]));
        files_[i]->setPlaceholderText(QString::fromLatin1(kStandard[i]) + "[.gz]" + (i >= 2 ? " (optional)" : ""));
        browseFiles_[i] = new QPushButton(QStringLiteral("…"));
        browseFiles_[i]->setObjectName(QLatin1String(kNames[i]) + QStringLiteral("Browse"));
        browseFiles_[i]->setToolTip(tr("Pick this file"));
        grid->addWidget(new QLabel(QLatin1String(kLabels[i])), i + 1, 0);
        grid->addWidget(files_[i], i + 1, 1);
        grid->addWidget(browseFiles_[i], i + 1, 2);
        connect(browseFiles_[i], &QPushButton::clicked, this, [this, i] { browseFile(static_cast<File>(i)); });
        connect(files_[i], &QLineEdit::editingFinished, this, [this, i] {
            if (files_[i]->isModified()) setFile(static_cast<File>(i), files_[i]->text());
        });
    }
    root->addWidget(filesBox);

    auto* optionsBox = new QGroupBox(tr("Options"));
    auto* form = new QFormLayout(optionsBox);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    fashion_ = new QCheckBox(tr("Fashion-MNIST class names (T-shirt/top, Trouser, …)"));
    fashion_->setObjectName(QStringLiteral("idxFashion"));
    subset_ = new QSpinBox;
    subset_->setObjectName(QStringLiteral("idxSubset"));
    subset_->setRange(0, 100000000);
    subset_->setSingleStep(1000);
    subset_->setSpecialValueText(tr("all"));
    subset_->setSuffix(tr(" training samples"));
    normalization_ = new QComboBox;
    normalization_->setObjectName(QStringLiteral("idxNormalization"));
    normalization_->addItem(tr("Scale to 0..1 (byte / 255)"), int(core::Normalization::Scale01));
    normalization_->addItem(tr("None (bytes 0..255)"), int(core::Normalization::None));
    normalization_->addItem(tr("Min-max per pixel"), int(core::Normalization::MinMax));
    normalization_->addItem(tr("Z-score per pixel"), int(core::Normalization::ZScore));
    validation_ = new QSpinBox;
    validation_->setObjectName(QStringLiteral("idxValidation"));
    validation_->setRange(0, 90);
    validation_->setSuffix(QStringLiteral(" %"));
    const double docSplit = startingValidationSplit(doc_ ? &doc_->project() : nullptr);
    validation_->setValue(static_cast<int>(std::lround(docSplit * 100)));
    form->addRow(QString(), fashion_);
    form->addRow(tr("Use:"), subset_);
    form->addRow(tr("Normalisation:"), normalization_);
    form->addRow(tr("Validation split:"), validation_);
    root->addWidget(optionsBox);

    auto* samplesBox = new QGroupBox(tr("First training images"));
    auto* samplesLayout = new QVBoxLayout(samplesBox);
    grid_ = new SampleGrid;
    grid_->setObjectName(QStringLiteral("idxGrid"));
    samplesLayout->addWidget(grid_);
    root->addWidget(samplesBox, 1);

    summary_ = new QLabel;
    summary_->setObjectName(QStringLiteral("idxSummary"));
    summary_->setWordWrap(true);
    errorLabel_ = new QLabel;
    errorLabel_->setObjectName(QStringLiteral("idxError"));
    errorLabel_->setWordWrap(true);
    errorLabel_->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
    errorLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    errorLabel_->hide();
    progress_ = new QProgressBar;
    progress_->setObjectName(QStringLiteral("idxProgress"));
    progress_->hide();
    root->addWidget(summary_);
    root->addWidget(errorLabel_);
    root->addWidget(progress_);

    auto* buttons = new QDialogButtonBox;
    importButton_ = buttons->addButton(tr("Import"), QDialogButtonBox::AcceptRole);
    importButton_->setObjectName(QStringLiteral("idxImport"));
    cancelButton_ = buttons->addButton(QDialogButtonBox::Cancel);
    cancelButton_->setObjectName(QStringLiteral("idxCancel"));
    root->addWidget(buttons);
    resize(780, 800);

    connect(browseFolder_, &QPushButton::clicked, this, &IdxImportDialog::browseFolder);
    connect(folder_, &QLineEdit::editingFinished, this, [this] {
        if (folder_->isModified()) setFolder(folder_->text());
    });
    connect(fashion_, &QCheckBox::toggled, this, &IdxImportDialog::startCheck);
    connect(validation_, &QSpinBox::valueChanged, this, &IdxImportDialog::updateValidity);
    connect(subset_, &QSpinBox::valueChanged, this, &IdxImportDialog::updateValidity);
    connect(importButton_, &QPushButton::clicked, this, &IdxImportDialog::startImport);
    connect(cancelButton_, &QPushButton::clicked, this, &IdxImportDialog::reject);
}

void IdxImportDialog::browseFolder() {
    const QString d = QFileDialog::getExistingDirectory(this, tr("Folder with IDX files"), folder_->text());
    if (!d.isEmpty()) setFolder(d);
}

void IdxImportDialog::browseFile(File which) {
    const QString start = files_[which]->text().isEmpty() ? folder_->text() : QFileInfo(files_[which]->text()).absolutePath();
    const QString f = QFileDialog::getOpenFileName(this, QString::fromLatin1(kLabels[which]).chopped(1), start,
                                                   tr("IDX files (*idx*);;All files (*)"));
    if (!f.isEmpty()) setFile(which, f);
}

void IdxImportDialog::setFolder(const QString& dir) {
    folder_->setText(dir);
    folder_->setModified(false);
    const QDir d(dir);
    for (int i = 0; i < 4; ++i) {
        files_[i]->setText(d.exists() ? findInFolder(d, i) : QString());
        files_[i]->setModified(false);
    }
    {
        const QSignalBlocker block(fashion_);
        fashion_->setChecked(QDir::cleanPath(d.absolutePath()).contains(QStringLiteral("fashion"), Qt::CaseInsensitive));
    }
    startCheck();
}

void IdxImportDialog::setFile(File which, const QString& path) {
    files_[which]->setText(path.trimmed());
    files_[which]->setModified(false);
    startCheck();
}

QString IdxImportDialog::filePath(File which) const { return files_[which]->text().trimmed(); }

core::DataSource IdxImportDialog::currentSource() const {
    core::DataSource s;
    s.kind = core::DataKind::Idx;
    auto abs = [](const QString& p) { return p.isEmpty() ? std::string() : QFileInfo(p).absoluteFilePath().toStdString(); };
    s.trainImages = abs(filePath(TrainImages));
    s.trainLabels = abs(filePath(TrainLabels));
    s.testImages = abs(filePath(TestImages));
    s.testLabels = abs(filePath(TestLabels));
    s.fashion = fashion_->isChecked();
    s.limit = subset_->value();
    s.preprocessing.normalization = static_cast<core::Normalization>(normalization_->currentData().toInt());
    setImportSplit(s.preprocessing, validationSplit(), doc_ ? &doc_->project() : nullptr);
    return s;
}

void IdxImportDialog::startCheck() {
    checked_ = false;
    grid_->clear();
    summary_->clear();
    // What can be said without reading: which files are missing.
    QStringList problems;
    for (int i = 0; i < 4; ++i) {
        const QString p = filePath(static_cast<File>(i));
        const QString what = QString::fromLatin1(kLabels[i]).chopped(1).toLower();
        if (p.isEmpty()) {
            if (i < 2) problems << tr("No %1 file (%2[.gz]).").arg(what, QLatin1String(kStandard[i]));
        } else if (!QFileInfo::exists(p)) {
            problems << tr("The %1 file does not exist: %2").arg(what, p);
        } else if (!QFileInfo(p).isFile()) {
            // A FIFO, device or folder: core says which (without opening it blocking).
            auto opened = core::openRegularFile(QFile::encodeName(p).toStdString(), "an IDX file");
            if (!opened) problems << tr("The %1 file %2 %3").arg(what, p, QString::fromStdString(opened.error().message));
        }
    }
    if (filePath(TestImages).isEmpty() != filePath(TestLabels).isEmpty())
        problems << tr("Give both test files or neither.");
    if (folder_->text().isEmpty() && filePath(TrainImages).isEmpty() && filePath(TrainLabels).isEmpty())
        problems.clear();  // nothing chosen yet: no error, just an empty dialog
    setError(problems.join('\n'));
    if (!problems.isEmpty() || filePath(TrainImages).isEmpty()) {
        check_->cancel();
        updateValidity();
        emit previewReady();
        return;
    }
    const core::DataSource s = currentSource();
    check_->start([s](const core::CsvProgress& progress) {
        LoadOutcome out;
        auto train = core::readIdxDataset(s.trainImages, s.trainLabels, s.fashion);
        if (!train) {
            out.error = train.error();
            return out;
        }
        auto data = std::make_shared<core::ProjectData>();
        data->train = std::make_shared<const core::Dataset>(std::move(train).value());
        if (!s.testImages.empty() && !progress.stop.stop_requested()) {
            auto test = core::readIdxDataset(s.testImages, s.testLabels, s.fashion);
            if (!test) {
                out.error = test.error();
                return out;
            }
            data->test = std::make_shared<const core::Dataset>(std::move(test).value());
        }
        out.data = std::move(data);
        return out;
    });
    summary_->setText(tr("Reading the files…"));
    updateValidity();
}

void IdxImportDialog::onCheckFinished(const LoadOutcome& outcome) {
    if (outcome.error) {
        summary_->clear();
        setError(csvErrorText(*outcome.error));
    } else {
        checked_ = true;
        const core::Dataset& t = *outcome.data->train;
        trainCount_ = t.count();
        grid_->setData(outcome.data->train, 32);
        subset_->setMaximum(trainCount_);
        QString text = tr("%1 training images of %2 pixels, %3 classes")
                           .arg(num(trainCount_), QString::fromStdString(t.inputShape.toString()))
                           .arg(t.classCount());
        if (outcome.data->test)
            text += tr(" · %1 test images").arg(num(outcome.data->test->count()));
        else
            text += tr(" · no test set");
        const core::Shape& ts = t.inputShape;
        if (outcome.data->test && outcome.data->test->inputShape != ts) {
            checked_ = false;
            setError(tr("The test images are %1 but the training images are %2.")
                         .arg(QString::fromStdString(outcome.data->test->inputShape.toString()),
                              QString::fromStdString(ts.toString())));
        }
        summary_->setText(text);
    }
    updateValidity();
    emit previewReady();
}

void IdxImportDialog::setError(const QString& text) {
    error_ = text;
    errorLabel_->setText(text);
    errorLabel_->setVisible(!text.isEmpty());
}

void IdxImportDialog::updateValidity() {
    importButton_->setEnabled(checked_ && error_.isEmpty() && !import_->isRunning() && !check_->isRunning());
}

int IdxImportDialog::previewCount() const { return grid_->sampleCount(); }
bool IdxImportDialog::isBusy() const { return check_->isRunning() || import_->isRunning(); }
bool IdxImportDialog::isImporting() const { return import_->isRunning(); }
bool IdxImportDialog::canImport() const { return importButton_->isEnabled(); }
QString IdxImportDialog::errorText() const { return error_; }
double IdxImportDialog::validationSplit() const { return validation_->value() / 100.0; }

void IdxImportDialog::setImporting(bool on) {
    for (QWidget* w : std::initializer_list<QWidget*>{folder_, browseFolder_, fashion_, subset_, normalization_,
                                                       validation_, files_[0], files_[1], files_[2], files_[3],
                                                       browseFiles_[0], browseFiles_[1], browseFiles_[2],
                                                       browseFiles_[3]})
        w->setEnabled(!on);
    progress_->setRange(0, 0);  // busy until the first progress report
    progress_->setVisible(on);
    updateValidity();
}

void IdxImportDialog::startImport() {
    if (!canImport()) return;
    source_ = currentSource();
    data_.reset();
    const core::Project project = dataProject(source_);
    import_->start([project](const core::CsvProgress& progress) { return loadProjectWork(project, {}, progress); });
    setImporting(true);
    summary_->setText(tr("Importing…"));
}

void IdxImportDialog::onImportFinished(const LoadOutcome& outcome) {
    setImporting(false);
    if (outcome.error) {
        setError(csvErrorText(*outcome.error));
        updateValidity();
        emit importFailed(error_);
        return;
    }
    data_ = outcome.data;
    source_.preprocessing = outcome.data->preprocessing;  // fitted on the training part
    accept();
}

void IdxImportDialog::reject() {
    if (import_->isRunning()) {
        import_->cancel();
        source_ = core::DataSource{};
        data_.reset();
        setImporting(false);
        summary_->setText(tr("Import cancelled; nothing was imported."));
        return;
    }
    check_->cancel();
    QDialog::reject();
}

}  // namespace layerlab::ui
