// Reader for the IDX format of MNIST, Fashion-MNIST and EMNIST, raw or gzip
// compressed (detected by the gzip magic bytes, not the file name).
#pragma once

#include "core/common/result.h"
#include "core/data/dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace layerlab::core {

struct IdxArray {
    std::vector<int> dims;             // e.g. {60000, 28, 28} or {60000}
    std::vector<std::uint8_t> data;    // element type 0x08 (unsigned byte) only
};

// Validates: magic (two zero bytes, type 0x08, 1..4 dims), dimensions > 0,
// payload size equal to the product of dims (truncated and oversized files are
// refused with the byte counts). Errors name the file.
Result<IdxArray> readIdx(const std::string& path);
// Same on a buffer already in memory (raw or gzip); name is used in messages. For the fuzzer.
Result<IdxArray> parseIdx(const std::uint8_t* data, std::size_t size, const std::string& name);

// Images (N x H x W) and labels (N), counts must match; labels < 10 unless
// more classes appear. Image bytes kept as uint8, byteScale 1/255.
// Class names: Fashion-MNIST's when fashion is true, else "0".."9" (digits) or numbered.
Result<Dataset> readIdxDataset(const std::string& imagesPath, const std::string& labelsPath, bool fashion);

}  // namespace layerlab::core
