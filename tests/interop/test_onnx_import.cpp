// importOnnx: PyTorch models exported by torch.onnx.export (tests/interop/
// torch_models.py) import to projects whose networks give torch's outputs
// within 1e-5 of the largest; LayerLab's own exports import back to the same
// outputs and names; refusals name the node, the operation or the tensor;
// garbage, truncated and empty files and folders are errors, never crashes.
#include "core/interop/onnx_export.h"
#include "core/interop/onnx_import.h"
#include "core/io/project.h"
#include "core/losses/loss_kind.h"
#include "export_cases.h"
#include "interop_util.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

using namespace layerlab::core;

namespace {

// The project's network for its saved weights.
Network networkOf(const Project& p) {
    auto net = compileNetwork(p.graph, p.training.loss);
    if (!net) qFatal("the imported graph does not compile: %s", net.error().message.c_str());
    if (!p.weights || !net->setWeights(*p.weights).ok()) qFatal("the imported weights do not fit");
    return std::move(net).value();
}

// Largest |a - b| over the largest |b|.
double relativeDifference(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) return INFINITY;
    double d = 0, m = 1e-30;
    for (std::size_t i = 0; i < a.size(); ++i) {
        d = std::max(d, std::abs(double(a[i]) - b[i]));
        m = std::max(m, std::abs(double(b[i])));
    }
    return d / m;
}

std::vector<float> predictSampleMajor(Network& net, const std::vector<float>& input, int batch) {
    Matrix x(net.inputShape().size(), batch);
    for (int j = 0; j < batch; ++j)
        for (Eigen::Index i = 0; i < x.rows(); ++i) x(i, j) = input[static_cast<std::size_t>(j * x.rows() + i)];
    Matrix y;
    net.predict(x, y);
    return interop_test::sampleMajor(y);
}

std::string exportedBytes(const interop_test::Case& c, std::uint64_t seed, Network* keep = nullptr) {
    auto net = compileNetwork(interop_test::makeGraph(c.layers), c.loss);
    if (!net) qFatal("%s: %s", c.name.c_str(), net.error().message.c_str());
    interop_test::randomWeights(*net, seed);
    auto bytes = onnxModelBytes(*net, c.name);
    if (!bytes) qFatal("%s: %s", c.name.c_str(), bytes.error().message.c_str());
    if (keep) *keep = std::move(net).value();
    return *bytes;
}

}  // namespace

class TestOnnxImport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void torchModelsGiveTorchsOutputs();
    void torchRefusalsNameTheCause();
    void roundTripKeepsOutputsAndNames();
    void brokenFilesAreErrors();

private:
    QTemporaryDir torchDir_;
    QString torchMissing_;  // why the torch cases are skipped, or empty
};

void TestOnnxImport::initTestCase() {
    // One run of the PyTorch script for both torch cases (it takes a second or two).
    torchMissing_ = interop_test::missingPython("torch, onnx, numpy");
    if (!torchMissing_.isEmpty()) return;
    QString report;
    QVERIFY2(interop_test::runScript("torch_models.py", {torchDir_.path()}, report) == 0, qPrintable(report));
}

void TestOnnxImport::torchModelsGiveTorchsOutputs() {
    if (!torchMissing_.isEmpty()) QSKIP(qPrintable(torchMissing_));
    std::ifstream in(torchDir_.filePath("models.json").toStdString());
    const nlohmann::json models = nlohmann::json::parse(in);
    QVERIFY(models.size() >= 8);
    for (const auto& m : models) {
        const std::string name = m["name"];
        auto project = importOnnx(m["file"]);
        QVERIFY2(project.ok(), (name + ": " + (project ? "" : project.error().toString())).c_str());
        QCOMPARE(std::string(lossName(project->training.loss)), m["loss"].get<std::string>());
        // What a user gets is the saved file: the project survives saving and loading.
        auto reloaded = parseProject(serializeProject(*project), name);
        QVERIFY2(reloaded.ok(), (name + ": " + (reloaded ? "" : reloaded.error().toString())).c_str());
        Network net = networkOf(*reloaded);
        const std::vector<float> input = m["input"], expected = m["expected"];
        const double d = relativeDifference(predictSampleMajor(net, input, m["input_shape"][0]), expected);
        qInfo("%s: %zu layers, %zu parameters, loss %s, largest difference to torch %.2e", name.c_str(),
              project->graph.nodes().size(), net.paramCount(), std::string(lossName(project->training.loss)).c_str(), d);
        QVERIFY2(d <= 1e-5, name.c_str());
    }
}

