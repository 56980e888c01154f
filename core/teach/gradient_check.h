// Finite-difference gradient check of one Layer: the proof, for tests and for
// the teaching views, that a layer's backward pass matches its forward pass.
#pragma once

#include "core/common/types.h"
#include "core/layers/layer.h"

#include <cstdint>
#include <span>
#include <string>

namespace layerlab::core {

struct GradCheckReport {
    double maxRelError = 0;  // largest relative error over the checked entries
    std::string worst;       // where it occurred: "param 17", "input 0 [3,1]" (row, column); or what failed
    bool passed = false;
    int checked = 0;         // number of gradient entries compared
};

// The check, in Mode::Train:
//  * binds the layer to its own parameter/gradient/state buffers (any earlier
//    bind is replaced), calls initialize(), then adds uniform noise in
//    [-0.25, 0.25] to every parameter so that e.g. BatchNorm's gamma is not 1;
//  * inputs: every column of input i is a permutation of the same size
//    distinct values, spaced by delta = max(3 eps, 2/size), centred on 0 and
//    never closer than delta/2 to it. A +-eps step can then never cross a ReLU
//    kink at 0 or change which value wins a max-pool window (no ties either).
//    Column j is a cyclic shift (by a distinct random offset) of one random
//    permutation, so while batch <= size every row holds distinct values too
//    and BatchNorm's batch variance stays well away from 0;
//  * L = sum(out .* R) (accumulated in double) for a fixed uniform R in [-1,1];
//    backward gets dOut = R with every dInputs matrix and the parameter
//    gradients pre-filled with random values, which are subtracted afterwards,
//    so a backward that overwrites instead of adding fails;
//  * each input and parameter entry is compared with the central difference
//    (L(v+eps) - L(v-eps)) / (actual float step), at most 400 entries per
//    tensor (a seeded random subset beyond that). Relative error:
//    |a - n| / max(|a| + |n|, 1e-2, 1e-2 * largest |a| of that tensor). The
//    floor keeps float rounding in near-zero entries (the numeric estimate's
//    noise grows with the tensor's scale) from counting as errors; a wrong
//    gradient still shows in the entries that matter;
//  * a Dropout layer has its mask frozen after the first forward, so every
//    forward of the check sees the same mask (it is unfrozen at the end).
// requires: inputShapes/outputShape are the layer's (the registry's shape rule
//           output); batch >= 1.
// ensures: passed when every relative error <= tolerance and the forward
//          output has outputShape.size() x batch values. The layer is left
//          bound to nullptr (its check buffers are gone): bind it again before use.
GradCheckReport checkLayerGradients(Layer& layer, std::span<const Shape> inputShapes, const Shape& outputShape,
                                    int batch, std::uint64_t seed, double eps = 1e-2, double tolerance = 2e-2);

}  // namespace layerlab::core
