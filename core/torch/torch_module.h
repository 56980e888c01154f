// The network as a PyTorch nn.Module, written as Python source: the part of
// the exported script (torch_export.h) that depends on the graph. One
// attribute per layer with parameters (named after the node), one line of
// forward() per node in topological order, and the tensors in PyTorch's
// layout with the order they have in the weights file.
#pragma once

#include "core/common/result.h"
#include "core/net/network.h"

#include <string>
#include <utility>
#include <vector>

namespace layerlab::core {

struct TorchTensor {
    std::string name;              // state_dict key: "dense_1.weight"
    std::vector<int> shape;        // PyTorch's shape
    std::vector<float> values;     // row-major in that shape
    bool decayed = false;          // weight decay / L1 apply (the network's decay mask)
};

struct TorchModule {
    std::string source;                 // "class Net(nn.Module): ..." (and helper classes it needs)
    std::vector<TorchTensor> tensors;   // parameters and buffers, weights-file order
};

// requires: net compiled and its parameters and state set.
// ensures: the module's source; forward(x, logits=False) returns the graph's last
//          node (a Softmax/Sigmoid folded into the loss applied, as Network::predict),
//          forward(x, logits=True) the value the loss reads. Every layer type of the
//          registry is written; an unknown one is an error naming the node.
Result<TorchModule> torchModule(const Network& net);

// A Python string literal ('...' with escapes) and a float literal (9 significant
// digits, round-trips float32; inf/nan as float("inf")/float("nan")).
std::string pyString(const std::string& s);
std::string pyFloat(double v);
// "np.array([...], dtype=np.float32)" with a line break every 8 values.
std::string pyFloatArray(const std::vector<float>& v, const std::string& indent = "    ");

}  // namespace layerlab::core
