// RunGate: the pause / resume / single-step switch between the GUI thread and
// a training thread. The training thread calls wait() between batches; while
// the gate is paused, wait() blocks until Resume, a Step (which lets exactly
// one more batch through) or a stop request on the run's std::stop_token, so
// Stop while paused still ends the run.
//
// Thread: pause/resume/step/isPaused from any thread (the GUI); wait from the
// one training thread. Plain std (mutex + condition_variable_any), no Qt.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>

namespace layerlab::ui {

class RunGate {
public:
    // ensures: the next wait() blocks (unless a step is granted or stop requested).
    void pause();
    // ensures: wait() returns at once from now on; pending steps are dropped.
    void resume();
    // While paused: lets exactly one more batch through (the blocked wait()
    // returns once; the next one blocks again). While running: same as pause().
    void step();
    bool isPaused() const { return paused_.load(std::memory_order_acquire); }

    // Called by the training thread after each batch. Returns at once when not
    // paused or when a step was granted (consuming it). Otherwise calls
    // onPark() once (without holding the lock) and blocks until resume(),
    // step() or stop is requested.
    void wait(std::stop_token stop, const std::function<void()>& onPark = {});

private:
    std::mutex mutex_;
    std::condition_variable_any cv_;
    std::atomic<bool> paused_{false};  // written under mutex_; read lock-free on the fast path
    int credits_ = 0;                  // steps granted and not yet taken (under mutex_)
};

}  // namespace layerlab::ui
