#!/usr/bin/env python3
"""The LSTM lesson against PyTorch, on the same machine in the same run.

1. Forecast quality: resources/examples/sunspots_lstm.layerlab with
   `layerlab train`, and the same model in PyTorch on the same windows (cut
   here with numpy by the same rules: chronological 70/10/20 split of the
   rows, no window across a split, z-score fitted on the training rows).
   LayerLab's LSTM(50, activation='relu') is Keras' (relu on the candidate and
   on the cell's output); nn.LSTM has tanh only, so the PyTorch model is the
   same formulas in torch ops (tests/core/recurrent_parity.py checks that they
   agree with LayerLab step for step). Test R^2, MAE and RMSE in sunspot
   numbers for LayerLab, PyTorch and the naive forecast (next year = this
   year), each network over --seeds seeds (medians).
2. Speed: LSTM(50) (tanh) -> Dense(1) on windows of 30, batch 32, Adam, MSE,
   one epoch over 16,000 windows of a noisy sine, `layerlab train` against
   torch.nn.LSTM. Rounds are interleaved; epoch times are medians over all
   epochs of all rounds (the first epoch of each run is left out as warm-up).

Usage (from the repo root, after a Release build):
  tests/bench/compare_lstm.py [--layerlab build/app/layerlab] [--rounds 3] [--seeds 3] [--threads 1]
"""
import argparse, json, math, os, re, statistics, subprocess, sys, tempfile, time

import numpy as np
import torch
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "resources", "examples", "sunspots_lstm.layerlab")


def windows(values, window, horizon, val_frac, test_frac):
    """The series module's rules (core/data/series.h) for one column used as input and target."""
    n = len(values)
    n_val, n_test = int(math.floor(n * val_frac + 0.5)), int(math.floor(n * test_frac + 0.5))
    bounds = [0, n - n_val - n_test, n - n_test, n]
    mean = values[:bounds[1]].mean()
    std = math.sqrt(((values[:bounds[1]] - mean) ** 2).mean())
    z = (values - mean) / std
    out = []
    for k in range(3):
        xs, ys, naive = [], [], []
        for s in range(bounds[k], bounds[k + 1] - window - horizon + 1):
            xs.append(z[s:s + window])
            ys.append(z[s + window - 1 + horizon])
            naive.append(values[s + window - 1])
        out.append((np.array(xs, np.float32).reshape(-1, window, 1), np.array(ys, np.float32).reshape(-1, 1),
                    np.array(naive)))
    return out, mean, std


def errors(actual, predicted):
    err = predicted - actual
    sst = ((actual - actual.mean()) ** 2).sum()
    return 1 - (err ** 2).sum() / sst, np.abs(err).mean(), math.sqrt((err ** 2).mean())


class KerasLSTM(nn.Module):
    """LSTM(units, activation) as recurrent.h (PyTorch's gate order), then the lesson's head."""

    def __init__(self, units, act):
        super().__init__()
        self.units, self.act = units, act
        self.cell = nn.LSTM(1, units, batch_first=True)  # only for its parameters and initialisation
        self.drop = nn.Dropout(0.2)
        self.fc = nn.Linear(units, 1)

    def forward(self, x):
        H = self.units
        h = x.new_zeros(x.shape[0], H)
        c = x.new_zeros(x.shape[0], H)
        gi = x @ self.cell.weight_ih_l0.T + self.cell.bias_ih_l0
        for t in range(x.shape[1]):
            p = gi[:, t] + h @ self.cell.weight_hh_l0.T + self.cell.bias_hh_l0
            i, f = torch.sigmoid(p[:, :H]), torch.sigmoid(p[:, H:2 * H])
            g, o = self.act(p[:, 2 * H:3 * H]), torch.sigmoid(p[:, 3 * H:])
            c = f * c + i * g
            h = o * self.act(c)
        return self.fc(self.drop(h))


