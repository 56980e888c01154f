#include "core/train/train_config.h"

#include <cmath>
#include <string>

namespace layerlab::core {

Status validateTrainConfig(const TrainConfig& c) {
    if (c.epochs < 1) return makeError("epochs must be at least 1 (now " + std::to_string(c.epochs) + ")");
    if (c.batchSize < 1) return makeError("batch size must be at least 1 (now " + std::to_string(c.batchSize) + ")");
    if (c.threads < 1 || c.threads > 2) return makeError("threads must be 1 or 2 (now " + std::to_string(c.threads) + ")");
    if (c.evalBatchSize < 1) return makeError("the evaluation batch size must be at least 1");
    if (!(c.optimizer.learningRate > 0) || !std::isfinite(c.optimizer.learningRate))
        return makeError("the learning rate must be a positive number");
    if (!(c.optimizer.weightDecay >= 0) || !(c.optimizer.l1 >= 0) || !(c.optimizer.clipNorm >= 0))
        return makeError("weight decay, L1 and gradient clipping must be 0 or more");
    if (c.earlyStoppingPatience < 0) return makeError("early stopping patience must be 0 (off) or more");
    return {};
}

}  // namespace layerlab::core
