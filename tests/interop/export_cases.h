// The networks the interop tests export: every layer type of the registry,
// with the options that change the ONNX written (padding, strides, bias,
// activations, return_sequences, a folded or appended final activation).
#pragma once

#include "core/losses/loss_kind.h"
#include "interop_util.h"

#include <string>
#include <vector>

namespace interop_test {

struct Case {
    std::string name;
    std::vector<L> layers;
    layerlab::core::LossKind loss = layerlab::core::LossKind::MeanSquaredError;
};

inline std::vector<Case> exportCases() {
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
         layerlab::core::LossKind::SoftmaxCrossEntropy},
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
         layerlab::core::LossKind::BinaryCrossEntropyLogits},
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
         layerlab::core::LossKind::SoftmaxCrossEntropy},
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
        {"softmax_over_image",
         {{"Input", "input", {{"shape", S("2x4x4")}}, {}},
          {"Conv2D", "conv", {{"filters", I(2)}, {"kernel", I(3)}, {"padding", S("same")}}, {"input"}},
          {"Softmax", "softmax_image", {}, {"conv"}},
          {"Flatten", "flat", {}, {"softmax_image"}},
          {"Dense", "dense", {{"units", I(3)}}, {"flat"}}}},
        {"lstm_plain_tanh_sigmoid",
         {{"Input", "input", {{"shape", S("4x2")}}, {}},
          {"LSTM", "lstm", {{"units", I(3)}}, {"input"}},
          {"Dense", "dense", {{"units", I(2)}}, {"lstm"}}}},
    };
}

}  // namespace interop_test
