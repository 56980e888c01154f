#!/usr/bin/env python3
"""`layerlab export -o model.py` against `layerlab predict`.

For every bundled example (trained a few epochs) and for DAG, BatchNorm, convolution and recurrent
test networks: the exported script's build_model() on preprocess(read_samples(raw)) equals
`layerlab predict` on the same raw file within 1e-5 of the largest output, and `python3 model.py
predict` writes the same file. Then one epoch of `model.py train` lands where one epoch of
`layerlab train` does, and `torchrun --nproc_per_node 2 model.py train` runs on CPU.

  export_torch_check.py --layerlab build/app/layerlab --examples resources/examples [--only NAME]
"""
import argparse
import csv
import gzip
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

from export_test_networks import test_networks

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "interop"))
import onnx  # noqa: E402
from onnx_check import evaluate as evaluate_onnx  # noqa: E402  the numpy evaluator of the ONNX formulas

TOLERANCE = 1e-5


def run(cmd, cwd=None, timeout=600):
    r = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise SystemExit(f"FAILED ({r.returncode}): {' '.join(map(str, cmd))}\n{r.stdout}\n{r.stderr}")
    return r.stdout


def load_module(path):
    spec = importlib.util.spec_from_file_location(f"exported_{abs(hash(str(path)))}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_predictions(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    assert header[:2] == ["sample", "predicted"] and all(h == f"out_{j}" for j, h in enumerate(header[2:])), header
    assert [int(r[0]) for r in rows[1:]] == list(range(len(rows) - 1)), "samples are numbered 0.."
    return [r[1] for r in rows[1:]], np.array([[float(v) for v in r[2:]] for r in rows[1:]], dtype=np.float64)


def relative(a, b):
    return float(np.abs(a - b).max() / max(float(np.abs(b).max()), 1e-30))


def write_idx_images(path, images):
    images = np.asarray(images, dtype=np.uint8)
    header = bytes([0, 0, 8, images.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in images.shape)
    Path(path).write_bytes(header + images.tobytes())


def raw_samples(project_file, project, work):
    """A raw file of samples for `layerlab predict`, as a user would have one."""
    data = project["data"]
    base = Path(project_file).parent
    if data["kind"] == "csv":
        return base / data["path"]  # the training file itself: its target column is ignored
    if data["kind"] == "series":
        if data.get("path"):
            return base / data["path"]
        out = work / "raw_series.csv"  # a synthetic series: its one column "value"
        t = np.arange(60)
        out.write_text("step,value\n" + "".join(f"{i},{np.sin(i / 4):.6f}\n" for i in t))
        return out
    if data["kind"] == "idx":
        path = Path(data["testImages"] or data["trainImages"])
        path = path if path.is_absolute() else base / path
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as f:
            raw = f.read()
        dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(raw[3])]
        images = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * len(dims)).reshape(dims)[:64]
        out = work / "raw.idx"
        write_idx_images(out, images)
        return out
    # synthetic: points in the data's range, with a header
    rng = np.random.default_rng(7)
    features = int(np.prod([int(d) for d in str(next(n for n in project["graph"]["nodes"] if n["type"] == "Input")
                                                   ["params"]["shape"]).split("x")]))
    out = work / "raw.csv"
    with open(out, "w") as f:
        f.write(",".join(f"x{k}" for k in range(features)) + "\n")
        for row in rng.uniform(-1.5, 1.5, size=(40, features)):
            f.write(",".join(f"{v:.6f}" for v in row) + "\n")
    return out


def check_export(layerlab, project_file, work, epochs, limit=None, raw=None):
    project = json.loads(Path(project_file).read_text())
    trained = work / "trained.layerlab"
    cmd = [layerlab, "train", project_file, "--epochs", epochs, "--save-weights", trained]
    if limit:
        cmd += ["--limit", limit]
    run(cmd)
    run([layerlab, "export", trained, "-o", work / "model.py"])
    raw = raw or raw_samples(project_file, project, work)
    run([layerlab, "predict", trained, "--input", raw, "-o", work / "layerlab.csv"])
    predicted, expected = read_predictions(work / "layerlab.csv")
    module = load_module(work / "model.py")
    model = module.build_model()
    x = module.preprocess(module.read_samples(str(raw)))
    with torch.no_grad():
        out = model(torch.from_numpy(x)).double().numpy()
    assert out.shape == expected.shape, (out.shape, expected.shape)
    diff = relative(out, expected)
    assert diff <= TOLERANCE, f"build_model() differs from layerlab predict by {diff:.2e} of the largest output"
    # The script's own predict command writes the same file.
    run([sys.executable, work / "model.py", "predict", "--input", raw, "-o", work / "python.csv"])
    py_predicted, py_out = read_predictions(work / "python.csv")
    script_diff = relative(py_out, expected)
    assert script_diff <= TOLERANCE, f"model.py predict differs by {script_diff:.2e}"
    same = (lambda a, b: a == b) if all(p.isdigit() for p in predicted) else \
        (lambda a, b: abs(float(a) - float(b)) <= TOLERANCE * max(float(np.abs(expected).max()), 1e-30))
    agree = np.mean([same(a, b) for a, b in zip(py_predicted, predicted)])
    assert agree >= 0.95, f"predicted column agrees on {agree:.0%} only"
    onnx_note = check_onnx(layerlab, trained, work, x, expected)
    return diff, len(expected), onnx_note


