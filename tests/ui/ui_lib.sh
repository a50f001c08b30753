# Shared helpers for window tests: a private Xvfb, the app under it, waiting on its state file.
# Sourced by tests/ui/test_*.sh; the caller sets ZHENMAP, COLOR_COUNT and SRC first.
set -euo pipefail

UI_TMP=$(mktemp -d)
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
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$UI_TMP/display" 2>"$UI_TMP/xvfb.log" &
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
