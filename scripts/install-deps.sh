#!/usr/bin/env bash
# Installs the Debian 12 packages LayerLab needs to build, test and run.
# Idempotent: does nothing when everything is already installed.
#   scripts/install-deps.sh          build, test and run
#   scripts/install-deps.sh --bench  also OpenBLAS for the speed comparison with PyTorch
set -euo pipefail

packages=(
  cmake ninja-build g++ qt6-base-dev qt6-svg-dev libqcustomplot-dev libeigen3-dev
  libgraphviz-dev nlohmann-json3-dev zlib1g-dev xvfb xauth fonts-dejavu-core
  clang libclang-rt-14-dev dataset-fashion-mnist hyperfine
  python3-torch python3-numpy python3-onnx python3-opencv libonnx-dev libprotobuf-dev protobuf-compiler
)

for arg in "$@"; do
  case "$arg" in
    # OpenBLAS: without it Debian's torch falls back to the reference BLAS and runs ~10x
    # slower than shared/bench/BASELINE.md, which would make the comparison meaningless.
    # PyTorch itself is in the base list: core_recurrent checks the recurrent layers against it.
    --bench) packages+=(libopenblas-dev) ;;
    -h|--help)
      sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'
      exit 0 ;;
    *) echo "install-deps.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps.sh: all ${#packages[@]} packages are already installed."
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps.sh: apt-get not found; LayerLab's scripts expect Debian 12." >&2
  echo "Install these packages by hand: ${missing[*]}" >&2
  exit 1
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "install-deps.sh: missing packages (${missing[*]}) and not root, and sudo is not available." >&2
    echo "Run this script as root." >&2
    exit 1
  fi
fi

echo "install-deps.sh: installing ${missing[*]}"
apt_opts=(-o DPkg::Lock::Timeout=600)
"${sudo[@]}" apt-get "${apt_opts[@]}" update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get "${apt_opts[@]}" install -y --no-install-recommends "${packages[@]}"
