#include "core/common/memory.h"

#include "core/common/text.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include <sys/resource.h>

namespace layerlab::core {

namespace {

// A "Key:   1234 kB" line of a /proc file, in bytes; 0 when absent.
std::uint64_t procField(const char* file, const char* key) {
    std::FILE* f = std::fopen(file, "r");
    if (!f) return 0;
    char line[256];
    std::uint64_t value = 0;
    const std::size_t n = std::strlen(key);
    while (std::fgets(line, sizeof line, f)) {
        if (std::strncmp(line, key, n) == 0 && line[n] == ':') {
            unsigned long long kb = 0;
            if (std::sscanf(line + n + 1, "%llu", &kb) == 1) value = kb * 1024ull;
            break;
        }
    }
    std::fclose(f);
    return value;
}

std::uint64_t leftUnder(int resource, std::uint64_t used) {
    rlimit r{};
    if (getrlimit(resource, &r) != 0 || r.rlim_cur == RLIM_INFINITY) return UINT64_MAX;
    const auto limit = static_cast<std::uint64_t>(r.rlim_cur);
    return limit > used ? limit - used : 0;
}

}  // namespace

std::uint64_t memoryAvailable() {
    std::uint64_t system = procField("/proc/meminfo", "MemAvailable");
    if (system == 0) system = procField("/proc/meminfo", "MemFree") + procField("/proc/meminfo", "Cached");
    if (system == 0) system = UINT64_MAX;
    const std::uint64_t address = leftUnder(RLIMIT_AS, procField("/proc/self/status", "VmSize"));
    const std::uint64_t data = leftUnder(RLIMIT_DATA, procField("/proc/self/status", "VmData"));
    return std::min({system, address, data});
}

Status checkMemory(double bytes, const std::string& what, const std::string& detail) {
    // Small amounts are never refused: no /proc reads for them (the editor
    // compiles the network after every edit, checking each layer).
    if (bytes < kAlwaysAllowedBytes) return {};
    const std::uint64_t available = memoryAvailable();
    if (available == UINT64_MAX || bytes <= 0.9 * static_cast<double>(available)) return {};
    return makeError(what + " " + formatBytes(bytes) + detail + "; " + formatBytes(static_cast<double>(available)) +
                     " of memory are available");
}

}  // namespace layerlab::core
