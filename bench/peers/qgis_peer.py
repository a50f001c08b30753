#!/usr/bin/python3
"""QGIS 3.22 (Debian's python3-qgis), headless, as the peer of bench_render and bench_edit.

Renders the same views as bench_render (its JSON gives the extents, EPSG:3857, 1920x1080) with
QgsMapRendererParallelJob, identifies at the same points, and commits the same 10,000 attribute
changes through the vector layer's edit buffer. Prints one JSON object on stdout.

  qgis_peer.py --data workload.gpkg --views bench_render.json [--edit copy.sqlite] [--runs 3]
"""
import argparse
import json
import os
import resource
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "XDG_RUNTIME_DIR" not in os.environ:
    import tempfile
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="qgis-runtime-")

from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsFeatureRequest,  # noqa: E402
                       QgsGeometry, QgsMapRendererParallelJob, QgsMapSettings,
                       QgsProject, QgsRectangle, QgsCoordinateTransform, QgsVectorLayer,
                       QgsVectorSimplifyMethod)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

LAYERS = ["townships", "villages", "work_teams", "project_sites", "scenic_routes", "households"]


def rect(e):
    return QgsRectangle(e[0], e[1], e[2], e[3])


def chunks(flat, n=4):
    return [flat[i:i + n] for i in range(0, len(flat), n)]


def open_layers(path, simplify):
    layers = []
    for name in LAYERS:
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        if not layer.isValid():
            sys.exit(f"error: QGIS cannot open {path} layer {name}")
        if simplify:
            # What QGIS desktop gives a newly added layer by default: simplify while drawing,
            # 1 px threshold, in the renderer (PyQGIS layers start without it).
            method = QgsVectorSimplifyMethod()
            method.setSimplifyHints(QgsVectorSimplifyMethod.GeometrySimplification)
            method.setThreshold(1.0)
            method.setForceLocalOptimization(True)
            layer.setSimplifyMethod(method)
        layers.append(layer)
    return layers


BACKGROUND = [QColor(0xf4, 0xf1, 0xea)]  # the peers' cartography (--peer-cartography): white


def peer_layers(path):
    """The five layers with the peers' cartography of bench/peer_styles (qgis_render.py's)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import qgis_render
    BACKGROUND[0] = QColor(255, 255, 255)
    return [qgis_render.open_layer(path, *spec) for spec in qgis_render.LAYERS]


def settings_for(layers, extent, size):
    s = QgsMapSettings()
    # QGIS draws the first layer on top: reverse so that the stacking matches ours.
    s.setLayers(list(reversed(layers)))
    s.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    s.setOutputSize(QSize(size[0], size[1]))
    s.setBackgroundColor(BACKGROUND[0])
    s.setOutputDpi(96)
    s.setExtent(extent)
    return s


def render(layers, extent, size, png=None):
    settings = settings_for(layers, extent, size)
    start = time.perf_counter()
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    elapsed = time.perf_counter() - start
    if png:
        job.renderedImage().save(png)
    return elapsed


def identify_us(layers, points, tolerance):
    """What QgsMapToolIdentify does per layer: features in the tolerance box, then exact test."""
    to_layer = [QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:3857"), l.crs(), QgsProject.instance())
                for l in layers]
    times = []
    for x, y in points:
        start = time.perf_counter()
        for layer, xf in zip(layers, to_layer):
            box = xf.transformBoundingBox(QgsRectangle(x - tolerance, y - tolerance, x + tolerance, y + tolerance))
            probe = QgsGeometry.fromRect(box)
            req = QgsFeatureRequest().setFilterRect(box)
            for f in layer.getFeatures(req):
                f.geometry().intersects(probe)
        times.append((time.perf_counter() - start) * 1e6)
    return times


def edit_commit(path, value, count, provider):
    if provider == "ogr":
        layer = QgsVectorLayer(f"{path}|layername=households", "households", "ogr")
    else:
        layer = QgsVectorLayer(f"dbname='{path}' table=\"households\" (geom)", "households", "spatialite")
    if not layer.isValid():
        sys.exit(f"error: QGIS cannot open {path}")
    field = layer.fields().indexOf("measures")
    start = time.perf_counter()
    layer.startEditing()
    for fid in range(1, count + 1):
        layer.changeAttributeValue(fid, field, value)
    buffered = time.perf_counter()
    if not layer.commitChanges():
        sys.exit("error: QGIS commit failed: " + "; ".join(layer.commitErrors()))
    done = time.perf_counter()
    single = []
    for i in range(10):
        s = time.perf_counter()
        layer.startEditing()
        layer.changeAttributeValue(1 + i, field, value + f" single {i}")
        if not layer.commitChanges():
            sys.exit("error: QGIS single commit failed")
        single.append((time.perf_counter() - s) * 1e3)
    return done - buffered, done - start, single


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--views", required=True, help="bench_render's JSON output")
    ap.add_argument("--edit", help="a copy of workload.sqlite to commit 10k changes to (OGR provider)")
    ap.add_argument("--edit-spatialite", help="another copy, edited through QGIS's spatialite provider")
    ap.add_argument("--edits", type=int, default=10000)
    ap.add_argument("--png")
    ap.add_argument("--no-simplify", action="store_true", help="draw full detail (QGIS desktop simplifies by default)")
    ap.add_argument("--peer-cartography", action="store_true",
                    help="the five layers drawn as bench/peer_args.txt draws them in zhenmap (else QGIS's defaults)")
    args = ap.parse_args()
    views = json.load(open(args.views))
    size = (int(views["width"]), int(views["height"]))

    app = QgsApplication([], False)
    app.initQgis()
    out = {"qgis_version": __import__("qgis.core", fromlist=["Qgis"]).Qgis.QGIS_VERSION}

    start = time.perf_counter()
    layers = peer_layers(args.data) if args.peer_cartography else open_layers(args.data, not args.no_simplify)
    out["qgis_simplify"] = 0 if args.no_simplify else 1
    out["qgis_first_frame_s"] = render(layers, rect(views["view_full"]), size, args.png) + 0.0
    out["qgis_open_first_frame_s"] = time.perf_counter() - start
    out["qgis_full_ms"] = [render(layers, rect(views["view_full"]), size) * 1e3 for _ in range(3)]
    out["qgis_pan_ms"] = [render(layers, rect(e), size) * 1e3 for e in chunks(views["views_pan"])]
    out["qgis_zoom_ms"] = [render(layers, rect(e), size) * 1e3 for e in chunks(views["views_zoom"])]
    out["qgis_zoomed_ms"] = [render(layers, rect(views["view_zoomed"]), size) * 1e3 for _ in range(3)]
    pts = chunks(views["identify_points"], 2)
    out["qgis_identify_us"] = identify_us(layers, pts, views["identify_tolerance"])
    for path, key in ((args.edit, "ogr"), (args.edit_spatialite, "spatialite")):
        if path:
            commit_s, total_s, single = edit_commit(path, "QGIS 编辑 %d" % os.getpid(), args.edits, key)
            out[f"qgis_{key}_commit_10k_s"] = commit_s
            out[f"qgis_{key}_edit_10k_total_s"] = total_s
            out[f"qgis_{key}_single_edit_ms"] = single
    out["qgis_peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    json.dump(out, sys.stdout, indent=1)
    print()
    sys.stdout.flush()
    # QGIS 3.22's Python bindings can crash while tearing down layers at exit: the figures are out.
    os._exit(0)


if __name__ == "__main__":
    main()
