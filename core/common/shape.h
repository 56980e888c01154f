// The engine's scalar type and the per-sample Shape of a tensor (images are
// flattened C,H,W). Plain values without Eigen, so the graph, the layer
// registry and the project file can name shapes without compiling the maths
// (types.h adds the Eigen matrices).
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

namespace layerlab::core {

using Scalar = float;

// Shape of one sample. {n} for a feature vector, {c, h, w} for an image.
// The batch dimension is never part of a Shape.
struct Shape {
    std::vector<int> dims;

    Shape() = default;
    Shape(std::initializer_list<int> d) : dims(d) {}
    explicit Shape(std::vector<int> d) : dims(std::move(d)) {}

    int rank() const { return static_cast<int>(dims.size()); }
    // Number of scalars per sample (1 for rank 0).
    int size() const;
    bool empty() const { return dims.empty(); }
    bool isImage() const { return dims.size() == 3; }
    int channels() const { return dims.size() == 3 ? dims[0] : 1; }
    int height() const { return dims.size() == 3 ? dims[1] : 1; }
    int width() const { return dims.size() == 3 ? dims[2] : 1; }
    // "784", "1x28x28".
    std::string toString() const;
    bool operator==(const Shape&) const = default;
};

}  // namespace layerlab::core
