// The engine's scalar type and the per-sample Shape of a tensor (images are
// flattened C,H,W). Plain values without Eigen, so the graph, the layer
// registry and the project file can name shapes without compiling the maths
// (types.h adds the Eigen matrices).
#pragma once

#include "core/common/result.h"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace layerlab::core {

using Scalar = float;

// Shape of one sample. {n} for a feature vector, {t, f} for a sequence of t
// time steps of f features (time-major: step i at values i*f .. i*f+f-1),
// {c, h, w} for an image.
// The batch dimension is never part of a Shape.
// The most scalars one sample may hold (1 GiB of floats): larger shapes are
// refused with a message before anything is allocated.
inline constexpr std::int64_t kMaxSampleValues = std::int64_t{1} << 28;

struct Shape {
    std::vector<int> dims;

    Shape() = default;
    Shape(std::initializer_list<int> d) : dims(d) {}
    explicit Shape(std::vector<int> d) : dims(std::move(d)) {}

    int rank() const { return static_cast<int>(dims.size()); }
    // Number of scalars per sample (1 for rank 0), in 64 bits: saturates at
    // INT64_MAX instead of overflowing; a dimension below 1 gives 0.
    std::int64_t elements() const;
    // requires: elements() <= kMaxSampleValues (checkSampleSize: every shape the
    //           engine is given has passed it; parseShape and inferShapes check).
    // ensures: elements() as an int (clamped, never undefined, when the
    //          requirement is broken).
    int size() const;
    bool empty() const { return dims.empty(); }
    bool isImage() const { return dims.size() == 3; }
    bool isSequence() const { return dims.size() == 2; }
    int channels() const { return dims.size() == 3 ? dims[0] : 1; }
    int height() const { return dims.size() == 3 ? dims[1] : 1; }
    int width() const { return dims.size() == 3 ? dims[2] : 1; }
    // "784", "30x1", "1x28x28".
    std::string toString() const;
    bool operator==(const Shape&) const = default;
};

// ensures: ok when 1 <= shape.elements() <= kMaxSampleValues; else an error
//          "shape 1x65536x65536 holds 4,294,967,296 values per sample; LayerLab
//          allows at most 268,435,456".
Status checkSampleSize(const Shape& shape);

}  // namespace layerlab::core