def train_torch(model, x, y, epochs, batch, lr, seed, timed=False):
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    x, y = torch.from_numpy(x), torch.from_numpy(y)
    seconds = []
    for _ in range(epochs):
        model.train()
        t0 = time.perf_counter()
        order = torch.randperm(len(x), generator=g)
        for i in range(0, len(x), batch):
            idx = order[i:i + batch]
            opt.zero_grad()
            loss = nn.functional.mse_loss(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
        seconds.append(time.perf_counter() - t0)
    return seconds


def quality(args):
    project = json.load(open(EXAMPLE))
    s = project["data"]["series"]
    table = np.genfromtxt(os.path.join(os.path.dirname(EXAMPLE), project["data"]["path"]), delimiter=",", names=True)
    values = np.asarray(table["SUNACTIVITY"], np.float64)
    (train, val, test), mean, std = windows(values, s["window"], s["horizon"], s["validationSplit"], s["testSplit"])
    ours = []
    for seed in range(1, args.seeds + 1):
        out = subprocess.run([args.layerlab, "train", EXAMPLE, "--seed", str(seed), "--threads", str(args.threads)],
                             capture_output=True, text=True, check=True).stdout
        m = re.search(r"^\s+test\s+R\^2\s+(\S+)\s+MAE\s+(\S+)\s+RMSE\s+(\S+)\s+naive R\^2\s+(\S+)\s+MAE\s+(\S+)\s+RMSE\s+(\S+)",
                      out, re.M)
        ours.append(tuple(float(v) for v in m.groups()))
    theirs = []
    act = torch.relu if project["graph"]["nodes"][1]["params"].get("activation") == "relu" else torch.tanh
    for seed in range(1, args.seeds + 1):
        torch.manual_seed(seed)
        model = KerasLSTM(50, act)
        train_torch(model, train[0], train[1], project["training"]["epochs"], 32, 0.001, seed)
        model.eval()
        with torch.no_grad():
            pred = model(torch.from_numpy(test[0])).numpy()[:, 0] * std + mean
        theirs.append(errors(test[1][:, 0] * std + mean, pred))
    naive = errors(test[1][:, 0] * std + mean, test[2])
    med = lambda rows, k: statistics.median(r[k] for r in rows)
    print(f"sunspots test set ({len(test[0])} windows, years {int(table['YEAR'][-len(test[0])])}-{int(table['YEAR'][-1])}), "
          f"medians over {args.seeds} seeds:")
    print(f"  LayerLab  R^2 {med(ours, 0):.4f}  MAE {med(ours, 1):.2f}  RMSE {med(ours, 2):.2f}   "
          f"(seeds: {', '.join(f'{r[0]:.3f}' for r in ours)})")
    print(f"  PyTorch   R^2 {med(theirs, 0):.4f}  MAE {med(theirs, 1):.2f}  RMSE {med(theirs, 2):.2f}   "
          f"(seeds: {', '.join(f'{r[0]:.3f}' for r in theirs)})")
    print(f"  naive     R^2 {naive[0]:.4f}  MAE {naive[1]:.2f}  RMSE {naive[2]:.2f}   (LayerLab's own naive line: "
          f"R^2 {ours[0][3]:.4f})")


def speed(args):
    rows, window = 16030, 30
    t = np.arange(rows)
    rng = np.random.default_rng(0)
    series = np.sin(2 * np.pi * t / 50) + 0.1 * rng.standard_normal(rows)
    with tempfile.TemporaryDirectory() as tmp:
        csv = os.path.join(tmp, "sine.csv")
        with open(csv, "w") as f:
            f.write("step,value\n")
            f.writelines(f"{i},{v:.6f}\n" for i, v in enumerate(series))
        epochs = 3
        proj = {"format": "layerlab", "version": 1, "name": "LSTM speed",
                "graph": {"nodes": [
                    {"id": 1, "type": "Input", "name": "window", "params": {"shape": f"{window}x1"}, "position": [0, 0]},
                    {"id": 2, "type": "LSTM", "name": "lstm", "params": {"units": 50}, "position": [0, 110]},
                    {"id": 3, "type": "Dense", "name": "out", "params": {"units": 1}, "position": [0, 220]}],
                    "edges": [{"from": 1, "to": 2, "toPort": 0}, {"from": 2, "to": 3, "toPort": 0}]},
                "training": {"epochs": epochs, "batchSize": 32, "seed": 1, "loss": "mse", "threads": args.threads,
                             "optimizer": {"type": "adam", "learningRate": 0.001}},
                "data": {"kind": "series", "path": csv, "series": {
                    "valueColumns": ["value"], "timeColumn": "step", "window": window, "horizon": 1, "stride": 1,
                    "validationSplit": 0.0, "testSplit": 0.0, "scaling": "zscore"}}}
        path = os.path.join(tmp, "speed.layerlab")
        json.dump(proj, open(path, "w"))
        x = np.stack([series[s:s + window] for s in range(rows - window)]).astype(np.float32)[:, :, None]
        y = series[window:].astype(np.float32)[:, None]
        torch.set_num_threads(args.threads)
        ours, theirs = [], []
        for _ in range(args.rounds):
            out = subprocess.run([args.layerlab, "train", path], capture_output=True, text=True, check=True).stdout
            ours += [float(v) for v in re.findall(r"^epoch.*?(\d+\.\d+) s ", out, re.M)][1:]

            class Model(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.lstm, self.fc = nn.LSTM(1, 50, batch_first=True), nn.Linear(50, 1)

                def forward(self, inp):
                    seq, _ = self.lstm(inp)
                    return self.fc(seq[:, -1])

            theirs += train_torch(Model(), x, y, epochs, 32, 0.001, 1)[1:]
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"speed: LSTM(50) on {len(x)} windows of {window}, batch 32, {args.threads} thread(s), "
          f"median epoch over {len(ours)} epochs:")
    print(f"  LayerLab {a:.3f} s   torch.nn.LSTM {b:.3f} s   ratio {a / b:.3f} (torch {torch.__version__})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--layerlab", default=os.path.join(ROOT, "build", "app", "layerlab"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--only", choices=["quality", "speed"])
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    if args.only != "speed":
        quality(args)
    if args.only != "quality":
        speed(args)


if __name__ == "__main__":
    sys.exit(main())
