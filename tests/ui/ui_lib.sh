# Shared helpers for window tests: a private Xvfb, the app under it, waiting on its state file.
# Sourced by tests/ui/test_*.sh; the caller sets ZHENMAP, COLOR_COUNT and SRC first.
set -euo pipefail

UI_TMP=$(mktemp -d)
# The window keeps its size, panel layout and recent projects per user: tests start from none.
export XDG_CONFIG_HOME="$UI_TMP/config"
XVFB_PID=""
APP_PID=""
ui_cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ "${KEEP_UI_TMP:-0}" = 1 ]; then echo "kept $UI_TMP"; else rm -rf "$UI_TMP"; fi
}
trap ui_cleanup EXIT

fail() { echo "FAIL: $*" >&2; [ -f "$UI_TMP/app.log" ] && sed 's/^/app: /' "$UI_TMP/app.log" >&2; exit 1; }

# Starts a private Xvfb and exports DISPLAY for it.
start_xvfb() {
  command -v Xvfb >/dev/null || fail "Xvfb is not installed (the README's test command installs it)"
  Xvfb -displayfd 3 -screen 0 "${UI_SCREEN:-1280x800}x24" -nolisten tcp 3>"$UI_TMP/display" 2>"$UI_TMP/xvfb.log" &
  XVFB_PID=$!
  for _ in $(seq 100); do
    [ -s "$UI_TMP/display" ] && break
    sleep 0.1
  done
  [ -s "$UI_TMP/display" ] || fail "Xvfb did not start: $(cat "$UI_TMP/xvfb.log")"
  export DISPLAY=":$(tr -d '\n' < "$UI_TMP/display")"
}

# start_app ARGS...: runs zhenmap with a state file, waits until the data is loaded.
start_app() {
  "$ZHENMAP" --state-file "$UI_TMP/state.json" "$@" >"$UI_TMP/app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1200); do
    if [ -f "$UI_TMP/state.json" ] && grep -q '"loading":false' "$UI_TMP/state.json" \
       && ! grep -q '"layers":0' "$UI_TMP/state.json"; then
      return 0
    fi
    kill -0 "$APP_PID" 2>/dev/null || fail "zhenmap exited early"
    sleep 0.1
  done
  fail "zhenmap did not finish loading within 120 s"
}

# state_field NAME: a number (or the first number of an array) from the state JSON.
state_field() {
  python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))[sys.argv[2]]; print(v if not isinstance(v,list) else v[int(sys.argv[3])])' \
    "$UI_TMP/state.json" "$1" "${2:-0}"
}

# wait_state_change OLD_JSON: waits (up to 30 s: a loaded CI machine draws slowly) until the
# state file differs from OLD_JSON.
wait_state_change() {
  for _ in $(seq 600); do
    [ "$(cat "$UI_TMP/state.json")" != "$1" ] && return 0
    sleep 0.05
  done
  fail "the view did not change"
}

# wait_state_settle: waits until the state has not changed for 0.6 s (all queued input applied).
wait_state_settle() {
  local last="" same=0
  for _ in $(seq 600); do
    local now
    now=$(cat "$UI_TMP/state.json")
    if [ "$now" = "$last" ]; then same=$((same + 1)); else same=0; last=$now; fi
    [ $same -ge 12 ] && return 0
    sleep 0.05
  done
  fail "the view never settled"
}

screenshot() { import -window root "$1"; }

# state_json EXPR: evaluates a Python expression over the state JSON `s` and prints the result.
state_json() {
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$UI_TMP/state.json" "$1"
}

# click_widget ID: clicks the middle of a widget the window reported under "widgets" (see
# Viewer::markWidget); fails when the widget is not on screen.
click_widget() {
  local xy
  xy=$(python3 -c 'import json,sys; w=json.load(open(sys.argv[1])).get("widgets",{}).get(sys.argv[2]); print("" if w is None else "%d %d" % (w[0]+w[2]/2, w[1]+w[3]/2))' \
       "$UI_TMP/state.json" "$1")
  [ -n "$xy" ] || fail "widget $1 is not on screen: $(cat "$UI_TMP/state.json")"
  # shellcheck disable=SC2086
  point_at $xy
  xdotool click 1
}

