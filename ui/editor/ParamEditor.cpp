#include "ui/editor/ParamEditor.h"

#include <QCoreApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <climits>
#include <cmath>

namespace layerlab::ui {

namespace {

QString str(const std::string& s) { return QString::fromStdString(s); }
QString number(double v) { return QString::number(v, 'g', 10); }

// Spin and combo boxes change their value only under the wheel when focused,
// so scrolling the inspector does not edit the layer by accident.
class FocusWheelSpinBox : public QSpinBox {
protected:
    void wheelEvent(QWheelEvent* e) override {
        if (hasFocus())
            QSpinBox::wheelEvent(e);
        else
            e->ignore();
    }
};

class FocusWheelComboBox : public QComboBox {
protected:
    void wheelEvent(QWheelEvent* e) override {
        if (hasFocus())
            QComboBox::wheelEvent(e);
        else
            e->ignore();
    }
};

// One representation per kind, so values read from files (an Int stored as
// 3.0) compare equal to what the editors produce.
core::ParamValue normalised(const core::ParamSpec& spec, const core::ParamValue& v) {
    const core::ParamMap m{{"v", v}};
    switch (spec.kind) {
    case core::ParamKind::Int: return core::paramInt(m, "v");
    case core::ParamKind::Float: return core::paramFloat(m, "v");
    case core::ParamKind::Bool: return core::paramBool(m, "v");
    case core::ParamKind::Choice: return core::paramString(m, "v");
    case core::ParamKind::Shape: {
        auto shape = core::parseShape(core::paramString(m, "v"));
        return shape ? shape->toString() : core::paramString(m, "v");
    }
    }
    return v;
}

QString rangeText(const core::ParamSpec& spec) {
    return QCoreApplication::translate("ParamEditor", "between %1 and %2").arg(number(spec.min), number(spec.max));
}

}  // namespace

ParamEditor::ParamEditor(core::ParamSpec spec, QWidget* parent) : QWidget(parent), spec_(std::move(spec)) {
    switch (spec_.kind) {
    case core::ParamKind::Int: {
        auto* spin = new FocusWheelSpinBox;
        spin->setFocusPolicy(Qt::StrongFocus);
        spin->setRange(static_cast<int>(std::max<double>(spec_.min, INT_MIN)),
                       static_cast<int>(std::min<double>(spec_.max, INT_MAX)));
        spin->setKeyboardTracking(true);
        spin->setAccelerated(true);
        connect(spin, &QSpinBox::valueChanged, this, [this](int v) {
            setError({});
            emit valueEdited(core::ParamValue{std::int64_t{v}});
        });
        connect(spin, &QSpinBox::editingFinished, this, &ParamEditor::editFinished);
        editor_ = spin;
        break;
    }
    case core::ParamKind::Float:
    case core::ParamKind::Shape: {
        auto* line = new QLineEdit;
        if (spec_.kind == core::ParamKind::Float) {
            // Number-like text only; range and completeness are checked by value().
            static const QRegularExpression numberLike(QStringLiteral(R"([+-]?(\d*\.?\d*)([eE][+-]?\d*)?)"));
            line->setValidator(new QRegularExpressionValidator(numberLike, line));
            line->setPlaceholderText(rangeText(spec_));
        } else {
            line->setPlaceholderText(tr("e.g. 784 or 1, 28, 28"));
        }
        connect(line, &QLineEdit::textEdited, this, &ParamEditor::onTextEdited);
        connect(line, &QLineEdit::editingFinished, this, &ParamEditor::editFinished);
        editor_ = line;
        break;
    }
    case core::ParamKind::Choice: {
        auto* combo = new FocusWheelComboBox;
        combo->setFocusPolicy(Qt::StrongFocus);
        for (const auto& c : spec_.choices) combo->addItem(str(c));
        connect(combo, &QComboBox::currentIndexChanged, this, [this, combo](int index) {
            if (index < 0) return;
            setError({});
            emit valueEdited(core::ParamValue{combo->itemText(index).toStdString()});
            emit editFinished();
        });
        editor_ = combo;
        break;
    }
    case core::ParamKind::Bool: {
        auto* check = new QCheckBox;
        connect(check, &QCheckBox::toggled, this, [this](bool on) {
            setError({});
            emit valueEdited(core::ParamValue{on});
            emit editFinished();
        });
        editor_ = check;
        break;
    }
    }
    editor_->setObjectName(QStringLiteral("param_%1").arg(str(spec_.name)));
    editor_->setToolTip(str(spec_.help));
    setFocusProxy(editor_);

    message_ = new QLabel;
    message_->setObjectName(QStringLiteral("paramError_%1").arg(str(spec_.name)));
    message_->setWordWrap(true);
    message_->setStyleSheet(QStringLiteral("color: #c62828;"));
    message_->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(editor_);
    layout->addWidget(message_);
}

bool ParamEditor::sameValue(const core::ParamSpec& spec, const core::ParamValue& a, const core::ParamValue& b) {
    return normalised(spec, a) == normalised(spec, b);
}

QString ParamEditor::toText(const core::ParamSpec& spec, const core::ParamValue& value) {
    const core::ParamValue v = normalised(spec, value);
    switch (spec.kind) {
    case core::ParamKind::Int: return QString::number(std::get<std::int64_t>(v));
    case core::ParamKind::Float: return number(std::get<double>(v));
    case core::ParamKind::Bool: return std::get<bool>(v) ? tr("on") : tr("off");
    case core::ParamKind::Choice: return str(std::get<std::string>(v));
    case core::ParamKind::Shape: {
        auto shape = core::parseShape(std::get<std::string>(v));
        if (!shape) return str(std::get<std::string>(v));
        QStringList dims;
        for (int d : shape->dims) dims << QString::number(d);
        return dims.join(QStringLiteral(", "));
    }
    }
    return {};
}

core::Result<core::ParamValue> ParamEditor::value() const {
    core::ParamValue v;
    switch (spec_.kind) {
    case core::ParamKind::Int: v = std::int64_t{static_cast<QSpinBox*>(editor_)->value()}; break;
    case core::ParamKind::Bool: v = static_cast<QCheckBox*>(editor_)->isChecked(); break;
    case core::ParamKind::Choice: v = static_cast<QComboBox*>(editor_)->currentText().toStdString(); break;
    case core::ParamKind::Float: {
        const QString text = static_cast<QLineEdit*>(editor_)->text().trimmed();
        bool ok = false;
        const double d = text.toDouble(&ok);  // C locale: '.' is the decimal point
        if (!ok || !std::isfinite(d))
            return core::makeError(
                (text.isEmpty() ? tr("Enter a number %1.") : tr("“%1” is not a number; enter one %2.").arg(text))
                    .arg(rangeText(spec_))
                    .toStdString());
        if (d < spec_.min || d > spec_.max)
            return core::makeError(
                tr("%1 is out of range: enter a number %2.").arg(number(d), rangeText(spec_)).toStdString());
        v = d;
        break;
    }
    case core::ParamKind::Shape: {
        const QString text = static_cast<QLineEdit*>(editor_)->text().trimmed();
        auto shape = core::parseShape(text.toStdString());
        if (!shape)
            return core::makeError(
                "Enter 784 (features) or 1, 28, 28 (channels, height, width): " + shape.error().message);
        v = shape->toString();
        break;
    }
    }
    if (auto s = core::validateParam(spec_, v); !s) return core::makeError(s.error().message);
    return v;
}

void ParamEditor::setValue(const core::ParamValue& newValue) {
    const core::ParamValue v = normalised(spec_, newValue);
    if (shown_ && *shown_ == v) return;
    shown_ = v;
    setError({});
    if (auto current = value(); current && normalised(spec_, *current) == v) return;
    const QSignalBlocker block(editor_);
    switch (spec_.kind) {
    case core::ParamKind::Int: static_cast<QSpinBox*>(editor_)->setValue(static_cast<int>(std::get<std::int64_t>(v))); break;
    case core::ParamKind::Bool: static_cast<QCheckBox*>(editor_)->setChecked(std::get<bool>(v)); break;
    case core::ParamKind::Choice: {
        auto* combo = static_cast<QComboBox*>(editor_);
        const QString text = str(std::get<std::string>(v));
        if (combo->findText(text) < 0) combo->addItem(text);  // a value from a newer file: show it as is
        combo->setCurrentIndex(combo->findText(text));
        break;
    }
    case core::ParamKind::Float:
    case core::ParamKind::Shape: setEditorText(toText(spec_, v)); break;
    }
}

void ParamEditor::setEditorText(const QString& text) {
    auto* line = static_cast<QLineEdit*>(editor_);
    line->setText(text);
    line->setCursorPosition(0);
}

void ParamEditor::setError(const QString& message) {
    message_->setText(message);
    message_->setVisible(!message.isEmpty());
    // Red text (and a red frame on text fields) on the field itself; the message says why.
    const bool line = qobject_cast<QLineEdit*>(editor_) != nullptr;
    editor_->setStyleSheet(message.isEmpty() ? QString()
                           : line            ? QStringLiteral("QLineEdit { color: #c62828; border: 1px solid #c62828; "
                                                              "border-radius: 2px; padding: 1px 2px; }")
                                             : QStringLiteral("color: #c62828;"));
    editor_->setProperty("invalid", !message.isEmpty());
}

QString ParamEditor::error() const { return message_->text(); }

void ParamEditor::onTextEdited() {
    auto v = value();
    if (!v) {
        QString message = QString::fromStdString(v.error().message);
        if (shown_) message += tr(" The layer keeps %1.").arg(toText(spec_, *shown_));
        setError(message);
        return;
    }
    setError({});
    emit valueEdited(*v);
}

}  // namespace layerlab::ui
