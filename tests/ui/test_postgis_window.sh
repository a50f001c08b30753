#!/usr/bin/env bash
# A server project in the real window: the demo pushed to a fresh database on the throwaway
# PostGIS server (postgis.server.start; ZHENMAP_PG_STATE holds its conninfo), opened as
# zhenmap "PG:...". The map draws (map_renders, triangles), the attribute table opens on the
# server's project_sites, a name cell is edited by keyboard (click, F2, type, Enter) and saved
# through the save dialog. Then psql reads the server: the row holds the new name with its
# version bumped by one, and audit_log holds the edit (old and new value, a user). The project
# sites layer streams by viewport: after zooming in, the features drawn are the server's count
# of sites whose box meets the view (the view box transformed by PostGIS, not by zhenmap).
ZHENMAP=$1 COLOR_COUNT=$2 SRC=$3
source "$(dirname "$0")/ui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed"
pg_test_db zhenmap_ui

"$ZHENMAP" demo --out "$UI_TMP/demo.sqlite" >/dev/null || fail "cannot build the demo"
"$ZHENMAP" push "$UI_TMP/demo.sqlite" "$uri" >"$UI_TMP/push.log" 2>&1 || fail "push failed: $(cat "$UI_TMP/push.log")"
[ "$(q "SELECT count(*) FROM audit_log")" = 0 ] || fail "the pushed demo already has audit rows"

start_xvfb
# Layers over 1,000 features (villages 1651, project sites 3802 in the demo) stream by viewport.
ZHENMAP_STREAM_MIN_FEATURES=1000 start_app "$uri"
sleep 0.5

# table_get, centre, press and wait_for (t: the table state) are in ui_lib.sh.
# The map of the server project is drawn.
[ "$(state_field project)" = "$uri" ] || fail "the window's project is '$(state_field project)', expected the server address"
for _ in $(seq 100); do [ "$(state_field map_renders)" -gt 0 ] && break; sleep 0.1; done
[ "$(state_field map_renders)" -gt 0 ] || fail "the map was never rendered"
[ "$(state_field triangles)" -gt 1000 ] || fail "only $(state_field triangles) triangles drawn for the demo"
[ "$(state_field layers)" -ge 4 ] || fail "only $(state_field layers) layers loaded from the server"
# The window has finished opening: the streamed layers have their rows and their first view.
wait_for 'all(l.get("attribute_rows", 1) > 0 and not l.get("stream_busy", False) for l in s["layer_list"])' 60
screenshot "$UI_TMP/server_map.png"

# The table on the server's project sites; edit a name.
wait_for 't.get("layer") == "project_sites" and "first_row" in t'
new="UITEST server edited $$"
read -r cx cy <<<"$(centre "$(table_get first_row.cells.name.rect)")"
xdotool mousemove "$cx" "$cy" click 1
wait_for '"current_cell" in t and t["current_cell"]["field"] == "name"'
id=$(table_get current_cell.id)
old=$(table_get current_cell.text)
[ "$old" = "$(q "SELECT name FROM project_sites WHERE id = $id")" ] || fail "table shows '$old' for site $id, the server has another name"
version_old=$(q "SELECT version FROM project_sites WHERE id = $id")
table_type "$new"
[ "$(table_get pending)" = 1 ] || fail "$(table_get pending) edits pending, expected 1"
[ "$(table_get current_cell.text)" = "$new" ] || fail "the cell shows '$(table_get current_cell.text)'"
[ "$(q "SELECT name FROM project_sites WHERE id = $id")" = "$old" ] || fail "the edit reached the server before Save"

table_save
screenshot "$UI_TMP/server_saved.png"

