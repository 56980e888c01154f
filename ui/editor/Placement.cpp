#include "ui/editor/Placement.h"

#include "core/viz/graph_layout.h"
#include "ui/editor/GraphDocument.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace layerlab::ui::placement {

namespace {

constexpr double kW = core::kNodeBoxWidth;
constexpr double kH = core::kNodeBoxHeight;
constexpr double kMargin = kLayerGap / 2;

QRectF boxOf(const core::Node& n) { return QRectF(n.position.x, n.position.y, kW, kH); }

bool rectFree(const core::Graph& graph, const QRectF& r, const QSet<core::NodeId>& ignore) {
    const QRectF grown = r.adjusted(-kMargin, -kMargin, kMargin, kMargin);
    for (const core::Node& n : graph.nodes())
        if (!ignore.contains(n.id) && grown.intersects(boxOf(n))) return false;
    return true;
}

// Below everything: always free.
QPointF belowAll(const core::Graph& graph, double x) {
    double bottom = 0;
    for (const core::Node& n : graph.nodes()) bottom = std::max(bottom, n.position.y + kH);
    return {x, bottom + kLayerGap};
}

}  // namespace

QRectF columnRect(QPointF topLeft, int count) {
    const int n = std::max(count, 1);
    return QRectF(topLeft, QSizeF(kW, n * kH + (n - 1) * kLayerGap));
}

bool columnFree(const core::Graph& graph, QPointF topLeft, int count, const QSet<core::NodeId>& ignore) {
    return rectFree(graph, columnRect(topLeft, count), ignore);
}

QPointF belowNode(const core::Graph& graph, core::NodeId above, int count) {
    const core::Node* a = graph.node(above);
    if (!a) return belowAll(graph, 0);
    const QPointF first(a->position.x, a->position.y + kH + kLayerGap);
    for (int row = 0; row < 12; ++row)
        for (int step : {0, 1, -1, 2, -2, 3, -3}) {
            const QPointF p = first + QPointF(step * (kW + kLayerGap), row * (kH + kLayerGap));
            if (columnFree(graph, p, count)) return p;
        }
    return belowAll(graph, a->position.x);
}

QPointF near(const core::Graph& graph, QPointF centre, int count) {
    const QPointF wanted = centre - QPointF(kW / 2, kH / 2);
    const double sx = (kW + kLayerGap) / 2, sy = (kH + kLayerGap) / 2;
    QPointF best = belowAll(graph, wanted.x());
    double bestDistance = std::numeric_limits<double>::max();
    for (int j = -8; j <= 12; ++j)
        for (int i = -6; i <= 6; ++i) {
            const QPointF p = wanted + QPointF(i * sx, j * sy);
            const double d = std::hypot(i * sx, j * sy);
            if (d < bestDistance && columnFree(graph, p, count)) {
                best = p;
                bestDistance = d;
            }
        }
    return best;
}

QPointF freeOffset(const core::Graph& graph, const QList<core::NodeId>& group) {
    QRectF bounds;
    for (core::NodeId id : group)
        if (const core::Node* n = graph.node(id)) bounds = bounds.isNull() ? boxOf(*n) : bounds.united(boxOf(*n));
    if (bounds.isNull()) return {};
    auto fits = [&](QPointF offset) {
        for (core::NodeId id : group)
            if (const core::Node* n = graph.node(id); n && !rectFree(graph, boxOf(*n).translated(offset), {}))
                return false;
        return true;
    };
    const QList<QPointF> tries = {{0, bounds.height() + kLayerGap}, {bounds.width() + kLayerGap, 0}};
    for (const QPointF& t : tries)
        if (fits(t)) return t;
    for (int k = 1; k < 40; ++k) {
        const QPointF down(0, bounds.height() + kLayerGap + k * (kH + kLayerGap));
        if (fits(down)) return down;
    }
    return {0, belowAll(graph, 0).y() - bounds.top()};
}

QMap<core::NodeId, QPointF> roomBelow(const core::Graph& graph, QPointF topLeft, int count,
                                      const QList<core::NodeId>& heads) {
    QMap<core::NodeId, QPointF> moves;
    if (heads.isEmpty()) return moves;
    double top = std::numeric_limits<double>::max();
    for (core::NodeId id : heads)
        if (const core::Node* n = graph.node(id)) top = std::min(top, n->position.y);
    const double dy = columnRect(topLeft, count).bottom() + kLayerGap - top;
    if (dy <= 0) return moves;
    QList<core::NodeId> todo = heads;
    QSet<core::NodeId> seen(heads.begin(), heads.end());
    while (!todo.isEmpty()) {
        const core::NodeId id = todo.takeLast();
        for (core::NodeId c : graph.consumers(id))
            if (!seen.contains(c)) {
                seen.insert(c);
                todo.append(c);
            }
    }
    for (core::NodeId id : seen)
        if (const core::Node* n = graph.node(id)) moves[id] = QPointF(n->position.x, n->position.y + dy);
    return moves;
}

}  // namespace layerlab::ui::placement
