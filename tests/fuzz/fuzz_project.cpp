// libFuzzer entry point for the .layerlab project parser: any bytes must give
// a Project or an Error with a message naming the file, never a crash, a hang
// or an exception escaping. A parsed project must serialise and parse back to
// the same text (the format round-trips exactly), and its graph must go through
// shape inference (the size checks) without a crash. Seeded with
// tests/fixtures/project and the hostile corpus (tests/fixtures/hostile: data
// sources of every kind, weights, extreme numbers), with project.dict's keys.
#include "core/io/project.h"
#include "core/net/shape_inference.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto p = layerlab::core::parseProject(text, "fuzz.layerlab");
    if (!p.ok()) {
        if (p.error().message.empty() || p.error().file != "fuzz.layerlab") std::abort();
        return 0;
    }
    (void)layerlab::core::inferShapes(p->graph);
    const std::string once = layerlab::core::serializeProject(*p);
    auto q = layerlab::core::parseProject(once, "again.layerlab");
    if (!q.ok() || layerlab::core::serializeProject(*q) != once) std::abort();
    return 0;
}
