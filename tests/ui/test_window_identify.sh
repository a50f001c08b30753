#!/usr/bin/env bash
# The real window on the demo project: a click identifies the feature under the cursor (the
# state names its layer and fid, and the identify panel shows its Chinese field aliases), Esc
# clears the selection. Input goes through the X server (XTest, xdotool).
ZHENMAP=$1 COLOR_COUNT=$2 SRC=$3
source "$(dirname "$0")/ui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed"

"$ZHENMAP" demo --out "$UI_TMP/demo.sqlite" >/dev/null || fail "cannot build the demo"
start_xvfb
start_app "$UI_TMP/demo.sqlite"
sleep 0.5

# Click the middle of the map view, away from the panels: something is always there (a township at least).
wait_state_settle
read -r mx my <<<"$(map_middle)"
before=$(cat "$UI_TMP/state.json")
xdotool mousemove "$mx" "$my" click 1
wait_state_change "$before"
wait_state_settle
grep -q '"selected":{' "$UI_TMP/state.json" || fail "a click selected nothing: $(cat "$UI_TMP/state.json")"
layer=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["selected"]["layer"])' "$UI_TMP/state.json")
case "$layer" in
  townships|villages|project_sites|scenic_routes|households|work_teams) ;;
  *) fail "selected an unknown layer '$layer'" ;;
esac
screenshot "$UI_TMP/identify.png"
# Fields are shown by their Chinese names, the store's own columns too (版本, not "version").
wait_for 'len(s.get("identify", {}).get("field_labels", [])) > 0'
labels=$(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["identify"]["field_labels"]))' "$UI_TMP/state.json")
case " $labels " in *" 版本 "*) ;; *) fail "identify shows no 版本 among its fields: $labels" ;; esac
case " $labels " in *" version "*|*" id "*) fail "identify shows a raw column name: $labels" ;; esac
# The selection highlight (yellow, #ffd400) is on the map.
n=$("$COLOR_COUNT" "$UI_TMP/identify.png" '#ffd400' 40)
[ "$n" -gt 20 ] || fail "no selection highlight on screen ($n pixels)"

# Esc clears the selection.
before=$(cat "$UI_TMP/state.json")
xdotool mousemove "$mx" "$my" key Escape
wait_state_change "$before"
wait_state_settle
! grep -q '"selected"' "$UI_TMP/state.json" || fail "Esc did not clear the selection"
kill -0 "$APP_PID" || fail "zhenmap died during the test"
echo "PASS: click identifies a $layer feature, highlight shown, Esc clears it"
