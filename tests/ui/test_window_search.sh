#!/usr/bin/env bash
# The search box in the real window on the demo project, driven by X input (xdotool types only
# Latin letters and digits, so the queries are codes): a village's 12-digit code finds exactly
# that village (name and code as the project file has them); Enter flies to it and selects it,
# and the middle of the map area no panel covers lands on the village's centre. A township's
# 9-digit code lists the township first and then exactly its villages (counted with sqlite3); a
# click on another listed village flies there. Extents are read with GDAL's ogr2ogr, not through zhenmap.
ZHENMAP=$1 COLOR_COUNT=$2 SRC=$3
source "$(dirname "$0")/ui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed"
command -v sqlite3 >/dev/null || fail "sqlite3 is not installed"
command -v ogr2ogr >/dev/null || fail "ogr2ogr is not installed"

DB="$UI_TMP/demo.sqlite"
"$ZHENMAP" demo --out "$DB" >/dev/null || fail "cannot build the demo"
# A township with several villages, and one of its villages (not the first: the list order matters).
read -r tcode tcount <<<"$(sqlite3 -separator ' ' "$DB" \
  "SELECT township_code, count(*) FROM villages GROUP BY township_code HAVING count(*) BETWEEN 8 AND 40 ORDER BY township_code LIMIT 1")"
[ -n "$tcode" ] || fail "no township with 8 to 40 villages in the demo"
vcode=$(sqlite3 "$DB" "SELECT code FROM villages WHERE township_code = '$tcode' ORDER BY code LIMIT 1 OFFSET 3")
vname=$(sqlite3 "$DB" "SELECT name FROM villages WHERE code = '$vcode'")
vid=$(sqlite3 "$DB" "SELECT id FROM villages WHERE code = '$vcode'")
tname=$(sqlite3 "$DB" "SELECT name FROM townships WHERE code = '$tcode'")

# bbox CODE: "minx miny maxx maxy" of a village in EPSG:3857, by GDAL from the project file.
bbox() {
  ogr2ogr -f GeoJSON /vsistdout/ "$DB" villages -where "code = '$1'" -t_srs EPSG:3857 2>/dev/null | python3 -c '
import json, sys
xs, ys = [], []
def walk(c):
    if isinstance(c[0], (int, float)): xs.append(c[0]); ys.append(c[1])
    else:
        for d in c: walk(d)
for f in json.load(sys.stdin)["features"]: walk(f["geometry"]["coordinates"])
print(min(xs), min(ys), max(xs), max(ys))'
}
# assert_centred CODE: the map area's middle is the village's box centre (fly-to centres the
# padded bounds), within 2 pixels, and so inside the village's extent.
assert_centred() {
  python3 - "$(bbox "$1")" "$(map_area_centre_map)" "$(state_field units_per_pixel)" <<'PY' || fail "fly-to did not centre village $1 in the map area: $(state_get 's["map_area"]')"
import sys
x0, y0, x1, y1 = map(float, sys.argv[1].split())
cx, cy = map(float, sys.argv[2].split())
r = float(sys.argv[3])
assert x0 <= cx <= x1 and y0 <= cy <= y1, f"map area centre {cx:.0f},{cy:.0f} outside {x0:.0f},{y0:.0f},{x1:.0f},{y1:.0f}"
assert abs(cx - (x0 + x1) / 2) <= 2 * r and abs(cy - (y0 + y1) / 2) <= 2 * r, f"{cx:.0f},{cy:.0f} vs box centre"
PY
}

start_xvfb
start_app "$DB"
wait_state_settle
# The map area (where fly-to centres) is a part of the window that none of the open panels covers.
python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
x, y, w, h = s["map_area"]
W, H = s["window"]
assert len(s["panel_rects"]) >= 3 and 0 < w * h < W * H, s
for px, py, pw, ph in s["panel_rects"]:
    assert not (px < x + w and px + pw > x and py < y + h and py + ph > y), (s["map_area"], s["panel_rects"])' \
  "$UI_TMP/state.json" || fail "the map area is not clear of the panels: $(state_get 's["map_area"]') $(state_get 's["panel_rects"]')"

# Ctrl+F focuses the box; type the village code.
xdotool mousemove 640 420
press ctrl+f
sleep 0.3
xdotool type --delay 40 "$vcode"
wait_for 'q["query"] == "'"$vcode"'" and q["total"] == 1'
[ "$(state_get 'q["hits"][0]["layer"]')" = villages ] || fail "the hit is on layer $(state_get 'q["hits"][0]["layer"]')"
[ "$(state_get 'q["hits"][0]["code"]')" = "$vcode" ] || fail "the hit's code is $(state_get 'q["hits"][0]["code"]')"
[ "$(state_get 'q["hits"][0]["name"]')" = "$vname" ] || fail "the hit's name is $(state_get 'q["hits"][0]["name"]'), the file says $vname"
press Return
wait_for 'q["flights"] == 1 and not q["flying"] and s.get("selected", {}).get("layer") == "villages"'
wait_state_settle
[ "$(state_get 's["selected"]["fid"]')" = "$vid" ] || fail "selected fid $(state_get 's["selected"]["fid"]'), expected village $vid"
assert_centred "$vcode"
screenshot "$UI_TMP/village.png"

# A code that does not exist finds nothing.
press ctrl+a
press BackSpace
xdotool type --delay 40 "999999"
wait_for 'q["query"] == "999999" and q["total"] == 0 and q["hits"] == []'

# The township's code: the township (exact match) first, then its villages, nothing else.
press ctrl+a
press BackSpace
xdotool type --delay 40 "$tcode"
wait_for 'q["query"] == "'"$tcode"'" and q["total"] == '"$((tcount + 1))"
[ "$(state_get 'q["hits"][0]["layer"]')" = townships ] || fail "the first hit is not the township"
[ "$(state_get 'q["hits"][0]["name"]')" = "$tname" ] || fail "the first hit is $(state_get 'q["hits"][0]["name"]'), expected $tname"
python3 -c 'import json,sys; h=json.load(open(sys.argv[1]))["search"]["hits"][1:]; sys.exit(0 if h and all(x["layer"] == "villages" and x["code"].startswith(sys.argv[2]) for x in h) else 1)' \
  "$UI_TMP/state.json" "$tcode" || fail "hits after the township are not its villages: $(state_get 'q["hits"]')"
# Click another listed village (the hits are in code order, so its row is 1 + its rank).
v2code=$(sqlite3 "$DB" "SELECT code FROM villages WHERE township_code = '$tcode' ORDER BY code LIMIT 1 OFFSET 6")
v2id=$(sqlite3 "$DB" "SELECT id FROM villages WHERE code = '$v2code'")
row=$(($(sqlite3 "$DB" "SELECT count(*) FROM villages WHERE township_code = '$tcode' AND code < '$v2code'") + 1))
[ "$(state_get 'q["hits"]['"$row"']["code"]')" = "$v2code" ] || fail "row $row is not $v2code: $(state_get 'q["hits"]')"
wait_for '"search_hit:'"$row"'" in s["widgets"]'
click_widget "search_hit:$row"
wait_for 'q["flights"] == 2 and not q["flying"] and s.get("selected", {}).get("fid") == '"$v2id"
wait_state_settle
assert_centred "$v2code"
kill -0 "$APP_PID" || fail "zhenmap died during the test"
echo "PASS: search by village code ($vcode $vname) and township code ($tcode, $tcount villages); Enter and a click fly there, centred in the map area"
