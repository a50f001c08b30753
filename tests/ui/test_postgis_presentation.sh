#!/usr/bin/env bash
# Presentation mode (F5) on a server project: the demo pushed to a fresh database on the
# throwaway PostGIS server, opened as zhenmap "PG:...". The deck, the dashboard and "progress
# since" are read from the server (psql gives the expected values), a route's built km edited
# live lands on the server with its audit row marked context = 'presentation', and the
# dashboard follows in the same state.
ZHENMAP=$1 COLOR_COUNT=$2 SRC=$3
source "$(dirname "$0")/ui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed"
pg_test_db zhenmap_present

"$ZHENMAP" demo --out "$UI_TMP/demo.sqlite" >/dev/null || fail "cannot build the demo"
"$ZHENMAP" push "$UI_TMP/demo.sqlite" "$uri" >"$UI_TMP/push.log" 2>&1 || fail "push failed: $(cat "$UI_TMP/push.log")"
# A change made before the meeting, on the server (the demo's own audit log is empty after push).
route=$(q "SELECT id FROM scenic_routes WHERE built_km < planned_km ORDER BY id LIMIT 1")
"$ZHENMAP" edit "$uri" --layer scenic_routes --id "$route" --set "built_km=$(q "SELECT round(planned_km::numeric * 0.5, 3) FROM scenic_routes WHERE id = $route")" \
  --reason "before the meeting" >/dev/null || fail "the edit before the meeting failed"

start_xvfb
start_app "$uri"
sleep 0.5

pget() {  # pget 'python expression on p (the presentation state)'
  python3 -c 'import json,sys; p=json.load(open(sys.argv[1])).get("presentation",{}); print(eval(sys.argv[2]))' \
    "$UI_TMP/state.json" "$1"
}
pwait() {  # pwait 'condition on p' [seconds]
  local until=$((SECONDS + ${2:-30}))
  while [ "$SECONDS" -le "$until" ]; do
    python3 -c 'import json,sys; p=json.load(open(sys.argv[1])).get("presentation",{}); sys.exit(0 if eval(sys.argv[2]) else 1)' \
      "$UI_TMP/state.json" "$1" 2>/dev/null && return 0
    kill -0 "$APP_PID" 2>/dev/null || fail "zhenmap exited while waiting for: $1"
    sleep 0.05
  done
  fail "timed out waiting for: $1 (presentation: $(pget 'p'))"
}
hold() { xdotool keydown "$@"; sleep 0.15; xdotool keyup "$@"; }
centre_of() {  # centre_of 'python expression giving [x, y, w, h]'
  pget '"%d %d" % (lambda r: (r[0] + r[2] / 2, r[1] + r[3] / 2))('"$1"')'
}
widget_mid() {
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["widgets"][sys.argv[2]]; print("%d %d" % (r[0] + r[2] / 2, r[1] + r[3] / 2))' \
    "$UI_TMP/state.json" "$1"
}

# F5: the server's deck, and a dashboard equal to the server's sums per route kind.
slides=$(q "SELECT count(*) FROM slides")
[ "$slides" -gt 1 ] || fail "the server project has $slides slides"
xdotool mousemove 640 400
for _ in 1 2 3; do
  hold F5
  for _ in $(seq 50); do [ "$(pget 'p.get("active", False)')" = True ] && break; sleep 0.1; done
  [ "$(pget 'p.get("active", False)')" = True ] && break
done
pwait "p[\"active\"] and p[\"slide\"] == 1 and p[\"slide_count\"] == $slides and not p[\"flying\"]"
[ "$(pget 'p["error"]')" = "" ] || fail "presentation error: $(pget 'p["error"]')"
q "SELECT kind, round(sum(built_km)::numeric, 3) FROM scenic_routes GROUP BY kind ORDER BY kind" >"$UI_TMP/kinds.txt"
python3 - "$UI_TMP/state.json" "$UI_TMP/kinds.txt" <<'PY' || fail "the dashboard differs from the server's sums"
import json, sys
p = json.load(open(sys.argv[1]))["presentation"]
want = {k: float(v) for k, v in (l.strip().split("|") for l in open(sys.argv[2]) if l.strip())}
got = p["dashboard_built_km"]
assert set(got) == set(want), (got, want)
for k in want:
    assert abs(got[k] - want[k]) < 1e-3, (k, got[k], want[k])
PY
screenshot "$UI_TMP/pg_slide1.png"

# On to the town slide with a route to edit (the first slide whose view has a route probe).
for n in $(seq 2 "$slides"); do
  hold Next
  pwait "p[\"slide\"] == $n"
  pwait 'not p["flying"]'
  sleep 0.3
  [ "$(pget '"route_probe" in p')" = True ] && [ "$n" -ge 3 ] && break
done
[ "$(pget '"route_probe" in p')" = True ] || fail "no slide shows a route to edit"

