#!/usr/bin/env bash
# The attribute table on a 100,000-row layer: generates the tiny workload with 100,000 households
# (bench_workload), then runs bench_table_ui on its households layer (headless EGL, llvmpipe).
# Usage: bench/bench_table_ui.sh [BUILD_DIR] [ROWS]   (default build-bench, 100000)
set -euo pipefail
BUILD=${1:-build-bench}
ROWS=${2:-100000}
SRC=$(cd "$(dirname "$0")/.." && pwd)
cmake --build "$BUILD" --target bench_workload bench_table_ui >/dev/null
DATA="$BUILD/bench-data/table-$ROWS"
if [ ! -f "$DATA/workload.sqlite" ]; then
  mkdir -p "$DATA"
  "$BUILD/bench/bench_workload" --size tiny --households "$ROWS" --out "$DATA"
fi
env -u DISPLAY "$BUILD/bench/bench_table_ui" "$DATA/workload.sqlite" --layer households --frames 60 --size 1920x1080
