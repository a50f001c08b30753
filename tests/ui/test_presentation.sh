#!/usr/bin/env bash
# Presentation mode in the real window, driven by X input (xdotool): F5 enters it (full screen,
# slide 1), PageDown moves through the deck and a town slide changes the view, a click on a route
# opens the live editor, a new built km is committed, and the file (sqlite3) holds it with an audit
# row marked 'presentation'; the dashboard's figure changes in the same state as the route. Esc
# leaves full screen. The slide on screen, at rest, has the pixels of `zhenmap render --slide N`
# of the map's size (the same scene drawn through the same renderer).
ZHENMAP=$1 COLOR_COUNT=$2 SRC=$3
source "$(dirname "$0")/ui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed"
command -v sqlite3 >/dev/null || fail "sqlite3 is not installed"

"$ZHENMAP" demo --out "$UI_TMP/demo.sqlite" >/dev/null || fail "cannot build the demo"
start_xvfb
start_app "$UI_TMP/demo.sqlite"
sleep 0.5

# press (held keys) and wait_for (p: the presentation state) are in ui_lib.sh.
pget() {  # pget 'python expression on p (the presentation state)'
  python3 -c 'import json,sys; p=json.load(open(sys.argv[1])).get("presentation",{}); print(eval(sys.argv[2]))' \
    "$UI_TMP/state.json" "$1"
}

xdotool mousemove 640 400
press F5
wait_for 'p["active"] and p["fullscreen"] and p["slide"] == 1 and p["slide_count"] == 8 and not p["flying"]'
screenshot "$UI_TMP/slide1.png"
renders=$(pget 'p["slide_renders"]')
[ "$(pget 'p["filtered_out"]')" = "{}" ] || fail "slide 1 has no filter, yet: $(pget 'p["filtered_out"]')"

# same_as_export N: the map part of the screen, at rest, equals the slide exported headless at the
# map's size (ImageMagick counts the differing pixels).
same_as_export() {
  wait_for 'p["at_rest"] and not p["flying"] and p["scene_ready"]'
  sleep 0.3
  screenshot "$UI_TMP/screen_$1.png"
  read -r w h <<<"$(pget '"%d %d" % tuple(p["map_size"])')"
  "$ZHENMAP" render "$UI_TMP/demo.sqlite" --slide "$1" --size "${w}x${h}" --out "$UI_TMP/export_$1.png" \
    || fail "render --slide $1 failed"
  convert "$UI_TMP/screen_$1.png" -crop "${w}x${h}+0+0" +repage "$UI_TMP/screen_map_$1.png"
  differ=$(compare -metric AE "$UI_TMP/screen_map_$1.png" "$UI_TMP/export_$1.png" "$UI_TMP/diff_$1.png" 2>&1 || true)
  [ "$differ" = 0 ] || fail "slide $1 on screen differs from its export in $differ pixels (see $UI_TMP/diff_$1.png)"
}
same_as_export 1

# Slide 2 (scenic belts) filters project_sites to programme = 'beautiful_town': the others are
# hidden on the map. Expected count from the file, not from the app.
city=$(pget 'p["center"]')
others=$(sqlite3 "$UI_TMP/demo.sqlite" "SELECT count(*) FROM project_sites WHERE programme IS NOT 'beautiful_town'")
[ "$others" -gt 0 ] || fail "the demo has no project site outside the beautiful-town programme"
press Next
wait_for "p[\"slide\"] == 2 and p[\"filtered_out\"] == {\"project_sites\": $others}"
wait_for 'not p["flying"]'
screenshot "$UI_TMP/slide2.png"

# Through the deck to 隆江镇 (slide 6): the view flies to the town; the filter is gone.
for n in 3 4 5 6; do
  press Next
  wait_for "p[\"slide\"] == $n"
done
# The slide's scene is built on a job: its filter state follows the slide number shortly after.
wait_for 'p["filtered_out"] == {}' 30
wait_for 'not p["flying"] and "route_probe" in p'
[ "$(pget 'p["center"]')" != "$city" ] || fail "the view did not change for the town slide"
screenshot "$UI_TMP/slide6.png"
# The slide draws its own scale bar: the window's (bottom right) would sit under the dashboard.
[ "$(state_json 's["scale_bar"]["pixels"]')" = "0" ] || fail "the window's scale bar is drawn while presenting"
# The slide's scene has its names (labels are drawn after every layer, so over the routes), and
# the screen shows what the export of that slide shows.
[ "$(pget 'p["scene_labels"] > 0 and p["slide_renders"] > '"$renders")" = "True" ] \
  || fail "the town slide has no labels or was never drawn (state: $(pget 'p["scene_labels"]'))"
same_as_export 6

# Presenter notes toggle.
press n
wait_for 'p["notes_visible"]'
press n
wait_for 'not p["notes_visible"]'

