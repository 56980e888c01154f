#!/usr/bin/env python3
"""Outside runtimes for interop_export: checks the ONNX files LayerLab wrote.

Reads the manifest interop_export wrote (a JSON list of {"name", "file",
"input_shape": [N, ...], "input": [...], "expected": [...]}, row-major
sample-major values; "expected" is Network::predict's output) and for each
model:
  1. onnx.checker.check_model (full check, with shape inference);
  2. OpenCV dnn (cv2.dnn.readNetFromONNX) when it can load and run the model;
  3. a small numpy evaluator of the ONNX operators' formulas (below, written
     from the ONNX operator specification, not from LayerLab's code), always.
Each must agree with "expected" within 1e-5 of the largest expected value.
OpenCV failing to LOAD or RUN a model is reported, not an error (OpenCV 4.6
does not implement every operator and attribute); OpenCV giving different
numbers is an error. Prints one line per model naming which runtime checked
it and the largest difference; exit 0 when all agree, 1 otherwise.
"""
import json
import sys

import numpy as np
import onnx
from onnx import numpy_helper

TOL = 1e-5


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def act(name, alpha, beta):
    name = name.decode() if isinstance(name, bytes) else name
    if name == "Sigmoid":
        return sigmoid
    if name == "Tanh":
        return np.tanh
    if name == "Relu":
        return lambda x: np.maximum(x, 0)
    if name == "HardSigmoid":
        return lambda x: np.clip(alpha * x + beta, 0, 1)
    raise ValueError("activation " + name)


def activations(a, defaults):
    names = a.get("activations", defaults)
    al = a.get("activation_alpha", [0.2] * len(names))
    be = a.get("activation_beta", [0.5] * len(names))
    return [act(n, al[i], be[i]) for i, n in enumerate(names)]


def conv(x, w, b, strides, pads):
    n, c, h, wd = x.shape
    f, _, k, _ = w.shape
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    oh = (x.shape[2] - k) // strides[0] + 1
    ow = (x.shape[3] - k) // strides[1] + 1
    y = np.zeros((n, f, oh, ow), dtype=np.float64)
    for i in range(oh):
        for j in range(ow):
            patch = x[:, :, i * strides[0]:i * strides[0] + k, j * strides[1]:j * strides[1] + k]
            y[:, :, i, j] = np.tensordot(patch, w, axes=([1, 2, 3], [1, 2, 3]))
    if b is not None:
        y += b.reshape(1, -1, 1, 1)
    return y


def pool(x, k, strides, reduce):
    n, c, h, w = x.shape
    oh, ow = (h - k[0]) // strides[0] + 1, (w - k[1]) // strides[1] + 1
    y = np.zeros((n, c, oh, ow))
    for i in range(oh):
        for j in range(ow):
            y[:, :, i, j] = reduce(x[:, :, i * strides[0]:i * strides[0] + k[0], j * strides[1]:j * strides[1] + k[1]],
                                   axis=(2, 3))
    return y


def recurrent(op, a, x, W, R, B):
    # x [T, N, F]; W [1, G*H, F]; R [1, G*H, H]; B [1, 2*G*H]; one direction.
    H = a["hidden_size"]
    T, N, _ = x.shape
    G = W.shape[1] // H
    W, R = W[0], R[0]
    Wb, Rb = (B[0][:G * H], B[0][G * H:]) if B is not None else (np.zeros(G * H), np.zeros(G * H))
    h = np.zeros((N, H))
    c = np.zeros((N, H))
    ys = []
    if op == "LSTM":
        f, g, hh = activations(a, ["Sigmoid", "Tanh", "Tanh"])
    elif op == "GRU":
        f, g = activations(a, ["Sigmoid", "Tanh"])
    else:
        (f,) = activations(a, ["Tanh"])
    for t in range(T):
        xt = x[t]
        if op == "RNN":
            h = f(xt @ W.T + Wb + h @ R.T + Rb)
        elif op == "LSTM":
            z = xt @ W.T + Wb + h @ R.T + Rb  # gates i, o, f, c
            i_, o_, f_, c_ = (z[:, k * H:(k + 1) * H] for k in range(4))
            c = f(f_) * c + f(i_) * g(c_)
            h = f(o_) * hh(c)
        else:  # GRU, gates z, r, h
            zx = xt @ W.T + Wb
            zh = h @ R.T + Rb
            zg = f(zx[:, :H] + zh[:, :H])
            r = f(zx[:, H:2 * H] + zh[:, H:2 * H])
            if a.get("linear_before_reset", 0):
                n_ = g(zx[:, 2 * H:] + r * zh[:, 2 * H:])
            else:
                n_ = g(zx[:, 2 * H:] + (r * h) @ R[2 * H:].T + Rb[2 * H:])
            h = (1 - zg) * n_ + zg * h
        ys.append(h)
    Y = np.stack(ys)[:, None]  # [T, 1, N, H]
    return [Y, h[None], c[None]]


