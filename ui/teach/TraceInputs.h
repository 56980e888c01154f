// What the backprop view feeds core::traceSample: the document's network
// (compiled for the project's loss, with the document's weights when they fit,
// else initial weights from the project's seed, as a training run starts),
// samples typed by hand, and samples taken from a data set.
//
// Thread: any (pure functions over values).
#pragma once

#include "core/common/result.h"
#include "core/data/dataset.h"
#include "core/io/project.h"
#include "core/net/network.h"
#include "core/teach/trace.h"

#include <QString>

#include <vector>

namespace layerlab::ui {

struct TraceNetwork {
    core::Network net;
    bool trainedWeights = false;  // the document's weights (else initial weights from the seed)
    QString weightsNote;          // one sentence for the user
};

// errors: the compiler's message (it names the node).
core::Result<TraceNetwork> compileForTrace(const core::Project& project);

// "1, 0.5  -2" -> {1, 0.5, -2}: numbers separated by commas, semicolons or
// spaces. One number with count > 1 fills all count values.
// errors: not a number (says which), wrong count (says both), empty text.
core::Result<std::vector<float>> parseInputValues(const QString& text, int count);

// One value typed for a weight or bias: "0.5", "-2e-3" (C locale: '.' is the
// decimal point). errors: empty text, not a number or too large for a float
// (says what was typed), more than one number ("0,5" is two).
core::Result<float> parseParameterValue(const QString& text);

// The target typed for a network: a class index for softmax cross-entropy;
// otherwise `outputs` values, or one whole number standing for a class.
core::Result<core::TraceTarget> parseTarget(const QString& text, core::LossKind loss, int outputs);

// The text parseInputValues / parseTarget read back as this sample (long
// inputs are abbreviated: "784 values").
QString valuesText(const std::vector<float>& values, int maxShown = 32);
QString targetText(const core::TraceTarget& target);

struct DataSample {
    std::vector<float> input;
    core::TraceTarget target;
    QString description;
};
// Sample i of data. requires: 0 <= i < data.count(). Described by its split
// when one is given ("validation sample 8, class 1 (b)"), else by the data's
// name ("sample 8 of xor, class 1").
DataSample sampleOf(const core::Dataset& data, int i, const QString& split = QString());

}  // namespace layerlab::ui
