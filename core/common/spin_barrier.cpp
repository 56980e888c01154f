#include "core/common/spin_barrier.h"

#include <chrono>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace layerlab::core {

namespace {
inline void relax() {
#if defined(__SSE2__)
    _mm_pause();
#endif
}
constexpr auto kSpin = std::chrono::microseconds(50);
}  // namespace

void SpinBarrier::arrive_and_wait() {
    const unsigned phase = phase_.load(std::memory_order_acquire);
    if (count_.fetch_add(1, std::memory_order_acq_rel) + 1 == n_) {
        count_.store(0, std::memory_order_relaxed);  // ordered before the next phase by the release below
        phase_.fetch_add(1, std::memory_order_release);
        phase_.notify_all();
        return;
    }
    const auto until = std::chrono::steady_clock::now() + kSpin;
    for (int i = 0;; ++i) {
        if (phase_.load(std::memory_order_acquire) != phase) return;
        relax();
        if ((i & 63) == 63 && std::chrono::steady_clock::now() >= until) break;
    }
    while (phase_.load(std::memory_order_acquire) == phase) phase_.wait(phase, std::memory_order_acquire);
}

}  // namespace layerlab::core
