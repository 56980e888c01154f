// onnxModelBytes against outside runtimes: networks of every layer type, with
// random weights and non-trivial BatchNorm statistics, are exported and run by
// OpenCV dnn (where OpenCV 4.6 can) and by a numpy evaluator of the ONNX
// operators' formulas (always), after onnx.checker (tests/interop/onnx_check.py);
// both must give Network::predict's output within 1e-5 of its largest value.
#include "core/interop/onnx_export.h"
#include "core/net/network.h"
#include "export_cases.h"
#include "interop_util.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace layerlab::core;
class TestOnnxExport : public QObject {
    Q_OBJECT

private slots:
    void everyLayerAgreesWithOutsideRuntimes();
};

void TestOnnxExport::everyLayerAgreesWithOutsideRuntimes() {
    QTemporaryDir dir;
    nlohmann::json manifest = nlohmann::json::array();
    std::uint64_t seed = 1;
    for (const interop_test::Case& c : interop_test::exportCases()) {
        auto net = compileNetwork(interop_test::makeGraph(c.layers), c.loss);
        QVERIFY2(net.ok(), (c.name + ": " + (net ? "" : net.error().message)).c_str());
        interop_test::randomWeights(*net, ++seed);
        auto bytes = onnxModelBytes(*net, c.name);
        QVERIFY2(bytes.ok(), (c.name + ": " + (bytes ? "" : bytes.error().toString())).c_str());
        const int batch = 3;
        const Matrix x = interop_test::randomInput(net->inputShape().size(), batch, seed * 7);
        Matrix y;
        net->predict(x, y);
        const std::string file = dir.filePath(QString::fromStdString(c.name + ".onnx")).toStdString();
        std::ofstream(file, std::ios::binary) << *bytes;
        std::vector<int> shape{batch};
        for (int d : net->inputShape().dims) shape.push_back(d);
        manifest.push_back({{"name", c.name}, {"file", file}, {"input_shape", shape},
                            {"input", interop_test::sampleMajor(x)}, {"expected", interop_test::sampleMajor(y)}});
    }
    if (const QString why = interop_test::missingPython("onnx, cv2, numpy"); !why.isEmpty()) QSKIP(qPrintable(why));
    const QString file = dir.filePath("manifest.json");
    std::ofstream(file.toStdString()) << manifest.dump();
    QString report;
    const int code = interop_test::runScript("onnx_check.py", {file}, report);
    qInfo().noquote() << report;
    QVERIFY2(code == 0, qPrintable(report));
}

QTEST_APPLESS_MAIN(TestOnnxExport)
#include "test_onnx_export.moc"
