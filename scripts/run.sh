#!/usr/bin/env bash
# Installs what LayerLab needs, builds it (Release, into build/) and opens the
# spiral example. Without a display it trains the example headless instead.
# Extra arguments are passed on to layerlab.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}

scripts/install-deps.sh
if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
  # shellcheck disable=SC2086  # CMAKE_ARGS is a list of words on purpose
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release ${CMAKE_ARGS:-}
fi
cmake --build "$BUILD_DIR" -j"$(nproc)" --target layerlab

example=resources/examples/spiral.layerlab
if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; then
  exec "$BUILD_DIR/app/layerlab" "$example" "$@"
else
  echo "No display found: running the example headless (the GUI needs a display; try xvfb-run scripts/run.sh)"
  exec "$BUILD_DIR/app/layerlab" train "$example" "$@"
fi
