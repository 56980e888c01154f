// Runs core::gradientCheckAll on a worker thread (a large network has many
// parameters, each needing two forward passes), reports progress about ten
// times a second and can be cancelled. The job owns its own Network, so the
// GUI's network is never shared across threads.
//
// Thread: the object lives on the GUI thread; its signals arrive there.
// Destroying it cancels a running check and waits for it to stop.
#pragma once

#include "core/net/network.h"
#include "core/teach/trace.h"
#include "core/teach/trace_check.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QTimer>

#include <atomic>
#include <memory>
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
    // requires: !isRunning(). Takes the network (its weights are the ones checked).
    void start(core::Network net, std::vector<float> input, core::TraceTarget target);
    // Asks the running check to stop; finished() follows with report.cancelled.
    void cancel();

signals:
    void progress(qint64 done, qint64 total);
    void finished(const layerlab::ui::GradientCheckOutcome& outcome);

private:
    struct Shared {
        std::atomic<qint64> done{0}, total{0};
        std::atomic<bool> cancel{false};
    };
    QFutureWatcher<GradientCheckOutcome> watcher_;
    std::shared_ptr<Shared> shared_;
    QTimer poll_;
};

}  // namespace layerlab::ui

Q_DECLARE_METATYPE(layerlab::ui::GradientCheckOutcome)
