#!/usr/bin/env bash
# Layers in the real window: a file dropped on the window (the --drop-file hook goes through the
# GLFW drop callback's path) is added on top with its Chinese file name; hiding it, moving it
# under the counties, changing its opacity and removing it each change the picture as they must.
# A missing file gives an error in the log and a notice instead of a crash.
ZHENMAP=$1 COLOR_COUNT=$2 SRC=$3
source "$(dirname "$0")/ui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed"

# A square "planning area" in the middle of Jieyang (EPSG:4326), well inside the counties.
PLAN="$UI_TMP/规划范围.geojson"
cat >"$PLAN" <<'JSON'
{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "规划区"},
 "geometry": {"type": "Polygon", "coordinates": [[[116.10, 23.40], [116.30, 23.40], [116.30, 23.60],
 [116.10, 23.60], [116.10, 23.40]]]}}]}
JSON
start_xvfb
start_app "$SRC/data/jieyang/jieyang_counties.geojson" --drop-file "$PLAN" --drop-file "$UI_TMP/没有这个文件.geojson"
wait_for 's["layers"] == 2 and not s["relabeling"] and s["log"]["errors"] >= 1'
wait_state_settle

[ "$(state_json 's["layer_list"][1]["file"]')" = "规划范围.geojson" ] || fail "the dropped file is not the top layer"
[ "$(state_json 's["log"]["errors"]')" = 1 ] || fail "the missing file did not give exactly one error"
grep -q "没有这个文件" "$UI_TMP/app.log" || fail "the error does not name the missing file"

# A point inside the square, away from its label in the middle (Web Mercator of 116.15E 23.45N
# computed here, not by the app).
read -r MX MY < <(python3 -c 'import math; R=6378137.0; print(R*math.radians(116.15), R*math.log(math.tan(math.pi/4+math.radians(23.45)/2)))')
read -r SX SY < <(map_to_screen "$MX" "$MY")
plan=$(pixel_at "$SX" "$SY")
# Just outside the square (0.15 degrees west, in Jiexi county): a county fill.
read -r OX OY < <(map_to_screen "$(python3 -c 'import math; print(6378137.0*math.radians(116.0))')" "$MY")
county=$(pixel_at "$OX" "$OY")
[ "$plan" != "$county" ] || fail "the added layer is not visible: $plan at its centre, as outside it"
screenshot "$UI_TMP/added.png"
n_plan=$("$COLOR_COUNT" "$UI_TMP/added.png" "$plan" 0)
[ "$n_plan" -gt 1000 ] || fail "the added square covers only $n_plan pixels"

# Hide it: its colour leaves the screen, the county shows through.
click_widget visible:1
wait_for 's["layer_list"][1]["visible"] == False'
wait_state_settle
[ "$(pixel_at "$SX" "$SY")" != "$plan" ] || fail "hiding the layer left it on screen"
click_widget visible:1
wait_for 's["layer_list"][1]["visible"] == True'
wait_state_settle
[ "$(pixel_at "$SX" "$SY")" = "$plan" ] || fail "showing the layer again did not bring it back"

# Open its entry and move it down, under the (opaque) counties: it disappears.
click_widget layer:1
wait_for '"down:1" in s["widgets"]'
click_widget down:1
wait_for 's["layer_list"][0]["file"] == "规划范围.geojson"'
wait_state_settle
[ "$(pixel_at "$SX" "$SY")" != "$plan" ] || fail "moved under the counties but still on top"
screenshot "$UI_TMP/under.png"
n_under=$("$COLOR_COUNT" "$UI_TMP/under.png" "$plan" 0)
[ "$n_under" -lt $((n_plan / 20)) ] || fail "under the counties, its colour still covers $n_under pixels"

# And back up (its entry is now index 0; its tree node stays open).
wait_for '"up:0" in s["widgets"]'
click_widget up:0
wait_for 's["layer_list"][1]["file"] == "规划范围.geojson"'
wait_state_settle
[ "$(pixel_at "$SX" "$SY")" = "$plan" ] || fail "moved back on top but not drawn on top"

# Opacity 0.3 (Ctrl+click the slider, type the value): the square blends with the county under it.
wait_for '"opacity:1" in s["widgets"]'
read -r px py < <(python3 -c 'import json,sys; w=json.load(open(sys.argv[1]))["widgets"]["opacity:1"]; print(int(w[0]+w[2]/2), int(w[1]+w[3]/2))' "$UI_TMP/state.json")
xdotool mousemove "$px" "$py"
sleep 0.1
xdotool keydown ctrl
sleep 0.2
xdotool click 1
sleep 0.2
xdotool keyup ctrl
sleep 0.2
press_key ctrl+a
xdotool type "0.3"
press_key Return
wait_for 'abs(s["layer_list"][1]["opacity"] - 0.3) < 1e-6'
wait_state_settle
blend=$(pixel_at "$SX" "$SY")
python3 - "$plan" "$county" "$blend" <<'PY' || fail "opacity 0.3 did not blend the square with the county under it"
import sys
p, c, b = [tuple(int(h[i:i + 2], 16) for i in (1, 3, 5)) for h in sys.argv[1:]]
# What is under the square is the county fill seen just outside it (same county).
for k in range(3):
    want = 0.3 * p[k] + 0.7 * c[k]
    assert abs(b[k] - want) <= 12, f"channel {k}: {b[k]}, expected about {want:.0f} (square {p}, county {c})"
PY

# Remove it.
wait_for '"remove:1" in s["widgets"]'
click_widget remove:1
wait_for 's["layers"] == 1'
wait_state_settle
[ "$(pixel_at "$SX" "$SY")" != "$plan" ] || fail "the removed layer is still drawn"
kill -0 "$APP_PID" || fail "zhenmap died during the test"
echo "PASS: drop adds a layer (Chinese file name), hide/show, order, opacity and removal change the picture; a missing file is an error"
