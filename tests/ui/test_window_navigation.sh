#!/usr/bin/env bash
# Navigation in the real window: Shift+drag zooms to the box, Alt+Left / Alt+Right step through
# the view history, a click in the overview map centres the map there, Home shows the full
# extent, and the scale bar's length matches the ground resolution (computed here from the view).
ZHENMAP=$1 COLOR_COUNT=$2 SRC=$3
source "$(dirname "$0")/ui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed"

start_xvfb
start_app "$SRC/data/jieyang/jieyang_counties.geojson"
wait_for 's["history"]["size"] == 1'
wait_state_settle
cx0=$(state_field center 0); cy0=$(state_field center 1); r0=$(state_field units_per_pixel)

# Zoom box from (500, 300) to (700, 450) with Shift held.
xdotool mousemove 500 300
sleep 0.1
xdotool keydown shift mousedown 1
for step in 1 2 3 4 5; do xdotool mousemove $((500 + step * 40)) $((300 + step * 30)); sleep 0.05; done
wait_for 's["zoom_box"]'
sleep 0.5
screenshot "$UI_TMP/box.png"
xdotool mouseup 1 keyup shift
wait_for 's["history"]["size"] == 2'
wait_state_settle
cx1=$(state_field center 0); cy1=$(state_field center 1); r1=$(state_field units_per_pixel)
python3 - "$cx0" "$cy0" "$r0" "$cx1" "$cy1" "$r1" $(state_json '" ".join(map(str, s["map_rect"]))') <<'PY' || fail "the zoom box went to the wrong place"
import sys
cx0, cy0, r0, cx1, cy1, r1, X, Y, W, H = map(float, sys.argv[1:])
# The map view is the rectangle X, Y, W x H of the window; the camera's centre is its middle.
# The box's middle (600, 375) in map units before the zoom, and the resolution that fits 200 x 150 px.
ex, ey = cx0 + (600 - X - W / 2) * r0, cy0 - (375 - Y - H / 2) * r0
er = max(200 / W, 150 / H) * r0
assert abs(cx1 - ex) < 2 * r0 and abs(cy1 - ey) < 2 * r0, f"centre {cx1:.0f},{cy1:.0f}, expected {ex:.0f},{ey:.0f}"
assert abs(r1 / er - 1) < 0.02, f"resolution {r1}, expected {er}"
PY
# The box was drawn while dragging (its outline colour is on the screenshot).
n=$("$COLOR_COUNT" "$UI_TMP/box.png" '#1e64dc' 30)
[ "$n" -gt 300 ] || fail "no zoom box outline on screen while dragging ($n pixels)"

# Previous view: exactly the first view again; next view: the zoomed one.
xdotool key alt+Left
wait_for 's["history"]["index"] == 0'
wait_state_settle
python3 - "$cx0" "$cy0" "$r0" "$(state_field center 0)" "$(state_field center 1)" "$(state_field units_per_pixel)" <<'PY' || fail "previous view did not restore the first view"
import sys
a = list(map(float, sys.argv[1:]))
assert a[0:3] == a[3:6], a
PY
xdotool key alt+Right
wait_for 's["history"]["index"] == 1'
wait_state_settle
[ "$(state_field units_per_pixel)" = "$r1" ] || fail "next view did not return to the zoomed view"

# The overview: click 30 px right of and 20 px above its middle.
read -r ox oy ou ocx ocy < <(state_json '"%f %f %.17g %.17g %.17g" % (s["overview"]["canvas"][0] + s["overview"]["canvas"][2] / 2, s["overview"]["canvas"][1] + s["overview"]["canvas"][3] / 2, s["overview"]["units_per_px"], s["overview"]["centre"][0], s["overview"]["centre"][1])')
xdotool mousemove "$(python3 -c "print(round($ox + 30))")" "$(python3 -c "print(round($oy - 20))")"
sleep 0.1
xdotool click 1
wait_for 'abs(s["units_per_pixel"] - '"$r1"') < 1e-9 and s["history"]["size"] >= 3'
wait_state_settle
python3 - "$ox" "$oy" "$ou" "$ocx" "$ocy" "$(state_field center 0)" "$(state_field center 1)" <<'PY' || fail "an overview click moved the map to the wrong place"
import sys
ox, oy, ou, ocx, ocy, cx, cy = map(float, sys.argv[1:])
ex = ocx + (round(ox + 30) - ox) * ou
ey = ocy - (round(oy - 20) - oy) * ou
assert abs(cx - ex) <= 1.5 * ou and abs(cy - ey) <= 1.5 * ou, f"centre {cx:.0f},{cy:.0f}, expected {ex:.0f},{ey:.0f} (±{ou:.0f})"
PY

# Home: the full extent again (the same view as at start).
read -r mx my <<<"$(map_middle)"
xdotool mousemove "$mx" "$my"
xdotool key Home
wait_for 's["units_per_pixel"] == '"$r0"
wait_state_settle

# Scale bar: a round length (1, 2 or 5 x 10^n m) whose pixels match the ground resolution at the
# view centre, here from Web Mercator's scale factor 1/cos(latitude).
python3 - "$(state_field center 1)" "$(state_field units_per_pixel)" "$(state_json 's["scale_bar"]["metres"]')" "$(state_json 's["scale_bar"]["pixels"]')" <<'PY' || fail "the scale bar is wrong"
import math, sys
y, r, metres, pixels = map(float, sys.argv[1:])
lat = math.atan(math.sinh(y / 6378137.0))
ground = r * math.cos(lat)  # metres per pixel on the ground
mant = metres / 10 ** math.floor(math.log10(metres))
assert round(mant, 9) in (1, 2, 5), f"not a round length: {metres}"
assert abs(pixels - metres / ground) <= max(2, 0.01 * pixels), f"{metres} m drawn as {pixels} px, expected {metres / ground:.1f}"
assert 50 <= pixels <= 160, pixels
PY
screenshot "$UI_TMP/home.png"
kill -0 "$APP_PID" || fail "zhenmap died during the test"
echo "PASS: zoom box, previous/next view, overview click, full extent and scale bar"
