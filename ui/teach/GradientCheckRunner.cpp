#include "ui/teach/GradientCheckRunner.h"

#include "core/teach/trace_formulas.h"

#include <QtConcurrent/QtConcurrentRun>

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
    poll_.setInterval(100);
    connect(&poll_, &QTimer::timeout, this, [this] {
        if (shared_) emit progress(shared_->done.load(), shared_->total.load());
    });
    connect(&watcher_, &QFutureWatcher<GradientCheckOutcome>::finished, this, [this] {
        poll_.stop();
        emit finished(watcher_.result());
    });
}

GradientCheckRunner::~GradientCheckRunner() {
    if (shared_) shared_->cancel = true;
    watcher_.waitForFinished();
}

void GradientCheckRunner::start(core::Network net, std::vector<float> input, core::TraceTarget target) {
    if (isRunning()) return;
    shared_ = std::make_shared<Shared>();
    shared_->total = static_cast<qint64>(net.paramCount());
    auto netPtr = std::make_shared<core::Network>(std::move(net));
    auto shared = shared_;
    watcher_.setFuture(QtConcurrent::run([netPtr, shared, input = std::move(input), target = std::move(target)] {
        GradientCheckOutcome out;
        auto r = core::gradientCheckAll(*netPtr, input, target, {}, [&](std::size_t done, std::size_t) {
            shared->done = static_cast<qint64>(done);
            return !shared->cancel.load();
        });
        if (r) {
            out.ok = true;
            out.report = *r;
        } else {
            out.error = QString::fromStdString(r.error().message);
        }
        return out;
    }));
    poll_.start();
}

void GradientCheckRunner::cancel() {
    if (shared_) shared_->cancel = true;
}

}  // namespace layerlab::ui
