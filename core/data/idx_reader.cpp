// IDX reader. One parser reads from a ByteSource: raw bytes in memory, a raw file
// (read straight into the final buffer), or gzip data inflated with zlib straight
// into the final buffer. Memory stays bounded by what the input can really hold:
// raw payloads are checked against the file size before allocating, and a gzip
// payload buffer starts no larger than deflate's maximum ratio (1032:1) allows for
// the compressed size and only grows while data keeps coming.
#include "core/data/idx_reader.h"

#include "core/common/file_read.h"
#include "core/common/memory.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

namespace layerlab::core {

namespace {

constexpr std::uint64_t kMaxValues = INT_MAX;  // Dataset counts are int
constexpr std::uint64_t kMaxFileBytes = (std::uint64_t{1} << 31) + (std::uint64_t{1} << 24);
constexpr std::uint64_t kMaxDeflateRatio = 1032;
constexpr std::uint64_t kExtraProbeCap = std::uint64_t{1} << 24;  // stop counting extra bytes here

Error fileError(const std::string& file, std::string message) {
    Error e = makeError(std::move(message));
    e.file = file;
    return e;
}

std::string hexByte(unsigned v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", v & 0xFFu);
    return buf;
}

std::string typeName(unsigned t) {
    switch (t) {
        case 0x08: return "unsigned byte";
        case 0x09: return "signed byte";
        case 0x0B: return "short";
        case 0x0C: return "int";
        case 0x0D: return "float";
        case 0x0E: return "double";
        default: return "unknown";
    }
}

// What the payload holds, for messages: "pixels" (3-D), "labels" (1-D), "data".
std::string payloadWord(std::size_t rank) { return rank == 3 ? "pixels" : rank == 1 ? "labels" : "data"; }

// Sequential bytes from memory (raw or gzip) or from a raw file.
class ByteSource {
public:
    enum class Mode { Memory, Gzip, File };

    ByteSource(const std::uint8_t* data, std::size_t size, bool gzip)
        : mode_(gzip ? Mode::Gzip : Mode::Memory), data_(data), size_(size) {
        if (gzip) {
            std::memset(&z_, 0, sizeof z_);
            if (inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK) error_ = "cannot start the gzip decoder";
            else zInit_ = true;
            z_.next_in = const_cast<Bytef*>(data_);  // zlib's API is not const-correct
        }
    }
    ByteSource(std::FILE* f, std::uint64_t size) : mode_(Mode::File), file_(f), size_(size) {}
    ~ByteSource() {
        if (zInit_) inflateEnd(&z_);
    }
    ByteSource(const ByteSource&) = delete;
    ByteSource& operator=(const ByteSource&) = delete;

    bool isGzip() const { return mode_ == Mode::Gzip; }
    // Bytes of input (compressed size for gzip).
    std::uint64_t inputSize() const { return size_; }
    // Raw modes: bytes not yet read.
    std::uint64_t rawRemaining() const { return size_ - pos_; }
    // Non-empty when the input is corrupt or unreadable.
    const std::string& error() const { return error_; }
    // Gzip: the input ended inside the compressed stream.
    bool truncatedStream() const { return truncated_; }

