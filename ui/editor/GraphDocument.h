// GraphDocument: the open project as an undoable document. It owns the
// core::Project (graph, training settings, data source, weights) and a
// QUndoStack; it is the ONLY object that mutates the project. Every edit
// method validates first, then pushes one QUndoCommand (see commands/) whose
// redo/undo change the core::Graph by ids and values; a refused edit returns
// the reason and pushes nothing. Views (the canvas scene, the inspector)
// read the project through the const accessors and follow the signals, which
// always name nodes by id, never by pointer.
//
// After every change (edit, undo, redo, load) shape inference and the model
// summary are recomputed, then shapesChanged() and summaryChanged() fire.
//
// Positions are scene pixels, y down, of a node box's TOP-LEFT corner
// (boxes are core::kNodeBoxWidth x core::kNodeBoxHeight).
//
// Thread: GUI thread only. Not copyable.
#pragma once

#include "core/graph/graph.h"
#include "core/io/project.h"
#include "core/net/network_path.h"
#include "core/net/shape_inference.h"
#include "core/viz/graph_layout.h"
#include "ui/editor/LayerSpec.h"

#include <QList>
#include <QMap>
#include <QObject>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <map>
#include <optional>

class QUndoStack;

namespace layerlab::ui {

using NodeId = core::NodeId;

// What the status bar shows about the model. parameters and flopsPerSample
// come from the compiled network when it compiles, else they add up the
// layers whose shapes are known; layers counts every non-Input node; error is
// empty when the network compiles, else the compiler's message. stray names
// the layers left out of training (not connected to the network); fix is
// one edit that resolves an ambiguous network (core::findNetworkPath).
struct ModelSummary {
    qint64 parameters = 0;
    int layers = 0;
    double flopsPerSample = 0;
    QString error;
    QStringList stray;
    core::PathFix fix;
    bool operator==(const ModelSummary&) const = default;
};

// Space the editor leaves between the boxes it places (scene px).
inline constexpr double kLayerGap = 40.0;

// A composite edit (GraphDocument::addChain): new layers in a column, each
// feeding the next, wired into the graph, as ONE undo step.
struct ChainEdit {
    LayerChain layers;             // requires: at least one
    QPointF topLeft;               // the first box; each next one kNodeBoxHeight + kLayerGap below
    NodeId from = 0;               // non-zero: its output feeds the first layer's input 1
    QList<core::Edge> into;        // the last layer feeds each (to, toPort); an edge there now is replaced
    QMap<NodeId, QPointF> moves;   // existing layers moved in the same step (to make room)
    QString text;                  // undo text; empty: "Add Dense + ReLU"
};

inline QPointF toQPointF(core::Point p) { return {p.x, p.y}; }
inline core::Point toPoint(QPointF p) { return {p.x(), p.y()}; }

class GraphDocument : public QObject {
    Q_OBJECT

public:
    // MIME type the canvas should use for copy()'s text on the clipboard.
    static constexpr const char* kClipboardMimeType = "application/x-layerlab-layers";

    // An empty, clean, untitled project.
    explicit GraphDocument(QObject* parent = nullptr);
    ~GraphDocument() override;
    GraphDocument(const GraphDocument&) = delete;
    GraphDocument& operator=(const GraphDocument&) = delete;

    // ---- read access (references stay valid until the next change) ----
    const core::Project& project() const { return project_; }
    const core::Graph& graph() const { return project_.graph; }
    // Output shape and diagnostic per node, for the whole graph.
    const core::ShapeReport& shapes() const { return shapes_; }
    const ModelSummary& summary() const { return summary_; }
    // Which layers train and which are stray (recomputed with the shapes).
    const core::NetworkPath& networkPath() const { return path_; }
    // Trainable parameters of one node, or -1 when its shape is not known.
    qint64 paramCountOf(NodeId id) const;
    // The stack the Edit menu's undo/redo actions use (createUndoAction...).
    // Push nothing on it directly: use the edit methods.
    QUndoStack* undoStack() const { return undo_; }

