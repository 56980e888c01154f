#!/usr/bin/env bash
# Evidence for issue 4: the bundled 784-128-64-10 MLP (resources/examples/mnist_mlp.layerlab,
# pixels scaled to [0, 1], Adam 0.001, batch 64) trained headless for 3 epochs on
# Fashion-MNIST from the IDX files of the Debian package dataset-fashion-mnist, tested
# on its 10,000 t10k images. Prints the test accuracy and the wall time; fails (exit 1)
# below 85% test accuracy. Not a CTest test (it reads 60,000 images; a few seconds).
#
# Usage (from anywhere, after a Release build):
#   tests/bench/fashion_mlp.sh [path/to/layerlab] [extra train options, e.g. --threads 2]
# The binary defaults to $LAYERLAB, else build/app/layerlab in the repo.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA=/usr/share/datasets/fashion-mnist
EXE="${LAYERLAB:-$ROOT/build/app/layerlab}"
if [[ $# -gt 0 && "$1" != -* ]]; then EXE="$1"; shift; fi
PROJECT="$ROOT/resources/examples/mnist_mlp.layerlab"
EXPECTED_PARAMS=109386  # 784*128+128 + 128*64+64 + 64*10+10: the 784-128-64-10 MLP
MIN_ACC=0.85

[[ -x "$EXE" ]] || { echo "fashion_mlp: no layerlab binary at $EXE (build it, or pass its path)" >&2; exit 2; }
for f in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz; do
    [[ -f "$DATA/$f" ]] || { echo "fashion_mlp: $DATA/$f missing (apt-get install dataset-fashion-mnist)" >&2; exit 2; }
done

LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
start=$(date +%s.%N)
"$EXE" train "$PROJECT" --epochs 3 "$@" | tee "$LOG"
end=$(date +%s.%N)

params=$(sed -n 's/^[^:]*: \([0-9]*\) parameters.*/\1/p' "$LOG" | head -n1)
acc=$(sed -n 's/^test .* acc \([0-9.]*\) .*/\1/p' "$LOG" | head -n1)
train_s=$(awk '/^epoch /{for (i = 1; i < NF; ++i) if ($(i + 1) == "s") t += $i} END {printf "%.2f", t}' "$LOG")
wall=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}')

echo
echo "model parameters: ${params:-?} (expected $EXPECTED_PARAMS)"
echo "test accuracy:    ${acc:-none}"
echo "wall time:        ${wall} s (3 training epochs: ${train_s} s; the rest is reading and testing)"
[[ "$params" == "$EXPECTED_PARAMS" ]] || { echo "FAIL: mnist_mlp.layerlab is not the 784-128-64-10 MLP" >&2; exit 1; }
[[ -n "$acc" ]] || { echo "FAIL: no test accuracy printed" >&2; exit 1; }
if awk -v a="$acc" -v m="$MIN_ACC" 'BEGIN {exit !(a >= m)}'; then
    echo "PASS: test accuracy $acc >= $MIN_ACC"
else
    echo "FAIL: test accuracy $acc < $MIN_ACC" >&2
    exit 1
fi