def evaluate(model, x):
    """The model's output for x, in float64, by the ONNX operators' formulas."""
    env = {i.name: numpy_helper.to_array(i).astype(np.float64) if i.data_type == 1 else numpy_helper.to_array(i)
           for i in model.graph.initializer}
    env[model.graph.input[0].name] = x.astype(np.float64)
    for node in model.graph.node:
        a = attrs(node)
        ins = [env[i] if i else None for i in node.input]
        op = node.op_type
        if op == "Gemm":
            A, Bm = ins[0], ins[1]
            if a.get("transA", 0):
                A = A.T
            if a.get("transB", 0):
                Bm = Bm.T
            y = a.get("alpha", 1.0) * A @ Bm
            if len(ins) > 2 and ins[2] is not None:
                y = y + a.get("beta", 1.0) * ins[2]
            out = [y]
        elif op == "MatMul":
            out = [ins[0] @ ins[1]]
        elif op == "Conv":
            out = [conv(ins[0], ins[1], ins[2] if len(ins) > 2 else None, a.get("strides", [1, 1]),
                        a.get("pads", [0, 0, 0, 0]))]
        elif op in ("MaxPool", "AveragePool"):
            out = [pool(ins[0], a["kernel_shape"], a.get("strides", [1, 1]), np.max if op == "MaxPool" else np.mean)]
        elif op == "Relu":
            out = [np.maximum(ins[0], 0)]
        elif op == "LeakyRelu":
            out = [np.where(ins[0] >= 0, ins[0], a.get("alpha", 0.01) * ins[0])]
        elif op == "Sigmoid":
            out = [sigmoid(ins[0])]
        elif op == "Tanh":
            out = [np.tanh(ins[0])]
        elif op == "Softmax":
            ax = a.get("axis", -1)
            e = np.exp(ins[0] - ins[0].max(axis=ax, keepdims=True))
            out = [e / e.sum(axis=ax, keepdims=True)]
        elif op == "Add":
            out = [ins[0] + ins[1]]
        elif op == "Sum":
            out = [sum(ins)]
        elif op == "Concat":
            out = [np.concatenate(ins, axis=a["axis"])]
        elif op in ("Identity", "Dropout"):
            out = [ins[0]]
        elif op == "Flatten":
            out = [ins[0].reshape(ins[0].shape[0], -1)]
        elif op == "Reshape":
            shape = [ins[0].shape[i] if s == 0 else s for i, s in enumerate(ins[1].tolist())]
            out = [ins[0].reshape(shape)]
        elif op == "BatchNormalization":
            X, s, b, m, v = ins
            shp = (1, -1) + (1,) * (X.ndim - 2)
            out = [s.reshape(shp) * (X - m.reshape(shp)) / np.sqrt(v.reshape(shp) + a.get("epsilon", 1e-5))
                   + b.reshape(shp)]
        elif op == "Transpose":
            out = [np.transpose(ins[0], a["perm"])]
        elif op == "Squeeze":
            out = [np.squeeze(ins[0], axis=tuple(int(i) for i in ins[1]))]
        elif op == "Gather":
            out = [np.take(ins[0], ins[1], axis=a.get("axis", 0))]
        elif op in ("LSTM", "GRU", "RNN"):
            out = recurrent(op, a, ins[0], ins[1], ins[2], ins[3] if len(ins) > 3 else None)
        else:
            raise ValueError("the numpy evaluator has no " + op)
        for name, value in zip(node.output, out):
            if name:
                env[name] = value
    return env[model.graph.output[0].name]


def main():
    cases = json.load(open(sys.argv[1]))
    import cv2  # noqa: E402 (imported here so a missing OpenCV is one clear traceback)

    failed = False
    for case in cases:
        model = onnx.load(case["file"])
        onnx.checker.check_model(model, full_check=True)
        x = np.array(case["input"], dtype=np.float32).reshape(case["input_shape"])
        expected = np.array(case["expected"], dtype=np.float64).reshape(len(x), -1)
        scale = max(np.abs(expected).max(), 1e-30)
        line = case["name"] + ": checker ok"
        ref = evaluate(model, x).reshape(len(x), -1)
        d = np.abs(ref - expected).max() / scale
        line += ", numpy evaluator %.2e" % d
        failed |= not d <= TOL
        try:
            net = cv2.dnn.readNetFromONNX(case["file"])
            net.setInput(x)
            got = net.forward().reshape(len(x), -1)
        except Exception as e:  # OpenCV cannot load or run it
            why = " ".join(str(e).split())
            why = why[why.find("error:"):] if "error:" in why else why
            line += ", OpenCV cannot run it (%s)" % why[:160]
        else:
            d = np.abs(got - expected).max() / scale
            line += ", OpenCV dnn %.2e" % d
            failed |= not d <= TOL
        print(line)
    print("FAILED" if failed else "all models agree within %g of their largest output" % TOL)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