    // ---- edits: each is one undo step; on error nothing is pushed ----
    // Adds a layer of registry type `type` with `params` (only the values that
    // differ from defaults are needed) at `pos`, with a fresh id and a default
    // unique name ("dense_2"). Text "Add Dense". errors: unknown type, bad params.
    core::Result<NodeId> addNode(const QString& type, const core::ParamMap& params = {}, QPointF pos = {});
    // Removes the nodes and every edge touching them, in one step ("Delete
    // dense_1", "Delete 3 layers"); undo restores nodes (ids, names, params,
    // positions, order) and edges exactly. Empty list: nothing, ok.
    // errors: an unknown id (nothing removed).
    core::Status removeNodes(const QList<NodeId>& ids);
    // Feeds from's output into input `port` (0-based) of `to`: "Connect
    // dense_1 → relu_1". errors (the graph's refusals, message for the user):
    // unknown node, self-loop, no such port, port taken, cycle, and a shape
    // mismatch: when all of to's inputs would be connected to layers that
    // have shapes and to's shape still cannot be computed (shape inference's
    // message for to). A mismatch that a later edit makes (an Input's shape
    // changed) is not refused: it shows up in shapes() and the node turns red.
    core::Status connectNodes(NodeId from, NodeId to, int port = 0);
    // Removes the edge into (to, port). errors: no such edge.
    core::Status disconnectInput(NodeId to, int port);
    // Sets positions (top-left, scene px). Calls with the same dragId >= 0
    // that follow each other on the stack merge into one step ("Move 2
    // layers"): call it on every mouse move of one drag with one id from
    // newDragId(). dragId < 0 never merges. Unchanged positions are skipped;
    // nothing changed: nothing pushed. errors: an unknown id.
    core::Status moveNodes(const QMap<NodeId, QPointF>& positions, int dragId = -1);
    // A fresh id for moveNodes (one per drag gesture).
    int newDragId() { return ++lastDragId_; }
    // Sets one parameter ("Change units of dense_1"). Consecutive changes of
    // the same node and key merge into one step (typing 1, 12, 128 is one
    // undo) until closeEditSession() is called or another edit is pushed.
    // Same value as now: nothing pushed. errors: unknown node or key, value
    // out of range, lowering an input count below a connected port.
    core::Status setParam(NodeId id, const QString& key, const core::ParamValue& value);
    // Ends setParam merging (call when an inspector field loses focus or on Enter).
    void closeEditSession() { ++editSession_; }
    // Renames a node. Same name: nothing pushed. errors: empty or taken name.
    core::Status renameNode(NodeId id, const QString& name);
    // The nodes (and the edges among them) as text for the clipboard
    // (project JSON, weights left out). Unknown ids are ignored.
    QString copy(const QList<NodeId>& ids) const;
    // Inserts copy()'s text as one step ("Paste 4 layers"): fresh ids, the
    // copied names when free else default names, positions + offset, the
    // copied edges among the pasted nodes. Returns the new ids in the copied
    // order (select them). Nothing to paste: empty list, nothing pushed.
    // errors: the text is not LayerLab layers (message says why).
    core::Result<QList<NodeId>> paste(const QString& text, QPointF offset = {});
    // copy + paste in one step ("Duplicate 2 layers").
    core::Result<QList<NodeId>> duplicate(const QList<NodeId>& ids, QPointF offset = {40, 40});
    // ---- composite edits (GraphDocumentEdits.cpp) ----
    // Adds edit.layers and their edges as one step. Returns the new ids, top
    // to bottom. errors: unknown type, bad params, unknown node, and what
    // connectNodes refuses (cycle, port, a shape that does not fit, also
    // further down the graph); nothing pushed.
    core::Result<QList<NodeId>> addChain(const ChainEdit& edit);
    // addChain's verdict without pushing anything (e.g. while a drag hovers).
    core::Status checkChain(const ChainEdit& edit) const;
    // Removes every edge into and out of the node, one step "Disconnect
    // dense_1". No edges: nothing pushed. errors: unknown node.
    core::Status disconnectNode(NodeId id);
    // Lays the graph out with Graphviz dot, one step "Auto-layout" setting all
    // positions. Nothing moves: nothing pushed. errors: Graphviz failed.
    core::Status autoLayout(core::LayoutDirection dir = core::LayoutDirection::TopToBottom);
    // Training settings and data source, one step each ("Change training
    // settings", "Change data source").
    void setTrainingConfig(const core::TrainConfig& config);
    void setDataSource(const core::DataSource& source);
    // Trained weights coming back from a run. Not an undo step (results are
    // not edits), but it marks the document modified until saved.
    void setWeights(std::optional<core::Weights> weights);
    // One weight or bias typed by hand: parameter `index` of layer `node`
    // (within its block: Dense W[j + k*units], then b[j]) becomes value, one
    // undo step "Set hidden W[1,2] to 0.5". Without weights that fit, the
    // weights the step-through shows (drawn from training.seed) are stored
    // first; undo brings back exactly what was there, also "no weights"
    // (commands/WeightCommands.h). Same value: nothing pushed.
    // errors: see planParameterEdit (graph does not compile, bad index or value).
    core::Status setParameterValue(NodeId node, std::size_t index, double value);
    // The preprocessing values fitted when the data was loaded (offset and
    // scale for the current normalization), kept so the next save records
    // them and later loads apply the same transform. Not an undo step and
    // not a modification: fitting again on the same files gives the same
    // values. Emits nothing (the data does not need to be read again).
    // requires: p's normalization and splits (test, validation, split seed) equal
    // the project's; otherwise nothing is recorded.
    void recordFittedPreprocessing(const core::Preprocessing& p);
    // The same for a time series: the scaling fitted on its training rows, kept
    // when the options are still those it was fitted for (not an undo step).
    void recordFittedSeries(const core::SeriesOptions& fitted);

