#!/usr/bin/python3
"""Mapnik 3.1 (Debian's python3-mapnik) as a peer of `zhenmap render` in bench/run.py (issue 24).

Renders ONE picture of the workload in a fresh process with the fixed cartography of
bench/peer_styles, so that the benchmark times the whole process: interpreter start, Mapnik init,
opening the GeoPackage (OGR datasource), rendering with AGG and writing the PNG.

  mapnik_render.py --data workload.gpkg --extent MINX,MINY,MAXX,MAXY --size 1920x1080 --out out.png

The extent is EPSG:3857; the data (EPSG:4326/4490 lon/lat) is reprojected on the fly. Mapnik
widths are pixels, so the millimetres of the cartography are converted at 96 dpi.
"""
import argparse
import os
import sqlite3
import sys

import mapnik

MERCATOR = "epsg:3857"  # Mapnik 3.1 (PROJ 6+) notation; "+init=" is refused
# CGCS2000 (EPSG:4490) and WGS 84 differ by centimetres: both are drawn as WGS 84 lon/lat.
LONLAT = "epsg:4326"
LONLAT_CODES = {4326, 4490}


def mm(v):
    return v * 96.0 / 25.4


def rgb(c):
    return "rgb(%d,%d,%d)" % c


def line(stroke, width):
    # Round joins and caps: zhenmap's default.
    return (f'<LineSymbolizer stroke="{rgb(stroke)}" stroke-width="{mm(width):.4f}" '
            'stroke-linejoin="round" stroke-linecap="round"/>')


def polygon(fill, stroke, width):
    fill = f'<PolygonSymbolizer fill="{rgb(fill)}"/>' if fill else ""
    return fill + line(stroke, width)


def circle(fill, diameter, stroke=None, width=0.0):
    # No file: an ellipse. allow-overlap + ignore-placement: every point drawn, no culling.
    outline = f'stroke="{rgb(stroke)}" stroke-width="{mm(width):.4f}"' if stroke else 'stroke-width="0"'
    return (f'<MarkersSymbolizer fill="{rgb(fill)}" {outline} width="{mm(diameter):.4f}" '
            f'height="{mm(diameter):.4f}" allow-overlap="true" ignore-placement="true"/>')


# Bottom first.
LAYERS = [
    ("villages", polygon((255, 235, 190), (120, 120, 120), 0.15)),
    ("townships", polygon(None, (200, 30, 30), 0.5)),
    ("scenic_routes", line((30, 90, 200), 0.35)),
    ("project_sites", circle((230, 120, 0), 1.6, (0, 0, 0), 0.2)),
    ("households", circle((40, 150, 40), 0.8)),
]


def layer_srs(path, name):
    """The layer's lon/lat SRS, from the GeoPackage's own tables."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    row = db.execute("SELECT srs_id FROM gpkg_contents WHERE table_name = ?", (name,)).fetchone()
    db.close()
    if row is None:
        sys.exit(f"mapnik_render: no layer {name} in {path}")
    if row[0] not in LONLAT_CODES:
        sys.exit(f"mapnik_render: layer {name} is in EPSG:{row[0]}, expected lon/lat 4326 or 4490")
    return LONLAT


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--extent", required=True, help="MINX,MINY,MAXX,MAXY in EPSG:3857")
    ap.add_argument("--size", default="1920x1080")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    extent = [float(v) for v in args.extent.split(",")]
    width, height = (int(v) for v in args.size.lower().split("x"))
    if not os.path.isfile(args.data):
        sys.exit(f"mapnik_render: no such file {args.data}")

    m = mapnik.Map(width, height, MERCATOR)
    # The styles go through Mapnik's XML loader: python-mapnik silently drops enum properties
    # (stroke-linejoin, stroke-linecap) set as Python attributes.
    styles = "".join(f'<Style name="{name}"><Rule>{symbolizers}</Rule></Style>' for name, symbolizers in LAYERS)
    mapnik.load_map_from_string(m, f'<Map srs="{MERCATOR}" background-color="white">{styles}</Map>')
    for name, _ in LAYERS:
        layer = mapnik.Layer(name, layer_srs(args.data, name))
        layer.datasource = mapnik.Datasource(type="ogr", file=args.data, layer=name)
        layer.styles.append(name)
        m.layers.append(layer)
    m.zoom_to_box(mapnik.Box2d(*extent))

    image = mapnik.Image(width, height)
    mapnik.render(m, image)  # AGG, antialiased
    image.save(args.out, "png32")


if __name__ == "__main__":
    main()