fid=$(pget 'p["route_probe"]["fid"]')
read -r x y <<<"$(pget '"%d %d" % (p["route_probe"]["x"], p["route_probe"]["y"])')"
xdotool mousemove "$x" "$y" click 1
pwait "p.get(\"editing\", {}).get(\"fid\") == $fid"
planned=$(q "SELECT planned_km FROM scenic_routes WHERE id = $fid")
old=$(q "SELECT built_km FROM scenic_routes WHERE id = $fid")
version_old=$(q "SELECT version FROM scenic_routes WHERE id = $fid")
new=$(python3 -c "o, pl = float('$old'), float('$planned'); print(round(o + 0.5, 2) if o + 0.5 <= pl else round(pl / 2, 2))")
kind=$(q "SELECT kind FROM scenic_routes WHERE id = $fid")
before=$(pget "p[\"dashboard_built_km\"][\"$kind\"]")
sleep 0.3
read -r x y <<<"$(centre_of 'p["editing"]["built_rect"]')"
xdotool mousemove "$x" "$y" click --repeat 2 --delay 80 1
sleep 0.3
hold ctrl+a
xdotool type --delay 40 "$new"
sleep 0.2
hold Tab
sleep 0.3
read -r x y <<<"$(centre_of 'p["editing"]["commit_rect"]')"
xdotool mousemove "$x" "$y" click 1
pwait 'p["commits"] == 1 and "editing" not in p'
screenshot "$UI_TMP/pg_live_edit.png"

stored=$(q "SELECT built_km FROM scenic_routes WHERE id = $fid")
python3 -c "import sys; sys.exit(0 if abs(float('$stored') - float('$new')) < 1e-9 else 1)" \
  || fail "the server holds built_km $stored for route $fid, expected $new (was $old)"
[ "$(q "SELECT version FROM scenic_routes WHERE id = $fid")" = "$((version_old + 1))" ] || fail "the row version did not move by one"
audit=$(q "SELECT count(*) FROM audit_log WHERE layer = 'scenic_routes' AND feature_id = $fid AND field = 'built_km' AND context = 'presentation'")
[ "$audit" = 1 ] || fail "expected one audit row marked presentation for route $fid on the server, found $audit"
python3 -c "import json,sys; p=json.load(open(sys.argv[1]))['presentation']; sys.exit(0 if abs(p['dashboard_built_km'][sys.argv[2]] - (float(sys.argv[3]) + float(sys.argv[5]) - float(sys.argv[4]))) < 1e-6 else 1)" \
  "$UI_TMP/state.json" "$kind" "$before" "$old" "$new" || fail "the dashboard did not follow the live edit"

# Progress since the day of the latest change: the listed changes are the server's audit rows.
day=$(q "SELECT max(substr(time, 1, 10)) FROM audit_log WHERE layer IN ('scenic_routes', 'project_sites')")
listed=""
for _ in 1 2 3; do
  read -r x y <<<"$(widget_mid presentation.since)"
  xdotool mousemove "$x" "$y" click 1
  sleep 0.3
  xdotool keydown ctrl keydown a
  sleep 0.4
  xdotool keyup a keyup ctrl
  hold BackSpace
  xdotool type --delay 60 "$day"
  sleep 0.3
  read -r x y <<<"$(widget_mid presentation.since_go)"
  xdotool mousemove "$x" "$y" click 1
  for _ in $(seq 30); do
    [ "$(pget 'p["since"]')" = "$day" ] && break
    sleep 0.1
  done
  [ "$(pget 'p["since"]')" = "$day" ] && break
done
[ "$(pget 'p["since"]')" = "$day" ] || fail "progress since did not take $day"
expected=$(q "SELECT layer || '|' || feature_id || '|' || field || '|' || coalesce(new_value, 'NULL') || '|' ||
              CASE WHEN context = 'presentation' THEN 't' ELSE 'f' END FROM audit_log WHERE substr(time, 1, 10) >= '$day' AND
              ((layer = 'scenic_routes' AND field IN ('built_km', 'planned_km', 'status')) OR
               (layer = 'project_sites' AND field IN ('status', 'start_date', 'completion_date')))" | sort)
listed=$(pget '"\n".join(sorted("%s|%d|%s|%s|%s" % (c["layer"], c["fid"], c["field"], c["new"], "t" if c["presentation"] else "f") for c in p["changes"]))')
[ "$(echo "$expected" | wc -l)" -ge 2 ] || fail "expected the edit before the meeting and the live edit since $day: [$expected]"
[ "$listed" = "$expected" ] || fail "progress since $day lists [$listed], the server's audit log holds [$expected]"
screenshot "$UI_TMP/pg_since.png"

hold Escape
pwait 'not p["active"]'
kill -0 "$APP_PID" || fail "zhenmap died during the test"
echo "PASS presentation on the server: $slides slides, dashboard = server sums, live edit of route $fid ($old -> $new km, audited as presentation on the server), progress since $day lists the server's $(echo "$expected" | wc -l) changes"
