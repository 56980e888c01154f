// BatchRunner: one training step's forward, loss and backward pass over a
// mini-batch, on one thread or split data-parallel over two.
//
// With two threads the batch is cut in two halves: the calling thread runs
// the first half on the primary network, a persistent worker thread runs the
// second on a replica that shares the primary's parameters (Network::makeReplica),
// and the two gradients are combined weighted by half size, which equals the
// gradient of the whole batch's mean loss. Threads meet at a std::barrier
// twice per step (work ready, work done): all data crossing between them is
// ordered by it; nothing else is shared. Results are deterministic for a given
// thread count (the split only changes float summation order).
//
// Thread: construct, run() and destroy on one thread (the training thread).
#pragma once

#include "core/data/dataset.h"
#include "core/losses/loss.h"
#include "core/net/network.h"

#include <atomic>
#include <barrier>
#include <cstdint>
#include <memory>
#include <span>
#include <thread>
#include <vector>

namespace layerlab::core {

// One batch cut from a data set, with the loss scratch that goes with it.
struct BatchBuffers {
    Matrix x, y, dOut;
    std::vector<int> labels, predicted;
    // requires: idx valid sample indices of data.
    void cut(const Dataset& data, std::span<const int> idx, int outputs, LossKind loss);
    Targets targets(LossKind loss) const;
};

// Running sums for accuracy (classification) or R^2 (regression).
struct MetricAccumulator {
    bool classification = true;
    long correct = 0, total = 0;
    double ssRes = 0, sum = 0, sumSq = 0;
    long n = 0;
    // Adds a batch: network output `out` against b's labels/targets. Fills b.predicted.
    void add(const Matrix& out, BatchBuffers& b);
    double value() const;
};

class BatchRunner {
public:
    // threads: 1, or 2 for the data-parallel split (falls back to 1 when a
    // replica cannot be made). seed: the replica's dropout stream.
    BatchRunner(Network& primary, const Dataset& data, LossKind loss, int threads, std::uint64_t seed);
    ~BatchRunner();
    BatchRunner(const BatchRunner&) = delete;
    BatchRunner& operator=(const BatchRunner&) = delete;

    int threads() const { return worker_.joinable() ? 2 : 1; }

    // requires: idx non-empty.
    // ensures: primary.grads() = gradient of the batch's mean loss; returns
    //          that mean loss (NaN/Inf passed through); metrics added to acc.
    double run(std::span<const int> idx, MetricAccumulator& acc);

private:
    struct Half {
        std::span<const int> idx;
        BatchBuffers buffers;
        std::unique_ptr<Loss> loss;
        double value = 0;
    };
    void compute(Network& net, Half& half);
    void workerLoop();

    Network& primary_;
    const Dataset& data_;
    LossKind lossKind_;
    int outputs_;
    Network replica_;
    Half halves_[2];
    std::barrier<> sync_{2};
    std::atomic<bool> quit_{false};
    std::thread worker_;
};

}  // namespace layerlab::core
