#!/usr/bin/env bash
# Help: F1 opens the list of shortcuts over the window, and that list names every
# key that a key handler in app/ reads (GLFW_KEY_* and ImGuiKey_* in the sources, the help panel's
# own list aside); F1 again closes it. Help → 关于镇图 shows the version and the licences.
ZHENMAP=$1 COLOR_COUNT=$2 SRC=$3
source "$(dirname "$0")/ui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed"

"$ZHENMAP" demo --out "$UI_TMP/demo.sqlite" >/dev/null || fail "cannot build the demo"
start_xvfb
start_app "$UI_TMP/demo.sqlite"
wait_state_settle
read -r mx my <<<"$(map_middle)"
xdotool mousemove "$mx" "$my"
press F1
wait_for 's.get("help", {}).get("shortcuts_open") is True and s["help"]["rows"] >= 20'
screenshot "$UI_TMP/help.png"

# Every key a handler reads is in the list.
missing=$(python3 - "$UI_TMP/state.json" "$SRC"/app/*.cpp <<'PY'
import json, re, sys
listed = set(json.load(open(sys.argv[1]))["help"]["codes"])
used = set()
for path in sys.argv[2:]:
    if path.endswith("panel_help.cpp"):
        continue
    used |= set(re.findall(r"\b(GLFW_KEY_[A-Z0-9][A-Z0-9_]*|ImGuiKey_[A-Za-z0-9]+)\b", open(path, encoding="utf-8").read()))
print(" ".join(sorted(used - listed)))
PY
)
[ -z "$missing" ] || fail "keys read by handlers but not in the shortcut list: $missing"

read -r wx wy ww wh <<<"$(state_json '" ".join(str(int(v)) for v in s["help"]["window"])')"
[ "$ww" -gt 300 ] && [ "$wh" -gt 200 ] || fail "the shortcut window is $ww x $wh"
xdotool mousemove "$mx" "$my"
press F1
wait_for 's["help"]["shortcuts_open"] is False'

# Help → 关于镇图: the version and the libraries' licences.
click_widget menu_help
wait_for '"menu_about" in s.get("widgets", {})'
sleep 0.3
click_widget menu_about
wait_for 's["help"]["about_open"] is True and len(s["help"]["about_window"]) == 4'
[ "$(state_json 's["help"]["version"]')" = "$(sed -n 's/^project(zhenmap VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")" ] \
  || fail "About shows version $(state_json 's["help"]["version"]')"
[ "$(state_json 's["help"]["credits"]')" -ge 15 ] || fail "About lists $(state_json 's["help"]["credits"]') libraries"
screenshot "$UI_TMP/about.png"
kill -0 "$APP_PID" || fail "zhenmap died during the test"
echo "PASS: F1 lists $(state_json 's["help"]["rows"]') shortcuts, every key the handlers read among them; F1 closes it"
