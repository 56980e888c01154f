#include "ui/data/CsvImportDialog.h"

#include "ui/data/CsvAnalysis.h"
#include "ui/data/ImportWork.h"
#include "ui/data/LoadJob.h"
#include "ui/editor/GraphDocument.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <set>

namespace layerlab::ui {

namespace {

constexpr int kPreviewRows = 50;
const QColor kTargetColor(255, 243, 196);
const QColor kErrorColor(255, 205, 205);

QComboBox* combo(const char* name, std::initializer_list<std::pair<const char*, int>> items) {
    auto* c = new QComboBox;
    c->setObjectName(QLatin1String(name));
    for (const auto& [text, value] : items) c->addItem(QString::fromUtf8(text), value);
    return c;
}

QSpinBox* percent(const char* name, int value) {
    auto* s = new QSpinBox;
    s->setObjectName(QLatin1String(name));
    s->setRange(0, 90);
    s->setSuffix(QStringLiteral(" %"));
    s->setValue(value);
    return s;
}

}  // namespace

CsvImportDialog::CsvImportDialog(GraphDocument* doc, QWidget* parent)
    : QDialog(parent), doc_(doc), job_(new LoadJob(this)) {
    setObjectName(QStringLiteral("csvImportDialog"));
    setWindowTitle(tr("Import CSV"));
    buildUi();
    connect(job_, &LoadJob::progress, this, [this](double f) { progress_->setValue(static_cast<int>(f * 1000)); });
    connect(job_, &LoadJob::finished, this, &CsvImportDialog::onImportFinished);
    refreshStructure();
}

CsvImportDialog::~CsvImportDialog() {
    // ~QDialog hides the dialog, and the line edit that loses the focus then
    // emits editingFinished: its slots must not run on the half-destroyed
    // dialog (UBSan caught that in ui_data_import).
    path_->removeEventFilter(this);
    for (QObject* child : findChildren<QObject*>()) child->disconnect(this);
}

void CsvImportDialog::buildUi() {
    auto* root = new QVBoxLayout(this);

    auto* fileRow = new QHBoxLayout;
    path_ = new QLineEdit;
    path_->setObjectName(QStringLiteral("csvPath"));
    path_->setPlaceholderText(tr("CSV file (comma, semicolon, tab or | separated)"));
    browse_ = new QPushButton(tr("Browse…"));
    browse_->setObjectName(QStringLiteral("csvBrowse"));
    fileRow->addWidget(new QLabel(tr("File:")));
    fileRow->addWidget(path_, 1);
    fileRow->addWidget(browse_);
    root->addLayout(fileRow);

    delimiter_ = combo("csvDelimiter", {{"Detect", 0}, {"Comma  ,", ','}, {"Semicolon  ;", ';'}, {"Tab", '\t'},
                                        {"Pipe  |", '|'}});
    skipLines_ = new QSpinBox;
    skipLines_->setObjectName(QStringLiteral("csvSkipLines"));
    skipLines_->setRange(-1, 1000);
    skipLines_->setSpecialValueText(tr("Detect (a scikit-learn count line)"));
    skipLines_->setSuffix(tr(" lines"));
    skipLines_->setValue(-1);
    skipLines_->setToolTip(tr("Lines above the table to leave out. Detect skips scikit-learn's first line "
                              "\"rows,features,class names\" by itself."));
    header_ = combo("csvHeader", {{"Detect", int(core::CsvOptions::Header::Auto)},
                                  {"First row is a header", int(core::CsvOptions::Header::Yes)},
                                  {"No header", int(core::CsvOptions::Header::No)}});
    target_ = new QComboBox;
    target_->setObjectName(QStringLiteral("csvTarget"));
    task_ = combo("csvTask", {{"Detect (text or few whole numbers → classes, other numbers → regression)",
                               int(core::CsvOptions::Task::Auto)},
                              {"Classification", int(core::CsvOptions::Task::Classification)},
                              {"Regression", int(core::CsvOptions::Task::Regression)}});
    text_ = combo("csvTextFeatures", {{"One-hot encode", int(core::CsvOptions::Categorical::OneHot)},
                                      {"Refuse (numbers only)", int(core::CsvOptions::Categorical::Refuse)}});
    missing_ = combo("csvMissing", {{"Drop the row", int(core::CsvOptions::Missing::Drop)},
                                    {"Fill with the column mean", int(core::CsvOptions::Missing::FillMean)}});
    normalization_ = combo("csvNormalization", {{"None", int(core::Normalization::None)},
                                                {"Scale by max |x| (to 0..1, or -1..1 with negatives)", int(core::Normalization::Scale01)},
                                                {"Min-max to 0..1", int(core::Normalization::MinMax)},
                                                {"Z-score (mean 0, std 1)", int(core::Normalization::ZScore)}});
    normalization_->setCurrentIndex(3);
    const double docSplit = startingValidationSplit(doc_ ? &doc_->project() : nullptr);
    validation_ = percent("csvValidation", static_cast<int>(std::lround(docSplit * 100)));
    test_ = percent("csvTest", 20);

    auto* options = new QGroupBox(tr("How to read it"));
    auto* form = new QFormLayout(options);
    form->addRow(tr("Delimiter:"), delimiter_);
    form->addRow(tr("Skip first lines:"), skipLines_);
    form->addRow(tr("Header:"), header_);
    form->addRow(tr("Target column:"), target_);
    form->addRow(tr("Task:"), task_);
    form->addRow(tr("Text features:"), text_);
    form->addRow(tr("Missing values:"), missing_);
    form->addRow(tr("Normalisation:"), normalization_);
    form->addRow(tr("Validation split:"), validation_);
    form->addRow(tr("Test split:"), test_);

    auto* featureBox = new QGroupBox(tr("Feature columns"));
    auto* fl = new QVBoxLayout(featureBox);
    features_ = new QListWidget;
    features_->setObjectName(QStringLiteral("csvFeatures"));
    fl->addWidget(features_);

    auto* left = new QWidget;
    auto* ll = new QVBoxLayout(left);
    ll->setContentsMargins(0, 0, 0, 0);
    ll->addWidget(options);
    ll->addWidget(featureBox, 1);

    table_ = new QTableWidget;
    table_->setObjectName(QStringLiteral("csvPreview"));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    auto* split = new QSplitter;
    split->addWidget(left);
    split->addWidget(table_);
    split->setStretchFactor(1, 1);
    split->setSizes({320, 560});
    root->addWidget(split, 1);

    summary_ = new QLabel;
    summary_->setObjectName(QStringLiteral("csvSummary"));
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    error_ = new QLabel;
    error_->setObjectName(QStringLiteral("csvError"));
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
    error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    error_->hide();
    progress_ = new QProgressBar;
    progress_->setObjectName(QStringLiteral("csvProgress"));
    progress_->setRange(0, 1000);
    progress_->hide();
    root->addWidget(summary_);
    normalizationPreview_ = new QLabel;
    normalizationPreview_->setObjectName(QStringLiteral("csvNormalizationPreview"));
    normalizationPreview_->setWordWrap(true);
    normalizationPreview_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    normalizationPreview_->hide();
    root->addWidget(normalizationPreview_);
    root->addWidget(error_);
    root->addWidget(progress_);

    buttons_ = new QDialogButtonBox;
    import_ = buttons_->addButton(tr("Import"), QDialogButtonBox::AcceptRole);
    import_->setObjectName(QStringLiteral("csvImport"));
    cancel_ = buttons_->addButton(QDialogButtonBox::Cancel);
    cancel_->setObjectName(QStringLiteral("csvCancel"));
    root->addWidget(buttons_);
    resize(920, 620);

    path_->installEventFilter(this);
    connect(skipLines_, &QSpinBox::valueChanged, this, &CsvImportDialog::refreshStructure);
    connect(browse_, &QPushButton::clicked, this, &CsvImportDialog::browse);
    connect(path_, &QLineEdit::editingFinished, this, [this] {
        if (file() != shownPath_) refreshStructure();
    });
    for (QComboBox* c : {delimiter_, header_})
        connect(c, &QComboBox::currentIndexChanged, this, &CsvImportDialog::refreshStructure);
    connect(target_, &QComboBox::currentIndexChanged, this, [this](int t) {
        // The target cannot be a feature: disable its item, re-enable the others.
        const QSignalBlocker block(features_);
        for (int i = 0; i < features_->count(); ++i) {
            QListWidgetItem* it = features_->item(i);
            const bool isTarget = i == t;
            it->setFlags(isTarget ? Qt::ItemIsUserCheckable : Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
            if (isTarget) it->setCheckState(Qt::Unchecked);
            else if (it->data(Qt::UserRole).toBool()) it->setCheckState(Qt::Checked);
            it->setData(Qt::UserRole, isTarget);
        }
    });
    for (QComboBox* c : {target_, task_, text_, missing_})
        connect(c, &QComboBox::currentIndexChanged, this, &CsvImportDialog::refreshContent);
    connect(features_, &QListWidget::itemChanged, this, &CsvImportDialog::refreshContent);
    connect(normalization_, &QComboBox::currentIndexChanged, this, [this] {
        showNormalization();
        updateValidity();
    });
    for (QSpinBox* s : {validation_, test_}) connect(s, &QSpinBox::valueChanged, this, &CsvImportDialog::refreshContent);
    connect(import_, &QPushButton::clicked, this, &CsvImportDialog::startImport);
    connect(cancel_, &QPushButton::clicked, this, &CsvImportDialog::reject);
}

void CsvImportDialog::browse() {
    const QString start = path_->text().isEmpty() ? QString() : QFileInfo(path_->text()).absolutePath();
    const QString f = QFileDialog::getOpenFileName(this, tr("Import CSV"), start,
                                                   tr("CSV files (*.csv *.tsv *.txt);;All files (*)"));
    if (!f.isEmpty()) setFile(f);
}

void CsvImportDialog::setFile(const QString& path) {
    path_->setText(path);
    refreshStructure();
}

QString CsvImportDialog::file() const { return path_->text().trimmed(); }

core::CsvOptions CsvImportDialog::options() const {
    core::CsvOptions o;
    o.delimiter = static_cast<char>(delimiter_->currentData().toInt());
    o.header = static_cast<core::CsvOptions::Header>(header_->currentData().toInt());
    o.skipLines = skipLines_->value();
    o.task = static_cast<core::CsvOptions::Task>(task_->currentData().toInt());
    o.categorical = static_cast<core::CsvOptions::Categorical>(text_->currentData().toInt());
    o.missing = static_cast<core::CsvOptions::Missing>(missing_->currentData().toInt());
    const int t = target_->currentIndex();
    if (t >= 0) {
        o.targetColumn = t;
        if (preview_ && preview_->hasHeader) o.targetName = target_->currentText().toStdString();
    }
    std::vector<int> chosen;
    bool all = true;
    for (int i = 0; i < features_->count(); ++i) {
        if (i == t) continue;
        if (features_->item(i)->checkState() == Qt::Checked) chosen.push_back(i);
        else all = false;
    }
    if (!all) o.featureColumns = chosen;  // empty = every column but the target
    return o;
}

core::Preprocessing CsvImportDialog::preprocessing() const {
    core::Preprocessing p;
    p.normalization = static_cast<core::Normalization>(normalization_->currentData().toInt());
    p.testSplit = test_->value() / 100.0;
    setImportSplit(p, validationSplit(), doc_ ? &doc_->project() : nullptr);
    return p;
}

double CsvImportDialog::validationSplit() const { return validation_->value() / 100.0; }

void CsvImportDialog::refreshStructure() {
    if (updating_) return;
    chooseTarget(readColumns());
}

QString CsvImportDialog::readColumns() {
    const QString f = file();
    shownPath_ = f;
    preview_.reset();
    analysisError_.clear();
    errorLine_ = 0;
    analysisOk_ = false;
    // Remember the choices by column name to keep them across a re-read.
    const QString oldTarget = target_->currentText();
    std::set<QString> unchecked;
    for (int i = 0; i < features_->count(); ++i)
        if (features_->item(i)->checkState() != Qt::Checked && !features_->item(i)->data(Qt::UserRole).toBool())
            unchecked.insert(features_->item(i)->text());

    updating_ = true;
    const QSignalBlocker blockTarget(target_);
    target_->clear();
    features_->clear();
    if (!f.isEmpty()) {
        core::CsvOptions o;
        o.delimiter = static_cast<char>(delimiter_->currentData().toInt());
        o.header = static_cast<core::CsvOptions::Header>(header_->currentData().toInt());
        o.skipLines = skipLines_->value();
        auto p = core::previewCsv(f.toStdString(), o, kPreviewRows);
        if (p) {
            preview_ = std::move(p).value();
            for (const std::string& name : preview_->columnNames) {
                const QString n = QString::fromStdString(name);
                target_->addItem(n);
                auto* item = new QListWidgetItem(n, features_);
                item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
                item->setCheckState(unchecked.count(n) ? Qt::Unchecked : Qt::Checked);
                item->setData(Qt::UserRole, false);
            }
        } else {
            analysisError_ = csvErrorText(p.error());
            errorLine_ = p.error().line;
        }
    }
    target_->setCurrentIndex(-1);
    updating_ = false;
    return oldTarget;
}

void CsvImportDialog::chooseTarget(const QString& preferred) {
    if (target_->count() == 0) {
        refreshContent();
        return;
    }
    const int keep = target_->findText(preferred);
    target_->setCurrentIndex(keep >= 0 ? keep : target_->count() - 1);  // default: the last column
}

void CsvImportDialog::refreshContent() {
    if (updating_) return;
    if (preview_) analyse();
    fillTable();
    updateValidity();
}

void CsvImportDialog::analyse() {
    const CsvAnalysis a = analyseCsv(file().toStdString(), options());
    analysisOk_ = !a.error.has_value();
    if (a.error) {
        analysisError_ = csvErrorText(*a.error);
        errorLine_ = a.error->line;
        summary_->clear();
    } else {
        analysisError_.clear();
        errorLine_ = 0;
        summary_->setText(csvSummaryText(a, validationSplit(), test_->value() / 100.0));
    }
    analysis_ = a;
    showNormalization();
}

void CsvImportDialog::showNormalization() {
    const auto n = static_cast<core::Normalization>(normalization_->currentData().toInt());
    const QString text = analysisOk_ ? csvNormalizationText(analysis_, n) : QString();
    normalizationPreview_->setText(text);
    normalizationPreview_->setVisible(!text.isEmpty());
}

void CsvImportDialog::fillTable() {
    table_->clear();
    if (!preview_) {
        table_->setRowCount(0);
        table_->setColumnCount(0);
        return;
    }
    const auto& p = *preview_;
    const int cols = static_cast<int>(p.columnNames.size());
    table_->setColumnCount(cols);
    table_->setRowCount(static_cast<int>(p.rows.size()));
    const int target = target_->currentIndex();
    const core::CsvOptions o = options();
    auto used = [&](int c) {
        if (c == target) return true;
        if (o.featureColumns.empty()) return true;
        return std::find(o.featureColumns.begin(), o.featureColumns.end(), c) != o.featureColumns.end();
    };
    for (int c = 0; c < cols; ++c) {
        auto* h = new QTableWidgetItem(QString::fromStdString(p.columnNames[static_cast<std::size_t>(c)]) +
                                       (c == target ? tr(" (target)") : QString()));
        if (c == target) {
            QFont bold = h->font();
            bold.setBold(true);
            h->setFont(bold);
        }
        table_->setHorizontalHeaderItem(c, h);
    }
    QStringList lineLabels;
    for (std::size_t r = 0; r < p.rows.size(); ++r) {
        const long line = r < p.lines.size() ? p.lines[r] : 0;
        lineLabels << QString::number(line);
        const long nextLine = r + 1 < p.lines.size() ? p.lines[r + 1] : line + 1;
        const bool bad = errorLine_ > 0 && errorLine_ >= line && errorLine_ < nextLine;
        for (int c = 0; c < cols; ++c) {
            const auto& row = p.rows[r];
            auto* item = new QTableWidgetItem(
                static_cast<std::size_t>(c) < row.size() ? QString::fromStdString(row[static_cast<std::size_t>(c)]) : QString());
            if (bad) item->setBackground(kErrorColor);
            else if (c == target) item->setBackground(kTargetColor);
            if (!used(c)) item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
            table_->setItem(static_cast<int>(r), c, item);
        }
    }
    table_->setVerticalHeaderLabels(lineLabels);  // physical line numbers, as in the messages
    table_->resizeColumnsToContents();
}

void CsvImportDialog::showError(const QString& text, long line) {
    error_->setText(text);
    error_->setVisible(!text.isEmpty());
    errorLine_ = line;
}

void CsvImportDialog::updateValidity() {
    QString why = analysisError_;
    if (why.isEmpty()) {
        if (file().isEmpty()) why.clear();
        else if (!preview_) why = tr("The file could not be read.");
        else if (target_->currentIndex() < 0) why = tr("Choose the target column.");
        else if (!analysisOk_) why = tr("The file could not be read with these options.");
        else if (validation_->value() + test_->value() > 90)
            why = tr("Validation and test splits together leave less than 10% for training.");
        else {
            bool any = false;
            for (int i = 0; i < features_->count(); ++i)
                any = any || (i != target_->currentIndex() && features_->item(i)->checkState() == Qt::Checked);
            if (!any) why = tr("Choose at least one feature column.");
        }
    }
    showError(why, errorLine_);
    import_->setEnabled(!isImporting() && !file().isEmpty() && why.isEmpty() && preview_.has_value() && analysisOk_);
}

bool CsvImportDialog::canImport() const { return import_->isEnabled(); }
bool CsvImportDialog::isImporting() const { return job_->isRunning(); }
QString CsvImportDialog::errorText() const { return error_->isHidden() ? QString() : error_->text(); }

void CsvImportDialog::setImporting(bool on) {
    for (QWidget* w : std::initializer_list<QWidget*>{path_, browse_, delimiter_, skipLines_, header_, target_, task_, features_,
                                                       text_, missing_, normalization_, validation_, test_})
        w->setEnabled(!on);
    progress_->setVisible(on);
    progress_->setValue(0);
    updateValidity();
}

void CsvImportDialog::startImport() {
    if (!canImport()) return;
    core::DataSource s;
    s.kind = core::DataKind::Csv;
    s.csvPath = QFileInfo(file()).absoluteFilePath().toStdString();
    s.csv = options();
    s.preprocessing = preprocessing();
    source_ = s;
    data_.reset();
    const core::Project project = dataProject(s);
    job_->start([project](const core::CsvProgress& progress) { return loadProjectWork(project, {}, progress); });
    setImporting(true);
    summary_->setText(tr("Importing %1…").arg(QFileInfo(file()).fileName()));
}

void CsvImportDialog::onImportFinished(const LoadOutcome& outcome) {
    setImporting(false);
    if (outcome.error) {
        analysisOk_ = false;
        analysisError_ = csvErrorText(*outcome.error);
        errorLine_ = outcome.error->line;
        fillTable();
        updateValidity();
        emit importFailed(analysisError_);  // Import stays disabled until an option or the file changes
        return;
    }
    data_ = outcome.data;
    source_.preprocessing = outcome.data->preprocessing;  // with the values fitted on the training part
    accept();
}

bool CsvImportDialog::eventFilter(QObject* watched, QEvent* event) {
    // QLineEdit passes Enter on to the dialog, whose default button is Import:
    // in the file field Enter means "show me this file" instead.
    if (watched == path_ && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            if (file() != shownPath_) refreshStructure();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void CsvImportDialog::reject() {
    if (isImporting()) {
        job_->cancel();
        source_ = core::DataSource{};
        data_.reset();
        setImporting(false);
        summary_->setText(tr("Import cancelled; nothing was imported."));
        return;
    }
    QDialog::reject();
}

}  // namespace layerlab::ui
