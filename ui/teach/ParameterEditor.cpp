#include "ui/teach/ParameterEditor.h"

#include <QApplication>
#include <QFocusEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace layerlab::ui {

ParameterEditor::ParameterEditor(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("parameterEditor"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setStyleSheet(QStringLiteral("#parameterEditor { background: #fffdf4; border: 1px solid #d9a400; border-radius: 4px; }"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(4);
    caption_ = new QLabel;
    caption_->setObjectName(QStringLiteral("parameterCaption"));
    edit_ = new QLineEdit;
    edit_->setObjectName(QStringLiteral("parameterValueEdit"));
    error_ = new QLabel;
    error_->setObjectName(QStringLiteral("parameterError"));
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: #b00020"));
    error_->hide();
    auto* hint = new QLabel(tr("Enter applies · Esc cancels"));
    hint->setStyleSheet(QStringLiteral("color: #777"));
    layout->addWidget(caption_);
    layout->addWidget(edit_);
    layout->addWidget(error_);
    layout->addWidget(hint);
    setFixedWidth(280);
    hide();
    edit_->installEventFilter(this);
    connect(edit_, &QLineEdit::returnPressed, this, [this] { emit submitted(edit_->text()); });
}

void ParameterEditor::open(const QString& caption, const QString& value, QPoint at) {
    caption_->setText(caption);
    edit_->setText(value);
    edit_->selectAll();
    error_->clear();
    error_->hide();
    adjustSize();
    // Just below the item (above it near the bottom edge), so the value being edited stays visible.
    const QWidget* p = parentWidget();
    constexpr int kGap = 14;
    const int x = std::clamp(at.x() - width() / 2, 0, std::max(0, p->width() - width()));
    const int below = at.y() + kGap, above = at.y() - kGap - height();
    const int y = std::clamp(below + height() <= p->height() || above < 0 ? below : above, 0,
                             std::max(0, p->height() - height()));
    move(x, y);
    show();
    raise();
    edit_->setFocus(Qt::OtherFocusReason);
}

void ParameterEditor::showError(const QString& reason) {
    error_->setText(reason);
    error_->show();
    adjustSize();
    edit_->selectAll();
    edit_->setFocus(Qt::OtherFocusReason);
}

QString ParameterEditor::errorText() const { return error_->isVisible() ? error_->text() : QString(); }

void ParameterEditor::cancel() {
    if (!isVisible()) return;
    hide();
    emit cancelled();
}

bool ParameterEditor::eventFilter(QObject* watched, QEvent* event) {
    if (watched == edit_ && isVisible()) {
        if (event->type() == QEvent::KeyPress && static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape) {
            cancel();
            return true;
        }
        // Clicking elsewhere cancels; a popup (the line edit's context menu) does not.
        if (event->type() == QEvent::FocusOut && static_cast<QFocusEvent*>(event)->reason() != Qt::PopupFocusReason)
            QTimer::singleShot(0, this, [this] {
                if (!isAncestorOf(QApplication::focusWidget())) cancel();
            });
    }
    return QFrame::eventFilter(watched, event);
}

}  // namespace layerlab::ui
