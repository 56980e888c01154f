#!/usr/bin/env python3
"""Writes resources/examples/*.layerlab (the bundled examples). Run from the repo root
after changing an example here, so the files stay consistent and reviewable."""
import json, os, subprocess, sys

FASHION = "/usr/share/datasets/fashion-mnist/"

def chain(layers):
    nodes, edges = [], []
    for i, (typ, name, params) in enumerate(layers, start=1):
        nodes.append({"id": i, "type": typ, "name": name, "params": params,
                      "position": [0.0, 110.0 * (i - 1)]})
        if i > 1:
            edges.append({"from": i - 1, "to": i, "toPort": 0})
    return {"nodes": nodes, "edges": edges}

def training(epochs, batch, loss, opt, lr, seed=0, val=0.0, **extra):
    t = {"epochs": epochs, "batchSize": batch, "seed": seed, "loss": loss,
         "optimizer": {"type": opt, "learningRate": lr}, "validationSplit": val}
    t.update(extra)
    return t

def project(name, desc, graph, train, data):
    # The validation split and the seed that draws it belong to the data source.
    data = json.loads(json.dumps(data))  # a copy: the fashion source is shared
    pre = data.setdefault("preprocessing", {"normalization": "none", "testSplit": 0.0})
    pre["validationSplit"] = train.pop("validationSplit")
    pre["splitSeed"] = train["seed"]
    return {"format": "layerlab", "version": 1, "name": name, "description": desc,
            "graph": graph, "training": train, "data": data}

fashion = {"kind": "idx", "fashion": True,
           "trainImages": FASHION + "train-images-idx3-ubyte.gz",
           "trainLabels": FASHION + "train-labels-idx1-ubyte.gz",
           "testImages": FASHION + "t10k-images-idx3-ubyte.gz",
           "testLabels": FASHION + "t10k-labels-idx1-ubyte.gz", "limit": 0,
           # Pixels byte / 255; the t10k files are the test set (no test split needed).
           "preprocessing": {"normalization": "scale01", "testSplit": 0.0}}

examples = {
  "xor": project("XOR 2-2-1",
    "The classic: two inputs, two sigmoid hidden units, one sigmoid output learn exclusive-or.",
    chain([("Input", "input", {"shape": "2"}),
           ("Dense", "hidden", {"units": 2, "init": "xavier_normal"}),
           ("Sigmoid", "hidden_sigmoid", {}),
           ("Dense", "output", {"units": 1, "init": "xavier_normal"}),
           ("Sigmoid", "output_sigmoid", {})]),
    training(1000, 4, "bce_with_logits", "momentum", 0.5, seed=1, val=0.0),
    {"kind": "synthetic", "generator": "xor", "samples": 4, "noise": 0.0, "classes": 2, "seed": 1}),
  "spiral": project("Spirals MLP",
    "Three interleaved spiral arms: a small ReLU network bends its decision boundary around them.",
    chain([("Input", "input", {"shape": "2"}),
           ("Dense", "dense_1", {"units": 64, "init": "he_normal"}),
           ("ReLU", "relu_1", {}),
           ("Dense", "dense_2", {"units": 64, "init": "he_normal"}),
           ("ReLU", "relu_2", {}),
           ("Dense", "dense_3", {"units": 3, "init": "xavier_uniform"}),
           ("Softmax", "softmax", {})]),
    training(300, 32, "softmax_cross_entropy", "adam", 0.01, seed=0, val=0.2),
    {"kind": "synthetic", "generator": "spirals", "samples": 600, "noise": 0.1, "classes": 3, "seed": 1}),
  "mnist_mlp": project("Fashion-MNIST MLP 784-128-64-10",
    "The classic MNIST lesson model: two ReLU hidden layers, Adam 0.001, batch 64.",
    chain([("Input", "image", {"shape": "1x28x28"}),
           ("Flatten", "flatten", {}),
           ("Dense", "fc1", {"units": 128, "init": "he_uniform"}),
           ("ReLU", "relu1", {}),
           ("Dense", "fc2", {"units": 64, "init": "he_uniform"}),
           ("ReLU", "relu2", {}),
           ("Dense", "fc3", {"units": 10, "init": "he_uniform"}),
           ("Softmax", "softmax", {})]),
    training(3, 64, "softmax_cross_entropy", "adam", 0.001), fashion),
  "mnist_mlp_small": project("Fashion-MNIST MLP 784-100-10",
    "One hidden layer of 100 ReLU units, Adam, batch 64.",
    chain([("Input", "image", {"shape": "1x28x28"}),
           ("Flatten", "flatten", {}),
           ("Dense", "fc1", {"units": 100, "init": "he_uniform"}),
           ("ReLU", "relu1", {}),
           ("Dense", "fc2", {"units": 10, "init": "he_uniform"}),
           ("Softmax", "softmax", {})]),
    training(3, 64, "softmax_cross_entropy", "adam", 0.001), fashion),
  "mnist_cnn": project("Fashion-MNIST CNN",
    "Conv(32, 3x3) - ReLU - MaxPool(2) - Flatten - Dense(128) - ReLU - Dense(10), Adam, batch 32.",
    chain([("Input", "image", {"shape": "1x28x28"}),
           ("Conv2D", "conv1", {"filters": 32, "kernel": 3, "init": "he_uniform"}),
           ("ReLU", "relu1", {}),
           ("MaxPool2D", "pool1", {"size": 2}),
           ("Flatten", "flatten", {}),
           ("Dense", "fc1", {"units": 128, "init": "he_uniform"}),
           ("ReLU", "relu2", {}),
           ("Dense", "fc2", {"units": 10, "init": "he_uniform"}),
           ("Softmax", "softmax", {})]),
    training(2, 32, "softmax_cross_entropy", "adam", 0.001), fashion),
  "flowers_csv": project("Flowers from a CSV file 4-16-3",
    "Three species told apart by four measurements, read from data/flowers.csv "
    "(the species names become the classes), standardised, with a held-out test set.",
    chain([("Input", "measurements", {"shape": "4"}),
           ("Dense", "hidden", {"units": 16, "init": "he_normal"}),
           ("ReLU", "relu", {}),
           ("Dense", "output", {"units": 3, "init": "xavier_uniform"}),
           ("Softmax", "softmax", {})]),
    training(100, 16, "softmax_cross_entropy", "adam", 0.01, seed=0, val=0.2),
    {"kind": "csv", "path": "data/flowers.csv", "limit": 0,
     "options": {"delimiter": "", "header": "auto", "targetColumn": -1, "targetName": "species",
                 "task": "auto", "categorical": "onehot", "missing": "drop", "featureColumns": []},
     # Measurements to mean 0, std 1 (fitted on the training rows); 20% of the rows held out as the test set.
     "preprocessing": {"normalization": "zscore", "testSplit": 0.2}}),
}

os.makedirs("resources/examples", exist_ok=True)
subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "make-example-data.py")],
               check=True)
for name, p in examples.items():
    with open(f"resources/examples/{name}.layerlab", "w") as f:
        json.dump(p, f, indent=2)
        f.write("\n")
print("wrote", ", ".join(examples))
