#!/bin/sh
# Training speed from the GUI (TrainingController + panel, offscreen) against
# `layerlab train` on the same project and data: per-epoch training time
# (EpochStats::seconds, what `layerlab train` prints), median of R runs each.
# DESIGN.md's target: the GUI within 5% of headless.
#
#   tests/bench/gui_vs_headless.sh [BUILD_DIR] [PROJECT] [LIMIT] [REPEAT]
# defaults: build, resources/examples/mnist_mlp.layerlab, 60000 (all of Fashion-MNIST), 5.
# Needs the targets layerlab and bench_gui_training built in BUILD_DIR.
# Runs one after the other (never both at once): the machine's cores are shared.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
project=${2:-$here/resources/examples/mnist_mlp.layerlab}
limit=${3:-60000}
repeat=${4:-5}
export QT_QPA_PLATFORM=offscreen

gui=$("$build/tests/bench/bench_gui_training" "$project" --limit "$limit" --epochs 1 --repeat "$repeat" |
      tee /dev/stderr | sed -n 's/^run [0-9]*: epoch \([0-9.]*\) s.*/\1/p')
headless=""
i=0
while [ "$i" -lt "$repeat" ]; do
    t=$("$build/app/layerlab" train "$project" --limit "$limit" --epochs 1 --fresh |
        tee /dev/stderr | sed -n 's/^epoch *1\/1 .*  \([0-9.]*\) s  .*/\1/p')
    headless="$headless $t"
    i=$((i + 1))
done
median() { printf '%s\n' $1 | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
g=$(median "$gui")
h=$(median "$headless")
awk -v g="$g" -v h="$h" 'BEGIN { printf "median epoch: gui %.4f s, headless %.4f s, gui/headless %.3f\n", g, h, g / h }'
