// libFuzzer entry point for the IDX parser: any bytes, raw or gzip, must give an
// IdxArray or an Error, never a crash, a hang or an unbounded allocation. A parsed
// array must be consistent with its dimensions.
#include "core/data/idx_reader.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto r = layerlab::core::parseIdx(data, size, "fuzz-input");
    if (r.ok()) {
        std::size_t n = 1;
        for (int d : r->dims) {
            if (d <= 0) std::abort();
            n *= static_cast<std::size_t>(d);
        }
        if (r->dims.empty() || r->dims.size() > 4 || n != r->data.size()) std::abort();
    } else if (r.error().message.empty() || r.error().file != "fuzz-input") {
        std::abort();
    }
    return 0;
}
