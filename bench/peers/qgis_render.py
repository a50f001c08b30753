#!/usr/bin/python3
"""QGIS 3.22 (Debian's python3-qgis) as a peer of `zhenmap render` in bench/run.py (issue 24).

Renders ONE picture of the workload in a fresh process with the fixed cartography of
bench/peer_styles, so that the benchmark times the whole process: interpreter start, QGIS init,
opening the GeoPackage, rendering with QgsMapRendererParallelJob and writing the PNG.

  qgis_render.py --data workload.gpkg --extent MINX,MINY,MAXX,MAXY --size 1920x1080 --out out.png

The extent is EPSG:3857; the data (EPSG:4326/4490 lon/lat) is reprojected on the fly. Output DPI 96.
"""
import argparse
import os
import sys
import tempfile

os.environ["QT_QPA_PLATFORM"] = "offscreen"
if "XDG_RUNTIME_DIR" not in os.environ:
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="qgis-runtime-")

from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsFillSymbol,  # noqa: E402
                       QgsLineSymbol, QgsMapRendererParallelJob, QgsMapSettings, QgsMarkerSymbol,
                       QgsRectangle, QgsSingleSymbolRenderer, QgsVectorLayer,
                       QgsVectorSimplifyMethod)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

# Bottom first. Widths and sizes in mm at 96 dpi, as in bench/peer_styles (which are in px);
# round joins and caps, zhenmap's default.
LAYERS = [
    ("villages", QgsFillSymbol, {"color": "255,235,190,255", "outline_color": "120,120,120,255",
                                 "outline_width": "0.15", "outline_width_unit": "MM", "joinstyle": "round"}),
    ("townships", QgsFillSymbol, {"style": "no", "outline_color": "200,30,30,255",
                                  "outline_width": "0.5", "outline_width_unit": "MM", "joinstyle": "round"}),
    ("scenic_routes", QgsLineSymbol, {"line_color": "30,90,200,255", "line_width": "0.35",
                                      "line_width_unit": "MM", "joinstyle": "round", "capstyle": "round"}),
    ("project_sites", QgsMarkerSymbol, {"name": "circle", "color": "230,120,0,255", "size": "1.6",
                                        "size_unit": "MM", "outline_color": "0,0,0,255",
                                        "outline_width": "0.2", "outline_width_unit": "MM"}),
    ("households", QgsMarkerSymbol, {"name": "circle", "color": "40,150,40,255", "size": "0.8",
                                     "size_unit": "MM", "outline_style": "no"}),
]


def fail(message):
    sys.stderr.write(f"qgis_render: {message}\n")
    sys.stderr.flush()
    os._exit(1)


def open_layer(path, name, symbol_class, props):
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    if not layer.isValid():
        fail(f"cannot open layer {name} of {path}")
    # What QGIS desktop gives a newly added layer: simplify while drawing, 1 px, in the renderer.
    method = QgsVectorSimplifyMethod()
    method.setSimplifyHints(QgsVectorSimplifyMethod.GeometrySimplification)
    method.setThreshold(1.0)
    method.setForceLocalOptimization(True)
    layer.setSimplifyMethod(method)
    layer.setRenderer(QgsSingleSymbolRenderer(symbol_class.createSimple(props)))
    return layer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--extent", required=True, help="MINX,MINY,MAXX,MAXY in EPSG:3857")
    ap.add_argument("--size", default="1920x1080")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    extent = [float(v) for v in args.extent.split(",")]
    width, height = (int(v) for v in args.size.lower().split("x"))

    app = QgsApplication([], False)
    app.initQgis()
    layers = [open_layer(args.data, *spec) for spec in LAYERS]

    settings = QgsMapSettings()
    settings.setLayers(list(reversed(layers)))  # QGIS draws the first layer on top
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    settings.setOutputSize(QSize(width, height))
    settings.setOutputDpi(96)
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setExtent(QgsRectangle(*extent))
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    settings.setFlag(QgsMapSettings.DrawLabeling, False)  # no labels

    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    if job.errors():
        fail("render errors: " + "; ".join(f"{e.layerID}: {e.message}" for e in job.errors()))
    if not job.renderedImage().save(args.out, "PNG"):
        fail(f"cannot write {args.out}")
    sys.stdout.flush()
    os._exit(0)  # skip QGIS 3.22 teardown, which can crash


if __name__ == "__main__":
    main()
