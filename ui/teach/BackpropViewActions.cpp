// BackpropView's actions that leave the step-through: exporting the trace
// (CSV, Markdown worksheet) and the whole-network gradient check.
#include "ui/teach/BackpropView.h"

#include "core/teach/trace_export.h"
#include "ui/editor/GraphDocument.h"
#include "ui/teach/GradientCheckRunner.h"
#include "ui/teach/TraceInputs.h"

#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>

namespace layerlab::ui {

namespace {

bool writeAll(const QString& path, const std::string& text, QString* error) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error) *error = QObject::tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    file.write(text.data(), static_cast<qint64>(text.size()));
    if (!file.commit()) {
        if (error) *error = QObject::tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

}  // namespace

QString BackpropView::exportTitle() const {
    QString name;
    if (doc_) {
        name = QString::fromStdString(doc_->project().name);
        if (name.isEmpty() && !doc_->filePath().isEmpty()) name = QFileInfo(doc_->filePath()).completeBaseName();
    }
    QString title = tr("Backpropagation worksheet");
    if (!name.isEmpty()) title += QStringLiteral(": ") + name;
    if (!description_.isEmpty()) title += QStringLiteral(" (%1)").arg(description_);
    return title;
}

bool BackpropView::exportCsv(const QString& path, QString* error) const {
    if (!trace_) {
        if (error) *error = tr("there is no trace to export: %1").arg(problem_);
        return false;
    }
    return writeAll(path, core::traceToCsv(*trace_), error);
}

bool BackpropView::exportMarkdown(const QString& path, QString* error) const {
    if (!trace_) {
        if (error) *error = tr("there is no trace to export: %1").arg(problem_);
        return false;
    }
    core::MarkdownOptions options;
    options.title = exportTitle().toStdString();
    options.hideNumbers = hideCheck_->isChecked();
    options.maxNeurons = limitSpin_->value();
    return writeAll(path, core::traceToMarkdown(*trace_, options), error);
}

void BackpropView::askExport(bool markdown) {
    QString dir = doc_ && !doc_->filePath().isEmpty() ? QFileInfo(doc_->filePath()).absolutePath() : QDir::homePath();
    const QString base = markdown ? (hideCheck_->isChecked() ? QStringLiteral("backprop-worksheet-blank.md")
                                                             : QStringLiteral("backprop-worksheet.md"))
                                  : QStringLiteral("backprop-trace.csv");
    auto* dialog = new QFileDialog(this, markdown ? tr("Export the worksheet as Markdown") : tr("Export the trace as CSV"),
                                   dir, markdown ? tr("Markdown (*.md)") : tr("CSV (*.csv)"));
    dialog->setObjectName(QStringLiteral("exportDialog"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    dialog->setDefaultSuffix(markdown ? QStringLiteral("md") : QStringLiteral("csv"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->selectFile(base);
    connect(dialog, &QFileDialog::fileSelected, this, [this, markdown](const QString& path) {
        QString error;
        const bool ok = markdown ? exportMarkdown(path, &error) : exportCsv(path, &error);
        statusLabel_->setStyleSheet(ok ? QStringLiteral("color: #1b5e20") : QStringLiteral("color: #b00020"));
        statusLabel_->setText(ok ? tr("Exported to %1").arg(QDir::toNativeSeparators(path)) : tr("Export failed: %1").arg(error));
        statusLabel_->show();
    });
    dialog->open();
}

void BackpropView::startOrCancelGradientCheck() {
    if (checker_->isRunning()) {
        checker_->cancel();
        return;
    }
    if (!doc_ || !trace_) return;
    auto compiled = compileForTrace(doc_->project());
    if (!compiled) {
        checkLabel_->setText(tr("The gradient check needs a network that compiles."));
        return;
    }
    checkButton_->setText(tr("Cancel check"));
    checkLabel_->setText(tr("Gradient check: starting…"));
    checker_->start(std::move(compiled->net), input_, target_);
}

void BackpropView::onGradientCheckFinished(const GradientCheckOutcome& outcome) {
    checkButton_->setText(tr("Gradient check"));
    checkButton_->setEnabled(trace_ != nullptr);
    if (discardCheck_) {  // it checked the project that was replaced
        discardCheck_ = false;
        return;
    }
    const QString summary = describeGradientCheck(outcome);
    checkLabel_->setText(summary);
    const bool good = outcome.ok && outcome.report.passed;
    checkLabel_->setStyleSheet(good ? QStringLiteral("color: #1b5e20") : QStringLiteral("color: #8a4b00"));
    emit gradientCheckFinished(summary);
}

}  // namespace layerlab::ui
