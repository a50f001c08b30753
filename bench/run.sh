#!/bin/sh
# Benchmark runner: builds the benchmark programs, then runs bench/run.py (see bench/README.md).
#   bench/run.sh [--sizes small,large] [--runs 5] [--smoke] [--no-qgis] [--no-mapnik] [--build-dir DIR] ...
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build="$here/../build-bench"
prev=""
for a in "$@"; do
  [ "$prev" = "--build-dir" ] && build="$a"
  prev="$a"
done
if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
  cmake -S "$here/.." -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" -j2 --target zhenmap bench_workload bench_render bench_edit ogr_read >/dev/null
ZHENMAP_BENCH_COMMAND="bench/run.sh $*" exec /usr/bin/python3 "$here/run.py" --build-dir "$build" "$@"
