#!/usr/bin/env bash
# The window remembers the user's setup in $XDG_CONFIG_HOME/zhenmap: its size when it closed
# (Ctrl+Q), the docked layout's region sizes (a splitter dragged) and the recent projects; the
# next start uses them. The first start (no settings) fills the screen's work area: a 1600x900
# screen here, not the old fixed 1280x800.
ZHENMAP=$1 COLOR_COUNT=$2 SRC=$3
UI_SCREEN=1600x900
source "$(dirname "$0")/ui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed"

"$ZHENMAP" demo --out "$UI_TMP/项目.sqlite" >/dev/null || fail "cannot build the demo"
start_xvfb
start_app "$UI_TMP/项目.sqlite"
wait_state_settle
[ "$(state_json 's["window"]')" = "[1600, 900]" ] || fail "first start does not fill the 1600x900 screen: $(state_json 's["window"]')"
# Drag the splitter between the left sidebar and the map 60 px to the left.
read -r lx ly lw lh <<<"$(state_json '" ".join(str(int(v)) for v in s["dock"]["left"])')"
[ "$lw" -gt 100 ] || fail "no left sidebar: $(state_json 's["dock"]')"
# ImGui 1.86 reads the button once per frame: a press and moves that land in one slow frame (a
# loaded machine) count as a press where the mouse ended. The first move stays on the splitter's
# 6 px handle, and the button is released only once the drag has shown in the sidebar's width.
xdotool mousemove "$((lx + lw))" "$((ly + lh / 2))"
sleep 0.3
xdotool mousedown 1
sleep 0.3
xdotool mousemove "$((lx + lw - 2))" "$((ly + lh / 2))"
sleep 0.2
for step in 1 2 3 4 5 6; do xdotool mousemove "$((lx + lw - step * 10))" "$((ly + lh / 2))"; sleep 0.1; done
wait_for 's["dock"]["left"][2] == '"$((lw - 60))"
xdotool mouseup 1
win=$(xdotool search --name zhenmap | head -1)
[ -n "$win" ] || fail "no zhenmap window"
xdotool windowsize "$win" 1000 700
wait_for 's["window"] == [1000, 700]'
xdotool mousemove 500 400
xdotool key ctrl+q
for _ in $(seq 100); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$APP_PID" 2>/dev/null && fail "Ctrl+Q did not close the window"
APP_PID=""
python3 - "$XDG_CONFIG_HOME/zhenmap/settings.json" "$UI_TMP/项目.sqlite" "$((lw - 60))" <<'PY' || fail "settings.json is wrong: $(cat "$XDG_CONFIG_HOME/zhenmap/settings.json")"
import json, os, sys
s = json.load(open(sys.argv[1]))
assert s["window"][2:] == [1000, 700], s["window"]
assert s["recent_projects"][0] == os.path.abspath(sys.argv[2]), s["recent_projects"]
assert s["dock"][0] == float(sys.argv[3]), s["dock"]  # left sidebar width, as dragged
PY

# The next start opens at the saved size.
rm -f "$UI_TMP/state.json"
start_app "$SRC/data/jieyang/jieyang_counties.geojson"
wait_state_settle
[ "$(state_json 's["window"]')" = "[1000, 700]" ] || fail "the window did not come back at 1000x700: $(state_json 's["window"]')"
[ "$(state_json 'int(s["dock"]["left"][2])')" = "$((lw - 60))" ] || fail "the left sidebar did not come back at $((lw - 60)) px: $(state_json 's["dock"]')"
echo "PASS: window size, docked layout and recent projects are kept per user"
