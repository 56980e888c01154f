#!/usr/bin/env python3
"""PyTorch side of interop_import: writes ONNX models for LayerLab to import.

Usage: torch_models.py OUT_DIR. Builds small torch models in eval mode with
random weights and non-trivial BatchNorm statistics (an MLP with BatchNorm1d
and Dropout, a CNN with Conv/MaxPool/AvgPool/BatchNorm2d/Flatten/Linear/Softmax
and one with x.view(N, -1), nn.LSTM/nn.GRU/nn.RNN(batch_first=True) followed
by out[:, -1, :] and a Linear, a residual DAG, a MatMul + Add), exports each
with torch.onnx.export (opset 13, dynamic batch) and writes OUT_DIR/models.json:
[{"name", "file", "input_shape", "input", "expected", "loss"}], the values
row-major, "expected" torch's output, "loss" the loss LayerLab should guess.
Also writes hand-made models LayerLab must refuse (OUT_DIR/refuse_*.onnx,
listed in OUT_DIR/refusals.json with the words the message must contain).
"""
import json
import os
import sys
import warnings

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper
from torch import nn

warnings.filterwarnings("ignore")
torch.manual_seed(17)


def randomize(model):
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 1.5)
    return model.eval()


class Last(nn.Module):
    def __init__(self, rnn, units, out, act=None):
        super().__init__()
        self.rnn, self.fc, self.act = rnn, nn.Linear(units, out), act

    def forward(self, x):
        y, _ = self.rnn(x)
        y = self.fc(y[:, -1, :])
        return self.act(y) if self.act else y


class ViewCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 3, 3, stride=2)
        self.fc = nn.Linear(3 * 3 * 3, 2)

    def forward(self, x):
        return self.fc(torch.tanh(self.conv(x)).view(x.size(0), -1))


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2, self.fc3 = nn.Linear(4, 6), nn.Linear(6, 6), nn.Linear(12, 3)

    def forward(self, x):
        h = torch.relu(self.fc1(x))
        y = self.fc2(h) + h
        return self.fc3(torch.cat([y, h], dim=1))


class MatMulAdd(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(5, 4) * 0.5)
        self.b = nn.Parameter(torch.randn(4) * 0.5)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(torch.sigmoid(x @ self.w + self.b))


MODELS = [
    ("mlp_batchnorm1d_dropout", nn.Sequential(nn.Linear(6, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(0.3),
                                              nn.Linear(8, 5), nn.LeakyReLU(0.1), nn.Linear(5, 3), nn.Sigmoid()),
     [6], "bce_with_logits"),
    ("cnn_pools_batchnorm2d_softmax",
     nn.Sequential(nn.Conv2d(2, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                   nn.Conv2d(4, 3, 3, stride=2, padding=1), nn.AvgPool2d(2, stride=1), nn.Flatten(),
                   nn.Linear(12, 4), nn.Softmax(dim=1)),
     [2, 10, 10], "softmax_cross_entropy"),
    ("cnn_view_flatten", ViewCnn(), [1, 7, 7], "mse"),
    ("lstm_last_step_linear", Last(nn.LSTM(3, 5, batch_first=True), 5, 2), [7, 3], "mse"),
    ("gru_last_step_linear_tanh", Last(nn.GRU(2, 4, batch_first=True), 4, 1, torch.tanh), [6, 2], "mse"),
    ("rnn_relu_last_step", Last(nn.RNN(3, 4, nonlinearity="relu", batch_first=True), 4, 2), [5, 3], "mse"),
    ("residual_add_concat", Residual(), [4], "mse"),
    ("matmul_add_sigmoid", MatMulAdd(), [5], "mse"),
    # interop_import_command trains this one on LayerLab's moons after `layerlab import`.
    ("cli_two_feature_classifier", nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 2), nn.Softmax(dim=1)),
     [2], "softmax_cross_entropy"),
]


