// BatchRunner: one training step's forward, loss and backward pass over a
// mini-batch, on one thread or split data-parallel over two.
//
// With two threads the batch is cut in two halves: the calling thread runs
// the first half on the primary network, a persistent worker thread runs the
// second on a replica that shares the primary's parameters (Network::makeReplica).
// Each half's loss gradient is scaled by its share of the batch, so it is the
// gradient of the WHOLE batch's mean loss, and the two parameter gradients add
// up to the whole batch's. Layers that look across the batch compute the whole
// batch's result from both halves through a BatchSync (core/layers/batch_sync.h):
// BatchNorm combines the halves' statistics (forward and backward, running
// statistics updated once), Dropout draws the whole batch's mask from one
// stream. So two threads compute what one computes, up to float summation order
// (tests/core/test_threads.cpp, every layer type).
// trainStep() also shares the optimizer's pass over the flat buffer: each
// thread adds the replica's gradient into the primary's and updates the
// parameters over its own half of the buffer (Optimizer::begin/apply), so the
// second core is not idle while ~700k Adam entries stream through memory.
// Threads meet at a SpinBarrier (core/common/spin_barrier.h) twice per job
// (job ready, job done) and once per BatchSync::gather: all data crossing
// between them (the job, its ranges, the halves) is written before one
// arrival and read after it; nothing else is shared. Results are deterministic for a given thread count.
// The worker is a std::jthread; the destructor stops it through its stop token
// (request_stop, then one more arrival at the barrier so that it wakes, sees the
// request and returns).
//
// Thread: construct, run() and destroy on one thread (the training thread).
#pragma once

#include "core/common/spin_barrier.h"
#include "core/data/dataset.h"
#include "core/losses/loss.h"
#include "core/net/network.h"
#include "core/optim/optimizer.h"

#include <cstdint>
#include <memory>
#include <span>
#include <stop_token>
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
    // replica cannot be made). seed: seeds the replica's layers (their own
    // streams are unused: a split batch draws from the primary's).
    BatchRunner(Network& primary, const Dataset& data, LossKind loss, int threads, std::uint64_t seed);
    ~BatchRunner();
    BatchRunner(const BatchRunner&) = delete;
    BatchRunner& operator=(const BatchRunner&) = delete;

    int threads() const { return worker_.joinable() ? 2 : 1; }

    // requires: idx non-empty.
    // ensures: primary.grads() = gradient of the batch's mean loss; returns
    //          that mean loss (NaN/Inf passed through); metrics added to acc.
    double run(std::span<const int> idx, MetricAccumulator& acc);

    // One training step: run(idx, acc), then, when the loss is finite,
    // optimizer.step(primary.params(), primary.grads(), lr) (with two threads
    // the reduction of the halves' gradients and the update are split over
    // both; same numbers as the serial step up to nothing: each entry sees
    // the same arithmetic).
    // requires: idx non-empty; optimizer sized for primary.paramCount().
    // ensures: returns the batch's mean loss; when it is not finite the
    //          parameters and the optimizer are untouched.
    double trainStep(std::span<const int> idx, MetricAccumulator& acc, Optimizer& optimizer, double lr);

private:
    // One half's view of the split batch; gather() meets the other half at sync_.
    class Part final : public BatchSync {
    public:
        BatchPart part() const override { return info; }
        std::span<const double> gather(std::span<const double> mine) override;
        BatchRunner* runner = nullptr;
        BatchPart info;
    private:
        // Alternating slots: a half writes slot k while the other may still
        // read slot k ^ 1 of the previous gather; the barrier between makes
        // the reuse of a slot safe (the other half has passed it).
        std::vector<double> slot_[2];
        unsigned next_ = 0;
        std::vector<double> all_;
    };
    struct Half {
        std::span<const int> idx;
        Scalar share = 1;  // this half's fraction of the batch (scales its loss gradient)
        BatchBuffers buffers;
        std::unique_ptr<Loss> loss;
        double value = 0;
    };
    // What the worker does after the next "ready" arrival.
    enum class Job { SecondHalf, AddGradients, AddAndUpdate, Update };
    // Forward and backward of the batch: one half each when split (returns
    // true), else all on the calling thread. Leaves the gradients unsummed.
    bool computeBatch(std::span<const int> idx, double& loss);
    void compute(Network& net, Half& half);
    // Runs job on both threads, each over its half of the flat buffer.
    void runSplit(Job job);
    void doJob(Job job, std::size_t first, std::size_t last);
    void metrics(bool split, MetricAccumulator& acc);
    void workerLoop(std::stop_token stop);

    Network& primary_;
    const Dataset& data_;
    LossKind lossKind_;
    int outputs_;
    Network replica_;
    Half halves_[2];
    Part parts_[2];
    Job job_ = Job::SecondHalf;       // written before "ready", read after it
    Optimizer* optimizer_ = nullptr;  // the step being applied (AddAndUpdate, Update)
    Optimizer::Plan plan_;
    std::size_t mid_ = 0;             // the threads' split of the flat buffer
    SpinBarrier sync_{2};
    std::jthread worker_;  // last: started after, stopped before everything it uses
};

}  // namespace layerlab::core
