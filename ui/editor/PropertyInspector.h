// PropertyInspector: the side panel that shows and edits what is selected.
//  - no node: a hint and the model summary (parameters, layers, FLOPs per
//    sample, the compiler's error), following summaryChanged();
//  - several nodes: "3 layers selected";
//  - one node: its type and description, its name (renamed on Enter or
//    focus out; an empty or taken name shows the document's reason under
//    the field and the field goes back to the current name), one
//    ParamEditor per ParamSpec of its registry type, and below them its
//    output shape, parameter count and shape error (red).
// Valid parameter values are applied as the user types, through
// GraphDocument::setParam (which merges one field's typing into one undo
// step); Enter, focus out and combo/check changes call closeEditSession().
// The panel follows the document: nodeChanged (e.g. undo) updates the
// fields without touching one whose value did not change, nodeRemoved and
// reset() drop removed nodes. Refreshing never pushes an edit.
//
// The document is not owned and must outlive the panel. GUI thread only.
#pragma once

#include "core/graph/graph.h"

#include <QList>
#include <QMap>
#include <QPointer>
#include <QString>
#include <QWidget>

class QLabel;
class QLineEdit;
class QScrollArea;

namespace layerlab::ui {

class GraphDocument;
class ParamEditor;

class PropertyInspector : public QWidget {
    Q_OBJECT

public:
    // ensures: objectName "propertyInspector"; shows the no-selection page.
    explicit PropertyInspector(GraphDocument* doc, QWidget* parent = nullptr);

    // Shows ids (ids the document does not have are dropped). Connect the
    // scene's selection to it. A focused field of the page being left is
    // finished first (its pending name is applied, its edit session closed).
    void setNodes(const QList<core::NodeId>& ids);
    // The node whose form is shown; 0 unless exactly one node is shown.
    core::NodeId currentNode() const { return node_; }
    QList<core::NodeId> nodes() const { return ids_; }
    // The editor of parameter key of the shown node, or nullptr.
    ParamEditor* paramEditor(const QString& key) const { return editors_.value(key); }

private:
    void rebuild();
    QWidget* buildSummaryPage();
    QWidget* buildSelectionPage(int count);
    QWidget* buildNodePage();
    void refreshNode();
    void refreshShape();
    void refreshSummary();
    void commitName();
    void applyParam(const QString& key, const core::ParamValue& value);
    void onNodeRemoved(core::NodeId id);

    GraphDocument* doc_;
    QList<core::NodeId> ids_;
    core::NodeId node_ = 0;
    QScrollArea* scroll_ = nullptr;
    // Widgets of the page on show (null when another page is shown).
    QPointer<QLabel> summary_, summaryError_;
    QPointer<QLineEdit> name_;
    QPointer<QLabel> nameError_, shape_, params_, shapeError_;
    QMap<QString, ParamEditor*> editors_;
};

}  // namespace layerlab::ui