void TestOnnxImport::torchRefusalsNameTheCause() {
    if (!torchMissing_.isEmpty()) QSKIP(qPrintable(torchMissing_));
    std::ifstream in(torchDir_.filePath("refusals.json").toStdString());
    const nlohmann::json cases = nlohmann::json::parse(in);
    QVERIFY(cases.size() >= 8);
    for (const auto& c : cases) {
        const std::string name = c["name"];
        auto project = importOnnx(c["file"]);
        QVERIFY2(!project.ok(), (name + " was imported").c_str());
        const std::string message = project.error().toString();
        qInfo("%s: %s", name.c_str(), message.c_str());
        QCOMPARE(project.error().file, c["file"].get<std::string>());
        for (const std::string word : c["words"])
            QVERIFY2(message.find(word) != std::string::npos, (name + ": '" + word + "' not in: " + message).c_str());
    }
}

void TestOnnxImport::roundTripKeepsOutputsAndNames() {
    std::uint64_t seed = 100;
    for (const interop_test::Case& c : interop_test::exportCases()) {
        Network original;
        const std::string bytes = exportedBytes(c, ++seed, &original);
        auto project = importOnnxBytes(bytes, c.name + ".onnx");
        QVERIFY2(project.ok(), (c.name + ": " + (project ? "" : project.error().toString())).c_str());
        Network back = networkOf(*project);
        const Matrix x = interop_test::randomInput(original.inputShape().size(), 4, seed);
        Matrix y0, y1;
        original.predict(x, y0);
        back.predict(x, y1);
        const double d = relativeDifference(interop_test::sampleMajor(y1), interop_test::sampleMajor(y0));
        qInfo("%s: round trip largest difference %.2e", c.name.c_str(), d);
        QVERIFY2(d <= 1e-5, c.name.c_str());
        // Every layer with numbers comes back under its own name.
        for (const CompiledLayer& l : original.layers()) {
            if (l.paramCount == 0) continue;
            const Node* n = project->graph.findByName(l.name);
            QVERIFY2(n && n->type == l.type, (c.name + ": " + l.name + " did not come back as a " + l.type).c_str());
        }
        QVERIFY(project->description.find("LayerLab") != std::string::npos);
    }
}

void TestOnnxImport::brokenFilesAreErrors() {
    QTemporaryDir dir;
    auto write = [&](const char* name, const std::string& bytes) {
        const std::string path = dir.filePath(name).toStdString();
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    };
    auto refused = [](const std::string& path, const char* words) {
        auto p = importOnnx(path);
        QVERIFY2(!p.ok(), (path + " was imported").c_str());
        QVERIFY2(p.error().toString().find(words) != std::string::npos, p.error().toString().c_str());
        QCOMPARE(p.error().file, path);
    };
    refused(write("empty.onnx", ""), "the file is empty");
    refused(write("garbage.onnx", std::string("\x08\x07\xff\xff\xff garbage \x01\x02", 19)), "not an ONNX");
    refused(write("text.onnx", "this is not a model at all\n"), "not an ONNX");
    refused(dir.path().toStdString(), "folder");
    refused(dir.filePath("missing.onnx").toStdString(), "missing.onnx");
    // Every prefix of a real model (and a few with flipped bytes): an error or a
    // model, never a crash; the whole file imports.
    const auto cases = interop_test::exportCases();
    const std::string whole = exportedBytes(cases[2], 5);
    int errors = 0;
    for (std::size_t n = 0; n < whole.size(); n += std::max<std::size_t>(1, whole.size() / 400)) {
        auto p = importOnnxBytes(std::string_view(whole).substr(0, n), "cut.onnx");
        errors += !p.ok();
        std::string flipped = whole;
        flipped[n] = static_cast<char>(flipped[n] ^ 0x5a);
        errors += !importOnnxBytes(flipped, "flipped.onnx").ok();
    }
    QVERIFY(errors > 0);
    QVERIFY(importOnnxBytes(whole, "whole.onnx").ok());
}

QTEST_APPLESS_MAIN(TestOnnxImport)
#include "test_onnx_import.moc"
