#!/usr/bin/env bash
# Seeds generated from the test fixtures, with independent tools (ogr2ogr, projinfo, iconv,
# ImageMagick), into OUT/<target>/: a fresh copy on every run of `./dev.sh fuzz`. The hand-written
# seeds live in fuzz/seeds/<target>/ (in git).
#   fuzz/make_seeds.sh OUT
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
OUT=${1:?usage: fuzz/make_seeds.sh OUT}
rm -rf "$OUT"
mkdir -p "$OUT"/{wkt_geometry,style_json,expression,crs_text,text_decode,transform_line,image_decode,date}

# One file per line of stdin, named NAME_N, at most MAX of them.
split_lines() {
  local dir=$1 name=$2 max=$3 n=0 line
  while IFS= read -r line && [ "$n" -lt "$max" ]; do
    [ -n "$line" ] || continue
    printf '%s' "$line" >"$dir/${name}_$n"
    n=$((n + 1))
  done
}

# Geometries of the golden cases and the bundled data as WKT (ogr2ogr), simplified to keep seeds small.
for f in tests/golden/*/*.geojson data/jieyang/*.geojson; do
  base=$(basename "$(dirname "$f")")_$(basename "$f" .geojson)
  ogr2ogr -q -f CSV /vsistdout/ "$f" -lco GEOMETRY=AS_WKT -select "" -simplify 0.001 2>/dev/null |
    tail -n +2 | sed -e 's/^"//' -e 's/".*$//' | split_lines "$OUT/wkt_geometry" "$base" 20
done

# Style JSON of the golden cases, their expressions and filters.
for f in tests/golden/*/*.style.json; do
  cp "$f" "$OUT/style_json/$(basename "$(dirname "$f")")_$(basename "$f")"
done
python3 - "$OUT/expression" tests/golden/*/*.style.json <<'EOF'
import json, sys, os
out, n = sys.argv[1], 0
for path in sys.argv[2:]:
    style = json.load(open(path, encoding="utf-8"))
    texts = [style.get("expression", "")] + [c.get("filter", "") for c in style.get("classes", [])]
    texts.append(style.get("label", {}).get("expression", ""))
    for t in texts:
        if t:
            open(os.path.join(out, "golden_%d" % n), "w", encoding="utf-8").write(t)
            n += 1
EOF

# CRS definitions in the forms users paste (projinfo), for the CRSs the project uses.
for crs in EPSG:4490 EPSG:4326 EPSG:3857 EPSG:4548 EPSG:4527 EPSG:2383; do
  for form in WKT2_2019 WKT1_GDAL PROJ PROJJSON; do
    projinfo -q -o "$form" "$crs" >"$OUT/crs_text/${crs/:/_}_$form" 2>/dev/null || rm -f "$OUT/crs_text/${crs/:/_}_$form"
  done
done

# Attribute text of the bundled data: UTF-8 as it is, and re-encoded as GB18030 and Latin-1 bytes.
for f in data/jieyang/*.csv; do
  base=$(basename "$f" .csv)
  head -n 40 "$f" | split_lines "$OUT/text_decode" "$base" 40
  head -n 40 "$f" | iconv -f UTF-8 -t GB18030 | split_lines "$OUT/text_decode" "${base}_gb18030" 40
done
printf 'caf\xe9 \xa9 Jieyang' >"$OUT/text_decode/latin1"

# Coordinates of the bundled data as `transform` reads them (x y [rest]).
ogr2ogr -q -f CSV /vsistdout/ data/jieyang/jieyang_counties.geojson -dialect sqlite \
  -sql "SELECT ST_X(ST_Centroid(geometry)) || ' ' || ST_Y(ST_Centroid(geometry)) || ' ' || name AS xy FROM jieyang_counties" \
  2>/dev/null | tail -n +2 | tr -d '"' | split_lines "$OUT/transform_line" counties 10

# Images: the smallest goldens, and tiny PNG and JPEG files in every colour type (ImageMagick).
ls -S tests/golden/*/expected.png | tail -n 3 | while read -r f; do cp "$f" "$OUT/image_decode/$(basename "$(dirname "$f")").png"; done
if command -v convert >/dev/null; then
  convert -size 3x2 xc:red "$OUT/image_decode/rgb.png"
  convert -size 3x2 xc:gray -type Grayscale "$OUT/image_decode/gray.png"
  convert -size 3x2 xc:'rgba(0,0,255,0.5)' "$OUT/image_decode/rgba.png"
  convert -size 4x4 xc:red -type Palette "PNG8:$OUT/image_decode/palette.png"
  convert -size 4x4 gradient: -depth 16 "PNG48:$OUT/image_decode/deep.png"
  convert -size 5x3 xc:green -interlace PNG "$OUT/image_decode/interlaced.png"
  convert -size 8x8 gradient: -quality 50 "$OUT/image_decode/gray.jpg"
  convert -size 8x8 xc:orange -interlace JPEG "$OUT/image_decode/progressive.jpg"
fi

# Dates as SQLite writes them (date(), datetime(), strftime).
sqlite3 :memory: "SELECT date('2024-02-28', '+' || value || ' days') FROM generate_series(0, 3);
  SELECT datetime('2024-05-01 08:30:00'); SELECT strftime('%Y-%m-%dT%H:%M:%fZ', '2024-05-01 08:30:00.25');" \
  2>/dev/null | split_lines "$OUT/date" sqlite 10 || true
echo "seeds: $(find "$OUT" -type f | wc -l) files in $OUT"
