#!/usr/bin/env bash
# A laptop's screen, 1366x768: the docked panels sit beside and below the map, none over it,
# and the map keeps most of the window (checked from the rectangles the window reports).
ZHENMAP=$1 COLOR_COUNT=$2 SRC=$3
UI_SCREEN=1366x768
source "$(dirname "$0")/ui_lib.sh"

"$ZHENMAP" demo --out "$UI_TMP/demo.sqlite" >/dev/null || fail "cannot build the demo"
mkdir -p "$XDG_CONFIG_HOME/zhenmap"
echo '{"window": [0, 0, 1366, 768]}' > "$XDG_CONFIG_HOME/zhenmap/settings.json"
start_xvfb
start_app "$UI_TMP/demo.sqlite"
wait_state_settle
wait_for 's["window"][0] == 1366 and s["window"][1] == 768 and len(s.get("panel_rects", [])) >= 3'
python3 - "$UI_TMP/state.json" <<'PY' || fail "a panel covers the map: $(cat "$UI_TMP/state.json")"
import json, sys
s = json.load(open(sys.argv[1]))
mx, my, mw, mh = s["map_rect"]
W, H = s["window"]
assert mw * mh >= 0.30 * W * H, f"the map has {mw}x{mh} of {W}x{H}"
for name, (x, y, w, h) in enumerate(s["panel_rects"]):
    if w <= 8 or h <= 8:
        continue  # a splitter's handle: it straddles the map's edge by design
    overlap_w = min(x + w, mx + mw) - max(x, mx)
    overlap_h = min(y + h, my + mh) - max(y, my)
    assert overlap_w <= 1 or overlap_h <= 1, f"panel {name} {x},{y},{w},{h} over the map {mx},{my},{mw},{mh}"
PY
screenshot "$UI_TMP/laptop.png"
kill -0 "$APP_PID" || fail "zhenmap died during the test"
echo "PASS: at 1366x768 no panel covers the map"
