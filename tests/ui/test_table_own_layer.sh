#!/usr/bin/env bash
# A project of the user's own layers (`zhenmap new --empty`, `zhenmap layer add`), opened in the
# window: the attribute table opens on its layer, lists it under the title the user gave it (not
# only the standard template's layers), and a cell edited there and saved reaches the file with
# its audit row (checked with sqlite3).
ZHENMAP=$1 COLOR_COUNT=$2 SRC=$3
source "$(dirname "$0")/ui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed"
command -v sqlite3 >/dev/null || fail "sqlite3 is not installed"

p="$UI_TMP/own.sqlite"
"$ZHENMAP" new --empty "$p" >/dev/null || fail "zhenmap new --empty"
"$ZHENMAP" layer add "$p" --name wells --geometry point --title 水井 --field owner:text --field depth_m:real \
  >/dev/null || fail "zhenmap layer add"
for i in 1 2 3; do
  "$ZHENMAP" edit "$p" --layer wells --add --wkt "POINT(116.3$i 23.5$i)" --set owner="村委会$i" --set depth_m=1$i.5 \
    --user setup --reason fixture >/dev/null || fail "zhenmap edit --add"
done
audit_before=$(sqlite3 "$p" "SELECT count(*) FROM audit_log")

start_xvfb
start_app "$p"
wait_for 't.get("layer") == "wells" and "first_row" in t'
[ "$(table_get layer_title)" = 水井 ] || fail "the table's layer is titled '$(table_get layer_title)', not 水井"
[ "$(table_get rows)" = 3 ] || fail "the table shows $(table_get rows) rows, the file has 3"
# The layer list (a combo): the project's own layer, and none of the standard template's.
click_widget table_layer
wait_for '"table_layer:wells" in s.get("widgets", {})'
python3 -c 'import json,sys; w=json.load(open(sys.argv[1]))["widgets"]; sys.exit(any(k.startswith("table_layer:") and k != "table_layer:wells" for k in w))' \
  "$UI_TMP/state.json" || fail "the layer list offers layers the project lacks"
click_widget table_layer:wells
wait_for 't.get("layer") == "wells" and "first_row" in t'
sleep 0.3

read -r cx cy <<<"$(centre "$(table_get first_row.cells.owner.rect)")"
xdotool mousemove "$cx" "$cy" click 1
wait_for '"current_cell" in t and t["current_cell"]["field"] == "owner"'
id=$(table_get current_cell.id)
old=$(sqlite3 "$p" "SELECT owner FROM wells WHERE id = $id")
[ "$(table_get current_cell.text)" = "$old" ] || fail "the table shows '$(table_get current_cell.text)', the file '$old'"
new="UITEST owner $$"
table_type "$new"
[ "$(table_get pending)" = 1 ] || fail "$(table_get pending) edits pending, expected 1"
table_save

[ "$(sqlite3 "$p" "SELECT owner FROM wells WHERE id = $id")" = "$new" ] || fail "the file does not hold the edit"
audit=$(sqlite3 -separator '|' "$p" "SELECT old_value, new_value FROM audit_log WHERE layer = 'wells' AND feature_id = $id AND field = 'owner' AND id > (SELECT max(id) FROM audit_log) - 1")
[ "$audit" = "$old|$new" ] || fail "the audit log's last row: '$audit'"
[ "$(sqlite3 "$p" "SELECT count(*) FROM audit_log")" = "$((audit_before + 1))" ] || fail "not exactly one new audit row"
grep -q "project_sites" "$UI_TMP/app.log" && fail "the window looked for the standard template's layers: $(grep project_sites "$UI_TMP/app.log")"
kill -0 "$APP_PID" || fail "zhenmap died during the test"
echo "PASS: own layer 水井 listed and opened in the table; cell edited and saved with one audit row (well $id)"
