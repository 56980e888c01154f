#include "ui/teach/TraceInputs.h"

#include "core/io/run_setup.h"
#include "core/teach/trace_formulas.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace layerlab::ui {

core::Result<TraceNetwork> compileForTrace(const core::Project& project) {
    // The same path as Train and `layerlab train` (no data: typed values can be traced).
    auto prepared = core::prepareRun(project, core::SavedWeights::UseWhenTheyFit);
    if (!prepared) return prepared.error();
    TraceNetwork out{std::move(prepared->net), prepared->origin == core::WeightsOrigin::Saved, {}};
    switch (prepared->origin) {
    case core::WeightsOrigin::Saved:
        out.weightsNote = QCoreApplication::translate("TraceInputs", "Weights: the document's trained weights (or values set by hand).");
        break;
    case core::WeightsOrigin::SeedNotFitting:
        out.weightsNote = QCoreApplication::translate("TraceInputs", "Weights: initial weights from seed %1 (the document's trained weights do "
                                         "not fit this graph).")
                              .arg(project.training.seed);
        break;
    case core::WeightsOrigin::Seed:
        out.weightsNote = QCoreApplication::translate("TraceInputs", "Weights: initial weights from seed %1 (train the network to trace trained "
                                         "weights).")
                              .arg(project.training.seed);
        break;
    }
    return out;
}

namespace {
QStringList numberTokens(const QString& text) {
    static const QRegularExpression sep(QStringLiteral("[,;\\s]+"));
    return text.split(sep, Qt::SkipEmptyParts);
}
// Every token as a finite number; the first that is not one is named.
core::Result<std::vector<float>> parseNumbers(const QStringList& tokens) {
    std::vector<float> values;
    for (const QString& t : tokens) {
        bool ok = false;
        const double v = t.toDouble(&ok);
        if (!ok || !std::isfinite(v)) return core::makeError(QCoreApplication::translate("TraceInputs", "\"%1\" is not a number").arg(t).toStdString());
        if (!std::isfinite(static_cast<float>(v)))
            return core::makeError(QCoreApplication::translate("TraceInputs", "\"%1\" is too large (at most about 3.4e38)").arg(t).toStdString());
        values.push_back(static_cast<float>(v));
    }
    return values;
}
}  // namespace

core::Result<std::vector<float>> parseInputValues(const QString& text, int count) {
    const QStringList tokens = numberTokens(text);
    if (tokens.isEmpty()) return core::makeError("type the input values, separated by commas");
    auto parsed = parseNumbers(tokens);
    if (!parsed) return parsed.error();
    std::vector<float> values = std::move(parsed).value();
    if (values.size() == 1 && count > 1) values.assign(static_cast<std::size_t>(count), values.front());
    if (static_cast<int>(values.size()) != count)
        return core::makeError("the network's input takes " + std::to_string(count) + " values, " +
                               std::to_string(values.size()) + " were typed (one value fills them all)");
    return values;
}

core::Result<float> parseParameterValue(const QString& text) {
    const QStringList tokens = numberTokens(text);
    if (tokens.isEmpty()) return core::makeError("type a number, e.g. 0.5");
    if (tokens.size() > 1)
        return core::makeError("type one number, not " + std::to_string(tokens.size()) + " (a decimal point, not a comma)");
    auto parsed = parseNumbers(tokens);
    if (!parsed) return parsed.error();
    return parsed->front();
}

core::Result<core::TraceTarget> parseTarget(const QString& text, core::LossKind loss, int outputs) {
    const QStringList tokens = numberTokens(text);
    if (tokens.isEmpty())
        return core::makeError(loss == core::LossKind::SoftmaxCrossEntropy ? "type the target class"
                                                                          : "type the target value(s) or a class");
    auto parsed = parseNumbers(tokens);
    if (!parsed) return parsed.error();
    std::vector<float> values = std::move(parsed).value();
    const bool wholeNumber = values.size() == 1 && values[0] >= 0 && std::floor(values[0]) == values[0];
    core::TraceTarget target;
    if (loss == core::LossKind::SoftmaxCrossEntropy) {
        if (!wholeNumber)
            return core::makeError("softmax cross-entropy needs one class: a whole number from 0 to " +
                                   std::to_string(outputs - 1));
        target.label = static_cast<int>(values[0]);
        return target;
    }
    if (static_cast<int>(values.size()) == outputs) {
        target.values = std::move(values);
        if (outputs == 1 && (target.values[0] == 0 || target.values[0] == 1)) target.label = static_cast<int>(target.values[0]);
        return target;
    }
    if (wholeNumber) {
        target.label = static_cast<int>(values[0]);
        return target;
    }
    return core::makeError("the network has " + std::to_string(outputs) + " outputs: type " + std::to_string(outputs) +
                           " target values or one class");
}

QString valuesText(const std::vector<float>& values, int maxShown) {
    if (static_cast<int>(values.size()) > maxShown) {
        const bool same = std::all_of(values.begin(), values.end(), [&](float v) { return v == values.front(); });
        if (same) return QString::fromStdString(core::formatNumber(values.front()));
        return QCoreApplication::translate("TraceInputs", "(%1 values)").arg(values.size());
    }
    QStringList parts;
    for (float v : values) parts << QString::number(static_cast<double>(v), 'g', 7);
    return parts.join(QStringLiteral(", "));
}

QString targetText(const core::TraceTarget& target) {
    if (!target.values.empty()) return valuesText(target.values);
    return target.label >= 0 ? QString::number(target.label) : QString();
}

DataSample sampleOf(const core::Dataset& data, int i, const QString& split) {
    DataSample s;
    s.input = data.sample(i);
    const QString name = QString::fromStdString(data.name.empty() ? std::string("the data") : data.name);
    const QString which = split.isEmpty() ? QCoreApplication::translate("TraceInputs", "sample %1 of %2").arg(i).arg(name)
                                          : QCoreApplication::translate("TraceInputs", "%1 sample %2").arg(split).arg(i);
    if (data.task == core::TaskKind::Classification && i < static_cast<int>(data.labels.size())) {
        const int label = data.labels[static_cast<std::size_t>(i)];
        s.target.label = label;
        QString cls = QString::number(label);
        if (label >= 0 && label < data.classCount()) {
            const QString n = QString::fromStdString(data.classNames[static_cast<std::size_t>(label)]);
            if (n != cls) cls += QStringLiteral(" (%1)").arg(n);
        }
        s.description = QCoreApplication::translate("TraceInputs", "%1, class %2").arg(which, cls);
    } else {
        const auto dim = static_cast<std::size_t>(data.targetDim);
        const auto begin = data.targets.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(i) * dim);
        if (dim > 0 && data.targets.size() >= (static_cast<std::size_t>(i) + 1) * dim)
            s.target.values.assign(begin, begin + static_cast<std::ptrdiff_t>(dim));
        s.description = which;
    }
    return s;
}

}  // namespace layerlab::ui
