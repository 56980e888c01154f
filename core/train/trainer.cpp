#include "core/train/trainer.h"

#include "core/train/batch_runner.h"
#include "core/train/metrics.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>

namespace layerlab::core {

std::string_view stopReasonName(StopReason r) {
    switch (r) {
    case StopReason::Completed: return "completed";
    case StopReason::Cancelled: return "cancelled";
    case StopReason::Diverged: return "diverged";
    case StopReason::EarlyStopped: return "early stopped";
    case StopReason::Failed: return "failed";
    }
    return "?";
}

namespace {
bool isClassification(const Dataset& d) { return d.task == TaskKind::Classification; }
}  // namespace

Status checkCompatible(const Network& net, const Dataset& data) {
    if (data.count() == 0) return makeError("the data set '" + data.name + "' has no samples");
    if (net.inputShape().size() != data.featureCount()) {
        return makeError("the Input layer has shape " + net.inputShape().toString() + " (" +
                         std::to_string(net.inputShape().size()) + " values) but the data has " +
                         data.inputShape.toString() + " (" + std::to_string(data.featureCount()) +
                         " values) per sample; set the Input shape to " + data.inputShape.toString());
    }
    const int outputs = net.outputShape().size();
    switch (net.loss()) {
    case LossKind::SoftmaxCrossEntropy:
        if (!isClassification(data))
            return makeError("softmax cross-entropy needs class labels but the data is a regression task; use mse");
        if (outputs != data.classCount())
            return makeError("the last layer has " + std::to_string(outputs) + " outputs but the data has " +
                             std::to_string(data.classCount()) + " classes; set its units to " +
                             std::to_string(data.classCount()));
        break;
    case LossKind::BinaryCrossEntropyLogits:
        if (isClassification(data) && outputs != 1 && outputs != data.classCount())
            return makeError("binary cross-entropy needs 1 output (two classes) or one per class (" +
                             std::to_string(data.classCount()) + "); the last layer has " + std::to_string(outputs));
        if (isClassification(data) && outputs == 1 && data.classCount() > 2)
            return makeError("one sigmoid output can only separate 2 classes but the data has " +
                             std::to_string(data.classCount()) + "; use softmax_cross_entropy");
        break;
    case LossKind::MeanSquaredError:
        if (!isClassification(data) && outputs != data.targetDim)
            return makeError("the last layer has " + std::to_string(outputs) + " outputs but the data has " +
                             std::to_string(data.targetDim) + " target values per sample");
        if (isClassification(data) && outputs != 1 && outputs != data.classCount())
            return makeError("for classification with mse the last layer needs 1 output (two classes) or one per class (" +
                             std::to_string(data.classCount()) + "); it has " + std::to_string(outputs));
        break;
    }
    return {};
}

EvalResult evaluate(Network& net, const Dataset& data, LossKind lossKind, int batchSize) {
    EvalResult r;
    auto loss = makeLoss(lossKind);
    const int n = data.count();
    const int outputs = net.outputShape().size();
    BatchBuffers b;
    MetricAccumulator acc;
    acc.classification = isClassification(data);
    std::vector<int> idx;
    double lossSum = 0;
    for (int start = 0; start < n; start += batchSize) {
        const int end = std::min(n, start + batchSize);
        idx.resize(static_cast<std::size_t>(end - start));
        std::iota(idx.begin(), idx.end(), start);
        b.cut(data, idx, outputs, lossKind);
        const Matrix& out = net.forward(b.x, Mode::Eval);
        lossSum += loss->compute(out, b.targets(lossKind), nullptr) * (end - start);
        acc.add(out, b);
        if (acc.classification) r.predicted.insert(r.predicted.end(), b.predicted.begin(), b.predicted.end());
    }
    r.loss = n ? lossSum / n : 0.0;
    r.metric = acc.value();
    return r;
}

TrainResult Trainer::run(Network& net, const Dataset& train, const Dataset* validation, const TrainConfig& config,
                         std::stop_token stop, const TrainCallbacks& callbacks) {
    TrainResult result;
    if (auto s = checkCompatible(net, train); !s) {
        result.reason = StopReason::Failed;
        result.message = s.error().message;
        return result;
    }
    if (validation && validation->count() == 0) validation = nullptr;
    if (auto s = validateTrainConfig(config); !s) {
        result.reason = StopReason::Failed;
        result.message = s.error().message;
        return result;
    }
    Optimizer optimizer(config.optimizer, net.paramCount());
    optimizer.setDecayMask(net.decayMask());
    Rng shuffleRng(deriveSeed(config.seed, 1000));
    const int n = train.count();
    const int batchSize = std::min(config.batchSize, n);
    const int batches = (n + batchSize - 1) / batchSize;
    std::vector<int> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    BatchRunner runner(net, train, config.loss, config.threads, deriveSeed(config.seed, 3000));
    double bestLoss = std::numeric_limits<double>::infinity();
    std::vector<Scalar> bestParams, bestState;
    int sinceBest = 0;
    using Clock = std::chrono::steady_clock;

    for (int epoch = 0; epoch < config.epochs; ++epoch) {
        const double lr = scheduledLearningRate(config.optimizer.schedule, config.optimizer.learningRate, epoch,
                                                config.epochs);
        if (config.shuffle) shuffle(order, shuffleRng);
        MetricAccumulator acc;
        acc.classification = isClassification(train);
        double lossSum = 0;
        const auto t0 = Clock::now();
        for (int batch = 0; batch < batches; ++batch) {
            if (stop.stop_requested()) {
                result.reason = StopReason::Cancelled;
                result.message = "stopped by the user during epoch " + std::to_string(epoch + 1);
                return result;
            }
            const int start = batch * batchSize;
            const int end = std::min(n, start + batchSize);
            const std::span<const int> idx(order.data() + start, static_cast<std::size_t>(end - start));
            const double batchLoss = runner.trainStep(idx, acc, optimizer, lr);
            if (!std::isfinite(batchLoss)) {
                result.reason = StopReason::Diverged;
                result.message = "training diverged at epoch " + std::to_string(epoch + 1) + ", batch " +
                                 std::to_string(batch + 1) + ": the loss became " +
                                 (std::isnan(batchLoss) ? "NaN" : "infinite") +
                                 ". Try a lower learning rate (now " + std::to_string(lr) +
                                 "), gradient clipping, or normalised inputs.";
                return result;
            }
            ++result.steps;
            lossSum += batchLoss * (end - start);
            if (callbacks.onBatch)
                callbacks.onBatch(BatchProgress{epoch + 1, batch + 1, batches, batchLoss, lr, result.steps,
                                                std::chrono::duration<double>(Clock::now() - t0).count()});
        }
        const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        EpochStats stats;
        stats.epoch = epoch + 1;
        stats.trainLoss = lossSum / n;
        stats.penalty = optimizer.penalty(net.params());
        stats.trainMetric = acc.value();
        stats.seconds = seconds;
        stats.samplesPerSecond = seconds > 0 ? n / seconds : 0;
        stats.learningRate = lr;
        if (validation) {
            const EvalResult v = evaluate(net, *validation, config.loss, config.evalBatchSize);
            stats.hasValidation = true;
            stats.valLoss = v.loss;
            stats.valMetric = v.metric;
        }
        result.history.push_back(stats);
        if (callbacks.onEpoch) callbacks.onEpoch(stats);

        const double monitored = stats.hasValidation ? stats.valLoss : stats.trainLoss;
        if (!std::isfinite(monitored)) {
            result.reason = StopReason::Diverged;
            result.message = "the " + std::string(stats.hasValidation ? "validation" : "training") +
                             " loss became NaN/infinite after epoch " + std::to_string(epoch + 1) +
                             ". Try a lower learning rate.";
            return result;
        }
        if (monitored < bestLoss - config.earlyStoppingMinDelta) {
            bestLoss = monitored;
            result.bestEpoch = epoch + 1;
            sinceBest = 0;
            if (config.earlyStoppingPatience > 0 && config.restoreBestWeights) {
                bestParams.assign(net.params().begin(), net.params().end());
                bestState.assign(net.state().begin(), net.state().end());
            }
        } else if (config.earlyStoppingPatience > 0 && ++sinceBest >= config.earlyStoppingPatience) {
            result.reason = StopReason::EarlyStopped;
            result.message = "early stopping: the " + std::string(stats.hasValidation ? "validation" : "training") +
                             " loss did not improve for " + std::to_string(sinceBest) + " epochs; best was epoch " +
                             std::to_string(result.bestEpoch);
            if (config.restoreBestWeights && !bestParams.empty()) {
                std::copy(bestParams.begin(), bestParams.end(), net.params().begin());
                std::copy(bestState.begin(), bestState.end(), net.state().begin());
                result.message += " (its weights were restored)";
            }
            return result;
        }
    }
    result.reason = StopReason::Completed;
    return result;
}

}  // namespace layerlab::core