got=$(q "SELECT name FROM project_sites WHERE id = $id")
[ "$got" = "$new" ] || fail "the server holds '$got' for site $id, expected '$new'"
version_new=$(q "SELECT version FROM project_sites WHERE id = $id")
[ "$version_new" = "$((version_old + 1))" ] || fail "row version $version_old -> $version_new, expected +1"
audit=$(q "SELECT old_value, new_value, new_version, \"user\" <> '' FROM audit_log WHERE layer = 'project_sites' AND feature_id = $id AND field = 'name'")
[ "$audit" = "$old|$new|$version_new|t" ] || fail "audit rows for site $id: '$audit'"
[ "$(q "SELECT count(*) FROM audit_log")" = 1 ] || fail "more than one audit row"
# Streaming: the project sites layer is streamed; zoom in and the drawn count follows the view.
layer_get() {  # layer_get NAME KEY
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(json.dumps([l.get(sys.argv[3]) for l in s["layer_list"] if l["name"] == sys.argv[2]][0]))' \
    "$UI_TMP/state.json" "$1" "$2"
}
[ "$(layer_get project_sites streamed)" = true ] || fail "project_sites is not streamed: $(cat "$UI_TMP/state.json")"
[ "$(layer_get households streamed)" = null ] || fail "households (under 1,000 features) is streamed"
total=$(q "SELECT count(*) FROM project_sites")
before=$(layer_get project_sites streamed_features)
xdotool mousemove 900 300
for _ in 1 2 3 4; do press plus; sleep 0.3; done
expected_in_view() {
  python3 - "$UI_TMP/state.json" <<'PY' | { read -r x0 y0 x1 y1; q "SELECT count(*) FROM project_sites WHERE geom && ST_Transform(ST_MakeEnvelope($x0, $y0, $x1, $y1, 3857), 4490)"; }
import json, sys
s = json.load(open(sys.argv[1]))
cx, cy = s["center"]; u = s["units_per_pixel"]; w, h = s["viewport"]
print(repr(cx - u * w / 2), repr(cy - u * h / 2), repr(cx + u * w / 2), repr(cy + u * h / 2))
PY
}
ok=""
for _ in $(seq 200); do
  after=$(layer_get project_sites streamed_features)
  if [ "$(layer_get project_sites stream_busy)" = false ] && [ "$after" != "$before" ]; then
    want=$(expected_in_view)
    if [ "$after" = "$want" ]; then ok=yes; break; fi
  fi
  sleep 0.1
done
[ -n "$ok" ] || fail "streamed sites after zooming in: $after (before $before, server count in view: $(expected_in_view), error: $(layer_get project_sites stream_error))"
[ "$after" -lt "$total" ] && [ "$after" -gt 0 ] || fail "zoomed in, $after of $total sites drawn"
screenshot "$UI_TMP/server_zoomed.png"

kill -0 "$APP_PID" || fail "zhenmap died during the test"

# Row-level security: the same project opened as the role of a work team of another township
# (push made one per team): the site's row is read-only, the table says why and F2 opens no editor.
role=$(q "SELECT r.role FROM team_roles r JOIN work_teams w ON w.id = r.team_id
          WHERE w.township_code <> (SELECT township_code FROM project_sites WHERE id = $id) ORDER BY r.role LIMIT 1")
[ -n "$role" ] || fail "no work team role of another township"
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
rm -f "$UI_TMP/state.json"
start_app "PG:$server dbname=$db user=$role"
wait_for 't.get("layer") == "project_sites" and "first_row" in t'
read -r cx cy <<<"$(centre "$(table_get first_row.cells.name.rect)")"
xdotool mousemove "$cx" "$cy" click 1
wait_for '"current_cell" in t and t["current_cell"]["read_only"] != ""'
why=$(table_get current_cell.read_only)
rid=$(table_get current_cell.id)
expected_team=$(q "SELECT count(*) FROM project_sites s WHERE s.id = $rid AND NOT EXISTS (SELECT 1 FROM team_roles r JOIN work_teams w ON w.id = r.team_id WHERE r.role = '$role' AND w.township_code = s.township_code)")
[ "$expected_team" = 1 ] || fail "site $rid is shown read-only ('$why') but belongs to $role's township"
press F2
sleep 1
[ "$(table_get editing)" = false ] || fail "F2 opened an editor on a read-only row"
screenshot "$UI_TMP/server_read_only.png"
kill -0 "$APP_PID" || fail "zhenmap died during the test"
echo "PASS: server project drawn ($(state_field triangles) triangles), site $id renamed in the table and saved; server row and audit log hold '$new'; zoomed in, $after of $total sites streamed (the server's count in view); as $role, site $rid read-only: $why"
