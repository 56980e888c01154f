// MermaidDialog: paste or open (.mmd) a Mermaid flowchart. The text is parsed
// as it is typed; a syntax error is shown under the editor as "Line 3,
// column 7: expected ..." and its line is tinted red. "Render" is enabled only
// when the chart parses; graph() is then the parsed chart.
//
// GUI thread only. Not modal by itself: the concept view opens it with open().
#pragma once

#include "core/viz/concept_graph.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace layerlab::ui {

class MermaidDialog : public QDialog {
    Q_OBJECT

public:
    // A short example chart, shown the first time.
    static QString exampleChart();

    explicit MermaidDialog(const QString& text, QWidget* parent = nullptr);

    QString text() const;
    void setText(const QString& text);
    // The parsed chart. requires: the last parse succeeded (Render enabled).
    const core::ConceptGraph& graph() const { return graph_; }
    // "" when the chart parses, else "Line L, column C: message".
    QString errorText() const { return error_; }
    // Reads a .mmd file into the editor. false and *error on failure.
    bool openFile(const QString& path, QString* error = nullptr);

private:
    void reparse();
    void browse();

    QPlainTextEdit* editor_ = nullptr;
    QLabel* status_ = nullptr;
    QPushButton* render_ = nullptr;
    core::ConceptGraph graph_;
    QString error_;
};

}  // namespace layerlab::ui
