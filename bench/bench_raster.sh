#!/usr/bin/env bash
# The raster benchmark: a generated ~2 GB orthophoto (GeoTIFF, EPSG:4527, never committed) with
# overviews built by `zhenmap overviews`, then bench_raster's first frame and pan figures.
#   bench/bench_raster.sh [BUILD_DIR] [--gb 2] [--size 1920x1080] [--frames 60]
# The raster is generated once into BUILD_DIR/bench-data/raster/ and reused. The QGIS side of the
# comparison belongs to the benchmark runner (bench/run.py); this prints zhenmap's JSON.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
build=build
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then build=$1; shift; fi
gb=2
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --gb) gb=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
cmake --build "$build" --target bench_raster bench_raster_gen zhenmap >/dev/null
data="$build/bench-data/raster"
tif="$data/ortho_${gb}gb.tif"
mkdir -p "$data"
if [ ! -f "$tif.done" ]; then
  rm -f "$tif" "$tif.ovr"
  /usr/bin/time -f "generate: %e s" "$build/bench/bench_raster_gen" --out "$tif" --gb "$gb"
  /usr/bin/time -f "overviews: %e s" "$build/app/zhenmap" overviews "$tif" | tail -1
  touch "$tif.done"
fi
ls -l "$tif" >&2
unset DISPLAY
exec "$build/bench/bench_raster" "$tif" "${args[@]}"
