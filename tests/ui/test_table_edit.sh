#!/usr/bin/env bash
# The attribute table in the real window, driven by X input (xdotool): double-click a cell of
# the project sites table, type a new name, Enter; Ctrl+Z undoes it, Ctrl+Y redoes it; Save and
# the save dialog's Save write it. Then the project file (sqlite3) holds the new value with a
# bumped row version, and the audit log holds the row (old and new value, user, reason).
ZHENMAP=$1 COLOR_COUNT=$2 SRC=$3
source "$(dirname "$0")/ui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed"
command -v sqlite3 >/dev/null || fail "sqlite3 is not installed"

"$ZHENMAP" demo --out "$UI_TMP/demo.sqlite" >/dev/null || fail "cannot build the demo"
start_xvfb
start_app "$UI_TMP/demo.sqlite"
sleep 0.5

# table_get, centre, press, wait_for (t: the table state) and press_until are in ui_lib.sh.
wait_for 't.get("layer") == "project_sites" and "first_row" in t'
new="UITEST edited name $$"

# Click a name cell, F2 opens its editor (a double-click does too, but its timing depends on
# the frame rate of this shared machine), type over the selected text, Enter.
read -r cx cy <<<"$(centre "$(table_get first_row.cells.name.rect)")"
xdotool mousemove "$cx" "$cy" click 1
wait_for '"current_cell" in t and t["current_cell"]["field"] == "name"'
id=$(table_get current_cell.id)
old=$(table_get current_cell.text)
stored_old=$(sqlite3 "$UI_TMP/demo.sqlite" "SELECT name FROM project_sites WHERE id = $id")
[ "$old" = "$stored_old" ] || fail "table shows '$old' for site $id, the file has '$stored_old'"
version_old=$(sqlite3 "$UI_TMP/demo.sqlite" "SELECT version FROM project_sites WHERE id = $id")
table_type "$new"
[ "$(table_get pending)" = 1 ] || fail "$(table_get pending) edits pending, expected 1"
[ "$(table_get current_cell.text)" = "$new" ] || fail "the cell shows '$(table_get current_cell.text)'"
[ "$(table_get can_undo)" = true ] || fail "nothing to undo after an edit"

# Ctrl+Z: back to the stored name; Ctrl+Y: the edit again.
press_until ctrl+z 't["pending"] == 0 and t["can_redo"] is True'
[ "$(table_get current_cell.text)" = "$old" ] || fail "undo left '$(table_get current_cell.text)'"
press_until ctrl+y 't["pending"] == 1 and t["can_redo"] is False'
[ "$(table_get current_cell.text)" = "$new" ] || fail "redo left '$(table_get current_cell.text)'"
# Nothing is in the file yet.
[ "$(sqlite3 "$UI_TMP/demo.sqlite" "SELECT name FROM project_sites WHERE id = $id")" = "$old" ] \
  || fail "the edit reached the file before Save"

# Save…, then the dialog's Save.
read -r mx my <<<"$(map_middle)"
map_before=$(pixel_at "$mx" "$my")
read -r sx sy <<<"$(centre "$(table_get buttons.save)")"
xdotool mousemove "$sx" "$sy" click 1
wait_for '"dialog_save" in t["buttons"] and "dialog_user" in t["buttons"]'
sleep 0.3
# The dialog is legible (issue 25): each input's frame line stands out from the dialog behind it
# (they were white on white), the dialog has a title bar, and the window behind is dimmed.
contrast() {  # the largest channel difference of two #rrggbb colours
  python3 -c 'import sys; a,b=sys.argv[1][1:],sys.argv[2][1:]; print(max(abs(int(a[i:i+2],16)-int(b[i:i+2],16)) for i in (0,2,4)))' "$1" "$2"
}
for field in dialog_user dialog_reason; do
  read -r fx fy fw fh <<<"$(table_get "buttons.$field")"
  frame=$(pixel_at "$fx" "$((fy + fh / 2))")
  behind=$(pixel_at "$((fx - 4))" "$((fy + fh / 2))")
  [ "$(contrast "$frame" "$behind")" -ge 60 ] || fail "$field: frame $frame on dialog $behind is not visible"
done
read -r dx dy dw dh <<<"$(table_get buttons.dialog)"
title=$(pixel_at "$((dx + dw - 12))" "$((dy + 4))")
body=$(pixel_at "$((dx + dw - 12))" "$((dy + dh - 4))")
[ "$(contrast "$title" "$body")" -ge 12 ] || fail "the save dialog has no title bar ($title over $body)"
map_after=$(pixel_at "$mx" "$my")
python3 -c 'import sys; a,b=sys.argv[1][1:],sys.argv[2][1:]; sys.exit(0 if sum(int(b[i:i+2],16) for i in (0,2,4)) < 0.8*sum(int(a[i:i+2],16) for i in (0,2,4)) else 1)' \
  "$map_before" "$map_after" || fail "the window behind the dialog is not dimmed ($map_before -> $map_after)"
read -r dx dy <<<"$(centre "$(table_get buttons.dialog_save)")"
xdotool mousemove "$dx" "$dy" click 1
wait_for 't["pending"] == 0 and t["unsaved"] is False and t["can_undo"] is False'
screenshot "$UI_TMP/saved.png"

# The project file and its audit log.
got=$(sqlite3 "$UI_TMP/demo.sqlite" "SELECT name FROM project_sites WHERE id = $id")
[ "$got" = "$new" ] || fail "the file holds '$got' for site $id, expected '$new'"
version_new=$(sqlite3 "$UI_TMP/demo.sqlite" "SELECT version FROM project_sites WHERE id = $id")
[ "$version_new" = "$((version_old + 1))" ] || fail "row version $version_old -> $version_new, expected +1"
audit=$(sqlite3 -separator '|' "$UI_TMP/demo.sqlite" \
  "SELECT old_value, new_value, new_version, user <> '' FROM audit_log WHERE layer = 'project_sites' AND feature_id = $id AND field = 'name'")
[ "$audit" = "$old|$new|$version_new|1" ] || fail "audit log rows for site $id: '$audit'"
[ "$(sqlite3 "$UI_TMP/demo.sqlite" "SELECT count(*) FROM audit_log")" = 1 ] || fail "more than one audit row"
kill -0 "$APP_PID" || fail "zhenmap died during the test"
echo "PASS: cell edited by keyboard, undone, redone, saved; file and audit log hold '$new' (site $id)"