    // ---- files ----
    // Empty untitled project; clears the undo stack. Emits reset().
    void newDocument();
    // Reads a .layerlab file. On success the document holds it, is clean,
    // filePath() is its absolute path, the undo stack is empty and reset()
    // fires. On failure *error (if given) names the file and the problem
    // (line/column for JSON syntax) and the document is untouched.
    bool load(const QString& path, QString* error = nullptr);
    // Reads a crash-recovery copy as load() does, then shows it as the unsaved
    // state of originalPath (empty = untitled): filePath() = originalPath and
    // isModified() is true until saved.
    bool loadRecovered(const QString& copyPath, const QString& originalPath, QString* error = nullptr);
    // A project made outside a file (File > Import Model): the document holds it
    // untitled and modified (closing asks to save it), the undo stack empty; reset() fires.
    void adoptUntitled(core::Project project);
    // Writes serialize() through core::writeFileAtomically (all or nothing: the
    // old file stays on any failure; a symlink stays a link, mode and owner kept). On success filePath() = path and the document is clean.
    // On failure *error names the path and the reason; nothing is written.
    bool save(const QString& path, QString* error = nullptr);
    // The project file text (core::serializeProject, weights included).
    QString serialize() const;
    QString filePath() const { return filePath_; }
    // Unsaved changes: the undo stack is not at its clean index, or weights
    // arrived since the last save/load.
    bool isModified() const;
    // Marks the current state as saved.
    void setClean();

signals:
    void nodeAdded(layerlab::core::NodeId id);
    void nodeRemoved(layerlab::core::NodeId id);        // after its edges' edgeRemoved
    void nodeChanged(layerlab::core::NodeId id);        // name, params (type never changes)
    void nodeMoved(layerlab::core::NodeId id, QPointF topLeft);
    void edgeAdded(const layerlab::core::Edge& edge);
    void edgeRemoved(const layerlab::core::Edge& edge);
    void shapesChanged();    // after every change; read shapes()
    void summaryChanged();   // after every change; read summary()
    void trainingChanged();
    void dataSourceChanged();
    void weightsChanged();
    void modifiedChanged(bool modified);
    void filePathChanged(const QString& path);
    // The whole project was replaced (new/load): rebuild every view from graph().
    void reset();

private:
    friend class DocumentCommand;  // commands call the apply* primitives below

    // Primitives: change project_ and emit the fine-grained signals. Only
    // commands call them; each command calls refresh() when done.
    core::Status applyAddNode(const core::Node& node);
    core::Status applyRemoveNode(NodeId id);
    core::Status applyConnect(const core::Edge& edge);
    core::Status applyDisconnect(NodeId to, int port);
    core::Status applySetPosition(NodeId id, core::Point p);
    core::Status applySetParam(NodeId id, const std::string& key, const core::ParamValue& value);
    core::Status applyRename(NodeId id, const std::string& name);
    // Replaces the whole graph, emitting signals for what differs.
    void applyGraph(const core::Graph& graph);
    void applyTraining(const core::TrainConfig& config);
    void applyDataSource(const core::DataSource& source);
    void applyWeights(std::optional<core::Weights> weights);  // emits weightsChanged
    // Recomputes shapes and summary and emits shapesChanged/summaryChanged.
    void refresh();
    void recompute();  // the same, silently

    // The graph after edit (new ids in *ids), or why not.
    core::Result<core::Graph> buildChain(const ChainEdit& edit, QList<NodeId>* ids) const;
    // Why `to` has no shape in trial when all of its inputs come from layers
    // that have one (the connection's fault); ok otherwise.
    static core::Status shapeRefusal(const core::Graph& trial, const core::ShapeReport& report, NodeId to);
    core::Result<QList<NodeId>> pasteWithText(const QString& text, QPointF offset, const QString& verb);
    void replaceProject(core::Project project, const QString& path);
    void updateModified();

    core::Project project_;
    core::ShapeReport shapes_;
    core::NetworkPath path_;
    ModelSummary summary_;
    std::map<NodeId, qint64> paramCounts_;
    QUndoStack* undo_ = nullptr;
    QString filePath_;
    int lastDragId_ = 0;
    int editSession_ = 0;
    bool weightsDirty_ = false;
    bool lastModified_ = false;
};

}  // namespace layerlab::ui

Q_DECLARE_METATYPE(layerlab::core::Edge)
