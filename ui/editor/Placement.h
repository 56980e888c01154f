// Placement: where the editor puts boxes it adds, so that a new layer never
// lands on another. Pure functions of the graph's positions (top-left corners
// of core::kNodeBoxWidth x core::kNodeBoxHeight boxes, scene px, y down);
// "free" means no node box within kLayerGap / 2 of the box. A "column" is
// `count` boxes stacked kLayerGap apart, as GraphDocument::addChain stacks
// a chain.
#pragma once

#include "core/graph/graph.h"

#include <QList>
#include <QMap>
#include <QPointF>
#include <QRectF>
#include <QSet>

namespace layerlab::ui::placement {

// The rectangle a column of `count` boxes takes, top-left at topLeft.
QRectF columnRect(QPointF topLeft, int count);
// No node box (other than those in `ignore`) near the column.
bool columnFree(const core::Graph& graph, QPointF topLeft, int count, const QSet<core::NodeId>& ignore = {});
// Top-left of a free column just below `above` (same x, kLayerGap under it);
// when that is taken, the nearest free one in that row (right first, then
// left), then in the rows further down.
QPointF belowNode(const core::Graph& graph, core::NodeId above, int count);
// Top-left of a free column whose first box is centred at `centre`, or of
// the nearest free one around it.
QPointF near(const core::Graph& graph, QPointF centre, int count);
// How far to move a copy of `group` so that no copied box lands on any box:
// below the group first, then beside it, then further down.
QPointF freeOffset(const core::Graph& graph, const QList<core::NodeId>& group);
// Room for a column at topLeft: `heads` and every layer they feed move down
// together (same offset) until the first of them is kLayerGap below the
// column. Empty when they are already out of the way.
QMap<core::NodeId, QPointF> roomBelow(const core::Graph& graph, QPointF topLeft, int count,
                                      const QList<core::NodeId>& heads);

}  // namespace layerlab::ui::placement
