// onnxModelBytes against outside runtimes: networks of every layer type, with
// random weights and non-trivial BatchNorm statistics, are exported and run by
// OpenCV dnn (where OpenCV 4.6 can) and by a numpy evaluator of the ONNX
// operators' formulas (always), after onnx.checker (tests/interop/onnx_check.py);
// both must give Network::predict's output within 1e-5 of its largest value.
#include "core/interop/onnx_export.h"
#include "core/net/network.h"
#include "interop_util.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace layerlab::core;
using interop_test::I;
using interop_test::L;
using interop_test::S;

namespace {

struct Case {
    std::string name;
    std::vector<L> layers;
    LossKind loss = LossKind::MeanSquaredError;
};

std::vector<Case> cases() {
    const ParamMap noBias{{"use_bias", false}};
    return {
        {"mlp_batchnorm_dropout_softmax_folded",
         {{"Input", "input", {{"shape", S("6")}}, {}},
          {"Dense", "dense_1", {{"units", I(8)}}, {"input"}},
          {"BatchNorm", "bn_1", {{"epsilon", 1e-3}}, {"dense_1"}},
          {"ReLU", "relu_1", {}, {"bn_1"}},
          {"Dropout", "dropout_1", {{"rate", 0.3}}, {"relu_1"}},
          {"Dense", "dense_2", {{"units", I(5)}, {"use_bias", false}}, {"dropout_1"}},
          {"LeakyReLU", "leaky_1", {{"alpha", 0.2}}, {"dense_2"}},
          {"Dense", "dense_3", {{"units", I(3)}}, {"leaky_1"}},
          {"Softmax", "softmax_1", {}, {"dense_3"}}},
         LossKind::SoftmaxCrossEntropy},
        {"dag_fanout_add3_concat_sigmoid_appended",
         {{"Input", "input", {{"shape", S("5")}}, {}},
          {"Dense", "a", {{"units", I(6)}}, {"input"}},
          {"Tanh", "tanh", {}, {"a"}},
          {"Dense", "b", {{"units", I(6)}}, {"input"}},
          {"Sigmoid", "sig", {}, {"b"}},
          {"Dense", "c", {{"units", I(6)}}, {"input"}},
          {"Add", "add", {{"inputs", I(3)}}, {"tanh", "sig", "c"}},
          {"Concat", "concat", {}, {"add", "tanh"}},
          {"Dense", "output", {{"units", I(2)}}, {"concat"}}},
         LossKind::BinaryCrossEntropyLogits},
        {"cnn_same_valid_stride2_pools_batchnorm_softmax",
         {{"Input", "image", {{"shape", S("2x10x10")}}, {}},
          {"Conv2D", "conv_1", {{"filters", I(4)}, {"kernel", I(3)}, {"padding", S("same")}}, {"image"}},
          {"BatchNorm", "bn_1", {}, {"conv_1"}},
          {"ReLU", "relu_1", {}, {"bn_1"}},
          // 10 -> 5 with TensorFlow's "same": 1 pixel of padding, after only.
          {"Conv2D", "conv_2", {{"filters", I(5)}, {"kernel", I(3)}, {"stride", I(2)}, {"padding", S("same")}}, {"relu_1"}},
          {"MaxPool2D", "max_1", {{"size", I(2)}, {"stride", I(1)}}, {"conv_2"}},
          {"Conv2D", "conv_3", {{"filters", I(3)}, {"kernel", I(2)}}, {"max_1"}},
          {"AvgPool2D", "avg_1", {{"size", I(2)}, {"stride", I(1)}}, {"conv_3"}},
          {"Flatten", "flatten_1", {}, {"avg_1"}},
          {"Dense", "dense_1", {{"units", I(4)}}, {"flatten_1"}},
          {"Softmax", "softmax_1", {}, {"dense_1"}}}},
        {"cnn_concat_channels_dense_on_image_softmax_appended",
         {{"Input", "input", {{"shape", S("1x7x7")}}, {}},
          {"Conv2D", "conv_a", {{"filters", I(2)}, {"kernel", I(3)}, {"use_bias", false}}, {"input"}},
          {"Conv2D", "conv_b", {{"filters", I(3)}, {"kernel", I(3)}}, {"input"}},
          {"Concat", "concat", {}, {"conv_a", "conv_b"}},
          {"BatchNorm", "bn", {}, {"concat"}},
          {"AvgPool2D", "avg", {{"size", I(2)}}, {"bn"}},
          {"Tanh", "tanh", {}, {"avg"}},
          {"Dense", "dense", {{"units", I(3)}}, {"tanh"}}},
         LossKind::SoftmaxCrossEntropy},
        {"lstm_sequences_then_lstm_relu_hardsigmoid",
         {{"Input", "input", {{"shape", S("7x3")}}, {}},
          {"LSTM", "lstm_1", {{"units", I(5)}, {"return_sequences", true}}, {"input"}},
          {"LSTM", "lstm_2", {{"units", I(4)}, {"activation", S("relu")}, {"recurrent_activation", S("hard_sigmoid")}},
           {"lstm_1"}},
          {"Dense", "dense", {{"units", I(2)}}, {"lstm_2"}}}},
        {"gru_hardsigmoid_sequences_laststep_gru_nobias",
         {{"Input", "input", {{"shape", S("6x2")}}, {}},
          {"GRU", "gru_1", {{"units", I(4)}, {"return_sequences", true}, {"recurrent_activation", S("hard_sigmoid")}},
           {"input"}},
          {"LastStep", "last", {}, {"gru_1"}},
          {"Dense", "d1", {{"units", I(3)}}, {"last"}},
          {"GRU", "gru_2", {{"units", I(3)}, {"use_bias", false}, {"activation", S("sigmoid")}}, {"input"}},
          {"Concat", "concat", {}, {"d1", "gru_2"}},
          {"Dense", "dense", {{"units", I(1)}}, {"concat"}}}},
        {"rnn_relu_sequences_flatten_and_rnn_tanh_nobias",
         {{"Input", "input", {{"shape", S("5x3")}}, {}},
          {"SimpleRNN", "rnn_1", {{"units", I(4)}, {"activation", S("relu")}, {"return_sequences", true}}, {"input"}},
          {"SimpleRNN", "rnn_2", {{"units", I(3)}, {"use_bias", false}}, {"rnn_1"}},
          {"Flatten", "flat", {}, {"rnn_1"}},
          {"Dense", "d", {{"units", I(3)}}, {"flat"}},
          {"Add", "add", {}, {"rnn_2", "d"}},
          {"Dense", "dense", {{"units", I(2)}}, {"add"}}}},
        {"lstm_plain_tanh_sigmoid",
         {{"Input", "input", {{"shape", S("4x2")}}, {}},
          {"LSTM", "lstm", {{"units", I(3)}}, {"input"}},
          {"Dense", "dense", {{"units", I(2)}}, {"lstm"}}}},
    };
}

}  // namespace

class TestOnnxExport : public QObject {
    Q_OBJECT

private slots:
    void everyLayerAgreesWithOutsideRuntimes();
};

void TestOnnxExport::everyLayerAgreesWithOutsideRuntimes() {
    QTemporaryDir dir;
    nlohmann::json manifest = nlohmann::json::array();
    std::uint64_t seed = 1;
    for (const Case& c : cases()) {
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
