#include "core/teach/kink_watch.h"

#include "core/layers/layer_registry.h"
#include "core/layers/pooling.h"
#include "core/teach/trace_formulas.h"

#include <cmath>
#include <limits>

namespace layerlab::core {

namespace {
// The node whose activation feeds `id`'s input 0, looking through Flatten
// (a view, no activation of its own); 0 when it is the network's Input.
NodeId sourceOf(const Graph& g, NodeId id) {
    const Edge* e = g.inputEdge(id, 0);
    while (e) {
        const Node* n = g.node(e->from);
        if (!n || n->type != "Flatten") break;
        e = g.inputEdge(e->from, 0);
    }
    if (!e) return 0;
    const Node* n = g.node(e->from);
    return n && !g.registry().find(n->type)->isInput ? e->from : 0;
}

// Index (within the window's channel image) of the first maximum of window (c, oy, ox).
int winner(const Scalar* v, int H, int W, int size, int stride, int c, int oy, int ox) {
    int best = -1;
    Scalar bestValue = -std::numeric_limits<Scalar>::infinity();
    for (int dy = 0; dy < size; ++dy)
        for (int dx = 0; dx < size; ++dx) {
            const int i = (c * H + oy * stride + dy) * W + ox * stride + dx;
            if (best < 0 || v[i] > bestValue) {
                best = i;
                bestValue = v[i];
            }
        }
    return best;
}
}  // namespace

KinkWatch::KinkWatch(const Network& net) {
    const Graph& g = net.graph();
    std::size_t total = 0;
    for (const CompiledLayer& cl : net.layers()) {
        const bool relu = cl.type == "ReLU" || cl.type == "LeakyReLU";
        if (!relu && cl.type != "MaxPool2D") continue;
        const NodeId src = sourceOf(g, cl.node);
        if (!src) continue;
        Site s;
        s.kind = relu ? KinkKind::Relu : KinkKind::MaxPool;
        s.layer = cl.type;
        s.source = g.node(src)->name;
        s.values = net.activationOf(src);
        if (!s.values) continue;
        for (const CompiledLayer& o : net.layers())
            if (o.node == src) s.shape = o.outputShape;
        s.first = total;
        if (relu) {
            s.count = static_cast<std::size_t>(s.values->rows());
        } else {
            const Node& n = *g.node(cl.node);
            const ParamMap p = g.registry().withDefaults(*g.registry().find(n.type), n.params);
            const PoolGeometry geo = PoolGeometry::make(s.shape, static_cast<int>(paramInt(p, "size")),
                                                        static_cast<int>(paramInt(p, "stride")));
            s.size = geo.size;
            s.stride = geo.stride;
            s.outH = geo.outH;
            s.outW = geo.outW;
            s.count = static_cast<std::size_t>(geo.outSize());
        }
        total += s.count;
        baseValues_.emplace_back(s.values->data(), s.values->data() + s.values->rows());
        sites_.push_back(std::move(s));
    }
    capture(base_);
}

void KinkWatch::capture(std::vector<int>& pattern) const {
    pattern.resize(sites_.empty() ? 0 : sites_.back().first + sites_.back().count);
    for (const Site& s : sites_) {
        const Scalar* v = s.values->data();
        int* out = pattern.data() + s.first;
        if (s.kind == KinkKind::Relu) {
            for (std::size_t i = 0; i < s.count; ++i) out[i] = v[i] > 0;
            continue;
        }
        const int C = s.shape.channels(), H = s.shape.height(), W = s.shape.width();
        for (int c = 0, k = 0; c < C; ++c)
            for (int oy = 0; oy < s.outH; ++oy)
                for (int ox = 0; ox < s.outW; ++ox) out[k++] = winner(v, H, W, s.size, s.stride, c, oy, ox);
    }
}

std::string KinkWatch::unitName(const Site& s, int index) const {
    if (!s.shape.isImage()) return s.source + "[" + std::to_string(index + 1) + "]";
    const int H = s.shape.height(), W = s.shape.width();
    return s.source + "[" + std::to_string(index / (H * W) + 1) + "," + std::to_string(index / W % H + 1) + "," +
           std::to_string(index % W + 1) + "]";
}

KinkWatch::Change KinkWatch::describeChange(const std::vector<int>& pattern) const {
    Change best;
    double closest = std::numeric_limits<double>::infinity();
    for (std::size_t si = 0; si < sites_.size(); ++si) {
        const Site& s = sites_[si];
        const std::vector<Scalar>& v = baseValues_[si];
        for (std::size_t i = 0; i < s.count; ++i) {
            const std::size_t k = s.first + i;
            if (pattern[k] == base_[k]) continue;
            if (s.kind == KinkKind::Relu) {
                const double gap = std::abs(static_cast<double>(v[i]));
                if (gap >= closest) continue;
                closest = gap;
                best = {KinkKind::Relu, s.layer + " input " + formatNumber(v[i]) + " at " +
                                            unitName(s, static_cast<int>(i))};
            } else {
                const int was = base_[k], now = pattern[k];
                const double gap = std::abs(static_cast<double>(v[static_cast<std::size_t>(was)]) -
                                            static_cast<double>(v[static_cast<std::size_t>(now)]));
                if (gap >= closest) continue;
                closest = gap;
                best = {KinkKind::MaxPool, s.layer + " window switches from " + unitName(s, was) + " (" +
                                               formatNumber(v[static_cast<std::size_t>(was)]) + ") to " +
                                               unitName(s, now) + " (" +
                                               formatNumber(v[static_cast<std::size_t>(now)]) + ")"};
            }
        }
    }
    return best;
}

}  // namespace layerlab::core