def check_onnx(layerlab, trained, work, x, expected):
    """The same network as ONNX: onnx.checker, then OpenCV dnn where it runs the model, and the
    numpy evaluator of the ONNX operators always; each against `layerlab predict`."""
    path = work / "model.onnx"
    run([layerlab, "export", trained, "-o", path])
    model = onnx.load(str(path))
    onnx.checker.check_model(model, full_check=True)
    ref = evaluate_onnx(model, x).reshape(len(x), -1)
    d = relative(ref, expected)
    assert d <= TOLERANCE, f"the ONNX file (numpy evaluator) differs from layerlab predict by {d:.2e}"
    note = f"ONNX numpy {d:.1e}"
    import cv2
    try:
        net = cv2.dnn.readNetFromONNX(str(path))
        net.setInput(x)
        got = net.forward().reshape(len(x), -1)
    except Exception as e:  # OpenCV 4.6 does not run every operator (the recurrent ones)
        return note + f", OpenCV cannot run it ({' '.join(str(e).split())[-80:]})"
    d = relative(got, expected)
    assert d <= TOLERANCE, f"the ONNX file in OpenCV dnn differs from layerlab predict by {d:.2e}"
    return note + f", OpenCV dnn {d:.1e}"


def epoch_line(text):
    """loss and metric of the last 'epoch' line `layerlab train` or model.py printed."""
    lines = [l for l in text.splitlines() if re.search(r"epoch +\d+/\d+", l)]
    m = re.search(r"loss ([0-9.]+)  (?:acc|r2) (-?[0-9.]+)", lines[-1])
    return float(m.group(1)), float(m.group(2))


def check_training(layerlab, project_file, work, epochs=1):
    """One epoch of model.py train against one of layerlab train, from the same (seed's) weights."""
    run([layerlab, "export", project_file, "-o", work / "fresh.py"])
    ll_loss, ll_metric = epoch_line(run([layerlab, "train", project_file, "--epochs", epochs, "--fresh"]))
    py_loss, py_metric = epoch_line(run([sys.executable, work / "fresh.py", "train", "--epochs", epochs]))
    return (ll_loss, ll_metric), (py_loss, py_metric)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--layerlab", required=True)
    ap.add_argument("--examples", required=True)
    ap.add_argument("--only", help="run only the cases whose name contains this")
    args = ap.parse_args()
    torch.set_num_threads(1)
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cases = []
        for example in sorted(Path(args.examples).glob("*.layerlab")):
            mnist = "mnist" in example.stem
            cases.append((example.stem, example, 1 if mnist else 3, 300 if mnist else None))
        for name, project in test_networks(tmp).items():
            cases.append((name, project, 3, None))
        for name, project_file, epochs, limit in cases:
            if args.only and args.only not in name:
                continue
            work = tmp / name
            work.mkdir()
            try:
                diff, n, onnx_note = check_export(args.layerlab, project_file, work, epochs, limit)
                print(f"ok   {name}: build_model() = layerlab predict within {diff:.1e} over {n} samples; {onnx_note}")
            except (AssertionError, SystemExit) as e:
                failures.append(name)
                print(f"FAIL {name}: {e}")
        if not args.only or "train" in args.only:
            work = tmp / "train"
            work.mkdir()
            for example in ["spiral", "flowers_csv"]:
                (ll_loss, ll_m), (py_loss, py_m) = check_training(args.layerlab, Path(args.examples) / f"{example}.layerlab",
                                                                  work)
                # Same start, other shuffling and dropout masks: "within normal seed noise".
                close = abs(py_loss - ll_loss) <= 0.15 * ll_loss + 0.02 and abs(py_m - ll_m) <= 0.1
                print(f"{'ok  ' if close else 'FAIL'} train {example}: 1 epoch layerlab loss {ll_loss:.4f} metric "
                      f"{ll_m:.4f}; model.py loss {py_loss:.4f} metric {py_m:.4f}")
                if not close:
                    failures.append(f"train {example}")
            # torchrun on CPU: two processes, gloo. torch 1.13 on Python 3.11 (Debian 12) needs
            # --redirects/--tee set to a non-zero stream (its Std flag 0 no longer iterates).
            torchrun = shutil.which("torchrun")
            out = run([torchrun, "--nproc_per_node", "2", "--redirects", "1", "--tee", "1", work / "fresh.py", "train",
                       "--epochs", "2"], cwd=work)
            ok = "2 processes on cpu" in out and "epoch   2/2" in out
            print(f"{'ok  ' if ok else 'FAIL'} torchrun --nproc_per_node 2: {'trained' if ok else out}")
            if not ok:
                failures.append("torchrun")
    if failures:
        print(f"{len(failures)} failed: {', '.join(failures)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
