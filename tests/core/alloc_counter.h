// Included by a test executable that checks "no allocation per step":
// replaces malloc/calloc/realloc/free for the whole process (include it in
// exactly one translation unit of that executable) and counts allocations in
// gAllocations. LAYERLAB_COUNT_ALLOCATIONS is defined when counting is active.
#pragma once

#include <atomic>
#include <cstddef>

// Counts heap allocations of this process (Eigen allocates with malloc, the
// standard library through operator new, which calls malloc) by replacing
// glibc's malloc family with forwarders to glibc's own implementation.
// Not under ASan/TSan, which replace malloc themselves.
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define LAYERLAB_COUNT_ALLOCATIONS 1
namespace {
std::atomic<long> gAllocations{0};
}
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void __libc_free(void*);
void* malloc(std::size_t n) noexcept {
    gAllocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_malloc(n);
}
void* calloc(std::size_t count, std::size_t n) noexcept {
    gAllocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_calloc(count, n);
}
void* realloc(void* p, std::size_t n) noexcept {
    gAllocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_realloc(p, n);
}
void free(void* p) noexcept { __libc_free(p); }
}
#endif
