// The layer interface: batched forward and backward over features x batch
// matrices. A Layer object owns its per-batch caches (argmax, masks, normalised
// inputs) but not its parameters: those live in the Network's flat buffer and
// are bound by pointer (bind). Several Layer objects may bind the same
// parameters with different gradient buffers (data-parallel replicas).
//
// Thread: a Layer is used by one thread at a time.
#pragma once

#include "core/common/random.h"
#include "core/common/types.h"
#include "core/layers/batch_sync.h"

#include <cstddef>
#include <span>
#include <string>

namespace layerlab::core {

// Train: batch statistics, dropout masks, caches for backward.
// Eval: running statistics, no dropout, nothing cached (inference).
// Inspect: Eval's function, but every layer keeps what backward needs, so a
//          backward() after it gives the gradient of the Eval function (the
//          single-sample trace of core/teach). Nothing is updated (BatchNorm's
//          running statistics stay).
enum class Mode { Train, Eval, Inspect };

class Layer {
public:
    virtual ~Layer() = default;

    // ensures: constant for the object's lifetime; 0 for parameter-free layers.
    virtual std::size_t paramCount() const { return 0; }
    // Non-trainable state saved with the weights (BatchNorm running mean/var).
    virtual std::size_t stateCount() const { return 0; }

    // requires: params and grads point to paramCount() scalars, state to
    //           stateCount() scalars, all outliving the layer (nullptr when the
    //           count is 0).
    // ensures: later forward/backward read params/state and accumulate into grads.
    virtual void bind(Scalar* params, Scalar* grads, Scalar* state) {
        (void)params; (void)grads; (void)state;
    }

    // requires: bind() was called.
    // ensures: parameters and state hold their initial values, drawn from rng
    //          according to the layer's initializer parameter.
    virtual void initialize(Rng& rng) { (void)rng; }

    // Data-parallel training: from now on this layer's Train forwards and
    // backwards see one part of a split batch (nullptr: the whole batch again).
    // Layers whose result depends on other samples of the batch (BatchNorm's
    // statistics, Dropout's mask stream) use it to compute exactly what the
    // whole batch would; the others ignore it.
    // requires: sync outlives its use; every part's layer gets its own.
    virtual void setBatchSync(BatchSync* sync) { (void)sync; }

    // requires: inputs.size() equals the layer's input count; inputs[i] is
    //           inputShape(i).size() x batch, batch >= 1, all with equal batch.
    // ensures: out is resized to outputShape.size() x batch and holds the
    //          output; Mode::Train may update caches (and BatchNorm's running
    //          stats); Mode::Eval changes nothing but out; Mode::Inspect
    //          computes Eval's output and may update caches.
    virtual void forward(std::span<const Matrix* const> inputs, Matrix& out, Mode mode) = 0;

    // requires: forward(inputs, out, Mode::Train or Mode::Inspect) was the last forward call,
    //           with these same inputs and out; dOut has out's dimensions.
    // ensures: ADDS dL/dinput_i into *dInputs[i] for every non-null entry (null
    //          entries are not needed, e.g. the data input); ADDS dL/dparams into
    //          the bound grads. Never overwrites: fan-out in a DAG then sums.
    virtual void backward(std::span<const Matrix* const> inputs, const Matrix& out, const Matrix& dOut,
                          std::span<Matrix* const> dInputs) = 0;
};

}  // namespace layerlab::core