# Click a route: the live editor opens for it.
fid=$(pget 'p["route_probe"]["fid"]')
read -r x y <<<"$(pget '"%d %d" % (p["route_probe"]["x"], p["route_probe"]["y"])')"
xdotool mousemove "$x" "$y" click 1
wait_for "p.get(\"editing\", {}).get(\"fid\") == $fid"
planned=$(sqlite3 "$UI_TMP/demo.sqlite" "SELECT planned_km FROM scenic_routes WHERE id = $fid")
old=$(sqlite3 "$UI_TMP/demo.sqlite" "SELECT built_km FROM scenic_routes WHERE id = $fid")
new=$(python3 -c "print(round(min(float('$planned'), float('$old') + 0.5) if float('$old') + 0.5 <= float('$planned') else float('$planned') / 2, 2))")
kind=$(sqlite3 "$UI_TMP/demo.sqlite" "SELECT kind FROM scenic_routes WHERE id = $fid")
before=$(pget "p[\"dashboard_built_km\"][\"$kind\"]")
total_before=$(pget 'p["routes_built_km"]')
sleep 0.3
read -r x y <<<"$(pget '"%d %d" % (p["editing"]["built_rect"][0] + p["editing"]["built_rect"][2] / 2, p["editing"]["built_rect"][1] + p["editing"]["built_rect"][3] / 2)')"
xdotool mousemove "$x" "$y" click --repeat 2 --delay 80 1
sleep 0.3
press ctrl+a
xdotool type --delay 40 "$new"
sleep 0.2
press Tab
sleep 0.3
read -r x y <<<"$(pget '"%d %d" % (p["editing"]["commit_rect"][0] + p["editing"]["commit_rect"][2] / 2, p["editing"]["commit_rect"][1] + p["editing"]["commit_rect"][3] / 2)')"
xdotool mousemove "$x" "$y" click 1
wait_for 'p["commits"] == 1 and "editing" not in p'
screenshot "$UI_TMP/after_edit.png"

stored=$(sqlite3 "$UI_TMP/demo.sqlite" "SELECT built_km FROM scenic_routes WHERE id = $fid")
python3 -c "import sys; sys.exit(0 if abs(float('$stored') - float('$new')) < 1e-9 else 1)" \
  || fail "route $fid holds built_km $stored, expected $new (was $old)"
audit=$(sqlite3 "$UI_TMP/demo.sqlite" "SELECT count(*) FROM audit_log WHERE layer = 'scenic_routes' AND feature_id = $fid AND field = 'built_km' AND context = 'presentation'")
[ "$audit" = 1 ] || fail "expected one audit row marked presentation for route $fid, found $audit"
# Dashboard and routes changed together (one state, one frame).
python3 - "$UI_TMP/state.json" "$kind" "$before" "$total_before" "$old" "$new" <<'PY' || fail "dashboard and map disagree after the edit"
import json, sys
p = json.load(open(sys.argv[1]))["presentation"]
kind, before, total, old, new = sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
delta = new - old
assert abs(p["dashboard_built_km"][kind] - (before + delta)) < 1e-6, (p["dashboard_built_km"][kind], before, delta)
assert abs(p["routes_built_km"] - (total + delta)) < 1e-6, (p["routes_built_km"], total, delta)
PY

# Progress since: pick a date (the day of the latest route/site change in the audit log), the
# listed changes equal the audit rows queried here; a future date lists nothing.
since() {  # types the date into "progress since" and shows it (retried: a slow frame can miss ctrl+a)
  for _ in 1 2 3; do
    read -r x y <<<"$(widget_centre presentation.since)"
    xdotool mousemove "$x" "$y" click 1
    sleep 0.3
    xdotool keydown ctrl keydown a
    sleep 0.4
    xdotool keyup a keyup ctrl
    press BackSpace
    xdotool type --delay 60 "$1"
    sleep 0.3
    read -r x y <<<"$(widget_centre presentation.since_go)"
    xdotool mousemove "$x" "$y" click 1
    for _ in $(seq 30); do
      [ "$(pget 'p["since"]' 2>/dev/null)" = "$1" ] && return 0
      sleep 0.1
    done
  done
  fail "progress since did not take the date $1 (state: $(pget 'p["since"]'))"
}
rows_since() {
  sqlite3 -separator '|' "$UI_TMP/demo.sqlite" "SELECT layer, feature_id, field, coalesce(new_value, 'NULL') FROM audit_log
    WHERE substr(time, 1, 10) >= '$1' AND ((layer = 'scenic_routes' AND field IN ('built_km', 'planned_km', 'status'))
    OR (layer = 'project_sites' AND field IN ('status', 'start_date', 'completion_date')))" | sort
}
day=$(sqlite3 "$UI_TMP/demo.sqlite" "SELECT max(substr(time, 1, 10)) FROM audit_log WHERE layer IN ('scenic_routes', 'project_sites')")
since "$day"
expected=$(rows_since "$day")
listed=$(pget '"\n".join(sorted("%s|%d|%s|%s" % (c["layer"], c["fid"], c["field"], c["new"]) for c in p["changes"]))')
[ -n "$expected" ] || fail "no audit rows since $day"
[ "$listed" = "$expected" ] || fail "progress since $day lists [$listed], the audit log holds [$expected]"
pget "any(c['fid'] == $fid and c['field'] == 'built_km' and c['presentation'] for c in p['changes'])" | grep -qx True \
  || fail "the live edit of route $fid is not listed as made in the meeting"
screenshot "$UI_TMP/since.png"
since 2999-01-01
[ "$(pget 'len(p["changes"])')" = 0 ] || fail "a future date still lists changes: $(pget 'p["changes"]')"

press Escape
wait_for 'not p["active"] and not p["fullscreen"] and p["filtered_out"] == {}'
# The window's own layers took the live edit (no reload: the stack changed those features).
python3 - "$UI_TMP/state.json" <<'PY' || fail "the window's layers after presenting: $(state_json 's["layer_list"]')"
import json, sys
s = json.load(open(sys.argv[1]))
assert not s["loading"] and s["layers"] == len(s["layer_list"]), s
PY
echo "PASS presentation: F5, slides, notes, live edit of route $fid ($old -> $new km, audited as presentation), Esc"
