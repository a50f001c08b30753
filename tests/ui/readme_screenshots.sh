#!/usr/bin/env bash
# Takes the README's viewer screenshots under Xvfb: the identify panel on a project site found
# by the search (Chinese field aliases, readable values: status label, township and village
# names, team name, dates), and the attribute table mid-edit (a pending change highlighted).
# Usage: tests/ui/readme_screenshots.sh build/app/zhenmap [OUT_DIR (default docs/img)]
# Not a test (no test_ prefix): run it by hand and look at the pictures before committing them.
ZHENMAP=$(realpath "$1") COLOR_COUNT="" SRC=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$(realpath "${2:-$SRC/docs/img}")
source "$(dirname "$0")/ui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed"
command -v sqlite3 >/dev/null || fail "sqlite3 is not installed"

DB="$UI_TMP/demo.sqlite"
"$ZHENMAP" demo --out "$DB" >/dev/null || fail "cannot build the demo"
site=$(sqlite3 "$DB" "SELECT id FROM project_sites WHERE status = 'started' AND team_id IS NOT NULL AND start_date IS NOT NULL
                      AND village_code IS NOT NULL AND budget_wan IS NOT NULL ORDER BY id LIMIT 1 OFFSET 5")
[ -n "$site" ] || fail "no suitable project site in the demo"
start_xvfb
start_app "$DB"
wait_state_settle

# Find the site by its id, Enter: it is selected and the identify panel shows it.
xdotool mousemove 640 420
press ctrl+f
sleep 0.3
xdotool type --delay 40 "$site"
wait_for 'q["query"] == "'"$site"'" and q["hits"] and q["hits"][0]["layer"] == "project_sites" and q["hits"][0]["fid"] == '"$site"
press Return
wait_for 'not q["flying"] and s.get("selected", {}).get("fid") == '"$site"
xdotool mousemove 1200 790  # no hover tooltip
wait_state_settle
sleep 0.5
screenshot "$OUT/viewer_identify.png"

# The search list closed (its query cleared), so the map shows more.
read -r qx qy <<<"$(centre "$(state_get 'q["box"]')")"
click_at "$qx" "$qy"
sleep 0.2
press ctrl+a
press BackSpace
wait_for 'q["query"] == ""'

# The table mid-edit: the first row's budget changed, not saved (the cell is highlighted). Shift +
# wheel scrolls the table sideways until the budget column is whole on screen.
read -r nx ny <<<"$(centre "$(table_get first_row.cells.name.rect)")"
xdotool mousemove "$nx" "$ny"
for _ in $(seq 20); do
  python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["table"]["first_row"]["cells"].get("budget_wan"); sys.exit(0 if c and 100 < c["rect"][0] and c["rect"][0] + c["rect"][2] < 780 else 1)' \
    "$UI_TMP/state.json" 2>/dev/null && break
  xdotool keydown shift click 5 keyup shift
  sleep 0.3
done
read -r cx cy <<<"$(centre "$(table_get first_row.cells.budget_wan.rect)")"
click_at "$cx" "$cy"
wait_for '"current_cell" in t and t["current_cell"]["field"] == "budget_wan"'
press F2
wait_for 't["editing"] is True'
sleep 0.3
xdotool type --delay 60 "1280.5"
sleep 0.3
press Return
wait_for 't["pending"] == 1 and t["editing"] is False'
# Select the row two below, so the edited cell shows its highlight on a plain row.
read -r px py <<<"$(centre "$(table_get first_row.cells.programme.rect)")"
click_at "$px" "$((py + 56))"
wait_for 't["current_cell"]["field"] == "programme"'
xdotool mousemove 1200 790
wait_state_settle
sleep 0.5
screenshot "$OUT/viewer_table_edit.png"
echo "wrote $OUT/viewer_identify.png and $OUT/viewer_table_edit.png (site $site)"
