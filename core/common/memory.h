// How much memory this process may still take, so that a network or data set
// too large for the machine is refused with figures ("this network needs 7.7 GB
// for a batch of 32; 3.1 GB are available") instead of ending in bad_alloc or
// in the kernel's out-of-memory killer.
//
// Thread: plain functions; safe from any thread (they read /proc and getrlimit).
#pragma once

#include "core/common/result.h"

#include <cstdint>
#include <string>

namespace layerlab::core {

// ensures: the smallest of: the memory the system reports available
//          (/proc/meminfo MemAvailable; MemFree + Cached without it), the address
//          space left under RLIMIT_AS, the data left under RLIMIT_DATA. Bytes;
//          UINT64_MAX when nothing can be read.
std::uint64_t memoryAvailable();

// Below this, checkMemory always says yes without reading /proc.
inline constexpr double kAlwaysAllowedBytes = 64e6;

// `what` says what needs the memory: "this network needs" / "the data set needs".
// ensures: ok when bytes < kAlwaysAllowedBytes or fit in memoryAvailable() with a margin (90% of it);
//          else "<what> 7.7 GB<detail>; 3.1 GB of memory are available" where
//          detail is e.g. " for a batch of 32 (weights 1.2 GB, activations 6.5 GB)".
Status checkMemory(double bytes, const std::string& what, const std::string& detail = {});

}  // namespace layerlab::core
