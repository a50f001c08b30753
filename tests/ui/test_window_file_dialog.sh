#!/usr/bin/env bash
# The in-app file browser: Ctrl+O opens it (here on the current folder); it lists folders and
# the files GDAL reads as vector data (a Chinese file name among them) but not notes or photos; typing a name and
# Enter adds that file as a layer, with a progress bar while it loads.
ZHENMAP=$1 COLOR_COUNT=$2 SRC=$3
source "$(dirname "$0")/ui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed"

DATA="$UI_TMP/资料"
mkdir -p "$DATA/子文件夹"
cp "$SRC/data/jieyang/jieyang_counties.geojson" "$DATA/县界.geojson"
cat >"$DATA/plan.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "规划区"},
 "geometry": {"type": "Polygon", "coordinates": [[[116.10, 23.40], [116.30, 23.40], [116.30, 23.60],
 [116.10, 23.60], [116.10, 23.40]]]}}]}
JSON
echo "not data" >"$DATA/notes.md"
echo "not an image" >"$DATA/photo.jpg"  # raster-only formats are not offered either

start_xvfb
cd "$DATA"  # nothing added yet and no saved folder: the browser opens on the current folder
start_app "$DATA/县界.geojson"
wait_state_settle
xdotool mousemove 640 400
xdotool key ctrl+o
wait_for 's["file_dialog"] is not None'
wait_for 's["file_dialog"]["dir"].endswith("资料") and s["file_dialog"]["typing"]'
python3 - "$UI_TMP/state.json" <<'PY' || fail "the file list is wrong"
import json, sys
e = json.load(open(sys.argv[1]))["file_dialog"]["entries"]
assert e == ["子文件夹", "plan.geojson", "县界.geojson"], e
PY
xdotool type "plan.geojson"
press_key Return
wait_for 's["layers"] == 2 and s["file_dialog"] is None'
[ "$(state_json 's["layer_list"][1]["file"]')" = "plan.geojson" ] || fail "plan.geojson is not the top layer"
screenshot "$UI_TMP/added.png"
# The square is drawn (palette colours the counties do not use: the first is #fdb462).
n=$("$COLOR_COUNT" "$UI_TMP/added.png" '#fdb462' 0)
[ "$n" -gt 1000 ] || fail "the added layer covers only $n pixels"
kill -0 "$APP_PID" || fail "zhenmap died during the test"
echo "PASS: the file browser lists GDAL-readable files with Chinese names and adds the chosen one"
