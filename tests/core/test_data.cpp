// Data: the synthetic sets (shapes, labels, determinism, the XOR truth table),
// splitting and gathering batches, and the IDX reader on files written here, on
// the broken fixtures in tests/fixtures/idx (README.md there) and on the real
// Fashion-MNIST files when they are installed.
#include "core/data/dataset.h"
#include "core/data/idx_reader.h"
#include "core/data/synthetic.h"

#include <QtTest>

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <numbers>
#include <set>
#include <string>
#include <vector>

using namespace layerlab::core;

namespace {

using Bytes = std::vector<std::uint8_t>;

const SyntheticKind kAllKinds[] = {SyntheticKind::Xor,     SyntheticKind::Circles, SyntheticKind::Moons,
                                   SyntheticKind::Spirals, SyntheticKind::Blobs,   SyntheticKind::Sine};

Dataset synth(SyntheticKind kind, int samples, double noise, int classes, std::uint64_t seed) {
    SyntheticOptions o;
    o.kind = kind;
    o.samples = samples;
    o.noise = noise;
    o.classes = classes;
    o.seed = seed;
    auto r = makeSynthetic(o);
    if (!r) qFatal("makeSynthetic(%s): %s", std::string(syntheticName(kind)).c_str(), r.error().message.c_str());
    return std::move(r).value();
}

Bytes idxBytes(const std::vector<std::uint32_t>& dims, const Bytes& payload, std::uint8_t type = 0x08) {
    Bytes b = {0, 0, type, static_cast<std::uint8_t>(dims.size())};
    for (std::uint32_t d : dims)
        for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(d >> s));
    b.insert(b.end(), payload.begin(), payload.end());
    return b;
}

