// KinkWatch: where a network's Inspect function is not differentiable, for the
// finite-difference check (trace_check). The function is smooth except where a
// ReLU / LeakyReLU input crosses 0 or a max-pool window changes its winner. A
// KinkWatch remembers, for one sample and the current parameters, which side of
// 0 every such activation input is on and which input wins every max-pool
// window (the "pattern"); a nudged forward with the same pattern stayed on one
// smooth piece, one with a different pattern crossed a kink, and
// describeChange() says which one ("ReLU input 0.003 at conv1[5,3,2]").
//
// Inputs of the network itself are constants of the check: a ReLU right after
// the Input layer has no kink a parameter nudge could cross.
// Thread: like the Network it reads.
#pragma once

#include "core/common/types.h"
#include "core/net/network.h"

#include <string>
#include <vector>

namespace layerlab::core {

enum class KinkKind { Relu, MaxPool };

class KinkWatch {
public:
    // requires: net's last forward ran at the parameters the check starts from.
    // ensures: pattern() of that forward is the base; its values are kept for messages.
    explicit KinkWatch(const Network& net);

    // The pattern of net's last forward. Allocates nothing after the first call.
    void capture(std::vector<int>& pattern) const;
    const std::vector<int>& base() const { return base_; }
    bool empty() const { return sites_.empty(); }

    struct Change {
        KinkKind kind = KinkKind::Relu;
        std::string what;  // "ReLU input 0.003 at conv1[5,3,2]" (values at the base; 1-based indices)
    };
    // requires: pattern != base(), both from capture().
    // ensures: the changed entry whose base is closest to its kink.
    Change describeChange(const std::vector<int>& pattern) const;

private:
    struct Site {
        KinkKind kind;
        std::string layer, source;  // "ReLU" / "LeakyReLU" / "MaxPool2D"; the input layer's name
        Shape shape;                // the source's output shape (a pool's input)
        const Matrix* values;       // the source's activation (one column)
        int size = 0, stride = 0, outH = 0, outW = 0;  // max pools
        std::size_t first = 0, count = 0;              // entries in the pattern
    };
    std::string unitName(const Site& s, int index) const;

    std::vector<Site> sites_;
    std::vector<int> base_;
    std::vector<std::vector<Scalar>> baseValues_;  // per site, the source's values at the base
};

}  // namespace layerlab::core
