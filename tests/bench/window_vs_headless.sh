#!/bin/sh
# Training speed in the real window against `layerlab train`: the whole
# MainWindow on an X server (Xvfb at 1280x800, the xcb platform, as a user
# sees it; bench_gui_training --window opens the project, loads its data as
# File > Open does and clicks Train) and headless training of the same project,
# data, epochs and threads, ALTERNATING one window run and one headless run
# REPEAT times (the machine's cores are shared: never both at once, and slow
# phases of the machine hit both sides alike). Reports medians of:
#   epoch    training time per epoch (EpochStats::seconds, what `layerlab
#            train` prints per epoch);
#   samples/s  what the window's speed label shows at the end of the run
#            (samples over the run's elapsed time, insight and layer health
#            between epochs included) against headless samples over the sum
#            of its epoch times;
#   and the CPU seconds the window's GUI thread and the X server used per run,
#   and how often per second the GUI thread woke up (each wake-up takes a
#   core from training while training uses both).
# DESIGN.md's target: the window within 5% of headless.
#
#   tests/bench/window_vs_headless.sh [BUILD_DIR] [PROJECT] [EPOCHS] [REPEAT] [THREADS] [LIMIT]
# defaults: build, resources/examples/mnist_cnn.layerlab (Fashion-MNIST from
# Debian's dataset-fashion-mnist), 2 epochs, 5 pairs, 2 threads, LIMIT 0 (all
# 60000 training images). Needs xvfb-run and the targets layerlab and
# bench_gui_training built in BUILD_DIR.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${LAYERLAB_BENCH_XVFB:-}" ]; then
    # One X server for the whole series (started and stopped by xvfb-run).
    LAYERLAB_BENCH_XVFB=1 exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi
build=${1:-$here/build}
project=${2:-$here/resources/examples/mnist_cnn.layerlab}
epochs=${3:-2}
repeat=${4:-5}
threads=${5:-2}
limit=${6:-0}
export QT_QPA_PLATFORM=xcb
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# The bench window keeps its settings and recent files away from the user's.
export XDG_CONFIG_HOME="$scratch/config" XDG_RUNTIME_DIR="$scratch/runtime"
mkdir -p "$XDG_CONFIG_HOME" && mkdir -m 700 "$XDG_RUNTIME_DIR"
limitArg=""
[ "$limit" -gt 0 ] && limitArg="--limit $limit"

# CPU seconds (user + system) the X server of $DISPLAY has used so far.
xpid=$(pgrep -f "^Xvfb $DISPLAY( |\$)" | head -n 1 || true)
xcpu() {
    if [ -n "$xpid" ] && [ -r "/proc/$xpid/stat" ]; then
        awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.3f\n", ($12 + $13) / hz }' "/proc/$xpid/stat"
    else
        echo 0
    fi
}

median() { printf '%s\n' $1 | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

gEpoch="" gRate="" gCpu="" gWake="" xCpu="" hEpoch="" hRate=""
i=0
while [ "$i" -lt "$repeat" ]; do
    i=$((i + 1))
    x0=$(xcpu)
    # shellcheck disable=SC2086
    line=$("$build/tests/bench/bench_gui_training" "$project" --window --threads "$threads" --epochs "$epochs" \
               --repeat 1 $limitArg 2>/dev/null | grep '^run 1:')
    x1=$(xcpu)
    echo "window   $i: $line, X server cpu $(awk -v a="$x0" -v b="$x1" 'BEGIN { printf "%.3f", b - a }') s"
    gEpoch="$gEpoch $(echo "$line" | sed -n 's/.*epoch \([0-9.]*\) s.*/\1/p')"
    gRate="$gRate $(echo "$line" | sed -n 's/.*window \([0-9.]*\) samples\/s.*/\1/p')"
    gCpu="$gCpu $(echo "$line" | sed -n 's/.*gui thread cpu \([0-9.]*\) s.*/\1/p')"
    gWake="$gWake $(echo "$line" | sed -n 's/.* \([0-9]*\) wake-ups\/s.*/\1/p')"
    xCpu="$xCpu $(awk -v a="$x0" -v b="$x1" 'BEGIN { printf "%.3f", b - a }')"

    # shellcheck disable=SC2086
    out=$("$build/app/layerlab" train "$project" --epochs "$epochs" --threads "$threads" --fresh $limitArg)
    stats=$(echo "$out" | awk '/^epoch / { for (k = 1; k <= NF; ++k) if ($k == "s") { t += $(k - 1); n += $(k + 1) * $(k - 1); e++ } }
                               END { if (e) printf "%.4f %.1f", t / e, n / t }')
    echo "headless $i: epoch $(echo "$stats" | cut -d' ' -f1) s, $(echo "$stats" | cut -d' ' -f2) samples/s"
    hEpoch="$hEpoch $(echo "$stats" | cut -d' ' -f1)"
    hRate="$hRate $(echo "$stats" | cut -d' ' -f2)"
done

ge=$(median "$gEpoch") he=$(median "$hEpoch") gr=$(median "$gRate") hr=$(median "$hRate")
echo "$(basename "$project"), $epochs epochs, $threads threads, $repeat pairs, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg):"
awk -v g="$ge" -v h="$he" 'BEGIN { printf "median epoch: window %.3f s, headless %.3f s, window/headless %.3f\n", g, h, g / h }'
awk -v g="$gr" -v h="$hr" 'BEGIN { printf "median samples/s: window %.0f, headless %.0f, window/headless %.3f\n", g, h, g / h }'
echo "median per window run: GUI thread cpu $(median "$gCpu") s, $(median "$gWake") GUI wake-ups/s, X server cpu $(median "$xCpu") s"
