#include "ui/concepts/MermaidDialog.h"

#include "core/common/file_read.h"
#include "core/viz/mermaid.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextBlock>
#include <QVBoxLayout>

namespace layerlab::ui {

QString MermaidDialog::exampleChart() {
    return QStringLiteral(
        "%% A Mermaid flowchart: paste your own or open a .mmd file\n"
        "graph TD\n"
        "    A[Data] --> B(Preprocessing)\n"
        "    B --> C{Neural network}\n"
        "    C -->|prediction| D[Loss]\n"
        "    D -- gradient --> E((Backpropagation))\n"
        "    E -.-> C\n");
}

MermaidDialog::MermaidDialog(const QString& text, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Mermaid flowchart"));
    setObjectName(QStringLiteral("mermaidDialog"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Paste a Mermaid flowchart (<tt>graph TD</tt>, <tt>A[box] --&gt; B(round)</tt>, "
                                "<tt>C{decision}</tt>, <tt>--&gt;|label|</tt>, <tt>---</tt>) or open a .mmd file. "
                                "It is drawn with Graphviz in the concept view."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    editor_ = new QPlainTextEdit(this);
    editor_->setObjectName(QStringLiteral("mermaidText"));
    editor_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    editor_->setLineWrapMode(QPlainTextEdit::NoWrap);
    editor_->setMinimumSize(520, 260);
    layout->addWidget(editor_, 1);
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("mermaidError"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(status_);

    auto* buttons = new QDialogButtonBox(this);
    auto* open = buttons->addButton(tr("Open .mmd…"), QDialogButtonBox::ActionRole);
    open->setObjectName(QStringLiteral("mermaidOpen"));
    render_ = buttons->addButton(tr("Render"), QDialogButtonBox::AcceptRole);
    render_->setObjectName(QStringLiteral("mermaidRender"));
    render_->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    layout->addWidget(buttons);
    connect(open, &QPushButton::clicked, this, &MermaidDialog::browse);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (error_.isEmpty()) accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(editor_, &QPlainTextEdit::textChanged, this, &MermaidDialog::reparse);
    editor_->setPlainText(text.isEmpty() ? exampleChart() : text);
    reparse();
}

QString MermaidDialog::text() const { return editor_->toPlainText(); }

void MermaidDialog::setText(const QString& text) { editor_->setPlainText(text); }

void MermaidDialog::reparse() {
    const QByteArray utf8 = editor_->toPlainText().toUtf8();
    auto parsed = core::parseMermaid(std::string_view(utf8.constData(), std::size_t(utf8.size())));
    QList<QTextEdit::ExtraSelection> marks;
    if (parsed) {
        graph_ = std::move(parsed).value();
        error_.clear();
        status_->setStyleSheet(QStringLiteral("color: #15803d"));
        const auto count = [](std::size_t n, const QString& one, const QString& many) {
            return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
        };
        status_->setText(tr("%1, %2: ready to render.")
                             .arg(count(graph_.concepts.size(), tr("node"), tr("nodes")),
                                  count(graph_.edges.size(), tr("link"), tr("links"))));
    } else {
        const core::Error& e = parsed.error();
        error_ = tr("Line %1, column %2: %3").arg(e.line).arg(e.column).arg(QString::fromStdString(e.message));
        status_->setStyleSheet(QStringLiteral("color: #b91c1c"));
        status_->setText(error_);
        const QTextBlock block = editor_->document()->findBlockByNumber(int(e.line) - 1);
        if (block.isValid()) {
            QTextEdit::ExtraSelection mark;
            mark.cursor = QTextCursor(block);
            mark.format.setBackground(QColor(0xfe, 0xe2, 0xe2));
            mark.format.setProperty(QTextFormat::FullWidthSelection, true);
            marks << mark;
        }
    }
    editor_->setExtraSelections(marks);
    render_->setEnabled(error_.isEmpty());
}

bool MermaidDialog::openFile(const QString& path, QString* error) {
    // core's reader: a FIFO or device is refused instead of blocking the window.
    auto text = core::readRegularFile(QFile::encodeName(path).toStdString(), "a Mermaid file", core::kMaxMermaidBytes);
    if (!text) {
        if (error) *error = QString::fromStdString(text.error().toString());
        return false;
    }
    editor_->setPlainText(QString::fromStdString(*text));
    return true;
}

void MermaidDialog::browse() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Mermaid flowchart"), QString(),
                                                      tr("Mermaid (*.mmd *.mermaid *.md *.txt);;All files (*)"));
    if (path.isEmpty()) return;
    QString error;
    if (!openFile(path, &error)) {
        status_->setStyleSheet(QStringLiteral("color: #b91c1c"));
        status_->setText(error);
    }
}

}  // namespace layerlab::ui
