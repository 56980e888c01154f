#!/usr/bin/env python3
"""Speed benchmark: LayerLab's headless `train` against PyTorch on the same
machine, in the same run, on Fashion-MNIST (shared/bench/torch_mnist.py is the
reference). Runs are interleaved (LayerLab, then each PyTorch configuration) so
that machine noise hits both alike; epoch times are medians over all epochs of
all rounds. PyTorch's configurations are the fastest ones BASELINE.md found.

Usage (from the repo root, after scripts/install-deps.sh --bench and a Release build):
  tests/bench/compare_torch.py [--models a,b,c] [--rounds 3] [--layerlab build/app/layerlab]
Without the Fashion-MNIST files it trains on random data of the same shape
(accuracy is then meaningless and not compared).
"""
import argparse, gzip, json, os, re, shutil, statistics, struct, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TORCH_SCRIPT = os.path.join(os.path.dirname(ROOT), "shared", "bench", "torch_mnist.py")
DATA_DIR = "/usr/share/datasets/fashion-mnist"
# "-ftz" configurations run torch.set_flush_denormal(True) first: LayerLab's
# optimizer flushes subnormal floats (core/optim/optimizer.cpp), and on Intel
# cores subnormal Adam moments slow an unflushed run down severalfold, so
# PyTorch gets the same treatment; the fastest of each model's configurations counts.
OB1_SKX = {"OPENBLAS_NUM_THREADS": "1", "OPENBLAS_CORETYPE": "SkylakeX"}
MODELS = {  # model -> (example file, epochs, PyTorch configurations: tag -> (env, threads, flush denormals))
    "a": ("mnist_mlp", 3, {"t2-ob1-skx": (OB1_SKX, 2, False), "t1-skx": ({"OPENBLAS_CORETYPE": "SkylakeX"}, 1, False),
                           "t2-ob1-skx-ftz": (OB1_SKX, 2, True)}),
    "b": ("mnist_mlp_small", 3, {"t1-skx": ({"OPENBLAS_CORETYPE": "SkylakeX"}, 1, False),
                                 "t2-ob1-skx": (OB1_SKX, 2, False), "t1-skx-ftz": ({"OPENBLAS_CORETYPE": "SkylakeX"}, 1, True)}),
    "c": ("mnist_cnn", 2, {"t2-ob1": ({"OPENBLAS_NUM_THREADS": "1"}, 2, False),
                           "t2-ob1-ftz": ({"OPENBLAS_NUM_THREADS": "1"}, 2, True)}),
}
FTZ_WRAPPER = ("import runpy, sys, torch; torch.set_flush_denormal(True); "
               "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')")


def write_random_idx(folder):
    """Random uint8 images/labels in IDX .gz files with the Fashion-MNIST shapes."""
    import random
    rnd = random.Random(0)
    for prefix, n in (("train", 60000), ("t10k", 10000)):
        with gzip.open(os.path.join(folder, f"{prefix}-images-idx3-ubyte.gz"), "wb", compresslevel=1) as f:
            f.write(struct.pack(">HBBIII", 0, 8, 3, n, 28, 28))
            f.write(os.urandom(n * 784))
        with gzip.open(os.path.join(folder, f"{prefix}-labels-idx1-ubyte.gz"), "wb") as f:
            f.write(struct.pack(">HBBI", 0, 8, 1, n))
            f.write(bytes(rnd.randrange(10) for _ in range(n)))


def run_layerlab(exe, project, epochs, threads):
    out = subprocess.run([exe, "train", project, "--epochs", str(epochs), "--threads", str(threads)],
                         capture_output=True, text=True, check=True).stdout
    secs = [float(m.group(1)) for m in re.finditer(r"^epoch .*?  ([0-9.]+) s  ", out, re.M)]
    acc = re.search(r"^test .*acc ([0-9.]+)", out, re.M)
    return secs, float(acc.group(1)) if acc else None


def run_torch(model, epochs, env, threads, ftz, data_dir):
    e = dict(os.environ)
    e.update(env)
    prefix = ["/usr/bin/python3", "-c", FTZ_WRAPPER] if ftz else ["/usr/bin/python3"]
    out = subprocess.run(prefix + [TORCH_SCRIPT, "--model", model, "--epochs", str(epochs),
                          "--threads", str(threads), "--data-dir", data_dir],
                         capture_output=True, text=True, check=True, env=e).stdout
    rec = json.loads(out.split("RESULT ", 1)[1])
    return rec["epoch_s"], rec["test_acc"][-1]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default="a,c")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", default="1,2", help="LayerLab engine thread counts to time, comma-separated")
    ap.add_argument("--layerlab", default=os.path.join(ROOT, "build", "app", "layerlab"))
    args = ap.parse_args()

    data_dir, tmp = DATA_DIR, None
    if not os.path.exists(os.path.join(DATA_DIR, "train-images-idx3-ubyte.gz")):
        tmp = tempfile.mkdtemp(prefix="layerlab-bench-")
        print(f"Fashion-MNIST not installed: using random data of the same shape in {tmp}")
        write_random_idx(tmp)
        data_dir = tmp
    try:
        print(f"| model | LayerLab epoch s (median) | PyTorch fastest config | its epoch s (median) | ratio LayerLab/PyTorch | test acc LayerLab | test acc PyTorch |")
        print("|---|---|---|---|---|---|---|")
        for model in args.models.split(","):
            example, epochs, configs = MODELS[model]
            project = os.path.join(ROOT, "resources", "examples", example + ".layerlab")
            if data_dir != DATA_DIR:
                text = open(project).read().replace(DATA_DIR, data_dir)
                project = os.path.join(tmp, example + ".layerlab")
                open(project, "w").write(text)
            counts = [int(t) for t in args.threads.split(",")]
            ll = {t: ([], []) for t in counts}
            torch = {tag: ([], []) for tag in configs}
            for r in range(args.rounds):
                for t in counts:
                    s, a = run_layerlab(args.layerlab, project, epochs, t)
                    ll[t][0].extend(s)
                    ll[t][1].append(a)
                for tag, (env, threads, ftz) in configs.items():
                    ts, ta = run_torch(model, epochs, env, threads, ftz, data_dir)
                    torch[tag][0].extend(ts)
                    torch[tag][1].append(ta)
                print(f"  round {r + 1}: " + "; ".join(f"layerlab t{t} {['%.3f' % x for x in ll[t][0][-epochs:]]}" for t in counts) +
                      "; " + "; ".join(f"{t} {['%.3f' % x for x in torch[t][0][-epochs:]]}" for t in configs),
                      file=sys.stderr, flush=True)
            best = min(configs, key=lambda t: statistics.median(torch[t][0]))
            tm = statistics.median(torch[best][0])
            acc = lambda xs: "n/a" if tmp or xs[0] is None else f"{statistics.median(xs):.4f}"
            for t in counts:
                secs, accs = ll[t]
                lm = statistics.median(secs)
                print(f"| {model} ({example}), {t} thread{'s' if t > 1 else ''} | {lm:.3f} ({min(secs):.3f}-{max(secs):.3f}) | {best} | "
                      f"{tm:.3f} ({min(torch[best][0]):.3f}-{max(torch[best][0]):.3f}) | {lm / tm:.2f} | "
                      f"{acc(accs)} | {acc(torch[best][1])} |", flush=True)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
