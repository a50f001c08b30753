#!/usr/bin/env bash
# Date entry in the attribute table of the real window, driven by X input (xdotool): the start
# date of the first project site is set through the calendar popup (it opens on the stored
# date's month, or today's when there is none; back one year and two months with its buttons;
# day 15), which applies it through the same validation as typed text; after Save the project
# file (sqlite3) holds the ISO date, with one audit row. The layer chooser lists the layers by
# their Chinese display names. Identify's calendar on another site's start date (Today) edits it
# through the table, and Save writes it too.
ZHENMAP=$1 COLOR_COUNT=$2 SRC=$3
source "$(dirname "$0")/ui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed"
command -v sqlite3 >/dev/null || fail "sqlite3 is not installed"

DB="$UI_TMP/demo.sqlite"
"$ZHENMAP" demo --out "$DB" >/dev/null || fail "cannot build the demo"
start_xvfb
start_app "$DB"
wait_for 't.get("layer") == "project_sites" and "first_row" in t'
title=$(sqlite3 "$DB" "SELECT title_zh FROM layer_metadata WHERE layer = 'project_sites'")
[ -n "$title" ] && [ "$(table_get layer_title)" = "$title" ] || fail "the table's layer shows as '$(table_get layer_title)', not its display name '$title'"

# The start date column is right of the visible ones: Shift + wheel scrolls the table sideways.
read -r nx ny <<<"$(centre "$(table_get first_row.cells.name.rect)")"
xdotool mousemove "$nx" "$ny"
for _ in $(seq 40); do
  python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["table"]; c=t["first_row"]["cells"].get("start_date"); sys.exit(0 if c and c["rect"][0] > 0 and c["rect"][0] + 130 < 780 else 1)' \
    "$UI_TMP/state.json" 2>/dev/null && break
  xdotool keydown shift click 5 keyup shift
  sleep 0.2
done
wait_for '"start_date" in t["first_row"]["cells"]'
read -r cx cy <<<"$(centre "$(table_get first_row.cells.start_date.rect)")"
click_at "$cx" "$cy"
wait_for '"current_cell" in t and t["current_cell"]["field"] == "start_date"'
id=$(table_get current_cell.id)
stored=$(sqlite3 "$DB" "SELECT coalesce(start_date, '') FROM project_sites WHERE id = $id")
completion=$(sqlite3 "$DB" "SELECT coalesce(completion_date, '') FROM project_sites WHERE id = $id")
# Expected: the month the calendar opens on, then 14 months back, day 15 (computed here).
read -r oy om ey em expected <<<"$(python3 -c '
import datetime, sys
s = sys.argv[1]
d = datetime.date.fromisoformat(s) if s else datetime.date.today()
m = d.year * 12 + d.month - 1 - 14
e = datetime.date(m // 12, m % 12 + 1, 15)
print(d.year, d.month, e.year, e.month, e.isoformat())' "$stored")"
if [ -n "$completion" ] && [[ "$expected" > "$completion" ]]; then fail "the chosen date $expected is after the completion $completion"; fi

press F2
wait_for 't["editing"] is True and "date:button" in t["buttons"]'
read -r bx by <<<"$(centre "$(table_get buttons.date:button)")"
click_at "$bx" "$by"
wait_for 't["date_picker"]["open"] and "date:day:15" in t["buttons"]'
[ "$(table_get date_picker.year) $(table_get date_picker.month)" = "$oy $om" ] \
  || fail "the calendar opened on $(table_get date_picker.year)-$(table_get date_picker.month), expected $oy-$om"
screenshot "$UI_TMP/calendar.png"
read -r px py <<<"$(centre "$(table_get buttons.date:prev_year)")"
click_at "$px" "$py"
wait_for 't["date_picker"]["year"] == '"$((oy - 1))"
for _ in 1 2; do
  before=$(table_get date_picker.month)
  read -r px py <<<"$(centre "$(table_get buttons.date:prev_month)")"
  click_at "$px" "$py"
  wait_for 't["date_picker"]["month"] != '"$before"
done
[ "$(table_get date_picker.year) $(table_get date_picker.month)" = "$ey $em" ] \
  || fail "after navigation the calendar shows $(table_get date_picker.year)-$(table_get date_picker.month), expected $ey-$em"
sleep 0.2
read -r dx dy <<<"$(centre "$(table_get buttons.date:day:15)")"
click_at "$dx" "$dy"
wait_for 't["pending"] == 1 and t["editing"] is False and not t["date_picker"]["open"]'
[ -z "$(table_get error)" ] || fail "the picked date was refused: $(table_get error)"

# Save, then the file holds the date.
table_save
got=$(sqlite3 "$DB" "SELECT start_date FROM project_sites WHERE id = $id")
[ "$got" = "$expected" ] || fail "the file holds start_date '$got' for site $id, expected $expected"
audit=$(sqlite3 -separator '|' "$DB" "SELECT coalesce(old_value, ''), new_value FROM audit_log WHERE layer = 'project_sites' AND feature_id = $id AND field = 'start_date'")
[ "$audit" = "$stored|$expected" ] || fail "audit row '$audit', expected '$stored|$expected'"

# The layer chooser lists display names; choosing the villages' opens their table.
title=$(sqlite3 "$DB" "SELECT title_zh FROM layer_metadata WHERE layer = 'villages'")
click_widget table_layer
wait_for '"table_layer:villages" in s["widgets"]'
click_widget table_layer:villages
wait_for 't.get("layer") == "villages" and t.get("layer_title") == "'"$title"'"'
# The identify form: a site without a start date, found by its id; its start date set with Today
# in identify's calendar becomes a pending edit of the table (which opens project_sites again);
# the table's Save writes it.
site2=$(sqlite3 "$DB" "SELECT id FROM project_sites WHERE start_date IS NULL AND completion_date IS NULL ORDER BY id LIMIT 1")
[ -n "$site2" ] || fail "no project site without dates in the demo"
xdotool mousemove 640 420
press ctrl+f
sleep 0.3
xdotool type --delay 40 "$site2"
wait_for 'q["query"] == "'"$site2"'" and q["hits"] and q["hits"][0]["fid"] == '"$site2"' and q["hits"][0]["layer"] == "project_sites"'
press Return
wait_for 's.get("selected", {}).get("fid") == '"$site2"' and "start_date:button" in s["identify"]["date_buttons"]'
sleep 0.3
read -r ix iy <<<"$(centre "$(state_get 's["identify"]["date_buttons"]["start_date:button"]')")"
click_at "$ix" "$iy"
wait_for '"start_date:today" in s["identify"]["date_buttons"]'
screenshot "$UI_TMP/identify_calendar.png"
today=$(date +%F)
sleep 0.2
read -r ix iy <<<"$(centre "$(state_get 's["identify"]["date_buttons"]["start_date:today"]')")"
click_at "$ix" "$iy"
wait_for 't.get("layer") == "project_sites" and t["pending"] == 1'
[ -z "$(state_get 's["identify"]["error"]')" ] || fail "identify's date was refused: $(state_get 's["identify"]["error"]')"
table_save
got=$(sqlite3 "$DB" "SELECT start_date FROM project_sites WHERE id = $site2")
[ "$got" = "$today" ] || fail "the file holds start_date '$got' for site $site2, expected today ($today)"
kill -0 "$APP_PID" || fail "zhenmap died during the test"
echo "PASS: start date of site $id set to $expected through the table's calendar (opened on $oy-$om), of site $site2 to today through identify's; both saved"
