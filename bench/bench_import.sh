#!/bin/bash
# Import benchmark (issue 19): reading + planning N CSV points (ours) against ogr2ogr writing the
# same CSV into a SpatiaLite layer, rounds interleaved in one run.
#   bench/bench_import.sh [BUILD_DIR] [ROWS] [ROUNDS]     (defaults: build 100000 3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
rows=${2:-100000}
rounds=${3:-3}
cmake --build "$build" --target bench_import >/dev/null
work="$build/bench-import"
mkdir -p "$work"
csv="$work/projects_$rows.csv"
[ -f "$csv" ] || "$build/bench/bench_import" --generate "$csv" --rows "$rows"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$here" rev-parse --short HEAD), load $(cut -d' ' -f1 /proc/loadavg)"
"$build/bench/bench_import" --run "$csv" --rounds "$rounds" --work "$work"
