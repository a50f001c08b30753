#!/usr/bin/env bash
# Data with no area (one point; a layer of points on one east-west line) opens and draws: the
# overview inset divided by the extent's zero size and the window crashed (found by
# bench/bench_launch.sh, whose baseline is a one-point file).
ZHENMAP=$1 COLOR_COUNT=$2 SRC=$3
source "$(dirname "$0")/ui_lib.sh"

cat >"$UI_TMP/one.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "一点"},
 "geometry": {"type": "Point", "coordinates": [116.37, 23.55]}}]}
JSON
cat >"$UI_TMP/flat.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [116.30, 23.55]}},
 {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [116.40, 23.55]}}]}
JSON
start_xvfb
for f in one flat; do
  rm -f "$UI_TMP/state.json"
  start_app "$UI_TMP/$f.geojson"
  wait_for '"first_full_frame_unix_ns" in s'
  wait_state_settle
  press_key plus
  wait_state_settle
  kill -0 "$APP_PID" 2>/dev/null || fail "zhenmap died on $f.geojson"
  kill "$APP_PID"
  wait "$APP_PID" 2>/dev/null || true
done
echo "PASS: a one-point layer and a layer without height open and draw"
