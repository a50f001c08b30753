#!/usr/bin/env bash
# The style editor in the real window: a dropped layer of two areas (kind a / b, in the south,
# clear of the panels) drawn with one
# colour is switched to categorized by `kind`; after Apply each area has its own palette colour
# on screen. On the demo project, turning a layer's labels off is saved in the project's styles.
ZHENMAP=$1 COLOR_COUNT=$2 SRC=$3
source "$(dirname "$0")/ui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed"

AREAS="$UI_TMP/areas.geojson"
cat >"$AREAS" <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"kind": "a"}, "geometry": {"type": "Polygon",
  "coordinates": [[[116.00, 23.02], [116.15, 23.02], [116.15, 23.12], [116.00, 23.12], [116.00, 23.02]]]}},
 {"type": "Feature", "properties": {"kind": "b"}, "geometry": {"type": "Polygon",
  "coordinates": [[[116.25, 23.02], [116.40, 23.02], [116.40, 23.12], [116.25, 23.12], [116.25, 23.02]]]}}]}
JSON
start_xvfb
start_app "$SRC/data/jieyang/jieyang_counties.geojson" --drop-file "$AREAS"
wait_for 's["layers"] == 2 and not s["relabeling"]'
wait_state_settle
# merc (Web Mercator of a lon/lat point) is in ui_lib.sh.
read -r AX AY < <(map_to_screen $(merc 116.05 23.07))
read -r BX BY < <(map_to_screen $(merc 116.35 23.07))
a0=$(pixel_at "$AX" "$AY"); b0=$(pixel_at "$BX" "$BY")
[ "$a0" = "$b0" ] || fail "one symbol should draw both areas alike: $a0 / $b0"

click_widget layer:1
wait_for '"style:1" in s["widgets"]'
click_widget style:1
wait_for '"style_kind" in s["widgets"]'
click_widget style_kind
wait_for '"style_kind:1" in s["widgets"]'
click_widget style_kind:1
wait_for '"style_field" in s["widgets"]'
click_widget style_field
wait_for '"style_field:kind" in s["widgets"]'
click_widget style_field:kind
wait_for '"style_classify" in s["widgets"]'
click_widget style_classify
wait_for 's["style_editor"]["classes"] == 2'
click_widget style_apply
wait_for 's["layer_list"][1]["style_kind"] == 1 and s["layer_list"][1]["classes"] == 2 and s["styling"] == 0'
wait_state_settle
# Two classes: the first two palette colours (#8dd3c7 for "a", #ffffb3 for "b", in value order).
[ "$(pixel_at "$AX" "$AY")" = "#8dd3c7" ] || fail "area a is $(pixel_at "$AX" "$AY"), expected #8dd3c7"
[ "$(pixel_at "$BX" "$BY")" = "#ffffb3" ] || fail "area b is $(pixel_at "$BX" "$BY"), expected #ffffb3"
screenshot "$UI_TMP/categorized.png"
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""; rm -f "$UI_TMP/state.json"

# The demo: townships (the bottom layer) lose their labels; the project's styles table says so.
"$ZHENMAP" demo --out "$UI_TMP/demo.sqlite" >/dev/null || fail "cannot build the demo"
start_app "$UI_TMP/demo.sqlite"
wait_state_settle
bottom=$(state_json 's["layer_list"][0]["name"]')
[ "$bottom" = townships ] || fail "the bottom layer is $bottom"
before=$(state_json 's["layer_list"][0]["labels"]')
[ "$before" -gt 10 ] || fail "townships have only $before labels"
click_widget layer:0
wait_for '"style:0" in s["widgets"]'
click_widget style:0
wait_for '"style_labels" in s["widgets"]'
click_widget style_labels
click_widget style_apply
wait_for 's["layer_list"][0]["labels"] == 0 and s["styling"] == 0'
python3 - "$UI_TMP/demo.sqlite" <<'PY' || fail "the style saved in the project still labels townships"
import json, sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute("SELECT style_json FROM styles WHERE layer = 'townships'").fetchone()
assert row, "no saved style"
label = json.loads(row[0]).get("label", {})
assert not label.get("expression") and not label.get("field"), label
PY
kill -0 "$APP_PID" || fail "zhenmap died during the test"
echo "PASS: categorized style applied from the editor; a style change is saved in the project"