    // Reads up to n bytes into dst; fewer only at the end of the data or on error.
    std::size_t read(std::uint8_t* dst, std::size_t n) {
        if (n == 0 || !error_.empty()) return 0;
        switch (mode_) {
            case Mode::Memory: {
                const auto k = static_cast<std::size_t>(std::min<std::uint64_t>(n, size_ - pos_));
                std::memcpy(dst, data_ + pos_, k);
                pos_ += k;
                return k;
            }
            case Mode::File: {
                std::size_t got = 0;
                while (got < n) {
                    const std::size_t k = std::fread(dst + got, 1, n - got, file_);
                    got += k;
                    if (k == 0) {
                        if (std::ferror(file_)) error_ = std::string("cannot read the file: ") + std::strerror(errno);
                        break;
                    }
                }
                pos_ += got;
                return got;
            }
            case Mode::Gzip: return inflateInto(dst, n);
        }
        return 0;
    }

private:
    std::size_t inflateInto(std::uint8_t* dst, std::size_t n) {
        constexpr std::size_t kChunk = std::size_t{1} << 30;  // zlib counts in uInt
        std::size_t produced = 0;
        while (produced < n && error_.empty()) {
            std::size_t pos = static_cast<std::size_t>(z_.next_in - data_);
            if (memberDone_) {
                if (pos == size_) break;  // clean end of the last member
                if (size_ - pos >= 2 && data_[pos] == 0x1f && data_[pos + 1] == 0x8b) {
                    inflateReset(&z_);  // concatenated gzip members are one stream
                    memberDone_ = false;
                } else {
                    error_ = "unexpected bytes after the end of the gzip data (" + std::to_string(size_ - pos) +
                             " bytes of trailing garbage)";
                    break;
                }
            }
            if (z_.avail_in == 0 && pos < size_) z_.avail_in = static_cast<uInt>(std::min(size_ - pos, kChunk));
            z_.next_out = dst + produced;
            z_.avail_out = static_cast<uInt>(std::min(n - produced, kChunk));
            const uInt before = z_.avail_out;
            const int ret = inflate(&z_, Z_NO_FLUSH);
            produced += before - z_.avail_out;
            pos = static_cast<std::size_t>(z_.next_in - data_);
            if (ret == Z_STREAM_END) {
                memberDone_ = true;
            } else if (ret == Z_OK) {
                // progress made
            } else if (ret == Z_BUF_ERROR && z_.avail_in == 0 && pos == size_) {
                truncated_ = true;  // needs more input than the file has
                break;
            } else if (ret == Z_BUF_ERROR && z_.avail_in == 0) {
                // next chunk of input on the next turn
            } else {
                error_ = std::string("corrupt gzip data: ") + (z_.msg ? z_.msg : "zlib error " + std::to_string(ret));
            }
        }
        return produced;
    }