Bytes gzipBytes(const Bytes& in) {
    z_stream s{};
    if (deflateInit2(&s, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) qFatal("deflateInit2");
    Bytes out(deflateBound(&s, static_cast<uLong>(in.size())) + 32);
    s.next_in = const_cast<Bytef*>(in.data());
    s.avail_in = static_cast<uInt>(in.size());
    s.next_out = out.data();
    s.avail_out = static_cast<uInt>(out.size());
    if (deflate(&s, Z_FINISH) != Z_STREAM_END) qFatal("deflate");
    out.resize(s.total_out);
    deflateEnd(&s);
    return out;
}

void writeFile(const std::string& path, const Bytes& b) {
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

Bytes counting(std::size_t n) {
    Bytes b(n);
    for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>((i * 7 + 3) & 0xFF);
    return b;
}

std::string fixtureDir() { return std::string(LAYERLAB_SOURCE_DIR) + "/tests/fixtures/idx"; }

}  // namespace

class TestData : public QObject {
    Q_OBJECT

private slots:
    void syntheticNames() {
        for (SyntheticKind k : kAllKinds) {
            auto back = syntheticFromName(syntheticName(k));
            QVERIFY(back.ok());
            QCOMPARE(*back, k);
        }
        QCOMPARE(std::string(syntheticName(SyntheticKind::Spirals)), std::string("spirals"));
        auto bad = syntheticFromName("swirls");
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().message.find("swirls") != std::string::npos);
        QVERIFY(bad.error().message.find("moons") != std::string::npos);
    }

    void syntheticShapesAndLabels() {
        for (SyntheticKind k : kAllKinds) {
            const Dataset d = synth(k, 101, 0.1, 3, 7);
            const std::string name(syntheticName(k));
            QCOMPARE(d.name, name);
            QCOMPARE(d.count(), 101);
            QVERIFY(d.bytes.empty());
            for (float v : d.values) QVERIFY(std::isfinite(v));
            if (k == SyntheticKind::Sine) {
                QCOMPARE(d.task, TaskKind::Regression);
                QCOMPARE(d.inputShape, Shape{1});
                QCOMPARE(d.targetDim, 1);
                QCOMPARE(d.targets.size(), std::size_t{101});
                QVERIFY(d.labels.empty());
                QVERIFY(d.classNames.empty());
                continue;
            }
            const int classes = (k == SyntheticKind::Spirals || k == SyntheticKind::Blobs) ? 3 : 2;
            QCOMPARE(d.task, TaskKind::Classification);
            QCOMPARE(d.inputShape, Shape{2});
            QCOMPARE(d.values.size(), std::size_t{202});
            QCOMPARE(d.labels.size(), std::size_t{101});
            QCOMPARE(d.classCount(), classes);
            QCOMPARE(d.classNames.front(), std::string("class 0"));
            std::vector<int> perClass(static_cast<std::size_t>(classes), 0);
            for (int l : d.labels) {
                QVERIFY2(l >= 0 && l < classes, name.c_str());
                ++perClass[static_cast<std::size_t>(l)];
            }
            // Balanced: class sizes differ by at most one (xor: its 4 quadrants are).
            const auto [lo, hi] = std::minmax_element(perClass.begin(), perClass.end());
            QVERIFY2(*hi - *lo <= (k == SyntheticKind::Xor ? 2 : 1), name.c_str());
        }
    }

    void syntheticDeterminism() {
        for (SyntheticKind k : kAllKinds) {
            const Dataset a = synth(k, 64, 0.2, 4, 11);
            const Dataset b = synth(k, 64, 0.2, 4, 11);
            const Dataset c = synth(k, 64, 0.2, 4, 12);
            const char* name = syntheticName(k).data();
            QVERIFY2(a.values == b.values && a.labels == b.labels && a.targets == b.targets, name);
            QVERIFY2(a.values != c.values || a.targets != c.targets, name);
        }
    }

    void xorTruthTable() {
        const Dataset d = synth(SyntheticKind::Xor, 4, 0.0, 2, 99);
        QCOMPARE(d.values, (std::vector<float>{0, 0, 0, 1, 1, 0, 1, 1}));
        QCOMPARE(d.labels, (std::vector<int>{0, 1, 1, 0}));
        // Larger XOR: label 1 exactly where the signs differ (noise 0: the centres).
        const Dataset big = synth(SyntheticKind::Xor, 40, 0.0, 2, 1);
        for (int i = 0; i < big.count(); ++i) {
            const float x = big.values[2 * i], y = big.values[2 * i + 1];
            QCOMPARE(std::abs(x), 1.0f);
            QCOMPARE(big.labels[i], x * y < 0 ? 1 : 0);
        }
    }

    void syntheticGeometry() {
        const Dataset circles = synth(SyntheticKind::Circles, 50, 0.0, 2, 3);
        for (int i = 0; i < circles.count(); ++i) {
            const double r = std::hypot(circles.values[2 * i], circles.values[2 * i + 1]);
            QVERIFY(std::abs(r - (circles.labels[i] == 1 ? 0.5 : 1.0)) < 1e-5);
        }
        const Dataset moons = synth(SyntheticKind::Moons, 50, 0.0, 2, 3);
        for (int i = 0; i < moons.count(); ++i) {
            const double x = moons.values[2 * i], y = moons.values[2 * i + 1];
            const double r = moons.labels[i] == 0 ? std::hypot(x, y) : std::hypot(x - 1.0, y - 0.5);
            QVERIFY(std::abs(r - 1.0) < 1e-5);
            QVERIFY(moons.labels[i] == 0 ? y >= -1e-6 : y <= 0.5 + 1e-6);
        }
        const Dataset spirals = synth(SyntheticKind::Spirals, 60, 0.0, 3, 3);
        for (int i = 0; i < spirals.count(); ++i)
            QVERIFY(std::hypot(spirals.values[2 * i], spirals.values[2 * i + 1]) <= 1.0 + 1e-6);
        const Dataset blobs = synth(SyntheticKind::Blobs, 300, 0.1, 3, 3);
        for (int i = 0; i < blobs.count(); ++i) {
            const double a = 2.0 * std::numbers::pi * blobs.labels[i] / 3.0;
            const double dist = std::hypot(blobs.values[2 * i] - 2.0 * std::cos(a), blobs.values[2 * i + 1] - 2.0 * std::sin(a));
            QVERIFY(dist < 0.6);  // 6 standard deviations
        }
        const Dataset sine = synth(SyntheticKind::Sine, 200, 0.0, 2, 3);
        for (int i = 0; i < sine.count(); ++i) {
            QVERIFY(sine.values[i] >= -std::numbers::pi_v<float> && sine.values[i] <= std::numbers::pi_v<float>);
            QVERIFY(std::abs(sine.targets[i] - std::sin(sine.values[i])) < 1e-5f);
        }
    }

    void syntheticValidation() {
        auto fails = [](SyntheticOptions o, const char* what) {
            auto r = makeSynthetic(o);
            if (r.ok()) return false;
            return r.error().message.find(what) != std::string::npos;
        };
        SyntheticOptions o;
        o.samples = 0;
        QVERIFY(fails(o, "at least 1 sample"));
        o = {};
        o.classes = 1;
        QVERIFY(fails(o, "between 2 and 10"));
        o.classes = 11;
        QVERIFY(fails(o, "between 2 and 10"));
        o = {};
        o.noise = -0.1;
        QVERIFY(fails(o, "noise"));
        o.noise = std::nan("");
        QVERIFY(fails(o, "noise"));
        o = {};
        o.kind = SyntheticKind::Sine;
        o.samples = 1;
        QVERIFY(makeSynthetic(o).ok());
    }

    void splitIsStratified() {
        const Dataset all = synth(SyntheticKind::Blobs, 300, 0.1, 3, 5);
        const DatasetSplit s = splitDataset(all, 0.2, 42);
        QCOMPARE(s.validation.count(), 60);
        QCOMPARE(s.train.count(), 240);
        std::map<int, int> valPerClass;
        for (int l : s.validation.labels) ++valPerClass[l];
        QCOMPARE(valPerClass.size(), std::size_t{3});
        for (const auto& [label, n] : valPerClass) QCOMPARE(n, 20);
        // Every sample lands in exactly one part: compare the multisets of x coordinates.
        std::multiset<float> seen(s.train.values.begin(), s.train.values.end());
        seen.insert(s.validation.values.begin(), s.validation.values.end());
        QCOMPARE(seen, std::multiset<float>(all.values.begin(), all.values.end()));
        const DatasetSplit again = splitDataset(all, 0.2, 42);
        QCOMPARE(again.validation.values, s.validation.values);

        const Dataset sine = synth(SyntheticKind::Sine, 100, 0.1, 2, 5);
        const DatasetSplit r = splitDataset(sine, 0.25, 1);
        QCOMPARE(r.validation.count(), 25);
        QCOMPARE(r.train.count(), 75);
        QCOMPARE(r.validation.targets.size(), std::size_t{25});
    }

    void gatherInputsBytesAndFloats() {
        Dataset img;
        img.inputShape = Shape{1, 1, 3};
        img.bytes = {0, 51, 255, 10, 20, 30};
        img.labels = {0, 1};
        img.classNames = {"a", "b"};
        QCOMPARE(img.count(), 2);
        Matrix x;
        const int idx[] = {1, 0, 1};
        img.gatherInputs(idx, x);
        QCOMPARE(x.rows(), Eigen::Index{3});
        QCOMPARE(x.cols(), Eigen::Index{3});
        QCOMPARE(x(0, 0), 10.0f / 255.0f);
        QCOMPARE(x(2, 0), 30.0f / 255.0f);
        QCOMPARE(x(1, 1), 51.0f / 255.0f);
        QCOMPARE(x(2, 1), 1.0f);
        const float* before = x.data();
        img.gatherInputs(idx, x);  // same dimensions: no reallocation
        QCOMPARE(x.data(), before);

        const Dataset pts = synth(SyntheticKind::Moons, 10, 0.1, 2, 1);
        const int two[] = {7, 2};
        pts.gatherInputs(two, x);
        QCOMPARE(x.rows(), Eigen::Index{2});
        QCOMPARE(x(0, 0), pts.values[14]);
        QCOMPARE(x(1, 0), pts.values[15]);
        QCOMPARE(x(1, 1), pts.values[5]);
        QCOMPARE(pts.sample(7), (std::vector<float>{pts.values[14], pts.values[15]}));
    }

    void gatherTargets() {
        Dataset d;
        d.inputShape = Shape{1};
        d.values = {0, 1, 2};
        d.labels = {2, 0, 1};
        d.classNames = {"a", "b", "c"};
        const int idx[] = {0, 2};
        Matrix y;
        d.gatherTargets(idx, y, 3);
        Matrix want(3, 2);
        want << 0, 0, 0, 1, 1, 0;
        QCOMPARE(y, want);
        d.gatherTargets(idx, y, 1);  // binary: label != 0 -> 1
        QCOMPARE(y.rows(), Eigen::Index{1});
        QCOMPARE(y(0, 0), 1.0f);
        QCOMPARE(y(0, 1), 1.0f);
        const int first[] = {1};
        d.gatherTargets(first, y, 1);
        QCOMPARE(y(0, 0), 0.0f);

        const Dataset sine = synth(SyntheticKind::Sine, 5, 0.0, 2, 2);
        const int some[] = {4, 1};
        sine.gatherTargets(some, y, 1);
        QCOMPARE(y.rows(), Eigen::Index{1});
        QCOMPARE(y(0, 0), sine.targets[4]);
        QCOMPARE(y(0, 1), sine.targets[1]);
    }

    void idxRoundTrip() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string base = dir.path().toStdString();
        const Bytes pixels = counting(5 * 7 * 3);
        const Bytes raw = idxBytes({5, 7, 3}, pixels);
        writeFile(base + "/raw.idx", raw);
        writeFile(base + "/packed.bin", gzipBytes(raw));  // detected by magic, not by name
        for (const char* name : {"/raw.idx", "/packed.bin"}) {
            auto r = readIdx(base + name);
            QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
            QCOMPARE(r->dims, (std::vector<int>{5, 7, 3}));
            QCOMPARE(r->data, pixels);
        }
        // Concatenated gzip members are one stream (as gzip(1) and zlib's gzread treat them).
        const Bytes head = gzipBytes(Bytes(raw.begin(), raw.begin() + 30));
        Bytes twoMembers = gzipBytes(Bytes(raw.begin() + 30, raw.end()));
        twoMembers.insert(twoMembers.begin(), head.begin(), head.end());
        auto m = parseIdx(twoMembers.data(), twoMembers.size(), "two members");
        QVERIFY(m.ok());
        QCOMPARE(m->data, pixels);
        // 4-D is fine for readIdx.
        const Bytes four = idxBytes({2, 1, 2, 2}, counting(8));
        auto f = parseIdx(four.data(), four.size(), "four");
        QVERIFY(f.ok());
        QCOMPARE(f->dims, (std::vector<int>{2, 1, 2, 2}));
    }

    void idxDataset() {
        QTemporaryDir dir;
        const std::string base = dir.path().toStdString();
        writeFile(base + "/img.idx", idxBytes({3, 2, 2}, counting(12)));
        writeFile(base + "/img.gz", gzipBytes(idxBytes({3, 2, 2}, counting(12))));
        writeFile(base + "/lab.idx", idxBytes({3}, {0, 9, 4}));
        writeFile(base + "/lab12.idx", idxBytes({3}, {12, 0, 1}));
        writeFile(base + "/lab4.idx", idxBytes({4}, {0, 1, 2, 3}));
        writeFile(base + "/flat.idx", idxBytes({3, 4}, counting(12)));
        writeFile(base + "/lab2d.idx", idxBytes({3, 1}, {0, 1, 2}));

        auto d = readIdxDataset(base + "/img.gz", base + "/lab.idx", false);
        QVERIFY2(d.ok(), d.ok() ? "" : d.error().toString().c_str());
        QCOMPARE(d->count(), 3);
        QCOMPARE(d->inputShape, (Shape{1, 2, 2}));
        QCOMPARE(d->bytes, counting(12));
        QCOMPARE(d->labels, (std::vector<int>{0, 9, 4}));
        QCOMPARE(d->classCount(), 10);
        QCOMPARE(d->classNames[9], std::string("9"));
        QCOMPARE(d->byteScale, 1.0f / 255.0f);
        QCOMPARE(d->byteOffset, 0.0f);
        QVERIFY(d->isImage());

        auto many = readIdxDataset(base + "/img.idx", base + "/lab12.idx", false);
        QVERIFY(many.ok());
        QCOMPARE(many->classCount(), 13);
        QCOMPARE(many->classNames[12], std::string("class 12"));

        auto fashion = readIdxDataset(base + "/img.idx", base + "/lab.idx", true);
        QVERIFY(fashion.ok());
        QCOMPARE(fashion->classNames[0], std::string("T-shirt/top"));

        auto expectError = [](const Result<Dataset>& r, const std::string& file, std::vector<std::string> parts) {
            if (r.ok()) return false;
            const std::string text = r.error().toString();
            bool good = r.error().file == file;
            for (const auto& p : parts) good = good && text.find(p) != std::string::npos;
            if (!good) qWarning("unexpected error: %s", text.c_str());
            return good;
        };
        QVERIFY(expectError(readIdxDataset(base + "/img.idx", base + "/lab12.idx", true), base + "/lab12.idx",
                            {"label 12", "0..9"}));
        QVERIFY(expectError(readIdxDataset(base + "/img.idx", base + "/lab4.idx", false), base + "/lab4.idx",
                            {"4 labels", "3 images", "img.idx"}));
        QVERIFY(expectError(readIdxDataset(base + "/flat.idx", base + "/lab.idx", false), base + "/flat.idx",
                            {"3-D", "2 dimensions"}));
        QVERIFY(expectError(readIdxDataset(base + "/img.idx", base + "/lab2d.idx", false), base + "/lab2d.idx",
                            {"1-D"}));
        QVERIFY(expectError(readIdxDataset(base + "/missing.idx", base + "/lab.idx", false), base + "/missing.idx",
                            {"cannot open"}));
    }

    void idxFileErrors() {
        auto folder = readIdx(fixtureDir());
        QVERIFY(!folder.ok());
        QVERIFY(folder.error().message.find("folder") != std::string::npos);
        // A gzip bomb: 10 labels declared, 20 MB of zeros after them. Refused without
        // inflating (or allocating) all of it.
        Bytes bomb = idxBytes({10}, Bytes(10));
        bomb.resize(bomb.size() + 20 * 1024 * 1024);
        const Bytes packed = gzipBytes(bomb);
        auto r = parseIdx(packed.data(), packed.size(), "bomb.gz");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().file, std::string("bomb.gz"));
        QVERIFY2(r.error().message.find("oversized: header says 10 bytes of labels, file has at least") !=
                     std::string::npos,
                 r.error().message.c_str());
        auto null = parseIdx(nullptr, 0, "nothing");
        QVERIFY(!null.ok());
    }

    void brokenFixtures() {
        // file -> substring of Error::toString() ("" = must read fine). README.md documents the same.
        const std::map<std::string, std::string> expected = {
            {"valid_labels.idx", ""},
            {"valid_images.idx.gz", ""},
            {"empty.idx", "empty file (0 bytes)"},
            {"one_byte.idx", "truncated: an IDX header needs at least 4 bytes, file has 1"},
            {"bad_magic.idx", "not an IDX file: the first two bytes must be 0, found 0x50 0x4B"},
            {"float_type.idx", "element type 0x0D (float) is not supported; LayerLab reads unsigned-byte IDX files"},
            {"int_type.idx", "element type 0x0C (int) is not supported"},
            {"unknown_type.idx", "element type 0x07 (unknown) is not supported"},
            {"no_dims.idx", "the header declares 0 dimensions; IDX files have 1 to 4"},
            {"five_dims.idx", "the header declares 5 dimensions; IDX files have 1 to 4"},
            {"zero_dim.idx", "dimension 2 of 3 is 0"},
            {"truncated_header.idx", "truncated: the header declares 3 dimensions (12 bytes), file has 6"},
            {"truncated_pixels.idx", "truncated: header says 7840 bytes of pixels, file has 1000"},
            {"oversized_labels.idx", "oversized: header says 5 bytes of labels, file has 8"},
            {"too_many_values.idx", "the header declares 65535x65535x... values, more than the 2147483647"},
            {"gz_truncated.idx.gz", "truncated: header says 256 bytes of pixels, file has"},
            {"gz_no_trailer.idx.gz", "gzip trailer (checksum) is missing"},
            {"gz_bad_crc.idx.gz", "corrupt gzip data: incorrect data check"},
            {"gz_corrupt_deflate.idx.gz", "corrupt gzip data"},
            {"gz_trailing_garbage.idx.gz", "unexpected bytes after the end of the gzip data"},
            {"gz_oversized.idx.gz", "oversized: header says 5 bytes of labels, file has 8 after decompression"},
            {"gz_bomb.idx.gz", "oversized: header says 10 bytes of labels, file has 4194304 after decompression"},
            {"gz_huge_declared.idx.gz", "truncated: header says 2147395600 bytes of pixels, file has 100"},
            {"gz_cut_in_trailer.idx.gz", "the values are complete but the gzip trailer (checksum) is missing"},
            {"gz_header_only.idx.gz", "truncated gzip data: the file ends before the first uncompressed byte"},
            {"gz_cut_in_idx_header.idx.gz", "truncated: an IDX header needs at least 4 bytes, file has 3"},
            {"gz_two_members.idx.gz", ""},
            {"gz_empty.gz", "empty file: the gzip archive holds 0 bytes"},
            {"gz_magic_only.gz", "truncated gzip data"},
        };
        const std::set<std::string> notFixtures = {"README.md", "make_fixtures.py"};
        std::set<std::string> seen;
        for (const auto& entry : std::filesystem::directory_iterator(fixtureDir())) {
            const std::string name = entry.path().filename().string();
            if (notFixtures.count(name)) continue;
            seen.insert(name);
            const auto it = expected.find(name);
            QVERIFY2(it != expected.end(), ("fixture without an expected result in the table: " + name).c_str());
            const std::string path = entry.path().string();
            auto r = readIdx(path);
            if (it->second.empty()) {
                QVERIFY2(r.ok(), (name + ": " + (r.ok() ? "" : r.error().toString())).c_str());
                if (name == "gz_two_members.idx.gz")  // both members' bytes, in order
                    QCOMPARE(r->data, (Bytes{1, 2, 3, 4, 5}));
                continue;
            }
            QVERIFY2(!r.ok(), (name + " was read without an error").c_str());
            const std::string text = r.error().toString();
            QVERIFY2(text.rfind(path + ": ", 0) == 0, ("error does not start with the path: " + text).c_str());
            QCOMPARE(r.error().file, path);
            QVERIFY2(text.find(it->second) != std::string::npos,
                     (name + ": got \"" + text + "\", want \"" + it->second + "\"").c_str());
            // The in-memory parser (the fuzzer's entry point) says the same.
            std::ifstream in(path, std::ios::binary);
            const Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            auto m = parseIdx(bytes.data(), bytes.size(), path);
            QVERIFY(!m.ok());
            QCOMPARE(m.error().toString(), text);
        }
        for (const auto& [name, want] : expected) QVERIFY2(seen.count(name), ("missing fixture: " + name).c_str());
    }

    void fashionMnist() {
        const std::string dir = "/usr/share/datasets/fashion-mnist";
        if (!std::filesystem::exists(dir + "/train-images-idx3-ubyte.gz"))
            QSKIP("Fashion-MNIST is not installed in /usr/share/datasets/fashion-mnist");
        QElapsedTimer timer;
        timer.start();
        auto train = readIdxDataset(dir + "/train-images-idx3-ubyte.gz", dir + "/train-labels-idx1-ubyte.gz", true);
        const qint64 ms = timer.elapsed();
        QVERIFY2(train.ok(), train.ok() ? "" : train.error().toString().c_str());
        qInfo("read the 60000 Fashion-MNIST training images in %lld ms", static_cast<long long>(ms));
        auto test = readIdxDataset(dir + "/t10k-images-idx3-ubyte.gz", dir + "/t10k-labels-idx1-ubyte.gz", true);
        QVERIFY2(test.ok(), test.ok() ? "" : test.error().toString().c_str());
        QCOMPARE(train->count(), 60000);
        QCOMPARE(test->count(), 10000);
        QCOMPARE(train->name, std::string("Fashion-MNIST train"));
        QCOMPARE(test->name, std::string("Fashion-MNIST test"));
        for (const Dataset* d : {&*train, &*test}) {
            QCOMPARE(d->inputShape, (Shape{1, 28, 28}));
            QCOMPARE(d->bytes.size(), static_cast<std::size_t>(d->count()) * 784);
            QCOMPARE(d->classCount(), 10);
            QCOMPARE(d->classNames[9], std::string("Ankle boot"));
            std::vector<int> perClass(10, 0);
            for (int l : d->labels) {
                QVERIFY(l >= 0 && l <= 9);
                ++perClass[static_cast<std::size_t>(l)];
            }
            for (int n : perClass) QCOMPARE(n, d->count() / 10);  // Fashion-MNIST is balanced
        }
    }
};

QTEST_APPLESS_MAIN(TestData)
#include "test_data.moc"
