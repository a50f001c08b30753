#!/usr/bin/env bash
# The measuring tool in the real window on the demo project, driven by X input (xdotool): M starts
# a distance, three clicks on the map add three points (each where it was clicked: lon/lat from
# the view, computed here), and the distance the window reports equals the sum of PROJ's `geod -I
# +ellps=GRS80` over the same lon/lat points; Esc ends it. Shift+M starts an area, four clicks,
# and the area equals the one PROJ's programs give for the same polygon (geodesic edges from
# `geod`, areas in an equal-area `proj` projection). Clicks that measure identify nothing.
ZHENMAP=$1 COLOR_COUNT=$2 SRC=$3
source "$(dirname "$0")/ui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed"
command -v geod >/dev/null || fail "PROJ's geod is not installed (proj-bin)"
command -v proj >/dev/null || fail "PROJ's proj is not installed (proj-bin)"

"$ZHENMAP" demo --out "$UI_TMP/demo.sqlite" >/dev/null || fail "cannot build the demo"
start_xvfb
start_app "$UI_TMP/demo.sqlite"
wait_state_settle

# area_point FX FY: "x y" pixels at fractions of the map area (the part no panel covers).
area_point() {
  python3 -c 'import json,sys; x,y,w,h=json.load(open(sys.argv[1]))["map_area"]; print(round(x+w*float(sys.argv[2])), round(y+h*float(sys.argv[3])))' \
    "$UI_TMP/state.json" "$1" "$2"
}
# check_points "X Y" ...: the measured points are where these pixels show the map (inverse Web
# Mercator of the view's pixel, here), within one pixel.
check_points() {
  python3 - "$UI_TMP/state.json" "$@" <<'PY' || fail "the measured points are not where the clicks were: $(state_get 'm["points"]')"
import json, math, sys
s = json.load(open(sys.argv[1]))
pts = s["measure"]["points"]
assert len(pts) == len(sys.argv) - 2, pts
c, r, (X, Y, W, H) = s["center"], s["units_per_pixel"], s["map_rect"]
R = 6378137.0
for (lon, lat), px in zip(pts, sys.argv[2:]):
    x, y = map(float, px.split())
    mx, my = c[0] + (x - X - W / 2) * r, c[1] - (y - Y - H / 2) * r
    elon, elat = math.degrees(mx / R), math.degrees(2 * math.atan(math.exp(my / R)) - math.pi / 2)
    tol = math.degrees(1.5 * r / R)
    assert abs(lon - elon) < tol and abs(lat - elat) < tol, (lon, lat, elon, elat)
PY
}

# Distance: M, then three clicks.
xdotool mousemove 640 420
press m
wait_for 'm.get("mode") == "distance" and m["points"] == []'
wait_state_settle  # the measure panel is open: the map area is measured without it
clicks=()
n=0
for f in "0.2 0.3" "0.75 0.45" "0.45 0.8"; do
  # shellcheck disable=SC2086
  xy=$(area_point $f)
  # shellcheck disable=SC2086
  click_at $xy
  n=$((n + 1))
  wait_for 'len(m["points"]) == '"$n"
  clicks+=("$xy")
done
check_points "${clicks[@]}"
press Escape
wait_for 'm["finished"]'
! grep -q '"selected"' "$UI_TMP/state.json" || fail "a measuring click also identified a feature"
screenshot "$UI_TMP/distance.png"
expected=$(state_get '"\n".join("%.12f %.12f %.12f %.12f" % (a[1], a[0], b[1], b[0]) for a, b in zip(m["points"], m["points"][1:]))' \
  | geod -I +ellps=GRS80 -f %.6f | awk '{ s += $3 } END { printf "%.6f", s }')
got=$(state_get 'm["distance_m"]')
python3 -c 'import sys; g,e=map(float,sys.argv[1:]); sys.exit(0 if e > 1000 and abs(g-e) < 1e-3 else 1)' "$got" "$expected" \
  || fail "measured distance $got m, geod says $expected m"

# Area: Shift+M, four clicks (a quadrilateral).
press shift+m
wait_for 'm.get("mode") == "area" and m["points"] == []'
clicks=()
n=0
for f in "0.15 0.2" "0.85 0.25" "0.8 0.85" "0.25 0.75"; do
  # shellcheck disable=SC2086
  xy=$(area_point $f)
  # shellcheck disable=SC2086
  click_at $xy
  n=$((n + 1))
  wait_for 'len(m["points"]) == '"$n"
  clicks+=("$xy")
done
check_points "${clicks[@]}"
press Escape
wait_for 'm["finished"]'
screenshot "$UI_TMP/area.png"
# The reference area from PROJ's programs alone: each edge densified along its geodesic by `geod`
# (2,000 points), projected with `proj` to a Lambert azimuthal equal-area projection of the GRS80
# ellipsoid centred on the polygon (areas are exact there), then the shoelace formula.
expected=$(python3 - "$UI_TMP/state.json" <<'PY'
import json, subprocess, sys
pts = json.load(open(sys.argv[1]))["measure"]["points"]
lon0 = sum(p[0] for p in pts) / len(pts)
lat0 = sum(p[1] for p in pts) / len(pts)
dense = []
for a, b in zip(pts, pts[1:] + pts[:1]):
    out = subprocess.run(["geod", "+ellps=GRS80", f"+lat_1={a[1]!r}", f"+lon_1={a[0]!r}", f"+lat_2={b[1]!r}",
                          f"+lon_2={b[0]!r}", "+n_S=2000", "-f", "%.12f"], capture_output=True, text=True, check=True)
    rows = [line.split() for line in out.stdout.splitlines() if line.strip()]
    dense += [(float(r[1]), float(r[0])) for r in rows[:-1]]  # geod prints lat lon; the end is the next start
out = subprocess.run(["proj", "+proj=laea", f"+lat_0={lat0!r}", f"+lon_0={lon0!r}", "+ellps=GRS80", "-f", "%.6f"],
                     input="\n".join(f"{x!r} {y!r}" for x, y in dense), capture_output=True, text=True, check=True)
xy = [tuple(map(float, line.split())) for line in out.stdout.splitlines() if line.strip()]
assert len(xy) == len(dense), (len(xy), len(dense))
print("%.4f" % abs(0.5 * sum(xy[i][0] * xy[i - 1][1] - xy[i - 1][0] * xy[i][1] for i in range(len(xy)))))
PY
) || fail "cannot compute the reference area with geod and proj"
got=$(state_get 'm["area_m2"]')
python3 -c 'import sys; g,e=map(float,sys.argv[1:]); sys.exit(0 if e > 1e6 and abs(g-e) <= 1e-7 * e else 1)' "$got" "$expected" \
  || fail "measured area $got m², PROJ (geod + equal-area proj) says $expected m²"
# The fill is drawn on the map: the measure colour (#dc281e, blended) is on screen.
n=$("$COLOR_COUNT" "$UI_TMP/area.png" '#dc281e' 40)
[ "$n" -gt 100 ] || fail "no measure outline on screen ($n pixels)"
kill -0 "$APP_PID" || fail "zhenmap died during the test"
echo "PASS: distance over 3 clicked points matches geod; area of 4 points ($got m²) matches PROJ ($expected m²)"
