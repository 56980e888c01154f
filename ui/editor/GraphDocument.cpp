#include "ui/editor/GraphDocument.h"

#include "core/common/atomic_file.h"

#include "core/layers/layer_registry.h"
#include "core/io/data_paths.h"
#include "core/layers/layer.h"
#include "core/net/network.h"
#include "core/net/shape_inference.h"
#include "ui/editor/commands/EdgeCommands.h"
#include "ui/editor/commands/EditNodeCommands.h"
#include "ui/editor/commands/MoveCommand.h"
#include "ui/editor/commands/NodeCommands.h"
#include "ui/editor/commands/ProjectCommands.h"
#include "ui/editor/commands/WeightCommands.h"

#include <QFile>
#include <QFileInfo>
#include <QUndoStack>

#include <algorithm>

namespace layerlab::ui {

namespace {

core::Error unknownNode(NodeId id) {
    core::Error e = core::makeError("no node with id " + std::to_string(id));
    e.node = id;
    return e;
}

bool contains(const std::vector<core::Edge>& edges, const core::Edge& e) {
    return std::find(edges.begin(), edges.end(), e) != edges.end();
}

}  // namespace

GraphDocument::GraphDocument(QObject* parent) : QObject(parent), undo_(new QUndoStack(this)) {
    connect(undo_, &QUndoStack::cleanChanged, this, &GraphDocument::updateModified);
    recompute();
}

GraphDocument::~GraphDocument() = default;

qint64 GraphDocument::paramCountOf(NodeId id) const {
    const auto it = paramCounts_.find(id);
    return it == paramCounts_.end() ? -1 : it->second;
}

// ---------------------------------------------------------------- edits

core::Result<NodeId> GraphDocument::addNode(const QString& type, const core::ParamMap& params, QPointF pos) {
    core::Graph trial = graph();
    auto id = trial.addNode(type.toStdString(), params, toPoint(pos));
    if (!id) return id.error();
    undo_->push(new AddNodeCommand(this, *trial.node(*id)));
    return *id;
}

core::Status GraphDocument::removeNodes(const QList<NodeId>& ids) {
    QList<NodeId> unique;
    for (NodeId id : ids) {
        if (!graph().contains(id)) return unknownNode(id);
        if (!unique.contains(id)) unique.append(id);
    }
    if (unique.isEmpty()) return {};
    undo_->push(new RemoveNodesCommand(this, unique));
    return {};
}

core::Status GraphDocument::connectNodes(NodeId from, NodeId to, int port) {
    core::Graph trial = graph();
    if (auto s = trial.connect(from, to, port); !s) return s;
    // Refuse a shape mismatch only when it is the connection's fault: every
    // input of `to` is connected to a layer with a shape, and still `to` has none.
    if (auto s = shapeRefusal(trial, core::inferShapes(trial), to); !s) return s;
    undo_->push(new ConnectCommand(this, core::Edge{from, to, port}));
    return {};
}

core::Status GraphDocument::disconnectInput(NodeId to, int port) {
    const core::Edge* e = graph().inputEdge(to, port);
    if (!e) {
        core::Graph trial = graph();
        return trial.disconnect(to, port);  // the graph's own message
    }
    undo_->push(new DisconnectCommand(this, *e));
    return {};
}

core::Status GraphDocument::moveNodes(const QMap<NodeId, QPointF>& positions, int dragId) {
    std::map<NodeId, core::Point> changed;
    for (auto it = positions.begin(); it != positions.end(); ++it) {
        const core::Node* n = graph().node(it.key());
        if (!n) return unknownNode(it.key());
        if (n->position != toPoint(it.value())) changed[it.key()] = toPoint(it.value());
    }
    if (changed.empty()) return {};
    undo_->push(new MoveNodesCommand(this, changed, dragId));
    return {};
}

core::Status GraphDocument::setParam(NodeId id, const QString& key, const core::ParamValue& value) {
    const core::Node* n = graph().node(id);
    if (!n) return unknownNode(id);
    const std::string k = key.toStdString();
    core::Graph trial = graph();
    if (auto s = trial.setParam(id, k, value); !s) return s;
    if (trial.node(id)->params == n->params) return {};  // same value: no step
    undo_->push(new SetParamCommand(this, id, k, value));
    return {};
}

core::Status GraphDocument::renameNode(NodeId id, const QString& name) {
    const core::Node* n = graph().node(id);
    if (!n) return unknownNode(id);
    const std::string s = name.toStdString();
    if (s == n->name) return {};
    core::Graph trial = graph();
    if (auto r = trial.rename(id, s); !r) return r;
    undo_->push(new RenameNodeCommand(this, id, s));
    return {};
}

QString GraphDocument::copy(const QList<NodeId>& ids) const {
    core::Project clip;
    clip.name = "LayerLab clipboard";
    for (const core::Node& n : graph().nodes())
        if (ids.contains(n.id)) (void)clip.graph.addNode(n.type, n.params, n.position, n.name, n.id);
    for (const core::Edge& e : graph().edges())
        if (clip.graph.contains(e.from) && clip.graph.contains(e.to)) (void)clip.graph.connect(e.from, e.to, e.toPort);
    return QString::fromStdString(core::serializeProject(clip, false));
}

core::Result<QList<NodeId>> GraphDocument::paste(const QString& text, QPointF offset) {
    return pasteWithText(text, offset, tr("Paste"));
}

core::Result<QList<NodeId>> GraphDocument::duplicate(const QList<NodeId>& ids, QPointF offset) {
    return pasteWithText(copy(ids), offset, tr("Duplicate"));
}

core::Result<QList<NodeId>> GraphDocument::pasteWithText(const QString& text, QPointF offset, const QString& verb) {
    auto clip = core::parseProject(text.toStdString(), "clipboard");
    if (!clip) {
        core::Error e = clip.error();
        e.message = "the clipboard does not hold LayerLab layers: " + e.message;
        return e;
    }
    core::Graph trial = graph();
    std::map<NodeId, NodeId> newId;
    std::vector<core::Node> nodes;
    QList<NodeId> ids;
    for (const core::Node& n : clip->graph.nodes()) {
        const std::string name = trial.findByName(n.name) ? std::string{} : n.name;
        const core::Point p{n.position.x + offset.x(), n.position.y + offset.y()};
        auto id = trial.addNode(n.type, n.params, p, name);
        if (!id) return id.error();
        newId[n.id] = *id;
        nodes.push_back(*trial.node(*id));
        ids.append(*id);
    }
    std::vector<core::Edge> edges;
    for (const core::Edge& e : clip->graph.edges()) {
        const core::Edge mapped{newId.at(e.from), newId.at(e.to), e.toPort};
        if (auto s = trial.connect(mapped.from, mapped.to, mapped.toPort); !s) return s.error();
        edges.push_back(mapped);
    }
    if (nodes.empty()) return ids;
    const QString what = nodes.size() == 1 ? QString::fromStdString(nodes.front().name)
                                           : tr("%1 layers").arg(nodes.size());
    undo_->push(new AddNodesCommand(this, std::move(nodes), std::move(edges), verb + u' ' + what));
    return ids;
}

core::Status GraphDocument::autoLayout(core::LayoutDirection dir) {
    auto layout = core::layoutGraph(graph(), dir);
    if (!layout) return layout.error();
    std::map<NodeId, core::Point> changed;
    for (const auto& [id, p] : *layout)
        if (graph().node(id)->position != p) changed[id] = p;
    if (changed.empty()) return {};
    undo_->push(new MoveNodesCommand(this, changed, -1, tr("Auto-layout")));
    return {};
}

void GraphDocument::setTrainingConfig(const core::TrainConfig& config) {
    undo_->push(new SetTrainingCommand(this, config));
}

void GraphDocument::setDataSource(const core::DataSource& source) {
    undo_->push(new SetDataSourceCommand(this, source));
}

void GraphDocument::setWeights(std::optional<core::Weights> weights) {
    project_.weights = std::move(weights);
    weightsDirty_ = true;
    emit weightsChanged();
    updateModified();
}

core::Status GraphDocument::setParameterValue(NodeId node, std::size_t index, double value) {
    auto edit = planParameterEdit(project_, node, index, value);
    if (!edit) return edit.error();
    if (edit->changed) undo_->push(new SetWeightsCommand(this, std::move(edit->weights), edit->text));
    return {};
}

void GraphDocument::recordFittedPreprocessing(const core::Preprocessing& p) {
    core::Preprocessing& mine = project_.data.preprocessing;
    if (p.normalization != mine.normalization || p.testSplit != mine.testSplit ||
        p.validationSplit != mine.validationSplit || p.splitSeed != mine.splitSeed)
        return;  // fitted for another training part
    mine.offset = p.offset;
    mine.scale = p.scale;
}

void GraphDocument::recordFittedSeries(const core::SeriesOptions& fitted) {
    core::SeriesOptions& mine = project_.data.series;
    if (!(fitted.withoutFit() == mine.withoutFit())) return;  // fitted for other options
    mine = fitted;
}

// ---------------------------------------------------------------- primitives

core::Status GraphDocument::applyAddNode(const core::Node& node) {
    auto id = project_.graph.addNode(node.type, node.params, node.position, node.name, node.id);
    if (!id) return id.error();
    emit nodeAdded(*id);
    return {};
}

core::Status GraphDocument::applyRemoveNode(NodeId id) {
    std::vector<core::Edge> touching;
    for (const core::Edge& e : graph().edges())
        if (e.from == id || e.to == id) touching.push_back(e);
    if (auto s = project_.graph.removeNode(id); !s) return s;
    for (const core::Edge& e : touching) emit edgeRemoved(e);
    emit nodeRemoved(id);
    return {};
}

core::Status GraphDocument::applyConnect(const core::Edge& edge) {
    if (auto s = project_.graph.connect(edge.from, edge.to, edge.toPort); !s) return s;
    emit edgeAdded(edge);
    return {};
}

core::Status GraphDocument::applyDisconnect(NodeId to, int port) {
    const core::Edge* e = graph().inputEdge(to, port);
    const core::Edge edge = e ? *e : core::Edge{0, to, port};
    if (auto s = project_.graph.disconnect(to, port); !s) return s;
    emit edgeRemoved(edge);
    return {};
}

core::Status GraphDocument::applySetPosition(NodeId id, core::Point p) {
    if (auto s = project_.graph.setPosition(id, p); !s) return s;
    emit nodeMoved(id, toQPointF(p));
    return {};
}

core::Status GraphDocument::applySetParam(NodeId id, const std::string& key, const core::ParamValue& value) {
    if (auto s = project_.graph.setParam(id, key, value); !s) return s;
    emit nodeChanged(id);
    return {};
}

core::Status GraphDocument::applyRename(NodeId id, const std::string& name) {
    if (auto s = project_.graph.rename(id, name); !s) return s;
    emit nodeChanged(id);
    return {};
}

void GraphDocument::applyGraph(const core::Graph& next) {
    const core::Graph old = std::exchange(project_.graph, next);
    // Removals first (edges before their nodes), then additions (nodes before their edges).
    for (const core::Edge& e : old.edges())
        if (!contains(next.edges(), e)) emit edgeRemoved(e);
    for (const core::Node& n : old.nodes())
        if (!next.contains(n.id)) emit nodeRemoved(n.id);
    for (const core::Node& n : next.nodes()) {
        const core::Node* before = old.node(n.id);
        if (!before) {
            emit nodeAdded(n.id);
            continue;
        }
        if (before->name != n.name || before->params != n.params || before->type != n.type) emit nodeChanged(n.id);
        if (before->position != n.position) emit nodeMoved(n.id, toQPointF(n.position));
    }
    for (const core::Edge& e : next.edges())
        if (!contains(old.edges(), e)) emit edgeAdded(e);
}

void GraphDocument::applyTraining(const core::TrainConfig& config) {
    project_.training = config;
    emit trainingChanged();
}

void GraphDocument::applyDataSource(const core::DataSource& source) {
    project_.data = source;
    emit dataSourceChanged();
}

void GraphDocument::applyWeights(std::optional<core::Weights> weights) {
    project_.weights = std::move(weights);
    emit weightsChanged();
}

void GraphDocument::refresh() {
    recompute();
    emit shapesChanged();
    emit summaryChanged();
}

void GraphDocument::recompute() {
    const core::Graph& g = graph();
    const core::LayerRegistry& registry = g.registry();
    shapes_ = core::inferShapes(g);
    paramCounts_.clear();
    ModelSummary s;
    double flops = 0;
    for (const core::Node& n : g.nodes()) {
        const core::LayerInfo* info = registry.find(n.type);
        if (!info) continue;
        if (!info->isInput) ++s.layers;
        const core::Shape* out = shapes_.shapeOf(n.id);
        if (!out) continue;
        const core::ParamMap params = registry.withDefaults(*info, n.params);
        std::vector<core::Shape> in;
        bool known = true;
        for (int p = 0; p < info->inputs(params) && known; ++p) {
            const core::Edge* e = g.inputEdge(n.id, p);
            const core::Shape* shape = e ? shapes_.shapeOf(e->from) : nullptr;
            if (shape) in.push_back(*shape);
            else known = false;
        }
        if (!known) continue;
        qint64 count = 0;
        if (info->create) {
            if (auto layer = info->create(params, in, *out, 0)) count = static_cast<qint64>(layer->paramCount());
        }
        paramCounts_[n.id] = count;
        s.parameters += count;
        if (info->flops) flops += info->flops(params, in, *out);
    }
    s.flopsPerSample = flops;
    path_ = core::findNetworkPath(g);
    for (NodeId id : path_.stray) s.stray << QString::fromStdString(g.node(id)->name);
    auto net = core::compileNetwork(g, project_.training.loss);
    if (net) {
        s.parameters = static_cast<qint64>(net->paramCount());
        s.flopsPerSample = net->flopsPerSample();
    } else {
        s.error = QString::fromStdString(net.error().message);
        if (!path_.ok()) s.fix = path_.fix;
    }
    summary_ = s;
}

// ---------------------------------------------------------------- files

void GraphDocument::newDocument() { replaceProject(core::Project(), QString()); }

void GraphDocument::adoptUntitled(core::Project project) {
    replaceProject(std::move(project), QString());
    weightsDirty_ = true;  // nothing of it is saved yet
    updateModified();
}

bool GraphDocument::load(const QString& path, QString* error) {
    // core's reader: refuses folders, FIFOs, devices and oversized files before reading.
    auto project = core::loadProject(QFile::encodeName(path).toStdString());
    if (!project) {
        const core::Error& e = project.error();
        QString msg = QString::fromStdString(e.toString());
        if (!msg.contains(path)) msg = path + QStringLiteral(": ") + msg;
        if (error) *error = msg;
        return false;
    }
    replaceProject(std::move(project).value(), QFileInfo(path).absoluteFilePath());
    return true;
}

bool GraphDocument::loadRecovered(const QString& copyPath, const QString& originalPath, QString* error) {
    if (!load(copyPath, error)) return false;
    const QString path = originalPath.isEmpty() ? QString() : QFileInfo(originalPath).absoluteFilePath();
    if (path != filePath_) {
        filePath_ = path;
        emit filePathChanged(filePath_);
    }
    weightsDirty_ = true;  // "unsaved outside the undo stack", like arrived weights
    updateModified();
    return true;
}

bool GraphDocument::save(const QString& path, QString* error) {
    // Save As into another folder: relative data paths are re-stored for the new
    // folder so the project still finds its data (the same files, not an edit).
    const QString newDir = QFileInfo(path).absolutePath();
    const QString oldDir = filePath_.isEmpty() ? QString() : QFileInfo(filePath_).absolutePath();
    core::Project toWrite = project_;
    if (!oldDir.isEmpty() && oldDir != newDir)
        core::rebaseDataPaths(toWrite.data, oldDir.toStdString(), newDir.toStdString());
    else
        toWrite.data = core::withStoredPaths(toWrite.data, newDir.toStdString());
    // core's writer, as `layerlab train --save-weights` uses: unlike QSaveFile it
    // also syncs the folder after the rename and keeps the file's owner.
    if (auto written = core::writeFileAtomically(QFile::encodeName(path).toStdString(), core::serializeProject(toWrite));
        !written) {
        if (error) *error = tr("Cannot save %1: %2").arg(path, QString::fromStdString(written.error().message));
        return false;
    }
    const QString absolute = QFileInfo(path).absoluteFilePath();
    project_.data = toWrite.data;
    if (absolute != filePath_) {
        filePath_ = absolute;
        emit filePathChanged(filePath_);
    }
    setClean();
    return true;
}

QString GraphDocument::serialize() const { return QString::fromStdString(core::serializeProject(project_)); }

bool GraphDocument::isModified() const { return !undo_->isClean() || weightsDirty_; }

void GraphDocument::setClean() {
    weightsDirty_ = false;
    undo_->setClean();
    updateModified();
}

void GraphDocument::replaceProject(core::Project project, const QString& path) {
    undo_->clear();
    project_ = std::move(project);
    weightsDirty_ = false;
    editSession_ = 0;
    if (path != filePath_) {
        filePath_ = path;
        emit filePathChanged(filePath_);
    }
    recompute();
    emit reset();
    emit shapesChanged();
    emit summaryChanged();
    updateModified();
}

void GraphDocument::updateModified() {
    const bool modified = isModified();
    if (modified == lastModified_) return;
    lastModified_ = modified;
    emit modifiedChanged(modified);
}

}  // namespace layerlab::ui
