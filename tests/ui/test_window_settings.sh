#!/usr/bin/env bash
# The window remembers the user's setup in $XDG_CONFIG_HOME/zhenmap: its size when it closed
# (Ctrl+Q), ImGui's panel layout (imgui.ini) and the recent projects; the next start uses them.
ZHENMAP=$1 COLOR_COUNT=$2 SRC=$3
source "$(dirname "$0")/ui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed"

"$ZHENMAP" demo --out "$UI_TMP/项目.sqlite" >/dev/null || fail "cannot build the demo"
start_xvfb
start_app "$UI_TMP/项目.sqlite"
wait_state_settle
[ "$(state_json 's["viewport"]')" = "[1280, 800]" ] || fail "first start is not 1280x800"
win=$(xdotool search --name zhenmap | head -1)
[ -n "$win" ] || fail "no zhenmap window"
xdotool windowsize "$win" 1000 700
wait_for 's["viewport"] == [1000, 700]'
xdotool mousemove 500 400
xdotool key ctrl+q
for _ in $(seq 100); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$APP_PID" 2>/dev/null && fail "Ctrl+Q did not close the window"
APP_PID=""
python3 - "$XDG_CONFIG_HOME/zhenmap/settings.json" "$UI_TMP/项目.sqlite" <<'PY' || fail "settings.json is wrong: $(cat "$XDG_CONFIG_HOME/zhenmap/settings.json")"
import json, os, sys
s = json.load(open(sys.argv[1]))
assert s["window"][2:] == [1000, 700], s["window"]
assert s["recent_projects"][0] == os.path.abspath(sys.argv[2]), s["recent_projects"]
PY
[ -s "$XDG_CONFIG_HOME/zhenmap/imgui.ini" ] || fail "no imgui.ini"
grep -q '###layers' "$XDG_CONFIG_HOME/zhenmap/imgui.ini" || fail "the layers panel is not in imgui.ini"

# The next start opens at the saved size.
rm -f "$UI_TMP/state.json"
start_app "$SRC/data/jieyang/jieyang_counties.geojson"
wait_state_settle
[ "$(state_json 's["viewport"]')" = "[1000, 700]" ] || fail "the window did not come back at 1000x700: $(state_json 's["viewport"]')"
echo "PASS: window size, panel layout and recent projects are kept per user"
