#include "core/train/batch_runner.h"

#include "core/train/metrics.h"

#include <algorithm>
#include <cmath>

namespace layerlab::core {

namespace {
// Below this many samples per half, splitting costs more than it saves.
constexpr std::size_t kMinHalf = 8;
}  // namespace

void BatchBuffers::cut(const Dataset& data, std::span<const int> idx, int outputs, LossKind loss) {
    data.gatherInputs(idx, x);
    if (data.task == TaskKind::Classification) data.gatherLabels(idx, labels);
    if (loss != LossKind::SoftmaxCrossEntropy) data.gatherTargets(idx, y, outputs);
}

Targets BatchBuffers::targets(LossKind loss) const {
    Targets t;
    if (loss == LossKind::SoftmaxCrossEntropy) t.labels = labels;
    else t.values = &y;
    return t;
}

void MetricAccumulator::add(const Matrix& out, BatchBuffers& b) {
    if (classification) {
        argmaxColumns(out, b.predicted, 0);
        for (std::size_t j = 0; j < b.predicted.size(); ++j) correct += b.predicted[j] == b.labels[j];
        total += static_cast<long>(b.predicted.size());
    } else {
        ssRes += static_cast<double>((out - b.y).squaredNorm());
        sum += static_cast<double>(b.y.sum());
        sumSq += static_cast<double>(b.y.squaredNorm());
        n += static_cast<long>(b.y.size());
    }
}

double MetricAccumulator::value() const {
    if (classification) return total ? static_cast<double>(correct) / static_cast<double>(total) : 0.0;
    if (n == 0) return 0.0;
    const double mean = sum / static_cast<double>(n);
    const double ssTot = sumSq - static_cast<double>(n) * mean * mean;
    return ssTot > 0 ? 1.0 - ssRes / ssTot : 0.0;
}

BatchRunner::BatchRunner(Network& primary, const Dataset& data, LossKind loss, int threads, std::uint64_t seed)
    : primary_(primary), data_(data), lossKind_(loss), outputs_(primary.outputShape().size()) {
    halves_[0].loss = makeLoss(loss);
    halves_[1].loss = makeLoss(loss);
    if (threads < 2) return;
    auto replica = primary.makeReplica(seed);
    if (!replica) return;  // cannot happen for a compiled network; stay single-threaded
    replica_ = std::move(replica).value();
    for (int k = 0; k < 2; ++k) {
        parts_[k].runner = this;
        parts_[k].info.index = k;
        parts_[k].info.parts = 2;
    }
    replica_.setBatchSync(&parts_[1]);  // the replica only ever runs second halves
    worker_ = std::jthread([this](std::stop_token stop) { workerLoop(stop); });
}

BatchRunner::~BatchRunner() {
    if (worker_.joinable()) {
        worker_.request_stop();
        sync_.arrive_and_wait();  // releases the worker; the barrier orders the request before its check
        worker_.join();
    }
}

void BatchRunner::compute(Network& net, Half& half) {
    half.buffers.cut(data_, half.idx, outputs_, lossKind_);
    const Matrix& out = net.forward(half.buffers.x, Mode::Train);
    half.value = half.loss->compute(out, half.buffers.targets(lossKind_), &half.buffers.dOut);
    if (half.share != Scalar{1}) half.buffers.dOut *= half.share;  // gradient of the whole batch's loss
    net.backward(half.buffers.dOut);
}

void BatchRunner::workerLoop(std::stop_token stop) {
    for (;;) {
        sync_.arrive_and_wait();  // phase 1: job ready (or stop)
        if (stop.stop_requested()) return;
        if (job_ == Job::SecondHalf) compute(replica_, halves_[1]);
        else doJob(job_, mid_, primary_.grads().size());
        sync_.arrive_and_wait();  // phase 2: job done
    }
}

void BatchRunner::doJob(Job job, std::size_t first, std::size_t last) {
    if (first >= last) return;
    const std::size_t n = last - first;
    Scalar* g = primary_.grads().data() + first;
    Scalar* p = primary_.params().data() + first;
    const Scalar* r = replica_.grads().data() + first;
    // Blocks small enough that the summed gradient is still in L1/L2 when the
    // optimizer reads it back.
    constexpr std::size_t kBlock = 4096;
    for (std::size_t at = 0; at < n; at += kBlock) {
        const std::size_t len = std::min(kBlock, n - at);
        if (job != Job::Update)
            for (std::size_t i = at; i < at + len; ++i) g[i] += r[i];
        if (job != Job::AddGradients)
            optimizer_->apply(plan_, std::span<Scalar>(p + at, len), std::span<const Scalar>(g + at, len),
                              first + at);
    }
}

void BatchRunner::runSplit(Job job) {
    const std::size_t n = primary_.grads().size();
    // Halves on a 64-byte boundary, so the threads never write one cache line.
    mid_ = std::min(n, (n / 2 + 15) / 16 * 16);
    job_ = job;
    sync_.arrive_and_wait();
    doJob(job, 0, mid_);
    sync_.arrive_and_wait();
}

std::span<const double> BatchRunner::Part::gather(std::span<const double> mine) {
    const unsigned k = next_;
    next_ ^= 1u;
    slot_[k].assign(mine.begin(), mine.end());
    runner->sync_.arrive_and_wait();  // both halves' slot k written
    all_.clear();
    for (const Part& p : runner->parts_) all_.insert(all_.end(), p.slot_[k].begin(), p.slot_[k].end());
    return all_;
}

bool BatchRunner::computeBatch(std::span<const int> idx, double& loss) {
    if (!worker_.joinable() || idx.size() < 2 * kMinHalf) {
        halves_[0].idx = idx;
        halves_[0].share = 1;
        compute(primary_, halves_[0]);
        loss = halves_[0].value;
        return false;
    }
    const std::size_t n0 = (idx.size() + 1) / 2;
    halves_[0].idx = idx.subspan(0, n0);
    halves_[1].idx = idx.subspan(n0);
    // Mean loss over the batch = the halves' mean losses weighted by their shares.
    halves_[0].share = static_cast<Scalar>(static_cast<double>(n0) / static_cast<double>(idx.size()));
    halves_[1].share = Scalar{1} - halves_[0].share;
    for (int k = 0; k < 2; ++k) {
        parts_[k].info.first = k == 0 ? 0 : static_cast<std::ptrdiff_t>(n0);
        parts_[k].info.total = static_cast<std::ptrdiff_t>(idx.size());
    }
    primary_.setBatchSync(&parts_[0]);
    job_ = Job::SecondHalf;
    sync_.arrive_and_wait();
    compute(primary_, halves_[0]);
    sync_.arrive_and_wait();
    primary_.setBatchSync(nullptr);  // Eval passes and unsplit batches see their batch alone
    loss = static_cast<double>(halves_[0].share) * halves_[0].value +
           static_cast<double>(halves_[1].share) * halves_[1].value;
    return true;
}

void BatchRunner::metrics(bool split, MetricAccumulator& acc) {
    acc.add(primary_.output(), halves_[0].buffers);
    if (split) acc.add(replica_.output(), halves_[1].buffers);
}

double BatchRunner::run(std::span<const int> idx, MetricAccumulator& acc) {
    double loss = 0;
    const bool split = computeBatch(idx, loss);
    if (split) runSplit(Job::AddGradients);
    metrics(split, acc);
    return loss;
}

double BatchRunner::trainStep(std::span<const int> idx, MetricAccumulator& acc, Optimizer& optimizer, double lr) {
    double loss = 0;
    const bool split = computeBatch(idx, loss);
    metrics(split, acc);
    if (!std::isfinite(loss)) {
        if (split) runSplit(Job::AddGradients);  // primary.grads() holds the batch's gradient, as after run()
        return loss;
    }
    if (!worker_.joinable()) {
        optimizer.step(primary_.params(), primary_.grads(), lr);
        return loss;
    }
    optimizer_ = &optimizer;
    if (split && optimizer.config().clipNorm > 0.0) {
        runSplit(Job::AddGradients);  // the clipping norm needs the whole gradient first
        plan_ = optimizer.begin(primary_.grads(), lr);
        runSplit(Job::Update);
    } else {
        plan_ = optimizer.begin(primary_.grads(), lr);  // grads read only when clipping
        runSplit(split ? Job::AddAndUpdate : Job::Update);
    }
    optimizer_ = nullptr;
    return loss;
}

}  // namespace layerlab::core
