#!/bin/sh
# Packs what bench/device/run.sh needs on a machine that has a GPU but none of zhenmap's Debian
# packages: the stripped benchmark programs, the shared libraries they load (all but glibc and the
# GL loaders), PROJ's and GDAL's data, the demo project and the Noto CJK face cut down to the
# characters in the demo and the workloads (fontTools), plus Debian's GL vendor-neutral loaders.
#   bench/device/pack.sh [DEST]     (default: .gpu/, which must be ignored by git)
# Needs build-bench/ with the demo (bench/run.sh makes both) and python3-fonttools.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
dest=${1:-$root/.gpu}
build=$root/build-bench
demo=$build/bench-data/demo/jieyang_demo.sqlite
[ -f "$demo" ] || { echo "error: $demo is missing: run bench/run.sh first" >&2; exit 1; }
/usr/bin/python3 -c 'import fontTools' 2>/dev/null || apt-get install -y --no-install-recommends python3-fonttools >/dev/null
cmake --build "$build" -j2 --target bench_render bench_workload >/dev/null
stage=$(mktemp -d); trap 'rm -rf "$stage"' EXIT
z=$stage/zm; mkdir -p "$z/lib" "$z/lib-cxx" "$z/bin" "$z/proj" "$z/gdal" "$dest/gl"
rm -f "$dest"/gl/*.deb
for b in bench_render bench_workload; do
  strip -o "$z/bin/$b" "$build/bench/$b"
  ldd "$build/bench/$b" | awk '{print $3}' | grep /
done | sort -u | grep -v -E '/(libc|libm|libpthread|libdl|librt|libEGL|libGLdispatch|libOpenGL|libGLX|libGL|libvulkan)\.so|ld-linux' |
while read -r lib; do
  case $(basename "$lib") in libstdc++*|libgcc_s*) cp -L "$lib" "$z/lib-cxx/" ;; *) cp -L "$lib" "$z/lib/" ;; esac
done
cp /usr/share/proj/proj.db "$z/proj/"; cp -r /usr/share/gdal/. "$z/gdal/"; cp "$demo" "$z/"
# The characters the labels can draw: every text value in the demo and the two workloads
# (bench_workload is deterministic, so those made on the other machine have the same names).
for s in small large; do
  [ -f "$build/bench-data/$s/workload.gpkg" ] ||
    "$build/bench/bench_workload" --size $s --seed 20261129 --out "$build/bench-data/$s" >/dev/null
done
/usr/bin/python3 - "$stage/chars.txt" "$demo" "$build/bench-data/small/workload.gpkg" \
    "$build/bench-data/large/workload.gpkg" <<'PY'
import sqlite3, sys
chars = {chr(c) for c in range(32, 127)}
for path in sys.argv[2:]:
    db = sqlite3.connect(path)
    for (t,) in db.execute("select name from sqlite_master where type = 'table'").fetchall():
        try:
            for row in db.execute(f'select * from "{t}"'):
                chars.update(*(v for v in row if isinstance(v, str)))
        except sqlite3.OperationalError:
            pass  # SpatiaLite's virtual tables need the extension; they hold no names
open(sys.argv[1], "w").write("".join(sorted(chars)))
PY
/usr/bin/python3 -m fontTools.subset /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc --font-number=2 \
  --text-file="$stage/chars.txt" --layout-features='*' --output-file="$z/zh.otf"
tar -C "$stage" -cf - zm | xz -9 -T2 >"$dest/zm.tar.xz"
[ "$(ls "$z/lib" | wc -l)" -gt 50 ] || { echo "error: too few libraries packed (ldd failed?)" >&2; exit 1; }
(cd "$dest/gl" && apt-get download libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2 >/dev/null 2>&1) ||
  { echo "error: apt-get download of the GL loaders failed" >&2; exit 1; }
cp "$root/bench/device/run.sh" "$dest/run.sh"
du -sh "$dest"
