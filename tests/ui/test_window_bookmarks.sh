#!/usr/bin/env bash
# Bookmarks in the real window on the demo project: Ctrl+B opens the panel listing the project's
# bookmarks, a click flies to one (the extent read here from the project file with sqlite3, fitted
# with no margin into the map area no panel covers, centred there), and the current view saved
# under a new name lands in the project's bookmarks table.
ZHENMAP=$1 COLOR_COUNT=$2 SRC=$3
source "$(dirname "$0")/ui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed"

"$ZHENMAP" demo --out "$UI_TMP/demo.sqlite" >/dev/null || fail "cannot build the demo"
# The second bookmark (a town; the first is the whole city).
name=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT name FROM bookmarks ORDER BY id LIMIT 1 OFFSET 1").fetchone()[0])' "$UI_TMP/demo.sqlite")
start_xvfb
start_app "$UI_TMP/demo.sqlite"
wait_state_settle
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); sys.exit(0 if sys.argv[2] in s["bookmarks"] else 1)' "$UI_TMP/state.json" "$name" \
  || fail "bookmark $name not listed: $(state_json 's["bookmarks"]')"

xdotool mousemove 640 400
xdotool key ctrl+b
wait_for '"bookmark:'"$name"'" in s["widgets"]'
click_widget "bookmark:$name"
wait_state_settle
python3 - "$UI_TMP/demo.sqlite" "$name" "$UI_TMP/state.json" <<'PY' || fail "the bookmark flew to the wrong view"
import json, math, sqlite3, sys
db, name, state = sys.argv[1:]
x0, y0, x1, y1 = sqlite3.connect(db).execute(
    "SELECT min_lon, min_lat, max_lon, max_lat FROM bookmarks WHERE name = ?", (name,)).fetchone()
R = 6378137.0
merc = lambda lon, lat: (R * math.radians(lon), R * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))
(ax, ay), (bx, by) = merc(x0, y0), merc(x1, y1)
s = json.load(open(state))
# Fitted (no margin) into the part of the window no panel covers, centred there. The camera's
# centre is the middle of the map view (map_rect, the docked layout's centre).
WW, WH = s["window"]
X, Y, W, H = s["map_rect"]
x, y, w, h = s["map_area"]
assert 0 < w * h < WW * WH, s["map_area"]
r = max((bx - ax) / w, (by - ay) / h)
c = s["center"]
cx, cy = c[0] + (x + w / 2 - X - W / 2) * r, c[1] - (y + h / 2 - Y - H / 2) * r
assert abs(cx - (ax + bx) / 2) < r and abs(cy - (ay + by) / 2) < r, f"map area centre {cx},{cy}"
assert abs(s["units_per_pixel"] / r - 1) < 1e-3, f"resolution {s['units_per_pixel']}, expected {r}"
PY

# Save the current view as a new bookmark (type the name, Enter).
wait_for '"bookmark_name" in s["widgets"]'
click_widget bookmark_name
sleep 0.2
xdotool type "test view 1"
press_key Return
wait_for '"test view 1" in s["bookmarks"]'
python3 - "$UI_TMP/demo.sqlite" "$UI_TMP/state.json" <<'PY' || fail "the new bookmark is not the current view in the project file"
import json, math, sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute(
    "SELECT min_lon, min_lat, max_lon, max_lat FROM bookmarks WHERE name = 'test view 1'").fetchone()
assert row, "no row"
s = json.load(open(sys.argv[2]))
lon = math.degrees(s["center"][0] / 6378137.0)
lat = math.degrees(2 * math.atan(math.exp(s["center"][1] / 6378137.0)) - math.pi / 2)
assert row[0] < lon < row[2] and row[1] < lat < row[3], (row, lon, lat)
PY
kill -0 "$APP_PID" || fail "zhenmap died during the test"
echo "PASS: bookmark $name flies to its extent; a new bookmark is saved in the project"
