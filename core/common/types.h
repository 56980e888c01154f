// Basic numeric types of the engine: one Scalar typedef, Eigen column-major
// matrices laid out features x batch (one sample per column), and the per-sample
// Shape of a tensor (images are flattened C,H,W).
#pragma once

#include <Eigen/Core>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace layerlab::core {

using Scalar = float;
using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
using MatrixMap = Eigen::Map<Matrix>;
using ConstMatrixMap = Eigen::Map<const Matrix>;
using VectorMap = Eigen::Map<Vector>;
using ConstVectorMap = Eigen::Map<const Vector>;

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
