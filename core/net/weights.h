// A network's numbers by value: its flat parameter buffer and its state
// (BatchNorm running statistics), in the order compileNetwork lays them out.
// What a project saves, a run starts from and a run hands back
// (Network::weights / Network::setWeights).
#pragma once

#include <vector>

namespace layerlab::core {

struct Weights {
    std::vector<float> params;
    std::vector<float> state;
    bool operator==(const Weights&) const = default;
};

}  // namespace layerlab::core
