#include "core/train/batch_runner.h"

#include "core/train/metrics.h"

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
        sync_.arrive_and_wait();  // phase 1: work ready (or stop)
        if (stop.stop_requested()) return;
        compute(replica_, halves_[1]);
        sync_.arrive_and_wait();  // phase 2: work done
    }
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

double BatchRunner::run(std::span<const int> idx, MetricAccumulator& acc) {
    if (!worker_.joinable() || idx.size() < 2 * kMinHalf) {
        halves_[0].idx = idx;
        halves_[0].share = 1;
        compute(primary_, halves_[0]);
        acc.add(primary_.output(), halves_[0].buffers);
        return halves_[0].value;
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
    sync_.arrive_and_wait();
    compute(primary_, halves_[0]);
    sync_.arrive_and_wait();
    primary_.setBatchSync(nullptr);  // Eval passes and unsplit batches see their batch alone
    std::span<Scalar> g = primary_.grads();
    std::span<const Scalar> r = replica_.grads();
    for (std::size_t i = 0; i < g.size(); ++i) g[i] += r[i];
    acc.add(primary_.output(), halves_[0].buffers);
    acc.add(replica_.output(), halves_[1].buffers);
    return static_cast<double>(halves_[0].share) * halves_[0].value +
           static_cast<double>(halves_[1].share) * halves_[1].value;
}

}  // namespace layerlab::core