# The Python expressions of wait_for, state_get and press_until see the state JSON as `s` and, for
# short conditions, its parts as `t` (the attribute table), `p` (presentation), `q` (search) and
# `m` (measure); a part the window has not written is {}.
UI_PY_STATE='import json,sys; s=json.load(open(sys.argv[1])); t=s.get("table",{}); p=s.get("presentation",{}); q=s.get("search",{}); m=s.get("measure",{})'

# wait_for PY_EXPR [SECONDS]: waits until the Python expression over the state is true.
wait_for() {
  local until=$((SECONDS + ${2:-30}))
  while [ "$SECONDS" -le "$until" ]; do
    if python3 -c "$UI_PY_STATE"'; sys.exit(0 if eval(sys.argv[2]) else 1)' "$UI_TMP/state.json" "$1" 2>/dev/null; then
      return 0
    fi
    kill -0 "$APP_PID" 2>/dev/null || fail "zhenmap exited while waiting for: $1"
    sleep 0.05
  done
  fail "timed out waiting for: $1 (state: $(cat "$UI_TMP/state.json"))"
}

# state_get PY_EXPR: prints a value of the state (names as in wait_for). Lists print as their
# items separated by spaces (numbers as integers: screen rectangles), booleans as true/false.
state_get() {
  python3 -c "$UI_PY_STATE"'
v = eval(sys.argv[2])
if isinstance(v, list): print(" ".join(str(int(x)) if isinstance(x, float) else str(x) for x in v))
elif isinstance(v, (bool, dict)) or v is None: print(json.dumps(v, ensure_ascii=False))
else: print(v)' "$UI_TMP/state.json" "$1"
}

# table_get PATH: a value of the attribute table's state by dotted path ("first_row.cells.name.rect").
table_get() {
  state_get 't'"$(python3 -c 'import sys; print("".join("[%r]" % k for k in sys.argv[1].split(".")))' "$1")"
}

# centre "X Y W H": the middle of a rectangle, as "x y" integer pixels.
centre() {
  # shellcheck disable=SC2086
  python3 -c 'import sys; x,y,w,h=map(float,sys.argv[1:5]); print(int(x+w/2), int(y+h/2))' $1
}

# widget_centre ID: "x y" of the middle of a widget reported under "widgets" (see click_widget).
widget_centre() {
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["widgets"][sys.argv[2]]; print("%d %d" % (r[0] + r[2] / 2, r[1] + r[3] / 2))' \
    "$UI_TMP/state.json" "$1"
}

# click_at X Y: moves the pointer there, lets a frame see it, clicks.
click_at() {
  point_at "$1" "$2"
  xdotool click 1
}

# point_at X Y: moves the pointer there and gives the window time to draw a frame. ImGui learns
# which window the pointer is over only in the frame after a move: a click sent sooner, on a slow
# frame, can reach the map under a panel instead of the panel's button. The pointer passes a
# pixel beside the target first, so that there is a move to draw even when it was already there.
point_at() {
  xdotool mousemove "$(($1 + 1))" "$2"
  xdotool mousemove "$1" "$2"
  sleep 0.2
}

# press_until KEY PY_EXPR: a key press that a slow frame under load can miss (ImGui 1.86 sees a
# press and release between two frames as nothing) is pressed again, up to three times, until
# the condition holds. Only for keys whose repeat does no harm once the condition holds.
press_until() {
  local key=$1 cond=$2
  for _ in 1 2 3; do
    press "$key"
    for _ in $(seq 100); do
      python3 -c "$UI_PY_STATE"'; sys.exit(0 if eval(sys.argv[2]) else 1)' "$UI_TMP/state.json" "$cond" 2>/dev/null \
        && return 0
      sleep 0.1
    done
  done
  fail "no effect of $key after three presses: $cond (state: $(cat "$UI_TMP/state.json"))"
}

# merc LON LAT: Web Mercator (EPSG:3857) metres of a lon/lat point, computed here (not by zhenmap).
merc() {
  python3 -c 'import math,sys; R=6378137.0; print(R*math.radians(float(sys.argv[1])), R*math.log(math.tan(math.pi/4+math.radians(float(sys.argv[2]))/2)))' "$1" "$2"
}

# The map view is the rectangle "map_rect" [x, y, w, h] of the window (the docked layout's
# centre); the camera's centre is the middle of that rectangle.
# map_area_centre_map: the map point (EPSG:3857) at the middle of the part of the window no panel
# covers ("map_area"), where fly-to centres its target.
map_area_centre_map() {
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); x,y,w,h=s["map_area"]; c=s["center"]; r=s["units_per_pixel"]; X,Y,W,H=s["map_rect"]; print(c[0]+(x+w/2-X-W/2)*r, c[1]-(y+h/2-Y-H/2)*r)' \
    "$UI_TMP/state.json"
}