def refusals(out):
    """Hand-made models and the words LayerLab's refusal must contain."""
    cases = []

    def save(name, nodes, inputs, outputs, inits, words):
        g = helper.make_graph(nodes, name, inputs, outputs, inits)
        m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
        path = os.path.join(out, "refuse_" + name + ".onnx")
        onnx.save(m, path)
        cases.append({"name": name, "file": path, "words": words})

    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 4])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 4])
    w = helper.make_tensor("w", TensorProto.FLOAT, [4, 4], np.ones(16, dtype=np.float32))
    save("unknown_op", [helper.make_node("Relu", ["x"], ["r"], name="relu_1"),
                        helper.make_node("Where", ["r", "r", "r"], ["y"], name="Where_7")],
         [x], [y], [], ["node 'Where_7' uses the operation Where, which LayerLab has no layer for"])
    save("missing_initializer", [helper.make_node("Gemm", ["x", "w_missing"], ["y"], name="fc")], [x], [y], [],
         ["fc", "w_missing"])
    bad = helper.make_tensor("w", TensorProto.FLOAT, [3, 4], np.ones(12, dtype=np.float32))
    save("wrong_size_initializer", [helper.make_node("Gemm", ["x", "w"], ["y"], name="fc")], [x], [y], [bad],
         ["fc", "3x4", "4 features"])
    short = helper.make_tensor("w", TensorProto.FLOAT, [4, 4], np.ones(16, dtype=np.float32))
    short.raw_data = np.ones(10, dtype=np.float32).tobytes()  # 40 bytes for 16 floats
    del short.float_data[:]
    save("truncated_initializer", [helper.make_node("Gemm", ["x", "w"], ["y"], name="fc")], [x], [y], [short],
         ["'w'", "40 bytes"])
    seq = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", "T", 4])
    save("dynamic_time", [helper.make_node("Relu", ["x"], ["y"])], [seq], [y], [], ["dynamic", "'T'"])
    x2 = helper.make_tensor_value_info("x2", TensorProto.FLOAT, ["N", 4])
    save("two_inputs", [helper.make_node("Add", ["x", "x2"], ["y"])], [x, x2], [y], [], ["2 inputs"])
    save("two_outputs", [helper.make_node("Relu", ["x"], ["y"]), helper.make_node("Relu", ["x"], ["z"])], [x],
         [y, helper.make_tensor_value_info("z", TensorProto.FLOAT, ["N", 4])], [], ["2 outputs"])
    img = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 1, 5, 5])
    cw = helper.make_tensor("cw", TensorProto.FLOAT, [2, 1, 3, 3], np.ones(18, dtype=np.float32))
    save("conv_padding", [helper.make_node("Conv", ["x", "cw"], ["y"], name="conv_1", pads=[2, 2, 2, 2])], [img], [y],
         [cw], ["conv_1", "padding", "same"])
    save("gemm_const_add", [helper.make_node("Gemm", ["x", "w"], ["g"], name="fc"),
                            helper.make_node("Relu", ["g"], ["r"], name="relu"),
                            helper.make_node("Add", ["r", "w"], ["y"], name="add_w")], [x], [y], [w],
         ["add_w", "constant"])
    return cases


def main():
    out = sys.argv[1]
    manifest = []
    rng = np.random.default_rng(3)
    for name, model, shape, loss in MODELS:
        randomize(model)
        x = torch.tensor(rng.uniform(-1, 1, size=[3] + shape), dtype=torch.float32)
        path = os.path.join(out, name + ".onnx")
        torch.onnx.export(model, x, path, opset_version=13, input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "N"}, "output": {0: "N"}})
        with torch.no_grad():
            y = model(x)
        manifest.append({"name": name, "file": path, "input_shape": list(x.shape),
                         "input": x.flatten().tolist(), "expected": y.flatten().tolist(), "loss": loss})
    json.dump(manifest, open(os.path.join(out, "models.json"), "w"))
    json.dump(refusals(out), open(os.path.join(out, "refusals.json"), "w"))
    print("wrote %d models and the refusal cases to %s" % (len(manifest), out))


if __name__ == "__main__":
    main()
