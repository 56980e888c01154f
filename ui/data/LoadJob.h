// LoadJob: runs one data-loading function at a time on the global thread pool
// (QtConcurrent) with progress and cancel, and hands the outcome back on the
// GUI thread. Used by the DataManager and the import dialogs.
//
// The work receives a core::CsvProgress whose onProgress stores the fraction
// in an atomic (polled ~30 times a second by the GUI side) and whose stop token
// is requested by cancel(), by a new start() and by the destructor. A run that
// was cancelled or replaced never reports: its outcome is dropped when it ends,
// so the GUI never waits for it (a core reader without a stop check simply
// finishes in the background; it only holds its own copies).
//
// Thread: the object lives on the GUI thread; only the work runs elsewhere and
// it must not touch GUI objects.
#pragma once

#include "core/common/result.h"
#include "core/data/csv_reader.h"
#include "core/io/project_data.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>

class QTimer;
template <typename T>
class QFutureWatcher;

namespace layerlab::ui {

struct LoadOutcome {
    std::shared_ptr<const core::ProjectData> data;  // set on success
    core::CsvReport report;                         // CSV reads fill it in
    std::optional<core::Error> error;               // set on failure
};

class LoadJob : public QObject {
    Q_OBJECT

public:
    using Work = std::function<LoadOutcome(const core::CsvProgress&)>;

    explicit LoadJob(QObject* parent = nullptr);
    // Requests stop of a running work and forgets it (does not wait).
    ~LoadJob() override;

    // requires: work is self-contained (copies of what it reads; no GUI objects).
    // ensures: a running work is cancelled (no signal from it any more), then
    //          work starts on the thread pool; isRunning() is true until
    //          finished() or cancel().
    void start(Work work);
    // ensures: the running work (if any) is asked to stop and forgotten;
    //          isRunning() is false; cancelled() fires when something was running.
    void cancel();
    bool isRunning() const;

signals:
    void progress(double fraction);  // 0..1, GUI thread, at most ~30 Hz
    // The work's outcome (success or error; never for a cancelled run).
    void finished(const layerlab::ui::LoadOutcome& outcome);
    void cancelled();

private:
    struct Run;
    void poll();
    void onFinished(const std::shared_ptr<Run>& run);
    void drop();

    std::shared_ptr<Run> run_;
    QFutureWatcher<LoadOutcome>* watcher_ = nullptr;
    QTimer* timer_ = nullptr;
    double lastFraction_ = -1;
};

}  // namespace layerlab::ui
