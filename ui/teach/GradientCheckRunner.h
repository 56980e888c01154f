// Runs core::gradientCheckAll on a worker thread (a large network has many
// parameters, each needing two forward passes), reports progress at most ten
// times a second and can be cancelled. The job owns its own Network, so the
// GUI's network is never shared across threads.
//
// Thread: the object lives on the GUI thread; its signals arrive there.
// Cancellation is the runner's std::stop_source, whose token the worker's
// check polls; progress and the outcome come back by value in queued calls
// (nothing else is shared with the worker). Destroying the runner cancels a
// running check and waits for it to stop.
#pragma once

#include "core/net/network.h"
#include "core/teach/trace.h"
#include "core/teach/trace_check.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <cstdint>
#include <stop_token>
#include <vector>

namespace layerlab::ui {

struct GradientCheckOutcome {
    bool ok = false;                 // false: the check could not run (error says why)
    core::NetworkGradCheck report;
    QString error;
};

// One sentence for the user: passed or not, the largest relative error and where.
QString describeGradientCheck(const GradientCheckOutcome& outcome);

class GradientCheckRunner : public QObject {
    Q_OBJECT

public:
    explicit GradientCheckRunner(QObject* parent = nullptr);
    ~GradientCheckRunner() override;

    bool isRunning() const { return watcher_.isRunning(); }
    // requires: !isRunning() (otherwise ignored). Takes the network (its weights are the ones checked).
    // ensures: progress() while it runs (at most every 100 ms), then finished().
    void start(core::Network net, std::vector<float> input, core::TraceTarget target);
    // Requests stop on the running check's token; finished() follows with
    // report.cancelled (or the full report when the check was already done).
    // No effect when nothing runs.
    void cancel();

signals:
    void progress(qint64 done, qint64 total);
    void finished(const layerlab::ui::GradientCheckOutcome& outcome);

private:
    QFutureWatcher<GradientCheckOutcome> watcher_;
    std::stop_source stop_;   // the running check's; a fresh one per start()
    std::uint64_t run_ = 0;   // counts start(): progress of an earlier run is dropped
};

}  // namespace layerlab::ui

Q_DECLARE_METATYPE(layerlab::ui::GradientCheckOutcome)
