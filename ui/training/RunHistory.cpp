#include "ui/training/RunHistory.h"

#include "core/optim/optimizer.h"

#include <QCoreApplication>
#include <QObject>
#include <QStringList>

#include <cmath>

namespace layerlab::ui {

std::vector<double> emaSmooth(std::span<const double> values, double alpha) {
    EmaSmoother s(alpha);
    std::vector<double> out;
    out.reserve(values.size());
    for (double v : values) out.push_back(s.add(v));
    return out;
}

double EmaSmoother::add(double value) {
    s_ = alpha_ * s_ + (1.0 - alpha_) * value;
    weight_ = alpha_ * weight_ + (1.0 - alpha_);
    return weight_ > 0 ? s_ / weight_ : value;
}

namespace {

QString num(double v) { return QString::number(v, 'g', 4); }

// Full precision, '.' decimals, whatever the locale: the file reads back exactly.
QString exact(double v) { return QString::number(v, 'g', 17); }

QString csvField(const QString& text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

}  // namespace

QString settingsSummary(const core::TrainConfig& c, const QString& start) {
    const core::OptimizerConfig& o = c.optimizer;
    QString name = QString::fromStdString(std::string(core::optimizerName(o.kind)));
    if (o.kind == core::OptimizerKind::Momentum && o.nesterov) name = QStringLiteral("nesterov");
    QStringList parts{name + QStringLiteral(" lr ") + num(o.learningRate),
                      QCoreApplication::translate("RunHistory", "batch %1").arg(c.batchSize)};
    if (o.schedule.kind != core::ScheduleKind::Constant)
        parts << QString::fromStdString(std::string(core::scheduleName(o.schedule.kind)));
    if (o.weightDecay > 0) parts << QStringLiteral("L2 ") + num(o.weightDecay);
    if (o.l1 > 0) parts << QStringLiteral("L1 ") + num(o.l1);
    parts << (start.isEmpty() ? QCoreApplication::translate("RunHistory", "seed %1").arg(c.seed) : start);
    return parts.join(QStringLiteral(", "));
}

QString testMetricText(const SetScore& test, core::TaskKind task) {
    if (task == core::TaskKind::Classification)
        return QObject::tr("test accuracy %1%").arg(100.0 * test.metric, 0, 'f', 1);
    return QObject::tr("test R² %1").arg(test.metric, 0, 'f', 3);
}

QString testScoreText(const SetScore& test, core::TaskKind task) {
    return QObject::tr("test loss %1 · %2 (%3 samples)")
        .arg(test.loss, 0, 'f', 4)
        .arg(testMetricText(test, task))
        .arg(test.samples);
}

QString runLabel(const RunHistory& run) {
    QString label = QObject::tr("run %1: %2").arg(run.id).arg(run.summary);
    if (run.test) label += QStringLiteral(" \u00b7 ") + testMetricText(*run.test, run.task);
    return label;
}

QString historyCsv(std::span<const RunHistory> runs) {
    QString out = QStringLiteral(
        "run,settings,row,epoch,step,batch_loss,learning_rate,train_loss,train_metric,val_loss,val_metric,seconds,penalty\n");
    for (const RunHistory& r : runs) {
        const QString head = QString::number(r.id) + QLatin1Char(',') + csvField(r.summary) + QLatin1Char(',');
        for (std::size_t i = 0; i < r.batchLoss.size(); ++i) {
            const auto step = static_cast<std::int64_t>(i) + 1;
            const int epoch = r.batchesPerEpoch > 0 ? static_cast<int>((step - 1) / r.batchesPerEpoch) + 1 : 0;
            out += head + QStringLiteral("batch,%1,%2,").arg(epoch).arg(step) + exact(r.batchLoss[i]) + QLatin1Char(',') +
                   exact(r.learningRate[i]) + QStringLiteral(",,,,,,\n");
        }
        for (const core::EpochStats& e : r.epochs) {
            out += head + QStringLiteral("epoch,%1,%2,,").arg(e.epoch).arg(static_cast<qint64>(e.epoch) * r.batchesPerEpoch) +
                   exact(e.learningRate) + QLatin1Char(',') + exact(e.trainLoss) + QLatin1Char(',') +
                   exact(e.trainMetric) + QLatin1Char(',') + (e.hasValidation ? exact(e.valLoss) : QString()) +
                   QLatin1Char(',') + (e.hasValidation ? exact(e.valMetric) : QString()) + QLatin1Char(',') +
                   exact(e.seconds) + QLatin1Char(',') + exact(e.penalty) + QLatin1Char('\n');
        }
    }
    return out;
}

QString formatDuration(double seconds) {
    if (!(seconds >= 0) || !std::isfinite(seconds)) return QStringLiteral("–");
    if (seconds < 0.995) return QString::number(seconds, 'f', 2) + QStringLiteral(" s");
    if (seconds < 9.95) return QString::number(seconds, 'f', 1) + QStringLiteral(" s");
    const auto total = static_cast<qint64>(std::llround(seconds));
    const qint64 h = total / 3600, m = (total / 60) % 60, s = total % 60;
    if (h > 0) return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

}  // namespace layerlab::ui
