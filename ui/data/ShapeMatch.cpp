#include "ui/data/ShapeMatch.h"

#include "core/layers/layer_registry.h"
#include "core/net/network_path.h"
#include "ui/editor/GraphDocument.h"

#include <QCoreApplication>
#include <QMessageBox>
#include <QUndoStack>

#include <set>

namespace layerlab::ui {

namespace {

QString nodeLabel(const core::Graph& g, core::NodeId id) { return QString::fromStdString(g.describe(id)); }

bool hasUnits(const core::Graph& g, const core::Node& n) {
    const core::LayerInfo* info = g.registry().find(n.type);
    return info && info->findParam("units") != nullptr;
}

// The node with "units" that feeds the output: walk back from the single sink
// along input port 0 through layers without units (Softmax, ReLU, Dropout...).
// Stray layers (not connected to the Input's part) are not the network's ends.
const core::Node* lastUnitsLayer(const core::Graph& g, const core::NetworkPath& path, QString* note) {
    std::vector<core::NodeId> sinks;
    for (const core::Node& n : g.nodes())
        if (g.consumers(n.id).empty() && !path.isStray(n.id)) sinks.push_back(n.id);
    if (sinks.size() != 1) {
        *note = sinks.empty() ? QCoreApplication::translate("ShapeMatch", "the network has no layers")
                              : QCoreApplication::translate("ShapeMatch", "the network has %1 outputs; connect them into one").arg(sinks.size());
        return nullptr;
    }
    std::set<core::NodeId> seen;
    const core::Node* n = g.node(sinks.front());
    while (n && seen.insert(n->id).second) {
        if (hasUnits(g, *n)) return n;
        const core::Edge* in = g.inputEdge(n->id, 0);
        n = in ? g.node(in->from) : nullptr;
    }
    *note = QCoreApplication::translate("ShapeMatch", "no layer with units (e.g. Dense) feeds the network's output");
    return nullptr;
}

std::int64_t neededUnits(const core::Dataset& data, core::LossKind loss, std::int64_t current) {
    if (data.task == core::TaskKind::Regression) return std::max(1, data.targetDim);
    const int classes = data.classCount();
    // Two classes may be one sigmoid output trained with binary cross-entropy.
    if (classes == 2 && current == 1 && loss == core::LossKind::BinaryCrossEntropyLogits) return 1;
    return classes;
}

}  // namespace

ShapeMatchProposal proposeShapeMatch(const core::Graph& graph, core::LossKind loss, const core::Dataset& data) {
    ShapeMatchProposal out;
    QStringList notes;

    const core::NetworkPath path = core::findNetworkPath(graph);
    const core::Node* input = nullptr;
    for (const core::Node& n : graph.nodes()) {
        const core::LayerInfo* info = graph.registry().find(n.type);
        if (info && info->isInput && !path.isStray(n.id)) {
            if (input) {
                notes << QCoreApplication::translate("ShapeMatch", "the network has more than one Input layer");
                input = nullptr;
                break;
            }
            input = &n;
        }
    }
    if (!input && notes.isEmpty()) notes << QCoreApplication::translate("ShapeMatch", "the network has no Input layer");
    if (input && !data.inputShape.empty()) {
        const core::ParamMap params = graph.registry().withDefaults(*graph.registry().find(input->type), input->params);
        const std::string now = core::paramString(params, "shape");
        auto parsed = core::parseShape(now);
        const core::Shape& want = data.inputShape;
        const bool fits = parsed && (*parsed == want || (parsed->rank() == 1 && parsed->size() == want.size()));
        if (!fits) {
            const std::string to = want.toString();
            out.changes.push_back({input->id, "shape", core::ParamValue{now}, core::ParamValue{to},
                                   QCoreApplication::translate("ShapeMatch", "%1: shape %2 → %3")
                                       .arg(nodeLabel(graph, input->id), QString::fromStdString(now),
                                            QString::fromStdString(to))});
        }
    }

    QString note;
    if (const core::Node* last = lastUnitsLayer(graph, path, &note)) {
        const core::ParamMap params = graph.registry().withDefaults(*graph.registry().find(last->type), last->params);
        const std::int64_t now = core::paramInt(params, "units");
        const std::int64_t want = neededUnits(data, loss, now);
        if (want >= 1 && want != now) {
            const QString why = data.task == core::TaskKind::Regression
                                    ? QCoreApplication::translate("ShapeMatch", "%1 target value(s)").arg(want)
                                    : QCoreApplication::translate("ShapeMatch", "%1 classes").arg(want);
            out.changes.push_back({last->id, "units", core::ParamValue{now}, core::ParamValue{want},
                                   QCoreApplication::translate("ShapeMatch", "%1: units %2 → %3 (%4)")
                                       .arg(nodeLabel(graph, last->id))
                                       .arg(now)
                                       .arg(want)
                                       .arg(why)});
        }
    } else if (!graph.nodes().empty()) {
        notes << note;
    }
    out.note = notes.join(QStringLiteral("; "));
    return out;
}

core::Status applyShapeMatch(GraphDocument* doc, const ShapeMatchProposal& proposal) {
    if (proposal.empty()) return {};
    doc->closeEditSession();
    doc->undoStack()->beginMacro(QCoreApplication::translate("ShapeMatch", "Match network to data"));
    core::Status result;
    for (const ShapeChange& c : proposal.changes) {
        if (auto s = doc->setParam(c.node, QString::fromStdString(c.key), c.to); !s) {
            result = s;
            break;
        }
    }
    doc->undoStack()->endMacro();
    doc->closeEditSession();
    return result;
}

bool offerShapeMatch(QWidget* parent, GraphDocument* doc, const core::Dataset& data) {
    const ShapeMatchProposal p = proposeShapeMatch(doc->graph(), doc->project().training.loss, data);
    if (p.empty()) return false;
    QStringList lines;
    for (const ShapeChange& c : p.changes) lines << QStringLiteral("• ") + c.description;
    QMessageBox box(QMessageBox::Question, QCoreApplication::translate("ShapeMatch", "Match network to data"),
                    QCoreApplication::translate("ShapeMatch", "The network does not fit the data “%1” (%2 per sample).")
                        .arg(QString::fromStdString(data.name), QString::fromStdString(data.inputShape.toString())),
                    QMessageBox::Yes | QMessageBox::No, parent);
    box.setObjectName(QStringLiteral("shapeMatchBox"));
    box.setInformativeText(QCoreApplication::translate("ShapeMatch", "Change it?\n%1\n\nYou can undo this in one step.").arg(lines.join('\n')));
    box.setDefaultButton(QMessageBox::Yes);
    if (box.exec() != QMessageBox::Yes) return false;
    if (auto s = applyShapeMatch(doc, p); !s) {
        QMessageBox::warning(parent, QCoreApplication::translate("ShapeMatch", "Match network to data"),
                             QString::fromStdString(s.error().message));
        return false;
    }
    return true;
}

}  // namespace layerlab::ui
