// ParameterEditor: the small inline editor the step-through opens over a
// double-clicked weight or bias: a caption naming the parameter, a line edit
// holding its value (selected, so typing replaces it), a line for the reason
// a value is refused, and "Enter applies · Esc cancels". Enter emits
// submitted(text): the owner checks the text and either calls showError()
// (the editor stays open with the text) or closes it. Esc, or the focus
// leaving the editor, closes it without a change (cancelled()).
//
// Ownership: a child of the widget it floats over (the diagram's viewport).
// Thread: GUI thread.
#pragma once

#include <QFrame>

class QLabel;
class QLineEdit;

namespace layerlab::ui {

class ParameterEditor : public QFrame {
    Q_OBJECT

public:
    explicit ParameterEditor(QWidget* parent);

    // Shows the editor just below `at` (above it near the bottom; parent
    // coordinates, kept inside the parent), with value selected and the
    // keyboard focus in the line edit.
    void open(const QString& caption, const QString& value, QPoint at);
    // The typed value is refused: says why, keeps the editor open.
    void showError(const QString& reason);
    QString errorText() const;
    QLineEdit* lineEdit() const { return edit_; }

signals:
    void submitted(const QString& text);
    void cancelled();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void cancel();

    QLabel* caption_ = nullptr;
    QLineEdit* edit_ = nullptr;
    QLabel* error_ = nullptr;
};

}  // namespace layerlab::ui
