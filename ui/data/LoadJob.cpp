#include "ui/data/LoadJob.h"

#include <QFutureWatcher>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <new>
#include <stdexcept>

#include <atomic>
#include <stop_token>

namespace layerlab::ui {

struct LoadJob::Run {
    std::stop_source stop;
    std::atomic<double> fraction{0.0};
};

LoadJob::LoadJob(QObject* parent) : QObject(parent), timer_(new QTimer(this)) {
    timer_->setInterval(33);
    connect(timer_, &QTimer::timeout, this, &LoadJob::poll);
}

LoadJob::~LoadJob() { drop(); }

bool LoadJob::isRunning() const { return run_ != nullptr; }

void LoadJob::start(Work work) {
    cancel();
    auto run = std::make_shared<Run>();
    run_ = run;
    lastFraction_ = -1;
    watcher_ = new QFutureWatcher<LoadOutcome>(this);
    connect(watcher_, &QFutureWatcherBase::finished, this, [this, run] { onFinished(run); });
    watcher_->setFuture(QtConcurrent::run([run, work = std::move(work)]() -> LoadOutcome {
        core::CsvProgress progress;
        progress.stop = run->stop.get_token();
        progress.onProgress = [run](double f) { run->fraction.store(f, std::memory_order_relaxed); };
        // An exception must not cross into the GUI thread (QFuture rethrows it there).
        LoadOutcome out;
        try {
            out = work(progress);
        } catch (const std::bad_alloc&) {
            out.error = core::makeError("loading the data ran out of memory; use a smaller file or a limit");
        } catch (const std::exception& e) {
            out.error = core::makeError(std::string("loading the data failed with an internal error: ") + e.what());
        }
        run->fraction.store(1.0, std::memory_order_relaxed);
        return out;
    }));
    timer_->start();
}

void LoadJob::cancel() {
    if (!run_) return;
    drop();
    emit cancelled();
}

void LoadJob::drop() {
    if (run_) run_->stop.request_stop();
    run_.reset();
    timer_->stop();
    if (watcher_) {
        watcher_->disconnect(this);
        watcher_->deleteLater();
        watcher_ = nullptr;
    }
}

void LoadJob::poll() {
    if (!run_) return;
    const double f = run_->fraction.load(std::memory_order_relaxed);
    if (f != lastFraction_) {
        lastFraction_ = f;
        emit progress(f);
    }
}

void LoadJob::onFinished(const std::shared_ptr<Run>& run) {
    if (run != run_ || !watcher_) return;
    poll();
    LoadOutcome out = watcher_->result();
    drop();
    emit finished(out);
}

}  // namespace layerlab::ui
