// libFuzzer entry point for the ONNX importer (core/interop/onnx_import*.cpp):
// any bytes must give a Project or an Error naming the file, never a crash, a
// hang or an exception escaping. An imported project's graph must compile for
// its loss and take its weights. Seeded with tests/fixtures/onnx (torch exports).
#include "core/interop/onnx_import.h"
#include "core/net/network.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto p = layerlab::core::importOnnxBytes(bytes, "fuzz.onnx");
    if (!p.ok()) {
        if (p.error().message.empty() || p.error().file != "fuzz.onnx") std::abort();
        return 0;
    }
    auto net = layerlab::core::compileNetwork(p->graph, p->training.loss);
    if (!net.ok() || !p->weights || !net->setWeights(*p->weights).ok()) std::abort();
    return 0;
}
