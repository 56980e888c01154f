#include "ui/training/RunGate.h"

namespace layerlab::ui {

void RunGate::pause() {
    std::lock_guard lock(mutex_);
    paused_.store(true, std::memory_order_release);
    credits_ = 0;
}

void RunGate::resume() {
    {
        std::lock_guard lock(mutex_);
        paused_.store(false, std::memory_order_release);
        credits_ = 0;
    }
    cv_.notify_all();
}

void RunGate::step() {
    {
        std::lock_guard lock(mutex_);
        if (!paused_.load(std::memory_order_relaxed)) {
            paused_.store(true, std::memory_order_release);
            credits_ = 0;
            return;
        }
        credits_ = 1;  // a second click before the batch ran is still one batch
    }
    cv_.notify_all();
}

void RunGate::wait(std::stop_token stop, const std::function<void()>& onPark) {
    if (!paused_.load(std::memory_order_acquire)) return;  // fast path: one atomic load per batch
    std::unique_lock lock(mutex_);
    if (!paused_.load(std::memory_order_relaxed)) return;
    if (credits_ > 0) {
        --credits_;
        return;
    }
    if (onPark) {
        lock.unlock();
        onPark();
        lock.lock();
    }
    cv_.wait(lock, stop, [this] { return !paused_.load(std::memory_order_relaxed) || credits_ > 0; });
    if (paused_.load(std::memory_order_relaxed) && credits_ > 0) --credits_;
}

}  // namespace layerlab::ui
