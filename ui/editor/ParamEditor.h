// ParamEditor: the editor for one layer parameter, generated from its
// core::ParamSpec, with a message line under it:
//   Int    -> QSpinBox over the spec's range
//   Float  -> QLineEdit accepting number-like text; out of range or not a
//             number turns it red and the message says the range
//   Choice -> QComboBox of the spec's choices
//   Bool   -> QCheckBox
//   Shape  -> QLineEdit "1, 28, 28" (also "1x28x28"), parsed and validated
// It only reports: valueEdited() carries every VALID value the user types or
// picks (as you type), editFinished() marks the end of a gesture (Enter,
// focus out, a combo or check box change). It never talks to a document.
// setValue() (a refresh from the document) never emits.
//
// Thread: GUI thread only.
#pragma once

#include "core/params/params.h"

#include <QString>
#include <QWidget>

#include <optional>

class QLabel;

namespace layerlab::ui {

class ParamEditor : public QWidget {
    Q_OBJECT

public:
    // ensures: editor()'s objectName is "param_<spec.name>", tooltip spec.help.
    explicit ParamEditor(core::ParamSpec spec, QWidget* parent = nullptr);

    const core::ParamSpec& spec() const { return spec_; }
    // The input widget (QSpinBox, QLineEdit, QComboBox or QCheckBox).
    QWidget* editor() const { return editor_; }

    // Shows value (from the document). Nothing changes when value is the one
    // last shown (a refresh after another field's edit keeps what is being
    // typed here, valid or not); when the editor already shows an equal value
    // its text is left alone (cursor, spelling "0.50"). Otherwise the editor
    // shows value and the message is cleared. Emits nothing.
    void setValue(const core::ParamValue& newValue);
    // The value the editor shows, or why it is not valid (message for the user).
    core::Result<core::ParamValue> value() const;
    // Shows message in red under the editor (empty: hides it).
    void setError(const QString& message);
    QString error() const;
    bool hasError() const { return !error().isEmpty(); }

    // Whether two values of this parameter mean the same (3 and 3.0 for an
    // Int, "1x28x28" and "1,28,28" for a Shape).
    static bool sameValue(const core::ParamSpec& spec, const core::ParamValue& a, const core::ParamValue& b);
    // Formats a value as the editor shows it ("1, 28, 28" for shapes).
    static QString toText(const core::ParamSpec& spec, const core::ParamValue& value);

signals:
    // A valid value the user entered (typed, picked, toggled).
    void valueEdited(const layerlab::core::ParamValue& value);
    // The user finished this edit (Enter, focus out, combo/check change).
    void editFinished();

private:
    void onTextEdited();
    void setEditorText(const QString& text);

    core::ParamSpec spec_;
    QWidget* editor_ = nullptr;
    QLabel* message_ = nullptr;
    std::optional<core::ParamValue> shown_;  // last value from setValue, normalised
};

}  // namespace layerlab::ui
