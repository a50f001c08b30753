#!/usr/bin/env bash
# The identify panel's History on a project site: two edits made outside the window (the CLI),
# listed newest first; "restore this version" on the first edit puts the name back as it was
# then, in one commit the database audits with context 'restore' (checked with sqlite3).
ZHENMAP=$1 COLOR_COUNT=$2 SRC=$3
source "$(dirname "$0")/ui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed"

DB="$UI_TMP/demo.sqlite"
"$ZHENMAP" demo --out "$DB" >/dev/null || fail "cannot build the demo"
site=$(sqlite3 "$DB" "SELECT id FROM project_sites ORDER BY id LIMIT 1")
"$ZHENMAP" edit "$DB" --layer project_sites --id "$site" --set name=第一次改名 --user li --reason 一 >/dev/null ||
  fail "the first edit failed"
"$ZHENMAP" edit "$DB" --layer project_sites --id "$site" --set name=第二次改名 --user wang --reason 二 >/dev/null ||
  fail "the second edit failed"

start_xvfb
start_app "$DB"
wait_state_settle
xdotool mousemove 640 420
press ctrl+f
sleep 0.3
xdotool type --delay 40 "$site"
wait_for 'q["query"] == "'"$site"'" and q["hits"] and q["hits"][0]["layer"] == "project_sites"'
press Return
wait_for 's.get("selected", {}).get("fid") == '"$site"' and "history" in s["widgets"]'
click_widget history
# Two edits, each with its restore button (versions 2 and 3).
wait_for 's["identify"]["history"] == 2 and "restore:2" in s["widgets"] and "restore:3" in s["widgets"]'
screenshot "$UI_TMP/history.png"
sleep 0.2
click_widget restore:2
wait_for 's["identify"]["restored"] == 2 and s["identify"]["error"] == ""'
got=$(sqlite3 "$DB" "SELECT name || '|' || version FROM project_sites WHERE id = $site")
[ "$got" = "第一次改名|4" ] || fail "the file holds '$got' after the restore, expected 第一次改名|4"
audit=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE layer = 'project_sites' AND feature_id = $site AND
                         context = 'restore' AND field = 'name' AND new_value = '第一次改名' AND new_version = 4")
[ "$audit" = "1" ] || fail "no audit row of the restore ($audit)"
# The history is read again: the restore is its third entry.
wait_for 's["identify"]["history"] == 3'
kill -0 "$APP_PID" || fail "zhenmap died during the test"
echo "PASS: history lists the two edits, restore puts version 2 back as version 4, audited as a restore"
