#!/usr/bin/env bash
# zhenmap developer entry point. On a fresh Debian 12 machine (as root, or with sudo):
#   ./dev.sh run [ARGS...]   install missing packages, build, build the demo project if missing, open the viewer
#   ./dev.sh test            install missing packages, build, run the whole test suite headless
#   ./dev.sh build [PRESET]  install missing packages and build (presets: default, debug, asan)
#   ./dev.sh asan            build and run the whole test suite with ASan + UBSan
#   ./dev.sh fuzz [SECONDS]  build the libFuzzer harnesses of fuzz/ (clang, ASan + UBSan) and run each
#                            for SECONDS (default 60); installs clang itself (see fuzz/README.md)
# Safe to run again: packages already installed are not touched, builds are incremental.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libgdal-dev gdal-bin libproj-dev proj-bin libgeos-dev
  libsqlite3-dev sqlite3 libspatialite-dev libsqlite3-mod-spatialite spatialite-bin
  libpq-dev postgresql-15-postgis-3 libssl-dev
  libimgui-dev libglfw3-dev python3-glad libstb-dev libpng-dev
  libegl-dev libegl1-mesa-dev libgl1-mesa-dri libgl-dev libglu1-mesa-dev
  libcli11-dev nlohmann-json3-dev libgtest-dev libbenchmark-dev
  libcairo2-dev poppler-utils fonts-noto-cjk libcurl4-openssl-dev
  xvfb xauth xdotool imagemagick python3
)

# Only `./dev.sh fuzz` needs these: the normal build and tests use GCC.
FUZZ_PACKAGES=(clang-14 libfuzzer-14-dev)

install_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing missing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
  local preset=${1:-default}
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
}

demo_project() {
  local demo=build/demo/jieyang_demo.sqlite
  if ./build/app/zhenmap --help 2>/dev/null | grep -qE "^ +demo "; then
    if [ ! -f "$demo" ]; then
      mkdir -p build/demo
      ./build/app/zhenmap demo --out "$demo" >&2
    fi
    echo "$demo"
  else
    echo "data/jieyang/jieyang_counties.geojson"
  fi
}

cmd=${1:-run}
shift || true
case "$cmd" in
  run)
    install_packages
    build default
    if [ $# -eq 0 ]; then set -- "$(demo_project)"; fi
    exec ./build/app/zhenmap "$@"
    ;;
  test)
    install_packages
    build default
    demo_project >/dev/null
    # Headless: no test may need the caller's display; window tests start their own Xvfb.
    unset DISPLAY WAYLAND_DISPLAY
    ctest --preset default "$@"
    ;;
  asan)
    install_packages
    build asan
    unset DISPLAY WAYLAND_DISPLAY
    ctest --preset asan "$@"
    ;;
  fuzz)
    install_packages "${FUZZ_PACKAGES[@]}"
    build fuzz
    exec fuzz/run_fuzzers.sh "${1:-60}" build-fuzz
    ;;
  build)
    install_packages
    build "${1:-default}"
    ;;
  *)
    echo "usage: ./dev.sh run [ARGS...] | test | asan | fuzz [SECONDS] | build [PRESET]" >&2
    exit 1
    ;;
esac
