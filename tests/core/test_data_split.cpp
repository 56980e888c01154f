// The validation split and the seed that draws it belong to the data source
// (data.preprocessing.validationSplit and splitSeed, issue 14): saved there, range
// checked with the field's name, and files from before, which kept them in
// "training" (training.validationSplit, training.seed), load to the same split.
// The training seed no longer moves the split.
#include "core/common/random.h"
#include "core/data/synthetic.h"
#include "core/io/project.h"
#include "core/io/project_data.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <string>

using namespace layerlab::core;

namespace {

const std::string kHead = "{\"format\":\"layerlab\",\"version\":1,\"graph\":{\"nodes\":[],\"edges\":[]},";
const std::string kBlobs =
    "\"kind\":\"synthetic\",\"generator\":\"blobs\",\"samples\":120,\"noise\":0.5,\"classes\":3,\"seed\":4";

// A file as LayerLab wrote it before the split moved: the split and its seed in "training".
std::string olderFile(const std::string& preprocessing) {
    return kHead + "\"training\":{\"seed\":7,\"validationSplit\":0.25},\"data\":{" + kBlobs + preprocessing + "}}";
}

bool sameSamples(const Dataset& a, const Dataset& b) {
    return a.values == b.values && a.labels == b.labels && a.count() == b.count();
}

std::string errorOf(const std::string& json) {
    auto p = parseProject(json, "split.layerlab");
    return p.ok() ? std::string() : p.error().toString();
}

}  // namespace

class DataSplitTest : public QObject {
    Q_OBJECT

private slots:
    // training.validationSplit 0.25 and training.seed 7, none under data.preprocessing:
    // the data source takes them, and the samples are split as they were before.
    void olderFilesLoadToTheSameSplit() {
        auto p = parseProject(olderFile(",\"preprocessing\":{\"normalization\":\"none\",\"testSplit\":0.2}"));
        QVERIFY2(p.ok(), p.ok() ? "" : p.error().toString().c_str());
        QCOMPARE(p->data.preprocessing.validationSplit, 0.25);
        QCOMPARE(p->data.preprocessing.splitSeed, std::uint64_t{7});
        QCOMPARE(p->training.seed, std::uint64_t{7});
        auto data = loadProjectData(*p, "");
        QVERIFY2(data.ok(), data.ok() ? "" : data.error().toString().c_str());
        // What the loader drew when the split and its seed were training settings.
        const Dataset all = *makeSynthetic(p->data.synthetic);
        const DatasetSplit test = splitDataset(all, 0.2, deriveSeed(7, 2001));
        const DatasetSplit validation = splitDataset(test.train, 0.25, deriveSeed(7, 2000));
        QVERIFY(data->test && data->validation);
        QVERIFY(sameSamples(*data->test, test.validation));
        QVERIFY(sameSamples(*data->validation, validation.validation));
        QVERIFY(sameSamples(*data->train, validation.train));
        // Saved again, the split is under data.preprocessing and no longer in training.
        const auto saved = nlohmann::json::parse(serializeProject(*p));
        QVERIFY(!saved["training"].contains("validationSplit"));
        QCOMPARE(saved["data"]["preprocessing"]["validationSplit"].get<double>(), 0.25);
        QCOMPARE(saved["data"]["preprocessing"]["splitSeed"].get<std::uint64_t>(), std::uint64_t{7});
    }

    // Older synthetic sources had no "preprocessing" at all; files without
    // training or data take the defaults.
    void olderFilesWithoutPreprocessing() {
        auto p = parseProject(olderFile(""));
        QVERIFY(p.ok());
        QCOMPARE(p->data.preprocessing.validationSplit, 0.25);
        QCOMPARE(p->data.preprocessing.splitSeed, std::uint64_t{7});
        auto bare = parseProject(kHead + "\"name\":\"bare\"}");
        QVERIFY(bare.ok());
        QCOMPARE(bare->data.preprocessing.validationSplit, Preprocessing{}.validationSplit);
        QCOMPARE(bare->data.preprocessing.splitSeed, Preprocessing{}.splitSeed);
        // The data source's own fields win over what training says.
        auto both = parseProject(olderFile(",\"preprocessing\":{\"validationSplit\":0.3,\"splitSeed\":9}"));
        QVERIFY(both.ok());
        QCOMPARE(both->data.preprocessing.validationSplit, 0.3);
        QCOMPARE(both->data.preprocessing.splitSeed, std::uint64_t{9});
    }

