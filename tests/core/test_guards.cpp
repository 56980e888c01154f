// The guards against hostile input, one by one: file_read (FIFOs, devices,
// folders, size caps), memory (refusals with figures), text (brief quotes,
// figures), Shape's 64-bit sizes and checkSampleSize, the JSON integer ranges
// and the training settings' table.
#include "core/common/file_read.h"
#include "core/common/memory.h"
#include "core/common/shape.h"
#include "core/common/text.h"
#include "core/io/json_fields.h"
#include "core/train/train_config.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>

#include <sys/stat.h>

using namespace layerlab::core;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

class GuardsTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::string path(const char* name) const { return dir_.filePath(name).toStdString(); }

private slots:
    void fifoIsRefusedWithoutBlocking() {
        const std::string fifo = path("pipe.csv");
        QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
        QElapsedTimer t;
        t.start();
        auto r = openRegularFile(fifo, "a CSV file");
        QVERIFY(!r);
        QVERIFY(t.elapsed() < 2000);  // no writer ever comes: a blocking open would wait forever
        QCOMPARE(r.error().file, fifo);
        QCOMPARE(r.error().message, std::string("is a named pipe (FIFO), not a CSV file"));
    }

    void devicesAndFoldersAreNamed() {
        auto zero = readRegularFile("/dev/zero", "a LayerLab project file", 1 << 20);
        QVERIFY(!zero);
        QCOMPARE(zero.error().message, std::string("is a character device, not a LayerLab project file"));
        auto folder = openRegularFile(dir_.path().toStdString(), "an IDX file");
        QVERIFY(!folder);
        QCOMPARE(folder.error().message, std::string("is a folder, not an IDX file"));
        auto missing = openRegularFile(path("nothing.csv"), "a CSV file");
        QVERIFY(!missing);
        QVERIFY(contains(missing.error().message, "No such file or directory"));
        QVERIFY(!openRegularFile("", "a CSV file"));
    }

    void regularFilesAreReadUpToTheCap() {
        {
            std::ofstream(path("ten.txt")) << "0123456789";
        }
        auto ok = readRegularFile(path("ten.txt"), "a text", 10);
        QVERIFY(ok);
        QCOMPARE(*ok, std::string("0123456789"));
        auto opened = openRegularFile(path("ten.txt"), "a text");
        QVERIFY(opened);
        QCOMPARE(opened->size, std::uint64_t(10));
        auto big = readRegularFile(path("ten.txt"), "a text", 9);
        QVERIFY(!big);
        QCOMPARE(big.error().message, std::string("is 10 bytes; a text is at most 9 bytes"));
    }

    void memoryRefusalsGiveBothFigures() {
        QVERIFY(memoryAvailable() > 0);
        QVERIFY(checkMemory(1000, "this needs"));
        auto no = checkMemory(1e18, "this network needs", " for a batch of 32");
        QVERIFY(!no);
        QVERIFY2(contains(no.error().message, "this network needs 1.0 EB for a batch of 32; "), no.error().message.c_str());
        QVERIFY(contains(no.error().message, "of memory are available"));
    }

    void textHelpers() {
        QCOMPARE(quoteBrief("short"), std::string("\"short\""));
        const std::string huge(52428800, 'x');
        const std::string q = quoteBrief(huge);
        QVERIFY(q.size() < 100);
        QVERIFY(contains(q, "...\" (52428800 characters)"));
        // Never cuts inside a UTF-8 character: 30 x "é" (2 bytes each), cut at 5 bytes -> 2 characters.
        std::string accents;
        for (int i = 0; i < 30; ++i) accents += "\xc3\xa9";
        QCOMPARE(quoteBrief(accents, 5), std::string("\"\xc3\xa9\xc3\xa9...\" (60 characters)"));
        QCOMPARE(withThousands(4294967296LL), std::string("4,294,967,296"));
        QCOMPARE(withThousands(-1234), std::string("-1,234"));
        QCOMPARE(withThousands(999), std::string("999"));
        QCOMPARE(formatBytes(512), std::string("512 bytes"));
        QCOMPARE(formatBytes(7.7e9), std::string("7.7 GB"));
        QCOMPARE(formatBytes(26e9), std::string("26 GB"));
        QCOMPARE(rangeRule(-0.5, 0, 1, false, true), std::string("must be at least 0 and below 1, found -0.5"));
        QCOMPARE(rangeRule(1e9, 1, 1000000), std::string("must be at least 1 and at most 1000000, found 1000000000"));
        QCOMPARE(rangeRule(0, 0, HUGE_VAL, true), std::string("must be positive, found 0"));
    }

    void shapeSizesAre64Bit() {
        QCOMPARE(Shape({1, 65536, 65536}).elements(), std::int64_t(4294967296LL));
        QCOMPARE(Shape({2147483647, 2147483647, 2147483647}).elements(), INT64_MAX);  // saturates
        QCOMPARE(Shape({1, 65536, 65536}).size(), INT32_MAX);                           // clamped, not 0
        QCOMPARE(Shape({3, 0, 4}).elements(), std::int64_t(0));
        QVERIFY(checkSampleSize(Shape{784}));
        QVERIFY(checkSampleSize(Shape{static_cast<int>(kMaxSampleValues)}));
        auto big = checkSampleSize(Shape{static_cast<int>(kMaxSampleValues) + 1});
        QVERIFY(!big);
        QVERIFY(contains(big.error().message, "268,435,457 values per sample; LayerLab allows at most 268,435,456"));
        QVERIFY(!checkSampleSize(Shape({1, 0, 3})));
    }

    void jsonIntegersNeverWrap() {
        using jsonfields::FieldError;
        const auto j = nlohmann::json::parse("{\"a\": 4294967297, \"b\": -1, \"c\": 16, \"d\": 18446744073709551615}");
        auto threw = [](auto f) {
            try {
                f();
            } catch (const FieldError& e) {
                return e.message;
            }
            return std::string();
        };
        QCOMPARE(threw([&] { (void)jsonfields::get<int>(j, "a", "t", 0); }),
                 std::string("field 't.a' must be a whole number from -2147483648 to 2147483647, found 4294967297"));
        QCOMPARE(threw([&] { (void)jsonfields::get<std::uint64_t>(j, "b", "t", 0); }),
                 std::string("field 't.b' must be a whole number from 0 to 18446744073709551615, found -1"));
        QCOMPARE(threw([&] { (void)jsonfields::getIn<int>(j, "c", "t", 0, 1, 8); }),
                 std::string("field 't.c' must be at least 1 and at most 8, found 16"));
        QCOMPARE(jsonfields::getIn<int>(j, "c", "t", 0, 1, 16), 16);
        QCOMPARE(jsonfields::get<std::uint64_t>(j, "d", "t", 0), std::uint64_t(18446744073709551615ull));
        QCOMPARE(threw([&] { (void)jsonfields::get<std::int64_t>(j, "d", "", 0); }),
                 std::string("field 'd' must be a whole number from -9223372036854775808 to 9223372036854775807, "
                             "found 18446744073709551615"));
        // brief() never recurses: a deep list is described by its top level only.
        nlohmann::json deep = nlohmann::json::array();
        for (int i = 0; i < 1000; ++i) deep = nlohmann::json::array({deep});
        QCOMPARE(jsonfields::brief(deep), std::string("a list of 1 item"));
    }

    void trainingSettingsHaveOneTable() {
        TrainConfig c;
        QVERIFY(!checkTrainConfig(c));
        c.optimizer.clipNorm = -1;
        auto p = checkTrainConfig(c);
        QVERIFY(p);
        QCOMPARE(p->field, std::string("training.optimizer.clipNorm"));
        QCOMPARE(p->rule, std::string("must be at least 0, found -1"));
        QCOMPARE(validateTrainConfig(c).error().message,
                 std::string("the gradient clipping norm must be at least 0, found -1"));
        c = TrainConfig{};
        c.optimizer.epsilon = 0;
        QCOMPARE(checkTrainConfig(c)->field, std::string("training.optimizer.epsilon"));
        c = TrainConfig{};
        c.optimizer.momentum = std::nan("");
        QCOMPARE(checkTrainConfig(c)->field, std::string("training.optimizer.momentum"));
        c = TrainConfig{};
        c.earlyStoppingPatience = -5;
        QCOMPARE(checkTrainConfig(c)->rule, std::string("must be at least 0 and at most 100000, found -5"));
        c = TrainConfig{};
        c.batchSize = 1000000000;
        QCOMPARE(checkTrainConfig(c)->rule, std::string("must be at least 1 and at most 1000000, found 1000000000"));
    }
};

QTEST_APPLESS_MAIN(GuardsTest)
#include "test_guards.moc"
