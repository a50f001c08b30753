#!/usr/bin/env bash
# The real window under Xvfb: it shows the five counties, a mouse drag pans the map with the
# cursor, the wheel zooms in at the cursor. Input goes through the X server (XTest, xdotool).
ZHENMAP=$1 COLOR_COUNT=$2 SRC=$3
source "$(dirname "$0")/ui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed"

start_xvfb
start_app "$SRC/data/jieyang/jieyang_counties.geojson"
# The pointer (in the middle of the screen) away from the counties: the data can be in before the
# window is (loading overlaps making the window), and a county under the pointer is highlighted.
xdotool mousemove 330 700
sleep 0.5

# The map is on screen: the five county fills (default palette) cover much of the window.
screenshot "$UI_TMP/start.png"
for colour in '#8dd3c7' '#ffffb3' '#bebada' '#fb8072' '#80b1d3'; do
  n=$("$COLOR_COUNT" "$UI_TMP/start.png" "$colour" 2)
  [ "$n" -gt 5000 ] || fail "county colour $colour covers only $n pixels of the window"
done

cx0=$(state_field center 0); cy0=$(state_field center 1); r0=$(state_field units_per_pixel)
reused0=$(state_field reused_renders)

# Drag 120 px right and 60 px down: the map follows, so the centre moves left and up in map units.
before=$(cat "$UI_TMP/state.json")
xdotool mousemove 700 400 mousedown 1
for step in 1 2 3 4 5 6; do xdotool mousemove $((700 + step * 20)) $((400 + step * 10)); sleep 0.05; done
xdotool mouseup 1
wait_state_change "$before"
wait_state_settle
cx1=$(state_field center 0); cy1=$(state_field center 1); r1=$(state_field units_per_pixel)
# The drag moves by whole pixels: its frames copy the previous picture and draw only the strips
# it uncovers (FrameReuse.* checks that this draws what a whole frame draws).
reused1=$(state_field reused_renders)
[ "$reused1" -gt "$reused0" ] || fail "no frame of the drag re-used the previous picture ($reused0 -> $reused1)"
python3 - "$cx0" "$cy0" "$cx1" "$cy1" "$r0" "$r1" <<'PY' || fail "pan moved the map wrongly"
import sys
cx0, cy0, cx1, cy1, r0, r1 = map(float, sys.argv[1:])
dx, dy = (cx0 - cx1) / r0, (cy1 - cy0) / r0   # pixels the map moved right / down
assert abs(r1 - r0) < 1e-9 * r0, f"a drag changed the scale: {r0} -> {r1}"
assert abs(dx - 120) <= 3 and abs(dy - 60) <= 3, f"map moved ({dx:.1f}, {dy:.1f}) px, expected (120, 60)"
PY

# Wheel up twice over a point: zooms in by 1.25 per notch, keeping that point under the cursor.
xdotool mousemove 500 300
sleep 0.2
previews0=$(state_field preview_renders)
before=$(cat "$UI_TMP/state.json")
xdotool click 4
sleep 0.2
xdotool click 4
wait_state_change "$before"
wait_state_settle
r2=$(state_field units_per_pixel)
# Each notch is shown first as a preview scaled from the last exact picture (FrameReuse.Zoom*
# checks the scaling); once the view rests the exact picture replaces it.
previews1=$(state_field preview_renders)
[ "$previews1" -gt "$previews0" ] || fail "no wheel notch was shown as a preview ($previews0 -> $previews1)"
[ "$(state_field shows_preview)" = "False" ] || fail "the view rests but still shows a zoom preview"
python3 - "$r1" "$r2" <<'PY' || fail "wheel zoom is wrong"
import sys
r1, r2 = map(float, sys.argv[1:])
assert abs(r1 / r2 - 1.5625) < 0.01, f"two wheel notches zoomed by {r1 / r2:.4f}, expected 1.5625"
PY

# Keyboard: '=' zooms in by 1.5 about the centre; a quick tap (press and release within one
# frame) must still count.
before=$(cat "$UI_TMP/state.json")
xdotool key equal
wait_state_change "$before"
wait_state_settle
r3=$(state_field units_per_pixel)
python3 - "$r2" "$r3" <<'PY' || fail "keyboard zoom is wrong"
import sys
r2, r3 = map(float, sys.argv[1:])
assert abs(r2 / r3 - 1.5) < 0.01, f"'=' zoomed by {r2 / r3:.4f}, expected 1.5"
PY

screenshot "$UI_TMP/after.png"
kill -0 "$APP_PID" || fail "zhenmap died during the test"
echo "PASS: window shows the counties, pans by drag, zooms with the wheel"