    void newFieldsRoundTrip() {
        for (DataKind kind : {DataKind::Synthetic, DataKind::None}) {
            Project p;
            p.data.kind = kind;
            p.data.preprocessing.validationSplit = 0.3;
            p.data.preprocessing.splitSeed = 42;
            p.training.seed = 5;
            const std::string text = serializeProject(p);
            QVERIFY2(text.find("\"splitSeed\": 42") != std::string::npos, text.c_str());
            auto q = parseProject(text);
            QVERIFY2(q.ok(), q.ok() ? "" : q.error().toString().c_str());
            QVERIFY(q->data.preprocessing == p.data.preprocessing);
            QCOMPARE(q->training.seed, std::uint64_t{5});
            QCOMPARE(serializeProject(*q), text);
        }
    }

    void badSplitsNameTheField() {
        const std::string pre = "\"data\":{" + kBlobs + ",\"preprocessing\":";
        std::string e = errorOf(kHead + pre + "{\"validationSplit\":1}}}");
        QVERIFY2(e.find("field 'data.preprocessing.validationSplit' must be in [0, 1)") != std::string::npos, e.c_str());
        QVERIFY2(e.find("split.layerlab") != std::string::npos, e.c_str());
        e = errorOf(kHead + pre + "{\"validationSplit\":-0.1}}}");
        QVERIFY2(e.find("field 'data.preprocessing.validationSplit' must be in [0, 1)") != std::string::npos, e.c_str());
        e = errorOf(kHead + pre + "{\"validationSplit\":\"10%\"}}}");
        QVERIFY2(e.find("field 'data.preprocessing.validationSplit' must be a number") != std::string::npos, e.c_str());
        e = errorOf(kHead + pre + "{\"splitSeed\":\"x\"}}}");
        QVERIFY2(e.find("field 'data.preprocessing.splitSeed' must be an integer") != std::string::npos, e.c_str());
        // Older files are checked where their split is.
        e = errorOf(kHead + "\"training\":{\"validationSplit\":1.5}}");
        QVERIFY2(e.find("field 'training.validationSplit' must be in [0, 1)") != std::string::npos, e.c_str());
        // A project built in memory is refused by the loader, which names the split.
        Project p;
        p.data.kind = DataKind::Synthetic;
        p.data.preprocessing.validationSplit = 1;
        auto data = loadProjectData(p, "");
        QVERIFY(!data.ok());
        QVERIFY2(data.error().message.find("validation split") != std::string::npos, data.error().message.c_str());
    }

    // A new training seed (new weights) keeps the validation samples; a new split seed draws others.
    void theTrainingSeedDoesNotMoveTheSplit() {
        Project p = *parseProject(olderFile(""));
        auto a = loadProjectData(p, "");
        p.training.seed = 1234;
        auto b = loadProjectData(p, "");
        QVERIFY(a.ok() && b.ok() && a->validation && b->validation);
        QVERIFY(sameSamples(*a->validation, *b->validation));
        QVERIFY(sameSamples(*a->train, *b->train));
        p.data.preprocessing.splitSeed = 8;
        auto c = loadProjectData(p, "");
        QVERIFY(c.ok() && c->validation);
        QCOMPARE(c->validation->count(), a->validation->count());
        QVERIFY(!sameSamples(*c->validation, *a->validation));
    }
};

QTEST_APPLESS_MAIN(DataSplitTest)
#include "test_data_split.moc"
