#!/bin/bash
# Real-GPU frame times of bench_render, headless through EGL, on a machine without zhenmap's
# packages: unpacks what bench/device/pack.sh packed beside this script, makes the small and large
# workloads there (checksums printed), runs the demo with labels, small and large 3 rounds each at
# 1920x1080, then large at 3840x2160 and the demo at 7680x4320 once. Writes OUT/results.jsonl
# (one bench_render JSON per line) and OUT/log.txt. QUICK=1: a few frames only (a dry run).
set -u
OUT=${OUT:-/tmp/gpu-out}; mkdir -p "$OUT"
here=$(cd "$(dirname "$0")" && pwd)
res="$OUT/results.jsonl"; : >"$res"
exec > >(tee -a "$OUT/log.txt") 2>&1
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
echo "== $(date -u +%FT%TZ) $(uname -srm)"; head -1 /etc/os-release; ldd --version | head -1
frames=60; clicks=1000; budget=20
[ "${QUICK:-0}" = 1 ] && { frames=5; clicks=20; budget=2; }
Z=/tmp/zm; rm -rf $Z; mkdir -p $Z
if command -v nvidia-smi >/dev/null; then
  nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm --format=csv
  for f in "$here"/gl/*.deb; do [ -f "$f" ] && dpkg -x "$f" /; done; ldconfig
  v=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
  [ -f $v ] && export __EGL_VENDOR_LIBRARY_FILENAMES=$v
fi
t=$(date +%s%N); tar -C $Z -xJf "$here/zm.tar.xz" || { echo "unpack failed"; exit 3; }; echo "unpacked in $(ms_since $t) ms"
B=$Z/zm/bin D=/tmp/zm-data
# The machine's own libstdc++ when it has every version the programs need, else the carried one.
export LD_LIBRARY_PATH=$Z/zm/lib
if ldd $B/bench_render $B/bench_workload | grep -q "not found"; then
  export LD_LIBRARY_PATH=$Z/zm/lib:$Z/zm/lib-cxx; echo "libstdc++: carried"
else
  echo "libstdc++: the machine's"
fi
export PROJ_DATA=$Z/zm/proj PROJ_LIB=$Z/zm/proj GDAL_DATA=$Z/zm/gdal ZHENMAP_FONT=$Z/zm/zh.otf
missing=$(ldd $B/bench_render $B/bench_workload | grep "not found"); [ -n "$missing" ] && { echo "missing: $missing"; exit 4; }
for s in small large; do
  $B/bench_workload --size $s --seed 20261129 --out $D/$s --households 10000 >/dev/null || { echo "workload $s failed"; exit 5; }
  echo "$s $(grep -o '"coordinate_checksum": "[0-9a-f]*"' $D/$s/manifest.json)"
done
run() {  # NAME ARGS...: one bench_render, its JSON as one line of results.jsonl
  local name=$1; shift
  local t; t=$(date +%s%N)
  local j; j=$(timeout 200 $B/bench_render "$@" 2>"$OUT/err.txt"); local rc=$?
  # A run that failed may have printed half an object: its result is recorded as null.
  [ $rc = 0 ] && [ -n "$j" ] || j=null
  echo "{\"run\": \"$name\", \"rc\": $rc, \"wall_ms\": $(ms_since "$t"), \"result\": $(printf "%s" "$j" | tr "\n" " ")}" >>"$res"
  echo "-- $name rc=$rc $(ms_since "$t") ms $(echo "$j" | grep -o -e '"gl_renderer": "[^"]*"' -e '"pan_frame_ms_median": [0-9.]*' | tr '\n' ' ')"
  [ $rc = 0 ] || tail -5 "$OUT/err.txt"
  return $rc
}
# A short probe first: stop at once, saying why, when EGL does not reach the GPU.
run probe --data $Z/zm/jieyang_demo.sqlite --labels --frames 3 --clicks 5 --budget 1 || exit 6
if command -v nvidia-smi >/dev/null && ! grep -q '"gl_renderer": "[^"]*NVIDIA' "$res"; then echo "not on the NVIDIA GPU"; exit 7; fi
for r in 1 2 3; do
  run demo$r --data $Z/zm/jieyang_demo.sqlite --labels --frames $frames --clicks 10 --budget $budget
  run small$r --data $D/small/workload.gpkg --frames $frames --clicks $clicks --budget $budget
  run large$r --data $D/large/workload.gpkg --frames $frames --clicks $clicks --budget $budget
done
run large_4k --data $D/large/workload.gpkg --size 3840x2160 --frames $frames --clicks 10 --budget $budget
run demo_8k --data $Z/zm/jieyang_demo.sqlite --labels --size 7680x4320 --frames $frames --clicks 10 --budget $budget
echo "== done $(date -u +%FT%TZ)"
