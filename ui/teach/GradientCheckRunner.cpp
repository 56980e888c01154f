#include "ui/teach/GradientCheckRunner.h"

#include "core/teach/trace_formulas.h"

#include <QMetaObject>
#include <QtConcurrent/QtConcurrentRun>

#include <chrono>
#include <memory>

namespace layerlab::ui {

QString describeGradientCheck(const GradientCheckOutcome& o) {
    if (!o.ok) return QObject::tr("The gradient check could not run: %1").arg(o.error);
    const core::NetworkGradCheck& r = o.report;
    auto num = [](double v) { return QString::fromStdString(core::formatNumber(v)); };
    if (r.cancelled)
        return QObject::tr("Gradient check cancelled after %1 of %2 parameters (largest relative error so far %3).")
            .arg(r.checked)
            .arg(r.total)
            .arg(num(r.maxRelError));
    if (r.total == 0) return QObject::tr("The network has no parameters to check.");
    const QString where = QObject::tr("%1: backprop %2, finite differences %3")
                              .arg(QString::fromStdString(r.worst), num(r.worstAnalytic), num(r.worstNumeric));
    // Entries where every finite-difference step crossed a ReLU kink or a max-pool switch.
    const QString skipped =
        r.skipped == 0 ? QString()
                       : QObject::tr(" %1 not differentiable at this sample, skipped (%2 at ReLU kinks, %3 at max-pool "
                                     "switches), e.g. %4.")
                             .arg(r.skipped)
                             .arg(r.skippedRelu)
                             .arg(r.skippedMaxPool)
                             .arg(QString::fromStdString(r.firstSkipped));
    if (r.passed)
        return QObject::tr("✓ Gradient check passed: backprop matches finite differences for %1 of %2 parameters; "
                           "largest relative error %3 (%4).")
                   .arg(r.checked)
                   .arg(r.total)
                   .arg(num(r.maxRelError), where) +
               skipped;
    return QObject::tr("✗ Gradient check: largest relative error %1 at %2. The check steps around ReLU kinks and "
                       "max-pool switches, so this points to a wrong gradient.")
               .arg(num(r.maxRelError), where) +
           skipped;
}

GradientCheckRunner::GradientCheckRunner(QObject* parent) : QObject(parent) {
    qRegisterMetaType<GradientCheckOutcome>();
    connect(&watcher_, &QFutureWatcher<GradientCheckOutcome>::finished, this,
            [this] { emit finished(watcher_.result()); });
}

GradientCheckRunner::~GradientCheckRunner() {
    stop_.request_stop();
    watcher_.waitForFinished();  // the worker posts to this object until it ends
}

void GradientCheckRunner::start(core::Network net, std::vector<float> input, core::TraceTarget target) {
    if (isRunning()) return;
    stop_ = std::stop_source{};
    const std::uint64_t run = ++run_;
    auto netPtr = std::make_shared<core::Network>(std::move(net));
    watcher_.setFuture(QtConcurrent::run([this, run, netPtr, stop = stop_.get_token(), input = std::move(input),
                                          target = std::move(target)] {
        using Clock = std::chrono::steady_clock;
        Clock::time_point last = Clock::now();
        // Progress goes to the GUI thread by value, at most ten times a second.
        // `this` outlives the worker (the destructor waits for it), and a queued
        // call still pending when the runner goes is dropped with it.
        auto report = [this, run, &last](std::size_t done, std::size_t all) {
            const Clock::time_point now = Clock::now();
            if (now - last < std::chrono::milliseconds(100)) return;
            last = now;
            QMetaObject::invokeMethod(
                this,
                [this, run, done = static_cast<qint64>(done), all = static_cast<qint64>(all)] {
                    if (run == run_ && isRunning()) emit progress(done, all);
                },
                Qt::QueuedConnection);
        };
        GradientCheckOutcome out;
        auto r = core::gradientCheckAll(*netPtr, input, target, {}, stop, report);
        if (r) {
            out.ok = true;
            out.report = *r;
        } else {
            out.error = QString::fromStdString(r.error().message);
        }
        return out;
    }));
}

void GradientCheckRunner::cancel() { stop_.request_stop(); }

}  // namespace layerlab::ui