    Mode mode_;
    const std::uint8_t* data_ = nullptr;
    std::FILE* file_ = nullptr;
    std::uint64_t size_ = 0;
    std::uint64_t pos_ = 0;  // raw modes
    z_stream z_{};
    bool zInit_ = false;
    bool memberDone_ = false;
    bool truncated_ = false;
    std::string error_;
};

// "truncated: header says ..." with the counts; gzip adds why.
std::string shortPayload(std::uint64_t want, std::uint64_t have, std::size_t rank, bool gzip) {
    return "truncated: header says " + std::to_string(want) + " bytes of " + payloadWord(rank) + ", file has " +
           std::to_string(have) + (gzip ? " (after decompression; the gzip data ends early)" : "");
}

std::string extraPayload(std::uint64_t want, std::uint64_t have, bool atLeast, std::size_t rank, bool gzip) {
    return "oversized: header says " + std::to_string(want) + " bytes of " + payloadWord(rank) + ", file has " +
           (atLeast ? "at least " : "") + std::to_string(have) + (gzip ? " after decompression" : "") +
           "; refusing the extra bytes after the data";
}

Result<IdxArray> parseSource(ByteSource& src, const std::string& name) {
    auto fail = [&](std::string m) { return fileError(name, std::move(m)); };
    if (!src.error().empty()) return fail(src.error());
    if (src.inputSize() == 0) return fail("empty file (0 bytes); expected an IDX file (MNIST format)");

    std::array<std::uint8_t, 4> head{};
    const std::size_t got = src.read(head.data(), head.size());
    if (!src.error().empty()) return fail(src.error());
    if (got == 0 && src.truncatedStream())
        return fail("truncated gzip data: the file ends before the first uncompressed byte");
    if (got == 0) return fail("empty file: the gzip archive holds 0 bytes; expected an IDX file (MNIST format)");
    if (head[0] != 0 || (got >= 2 && head[1] != 0)) {
        std::string found = hexByte(head[0]);
        if (got >= 2) found.append(" ").append(hexByte(head[1]));
        return fail("not an IDX file: the first two bytes must be 0, found " + found);
    }
    if (got < 4)
        return fail("truncated: an IDX header needs at least 4 bytes, file has " + std::to_string(got));
    const unsigned type = head[2];
    if (type != 0x08)
        return fail("element type " + hexByte(type) + " (" + typeName(type) +
                    ") is not supported; LayerLab reads unsigned-byte IDX files");
    const std::size_t rank = head[3];
    if (rank < 1 || rank > 4)
        return fail("the header declares " + std::to_string(rank) + " dimensions; IDX files have 1 to 4");

    std::array<std::uint8_t, 16> dimBytes{};
    const std::size_t dimGot = src.read(dimBytes.data(), 4 * rank);
    if (!src.error().empty()) return fail(src.error());
    if (dimGot < 4 * rank)
        return fail("truncated: the header declares " + std::to_string(rank) + " dimensions (" +
                    std::to_string(4 * rank) + " bytes), file has " + std::to_string(dimGot) + " of those bytes");

    IdxArray out;
    std::uint64_t total = 1;
    std::string dimText;
    for (std::size_t i = 0; i < rank; ++i) {
        const std::uint8_t* b = dimBytes.data() + 4 * i;
        const std::uint64_t d = (std::uint64_t{b[0]} << 24) | (std::uint64_t{b[1]} << 16) |
                                (std::uint64_t{b[2]} << 8) | std::uint64_t{b[3]};
        if (d == 0)
            return fail("dimension " + std::to_string(i + 1) + " of " + std::to_string(rank) +
                        " is 0; every dimension must be at least 1");
        if (i) dimText += 'x';
        dimText += std::to_string(d);
        total *= d;  // < 2^31 * 2^32: no overflow before the check below
        if (total > kMaxValues) {
            for (std::size_t j = i + 1; j < rank; ++j) dimText += "x...";
            return fail("the header declares " + dimText + " values, more than the " + std::to_string(kMaxValues) +
                        " LayerLab can hold");
        }
        out.dims.push_back(static_cast<int>(d));
    }

    if (auto m = checkMemory(static_cast<double>(total), "the file's " + dimText + " values need"); !m)
        return fail(m.error().message);
    if (!src.isGzip()) {
        const std::uint64_t have = src.rawRemaining();
        if (have < total) return fail(shortPayload(total, have, rank, false));
        if (have > total) return fail(extraPayload(total, have, false, rank, false));
        out.data.resize(static_cast<std::size_t>(total));
        const std::size_t n = src.read(out.data.data(), out.data.size());
        if (!src.error().empty()) return fail(src.error());
        if (n < total) return fail(shortPayload(total, n, rank, false));  // the file shrank while reading
        return out;
    }

    // Gzip: the buffer grows only as far as the data really goes.
    const std::uint64_t bound = src.inputSize() * kMaxDeflateRatio + 4096;
    out.data.resize(static_cast<std::size_t>(std::min(total, bound)));
    std::size_t have = src.read(out.data.data(), out.data.size());
    while (have == out.data.size() && have < total && src.error().empty()) {
        const std::size_t old = out.data.size();
        out.data.resize(static_cast<std::size_t>(std::min<std::uint64_t>(total, 2 * std::uint64_t{old})));
        have += src.read(out.data.data() + old, out.data.size() - old);
    }
    if (!src.error().empty()) return fail(src.error());
    if (have < total) return fail(shortPayload(total, have, rank, true));

    // Anything after the payload (and the gzip trailer's checksum) is checked by reading on.
    std::array<std::uint8_t, 16384> scratch{};
    std::uint64_t extra = 0;
    for (;;) {
        const std::size_t n = src.read(scratch.data(), scratch.size());
        extra += n;
        if (n < scratch.size() || extra >= kExtraProbeCap) break;
    }
    if (extra > 0) return fail(extraPayload(total, total + extra, extra >= kExtraProbeCap, rank, true));
    if (!src.error().empty()) return fail(src.error());
    if (src.truncatedStream())
        return fail("truncated gzip data: the values are complete but the gzip trailer (checksum) is missing");
    return out;
}

std::string fileNameOf(const std::string& path) { return std::filesystem::path(path).filename().string(); }

std::string datasetName(const std::string& imagesPath, bool fashion) {
    const std::string base = fashion ? "Fashion-MNIST" : "MNIST";
    const std::string file = fileNameOf(imagesPath);
    if (file.rfind("train", 0) == 0) return base + " train";
    if (file.rfind("t10k", 0) == 0 || file.rfind("test", 0) == 0) return base + " test";
    return base + " (" + file + ")";
}

}  // namespace

Result<IdxArray> parseIdx(const std::uint8_t* data, std::size_t size, const std::string& name) {
    if (data == nullptr) size = 0;
    const bool gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    ByteSource src(data, size, gzip);
    return parseSource(src, name);
}

Result<IdxArray> readIdx(const std::string& path) {
    auto opened = openRegularFile(path, "an IDX file");
    if (!opened) return opened.error();
    const FilePtr& f = opened->file;
    const std::uint64_t size = opened->size;
    if (size > kMaxFileBytes)
        return fileError(path, "the file is " + std::to_string(size) +
                                   " bytes; LayerLab reads IDX files of up to 2 GiB of data");

    std::uint8_t magic[2] = {0, 0};
    const std::size_t m = std::fread(magic, 1, 2, f.get());
    std::fseek(f.get(), 0, SEEK_SET);
    if (m == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
        // Whole compressed file in memory, inflated once into the final buffer.
        std::vector<std::uint8_t> buf(static_cast<std::size_t>(size));
        if (std::fread(buf.data(), 1, buf.size(), f.get()) != buf.size())
            return fileError(path, std::string("cannot read the file: ") + std::strerror(errno));
        ByteSource src(buf.data(), buf.size(), true);
        return parseSource(src, path);
    }
    ByteSource src(f.get(), size);
    return parseSource(src, path);
}

Result<Dataset> readIdxDataset(const std::string& imagesPath, const std::string& labelsPath, bool fashion) {
    auto images = readIdx(imagesPath);
    if (!images) return images.error();
    const auto& id = images->dims;
    if (id.size() != 3)
        return fileError(imagesPath, "expected images: a 3-D IDX file (count x height x width), this one has " +
                                         std::to_string(id.size()) + " dimension" + (id.size() == 1 ? "" : "s") +
                                         " (" + Shape(id).toString() + ")");
    auto labels = readIdx(labelsPath);
    if (!labels) return labels.error();
    const auto& ld = labels->dims;
    if (ld.size() != 1)
        return fileError(labelsPath, "expected labels: a 1-D IDX file (count), this one has " +
                                         std::to_string(ld.size()) + " dimensions (" + Shape(ld).toString() + ")");
    if (ld[0] != id[0])
        return fileError(labelsPath, "the labels file has " + std::to_string(ld[0]) + " labels but the images file " +
                                         imagesPath + " has " + std::to_string(id[0]) +
                                         " images; the counts must match");

    Dataset d;
    d.name = datasetName(imagesPath, fashion);
    d.task = TaskKind::Classification;
    d.inputShape = Shape{1, id[1], id[2]};
    d.bytes = std::move(images->data);
    d.byteScale = 1.0f / 255.0f;
    d.byteOffset = 0.0f;
    d.labels.assign(labels->data.begin(), labels->data.end());
    const int maxLabel = *std::max_element(d.labels.begin(), d.labels.end());
    if (fashion) {
        if (maxLabel > 9) {
            const auto at = std::find(d.labels.begin(), d.labels.end(), maxLabel) - d.labels.begin();
            return fileError(labelsPath, "label " + std::to_string(maxLabel) + " (sample " + std::to_string(at) +
                                             ") is not a Fashion-MNIST class; expected labels 0..9");
        }
        d.classNames = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                        "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    } else if (maxLabel <= 9) {
        for (int k = 0; k < 10; ++k) d.classNames.push_back(std::to_string(k));
    } else {
        for (int k = 0; k <= maxLabel; ++k) d.classNames.push_back("class " + std::to_string(k));
    }
    return d;
}

}  // namespace layerlab::core
