// Dense (fully connected) layer: out = W * x + b for every column of the batch.
// Any input shape is accepted; it is read as a flat vector of in = shape.size()
// values (the engine's matrices are already features x batch, so nothing moves).
#pragma once

#include "core/layers/initializers.h"
#include "core/layers/layer.h"

namespace layerlab::core {

class Dense final : public Layer {
public:
    // requires: inputs >= 1, units >= 1.
    // ensures: paramCount() = units*inputs (+ units with bias); parameters are
    //          laid out W (units x inputs, column-major) then b (units).
    Dense(int inputs, int units, bool useBias, const ParamInit& init);

    std::size_t paramCount() const override;
    void bind(Scalar* params, Scalar* grads, Scalar* state) override;
    // ensures: W from init.weights (fanIn = inputs, fanOut = units), b from init.bias.
    void initialize(Rng& rng) override;
    void forward(std::span<const Matrix* const> inputs, Matrix& out, Mode mode) override;
    // ensures: dW += dOut * x^T, db += row sums of dOut, dx += W^T * dOut (only
    //          when dInputs[0] is non-null: the data input's gradient is skipped).
    void backward(std::span<const Matrix* const> inputs, const Matrix& out, const Matrix& dOut,
                  std::span<Matrix* const> dInputs) override;

private:
    int in_, units_;
    bool useBias_;
    ParamInit init_;
    Scalar* params_ = nullptr;
    Scalar* grads_ = nullptr;
};

}  // namespace layerlab::core
