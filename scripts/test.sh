#!/usr/bin/env bash
# Installs what LayerLab needs, builds everything (Release, Ninja) and runs all
# tests with CTest. The exit code is CTest's.
#   BUILD_DIR=dir   build folder (default: build)
#   CMAKE_ARGS=...  extra arguments for cmake's configure step,
#                   e.g. CMAKE_ARGS="-DLAYERLAB_SANITIZE=ON" BUILD_DIR=build-asan
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}

scripts/install-deps.sh
# shellcheck disable=SC2086  # CMAKE_ARGS is a list of words on purpose
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release ${CMAKE_ARGS:-}
cmake --build "$BUILD_DIR" -j"$(nproc)"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j2
