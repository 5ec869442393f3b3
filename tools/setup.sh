#!/usr/bin/env bash
# Installs the Debian 12 packages Vigil needs (only those missing), then configures and builds build/
# (VIGIL_BUILD_DIR, VIGIL_CMAKE_ARGS, VIGIL_EXTRA_PACKAGES, VIGIL_BUILD_TARGETS change which and how).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake ninja-build pkg-config libyaml-cpp-dev nlohmann-json3-dev tao-pegtl-dev
          libboost-dev catch2 libre2-dev libcli11-dev libsimdjson-dev libvectorscan-dev zlib1g-dev python3 nodejs
          python3-jsonschema python3-yaml)
# Extra packages for one build (CI's fuzz build adds clang and libFuzzer's runtime).
packages+=(${VIGIL_EXTRA_PACKAGES:-})
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

build_dir=${VIGIL_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja ${VIGIL_CMAKE_ARGS:-} >/dev/null
# VIGIL_BUILD_TARGETS: only these (the fuzz build needs its three binaries, not the whole tree).
cmake --build "$build_dir" -j "$(nproc)" ${VIGIL_BUILD_TARGETS:+--target $VIGIL_BUILD_TARGETS}
