"""Test networks for the export checks: a DAG with fan-out, Add and Concat; BatchNorm with Dropout;
a CNN with LayerLab's asymmetric "same" padding, both pools, BatchNorm on images and a Concat of
channels; recurrent layers in every variant the export writes (nn.LSTM/GRU/RNN and the custom cell
for relu and hard-sigmoid). Each is a .layerlab project written into a folder with its data."""
import json
from pathlib import Path

import numpy as np


def project(name, nodes, edges, data, loss="softmax_cross_entropy", optimizer="adam", lr=0.01, batch=16):
    return {
        "format": "layerlab", "version": 1, "name": name, "description": f"export test network: {name}",
        "graph": {
            "nodes": [{"id": i + 1, "type": t, "name": n, "params": p, "position": [0.0, 100.0 * i]}
                      for i, (t, n, p) in enumerate(nodes)],
            "edges": [{"from": a, "to": b, "toPort": port} for a, b, port in edges],
        },
        "training": {"epochs": 3, "batchSize": batch, "seed": 3, "loss": loss,
                     "optimizer": {"type": optimizer, "learningRate": lr}},
        "data": data,
    }


def synthetic(generator, classes=3, samples=300):
    return {"kind": "synthetic", "generator": generator, "samples": samples, "noise": 0.1, "classes": classes,
            "seed": 2, "preprocessing": {"normalization": "zscore", "testSplit": 0.0, "validationSplit": 0.2,
                                         "splitSeed": 1}}


def write_idx(path, array):
    array = np.asarray(array, dtype=np.uint8)
    header = bytes([0, 0, 8, array.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    Path(path).write_bytes(header + array.tobytes())


def test_networks(folder):
    folder = Path(folder) / "networks"
    folder.mkdir()
    nets = {}
    # DAG: fan-out from one layer into two branches, joined by Add, then Concat with a skip.
    nets["dag"] = project("dag", [
        ("Input", "input", {"shape": "2"}),
        ("Dense", "trunk", {"units": 8}),
        ("Tanh", "trunk_tanh", {}),
        ("Dense", "left", {"units": 8}),
        ("Dense", "right", {"units": 8}),
        ("Add", "join", {"inputs": 2}),
        ("LeakyReLU", "leaky", {"alpha": 0.1}),
        ("Concat", "skip", {"inputs": 2}),
        ("Dense", "out", {"units": 3}),
        ("Softmax", "softmax", {}),
    ], [(1, 2, 0), (2, 3, 0), (3, 4, 0), (3, 5, 0), (4, 6, 0), (5, 6, 1), (6, 7, 0), (7, 8, 0), (3, 8, 1),
        (8, 9, 0), (9, 10, 0)], synthetic("spirals"))
    # BatchNorm (running statistics after training) and Dropout; sigmoid output with BCE.
    nets["batchnorm"] = project("batchnorm", [
        ("Input", "input", {"shape": "2"}),
        ("Dense", "hidden", {"units": 16, "init": "he_normal"}),
        ("BatchNorm", "bn", {"momentum": 0.8}),
        ("ReLU", "relu", {}),
        ("Dropout", "drop", {"rate": 0.3}),
        ("Dense", "out", {"units": 1}),
        ("Sigmoid", "sigmoid", {}),
    ], [(i, i + 1, 0) for i in range(1, 7)], synthetic("moons", classes=2), loss="bce_with_logits")
    # CNN on 1x12x12 images: "same" with stride 2 pads 0 before and 1 after (TensorFlow's rule).
    rng = np.random.default_rng(5)
    labels = rng.integers(0, 3, size=120)
    images = rng.integers(0, 256, size=(120, 12, 12))
    images[labels == 1, :6, :] //= 3  # something to learn
    images[labels == 2, :, :6] //= 3
    write_idx(folder / "images.idx", images)
    write_idx(folder / "labels.idx", labels)
    nets["cnn"] = project("cnn", [
        ("Input", "input", {"shape": "1x12x12"}),
        ("Conv2D", "conv_same", {"filters": 4, "kernel": 3, "stride": 2, "padding": "same"}),
        ("Conv2D", "conv_side", {"filters": 2, "kernel": 3, "stride": 2, "padding": "same", "use_bias": False}),
        ("Concat", "channels", {"inputs": 2}),
        ("BatchNorm", "bn", {}),
        ("ReLU", "relu", {}),
        ("MaxPool2D", "maxpool", {"size": 2}),
        ("Conv2D", "conv_valid", {"filters": 5, "kernel": 2, "padding": "valid"}),
        ("AvgPool2D", "avgpool", {"size": 2, "stride": 1}),
        ("Flatten", "flatten", {}),
        ("Dense", "out", {"units": 10}),  # IDX labels are digits: 10 classes
        ("Softmax", "softmax", {}),
    ], [(1, 2, 0), (1, 3, 0), (2, 4, 0), (3, 4, 1), (4, 5, 0), (5, 6, 0), (6, 7, 0), (7, 8, 0), (8, 9, 0),
        (9, 10, 0), (10, 11, 0), (11, 12, 0)],
        {"kind": "idx", "trainImages": str(folder / "images.idx"), "trainLabels": str(folder / "labels.idx"),
         "testImages": "", "testLabels": "", "limit": 0,
         "preprocessing": {"normalization": "zscore", "testSplit": 0.0, "validationSplit": 0.2, "splitSeed": 0}})
    # Recurrent: GRU with hard-sigmoid gates (custom cell), SimpleRNN relu (nn.RNN), LSTM tanh (nn.LSTM),
    # on a synthetic series; Dense on the last step.
    series = {"kind": "series", "series": {
        "synthetic": {"length": 300, "period": 25, "amplitude": 1.0, "trend": 0.01, "seasonAmplitude": 0.3,
                      "seasonPeriod": 7, "noise": 0.05, "seed": 4},
        "window": 8, "horizon": 1, "stride": 1, "validationSplit": 0.1, "testSplit": 0.2, "scaling": "zscore",
        "missing": "interpolate"}}
    nets["recurrent"] = project("recurrent", [
        ("Input", "input", {"shape": "8x1"}),
        ("GRU", "gru", {"units": 6, "return_sequences": True, "recurrent_activation": "hard_sigmoid"}),
        ("SimpleRNN", "rnn", {"units": 5, "activation": "relu", "return_sequences": True}),
        ("LSTM", "lstm", {"units": 4, "return_sequences": True}),
        ("LastStep", "last", {}),
        ("Dense", "out", {"units": 1}),
    ], [(i, i + 1, 0) for i in range(1, 6)], series, loss="mse", lr=0.005)
    nets["recurrent_flat"] = project("recurrent_flat", [
        ("Input", "input", {"shape": "8x1"}),
        ("SimpleRNN", "rnn", {"units": 3, "activation": "sigmoid", "return_sequences": True, "use_bias": False}),
        ("BatchNorm", "bn_seq", {}),
        ("Flatten", "flat", {}),
        ("Dense", "out", {"units": 1}),
    ], [(i, i + 1, 0) for i in range(1, 5)], series, loss="mse", lr=0.005)
    out = {}
    for name, p in nets.items():
        path = folder / f"{name}.layerlab"
        path.write_text(json.dumps(p, indent=2))
        out[name] = path
    return out