# pixel_at X Y: the colour (#rrggbb) of the screen at window pixel X, Y right now.
pixel_at() {
  import -window root -depth 8 "rgb:$UI_TMP/screen.rgb"
  python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); x,y=int(sys.argv[2]),int(sys.argv[3]); o=(y*1280+x)*3; print("#%02x%02x%02x" % (d[o],d[o+1],d[o+2]))' \
    "$UI_TMP/screen.rgb" "$1" "$2"
}

# map_to_screen X Y: window pixel of a map point (EPSG:3857) in the current view.
map_to_screen() {
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); x,y=float(sys.argv[2]),float(sys.argv[3]); c=s["center"]; r=s["units_per_pixel"]; X,Y,w,h=s["map_rect"]; print("%d %d" % (round(X+w/2+(x-c[0])/r), round(Y+h/2-(y-c[1])/r)))' \
    "$UI_TMP/state.json" "$1" "$2"
}

# screen_to_map X Y: the map point (EPSG:3857) under window pixel X, Y in the current view.
screen_to_map() {
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); x,y=float(sys.argv[2]),float(sys.argv[3]); c=s["center"]; r=s["units_per_pixel"]; X,Y,w,h=s["map_rect"]; print(c[0]+(x-X-w/2)*r, c[1]-(y-Y-h/2)*r)' \
    "$UI_TMP/state.json" "$1" "$2"
}

# map_middle: the window pixel at the middle of the map view.
map_middle() {
  python3 -c 'import json,sys; X,Y,w,h=json.load(open(sys.argv[1]))["map_rect"]; print("%d %d" % (X+w//2, Y+h//2))' "$UI_TMP/state.json"
}

# press KEY...: holds the keys for a few frames. ImGui 1.86 reads key state once per frame, so a
# press and release between two frames (xdotool key) can be lost in its widgets.
press() {
  xdotool keydown "$@"
  sleep 0.15
  xdotool keyup "$@"
}
press_key() { press "$@"; }

# table_type TEXT: F2 on the attribute table's current cell, TEXT typed over it, Enter; waits
# until the editor has closed with an edit pending.
table_type() {
  press F2
  wait_for 't["editing"] is True'
  sleep 0.3
  xdotool type --delay 30 "$1"
  sleep 0.3
  press Return
  wait_for 't["pending"] > 0 and t["editing"] is False'
}

# table_save: the table's Save…, then the save dialog's Save (user and reason as they are); waits
# until nothing is pending or unsaved.
table_save() {
  local x y
  read -r x y <<<"$(centre "$(table_get buttons.save)")"
  click_at "$x" "$y"
  wait_for '"dialog_save" in t["buttons"]'
  sleep 0.3
  read -r x y <<<"$(centre "$(table_get buttons.dialog_save)")"
  click_at "$x" "$y"
  wait_for 't["pending"] == 0 and t["unsaved"] is False'
}

# pg_test_db NAME: a fresh database NAME_<pid> on the PostGIS test server of the ctest fixture
# (postgis.server.start), copied from its template, dropped when the script exits. Sets `server`
# (its conninfo), `db` and `uri` (the project's address) and defines q SQL (psql on it, '|'
# between columns).
pg_test_db() {
  command -v psql >/dev/null || fail "psql is not installed"
  [ -n "${ZHENMAP_PG_STATE:-}" ] && [ -f "$ZHENMAP_PG_STATE/conninfo" ] \
    || fail "no PostGIS test server (run through ctest: the postgis.server.start fixture)"
  server=$(cat "$ZHENMAP_PG_STATE/conninfo")
  db="${1}_$$"
  psql -X -q -v ON_ERROR_STOP=1 "$server dbname=postgres" -c "CREATE DATABASE $db TEMPLATE zhenmap_template" \
    || fail "cannot create database $db"
  trap 'ui_cleanup; pg_drop_db' EXIT
  uri="PG:$server dbname=$db"
}
pg_drop_db() { psql -X -q "$server dbname=postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; }
q() { psql -X -A -t -F '|' -v ON_ERROR_STOP=1 "$server dbname=$db" -c "$1"; }
