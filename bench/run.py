#!/usr/bin/python3
"""The benchmark runner: zhenmap against QGIS 3.22, Mapnik 3.1, gdal_rasterize and plain OGR, in one run.

For each size it makes (or reuses) the workload, then for each of N rounds (default 5) runs our
programs (bench_render, bench_edit, a whole `zhenmap render`) and the peers (qgis_peer.py,
qgis_render.py, mapnik_render.py, gdal_rasterize, ogr_read, OGR's SQLite driver inside
bench_edit) on the same data and views, ours then theirs in every round, so that a machine that
slows down slows both. Every figure set against QGIS or Mapnik draws the peers' cartography
(bench/peer_args.txt, the same styles in the peer scripts); the first round compares the pictures.
It writes a table of medians over the rounds with min-max, and the ours/peer ratio taken round by
round (median, min-max), to OUT/latest.md and OUT/latest.json, with the load average before and
after each size. Then, per size, 30 whole `zhenmap render` runs in a row measure start-up
steadiness (slowest / median).
Use bench/run.sh, which builds the programs first. --smoke: tiny data, one round, no QGIS, and a
non-zero exit unless every figure was produced (ctest bench.smoke).
"""
import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# (key, label, unit, scale from the raw unit, our key, [(peer label, peer key)])
FIGURES = [
    ("load_first_frame", "Open data → first complete frame (4x MSAA)", "s", 1,
     "load_to_first_frame_s", [("QGIS open + first render", "qgis_open_first_frame_s"),
                               ("gdal_rasterize polygons", "rasterize_s")]),
    ("read", "Read: open, reproject, validate, index", "s", 1, "read_s", [("plain OGR read", "ogr_read_s")]),
    ("tessellate_first", "Tessellate the levels the first view draws", "s", 1, "tessellate_first_s", []),
    ("refine", "After the first frame: finer levels tessellated + uploaded", "s", 1, "refine_s", []),
    ("tessellate", "Tessellate, all levels of detail", "s", 1, "tessellate_s", []),
    ("coverage", "Fill coverage of the polygon layers (in the refine, beside full detail)", "s", 1, "fill_coverage_s", []),
    ("upload", "Upload to GPU buffers, all levels", "s", 1, "upload_s", []),
    ("empty_frame", "Frame with no layers (clear only), 4x MSAA", "ms", 1, "empty_frame_ms_median", []),
    ("empty_frame_1x", "Frame with no layers (clear only), single-sampled", "ms", 1, "empty_frame_1x_ms_median", []),
    ("full_frame", "Frame, full extent, at rest (4x MSAA)", "ms", 1, "full_frame_ms_median", [("QGIS render", "qgis_full_ms")]),
    ("full_frame_1x", "Frame, full extent, single-sampled", "ms", 1, "full_frame_1x_ms_median",
     [("QGIS render", "qgis_full_ms")]),
    ("pan_frame", "Frame while panning (full extent, single-sampled)", "ms", 1, "pan_frame_ms_median",
     [("QGIS render", "qgis_pan_ms")]),
    ("pan_reuse_frame", "Frame while panning as the viewer draws it (re-uses the last picture)", "ms", 1,
     "pan_reuse_frame_ms_median", [("QGIS render", "qgis_pan_ms")]),
    ("zoom_frame", "Frame while zooming (single-sampled)", "ms", 1, "zoom_frame_ms_median", [("QGIS render", "qgis_zoom_ms")]),
    # No QGIS peer: QGIS desktop also shows scaled previews while zooming, and its peer here
    # times whole renders.
    ("zoom_preview_frame", "Frame while zooming as the viewer draws it (mean: previews scaled from the last exact picture, a whole frame every 2x)",
     "ms", 1, "zoom_preview_frame_ms_mean", []),
    ("zoomed_frame", "Frame, zoomed in 16x, at rest (4x MSAA)", "ms", 1, "zoomed_frame_ms_median",
     [("QGIS render", "qgis_zoomed_ms")]),
    ("zoomed_frame_1x", "Frame, zoomed in 16x, single-sampled", "ms", 1, "zoomed_frame_1x_ms_median",
     [("QGIS render", "qgis_zoomed_ms")]),
    ("zoomed_pan_frame", "Frame while panning (zoomed in, single-sampled)", "ms", 1, "zoomed_pan_frame_ms_median",
     [("QGIS render", "qgis_zoomed_ms")]),
    ("zoomed_pan_reuse_frame", "Frame while panning zoomed in, as the viewer draws it (re-uses the last picture)", "ms",
     1, "zoomed_pan_reuse_frame_ms_median", [("QGIS render", "qgis_zoomed_ms")]),
    ("identify", "Identify, one click over every layer drawn", "µs", 1, "identify_us_median",
     [("QGIS feature request + intersects", "qgis_identify_us")]),
    ("commit_10k", "Commit 10k attribute changes (audit incl.)", "s", 1, "commit_10k_s",
     [("OGR SQLite driver", "ogr_commit_10k_s"), ("QGIS spatialite provider", "qgis_spatialite_commit_10k_s"),
      ("QGIS OGR provider", "qgis_ogr_commit_10k_s")]),
    ("edit_10k_total", "10k edits: buffer + commit", "s", 1, "edit_10k_total_s",
     [("QGIS spatialite provider", "qgis_spatialite_edit_10k_total_s"),
      ("QGIS OGR provider", "qgis_ogr_edit_10k_total_s")]),
    ("single_edit", "Single-cell edit + commit", "ms", 1, "single_edit_ms_median",
     [("OGR SQLite driver", "ogr_single_edit_ms_median"), ("QGIS spatialite provider", "qgis_spatialite_single_edit_ms"),
      ("QGIS OGR provider", "qgis_ogr_single_edit_ms")]),
    ("oneshot_render", "Whole process: render one view to a PNG (peers' cartography)", "s", 1, "oneshot_render_s",
     [("QGIS whole process", "qgis_oneshot_render_s"), ("Mapnik whole process", "mapnik_oneshot_render_s")]),
    ("peak_rss", "Peak resident memory (render process)", "MiB", 1, "peak_rss_mib",
     [("QGIS process", "qgis_peak_rss_mib")]),
    ("gpu_bytes", "GPU buffer memory, all levels", "MiB", 1 / (1024 * 1024), "gpu_bytes",
     [("the coordinates as doubles (16 B a vertex)", "source_coord_bytes")]),
]
# The demo project (`zhenmap demo`), labels drawn as in the viewer, 1920x1080 single-sampled while
# panning: the frame rate the viewer can reach on this renderer (goal: 60 fps, 16.7 ms).
DEMO_FIGURES = [
    ("demo_pan_frame", "Demo: frame while panning, labels on (single-sampled)", "ms", 1, "pan_frame_ms_median", []),
    ("demo_zoom_frame", "Demo: frame while zooming, labels on (single-sampled)", "ms", 1, "zoom_frame_ms_median", []),
    ("demo_zoom_preview_frame", "Demo: frame while zooming as the viewer draws it (mean: previews, a whole frame every 2x)",
     "ms", 1, "zoom_preview_frame_ms_mean", []),
    ("demo_full_frame", "Demo: frame at rest, labels on (4x MSAA)", "ms", 1, "full_frame_ms_median", []),
    ("demo_zoomed_pan_frame", "Demo: panning zoomed in 16x, labels on (single-sampled)", "ms", 1,
     "zoomed_pan_frame_ms_median", []),
    ("demo_pan_reuse_frame", "Demo: frame while panning as the viewer draws it (re-uses the last picture)", "ms", 1,
     "pan_reuse_frame_ms_median", []),
    ("demo_zoomed_pan_reuse_frame", "Demo: panning zoomed in 16x as the viewer draws it", "ms", 1,
     "zoomed_pan_reuse_frame_ms_median", []),
    ("demo_fps", "Demo: frames per second while panning, whole frames (1000 / median)", "fps", 1, "pan_fps", []),
    ("demo_fps_reuse", "Demo: frames per second while panning as the viewer draws it", "fps", 1, "pan_reuse_fps", []),
    ("demo_zoom_fps", "Demo: frames per second while zooming (1000 / median)", "fps", 1, "zoom_fps", []),
    ("demo_zoom_preview_fps", "Demo: frames per second while zooming as the viewer draws it (1000 / mean)", "fps", 1,
     "zoom_preview_fps", []),
]
QGIS_PREFIX = "qgis_"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class ProgramFailed(RuntimeError):
    def __init__(self, message, partial=None):
        super().__init__(message)
        self.partial = partial or {}


def partial_json(text):
    """The figures a killed program had already printed (our programs flush each one)."""
    try:
        return json.loads(text.rstrip().rstrip(",") + "\n}") if text.strip() else {}
    except json.JSONDecodeError:
        return {}


def rss_bytes(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


ROOT = Path(__file__).resolve().parent.parent


def peer_args():
    """bench/peer_args.txt: the `zhenmap render` arguments that draw the peers' cartography (paths
    in it are relative to the repository root, where the programs run)."""
    return shlex.split((ROOT / "bench" / "peer_args.txt").read_text())


def run_json(cmd, env=None, timeout=3600, mem_cap=None):
    """Runs cmd and parses its stdout as JSON. Kills it past timeout seconds or when its resident
    memory passes mem_cap bytes (this machine is shared: never let a benchmark push others out)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, text=True, cwd=ROOT)
        start, peak = time.monotonic(), 0
        while proc.poll() is None:
            peak = max(peak, rss_bytes(proc.pid))
            why = None
            if mem_cap and peak > mem_cap:
                why = f"killed: resident memory passed the cap of {mem_cap / 2**30:.1f} GiB"
            elif time.monotonic() - start > timeout:
                why = f"killed: ran past {timeout} s"
            if why:
                proc.kill()
                proc.wait()
                out.seek(0)
                raise ProgramFailed(f"{Path(cmd[0]).name}: {why}", partial_json(out.read()))
            time.sleep(0.1)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise ProgramFailed(f"{Path(cmd[0]).name} failed ({proc.returncode}): {err.read().strip()[-500:]}")
        return json.loads(out.read())


def value(v):
    """A run's figure: a list of samples becomes its median."""
    return statistics.median(v) if isinstance(v, list) else v


def qgis_available(install):
    probe = ["/usr/bin/python3", "-c", "import qgis.core"]
    if subprocess.run(probe, capture_output=True).returncode == 0:
        return True
    if not install:
        return False
    policy = subprocess.run(["apt-cache", "policy", "python3-qgis"], capture_output=True, text=True).stdout
    if "Candidate: (none)" in policy or "Candidate:" not in policy:
        log("QGIS: python3-qgis is not available from apt here; QGIS figures left out")
        return False
    cmd = ["apt-get", "install", "-y", "--no-install-recommends", "qgis", "python3-qgis"]
    if os.geteuid() != 0:
        if not shutil.which("sudo"):
            log("QGIS: not installed and not root (no sudo); QGIS figures left out")
            return False
        cmd = ["sudo", "-n"] + cmd
    log("QGIS: installing qgis python3-qgis (once; a few hundred MB)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(cmd, env=env, check=False, capture_output=True)
    return subprocess.run(probe, capture_output=True).returncode == 0


def ensure_workload(build, data_dir, size, seed):
    """SIZE is tiny, small, large or huge; SIZE+1m is the same with 1 M households instead of 10,000."""
    base, _, variant = size.partition("+")
    households = {"": 10000, "1m": 1000000}.get(variant)
    if households is None:
        raise SystemExit(f"error: unknown size variant '{size}' (SIZE or SIZE+1m)")
    out = data_dir / size
    manifest = out / "manifest.json"
    if manifest.exists():
        m = json.loads(manifest.read_text())
        if m.get("seed") == seed and (out / "workload.gpkg").exists() and (out / "workload.sqlite").exists():
            return m
    log(f"[{size}] generating the workload in {out}")
    subprocess.run([str(build / "bench" / "bench_workload"), "--size", base, "--seed", str(seed), "--out", str(out),
                    "--households", str(households)], check=True, stdout=subprocess.DEVNULL)
    return json.loads(manifest.read_text())


def attempt(fig, what, fn):
    """Runs one program of the round; a failure is recorded (and reported) instead of ending the run."""
    try:
        return fn()
    except (ProgramFailed, subprocess.CalledProcessError, json.JSONDecodeError) as e:
        log(f"  {what}: {e}")
        fig.setdefault("failures", []).append(f"{e}")
        partial = getattr(e, "partial", None)
        if partial:
            fig.update(partial)
            fig["failures"][-1] += " (figures printed before that are kept)"
        return None


def timed(cmd, env=None):
    """Wall seconds of a whole process (it must exit 0)."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise ProgramFailed(f"{Path(cmd[1] if cmd[0].endswith('python3') else cmd[0]).name} failed "
                            f"({proc.returncode}): {proc.stderr.strip()[-400:]}")
    return wall


def mapnik_available():
    return subprocess.run(["/usr/bin/python3", "-c", "import mapnik"], capture_output=True).returncode == 0


def oneshot(args, build, gpkg, view, with_qgis, tmp, fig, compare):
    """One view rendered to a PNG by a whole process each: zhenmap, then QGIS, then Mapnik, with
    the peers' cartography; on the first round the pictures are compared (share of pixels whose
    channels differ by more than 48 of 255: antialiasing, not missing features, should remain)."""
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    extent = ",".join(f"{v:.6f}" for v in view)
    peers = Path(__file__).parent / "peers"
    pngs = {"zhenmap": tmp / "oneshot_zhenmap.png", "qgis": tmp / "oneshot_qgis.png", "mapnik": tmp / "oneshot_mapnik.png"}
    zhenmap = [str(build / "app" / "zhenmap"), "render", str(gpkg), "--size", f"{args.width}x{args.height}",
               "--extent", extent, "--out", str(pngs["zhenmap"]), *peer_args()]
    got = attempt(fig, "zhenmap render", lambda: timed(zhenmap, env))
    if got is not None:
        fig["oneshot_render_s"] = got
    common = ["--data", str(gpkg), "--extent", extent, "--size", f"{args.width}x{args.height}"]
    if with_qgis:
        got = attempt(fig, "qgis_render.py", lambda: timed(
            ["/usr/bin/python3", str(peers / "qgis_render.py"), *common, "--out", str(pngs["qgis"])],
            dict(env, QT_QPA_PLATFORM="offscreen")))
        if got is not None:
            fig["qgis_oneshot_render_s"] = got
    if args.mapnik:
        got = attempt(fig, "mapnik_render.py", lambda: timed(
            ["/usr/bin/python3", str(peers / "mapnik_render.py"), *common, "--out", str(pngs["mapnik"])], env))
        if got is not None:
            fig["mapnik_oneshot_render_s"] = got
    if compare and pngs["zhenmap"].exists():
        for peer in ("qgis", "mapnik"):
            if pngs[peer].exists():
                d = subprocess.run(["/usr/bin/python3", str(peers / "picture_diff.py"), str(pngs["zhenmap"]),
                                    str(pngs[peer])], capture_output=True, text=True)
                if d.returncode == 0:
                    fig[f"picture_differs_{peer}"] = json.loads(d.stdout)["differing_share"]
    for p in pngs.values():
        p.unlink(missing_ok=True)


def startup_series(args, build, gpkg, view, runs):
    """`runs` whole `zhenmap render` processes of the same view in a row: start-up steadiness."""
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    extent = ",".join(f"{v:.6f}" for v in view)
    with tempfile.TemporaryDirectory(prefix="zhenmap-startup-") as t:
        cmd = [str(build / "app" / "zhenmap"), "render", str(gpkg), "--size", f"{args.width}x{args.height}",
               "--extent", extent, "--out", str(Path(t) / "out.png"), *peer_args()]
        walls = [timed(cmd, env) for _ in range(runs)]
    med = statistics.median(walls)
    return {"runs": runs, "median_s": med, "min_s": min(walls), "max_s": max(walls), "max_over_median": max(walls) / med}


def one_round(args, build, size_dir, manifest, with_qgis, tmp, first_round=False):
    gpkg, sqlite = size_dir / "workload.gpkg", size_dir / "workload.sqlite"
    bench = build / "bench"
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    fig = {}
    cap = args.mem_cap_gib * 2**30
    render_cmd = [str(bench / "bench_render"), "--data", str(gpkg), "--frames", str(args.frames),
                  "--clicks", str(args.clicks), "--budget", str(args.budget), *peer_args()]
    ours = attempt(fig, "bench_render", lambda: run_json(render_cmd, env=env, mem_cap=cap))
    if ours:
        fig.update(ours)

    read = attempt(fig, "ogr_read", lambda: run_json([str(bench / "ogr_read"), str(gpkg)], mem_cap=cap))
    if read:
        fig["ogr_read_s"] = read["ogr_read_s"]

    e = manifest["extent"]
    start = time.perf_counter()
    if attempt(fig, "gdal_rasterize", lambda: subprocess.run(
            ["gdal_rasterize", "-q", "-l", "townships", "-l", "villages", "-burn", "200", "-ot", "Byte",
             "-ts", "1920", "1080", "-te", *map(str, e), "-of", "GTiff", str(gpkg), str(tmp / "rasterized.tif")],
            check=True)):
        fig["rasterize_s"] = time.perf_counter() - start

    copies = []
    for i in range(4):
        copies.append(tmp / f"edit{i}.sqlite")
        shutil.copyfile(sqlite, copies[-1])
    edit = attempt(fig, "bench_edit", lambda: run_json(
        [str(bench / "bench_edit"), "--store", str(copies[0]), "--ogr", str(copies[1]), "--edits", str(args.edits)],
        mem_cap=cap))
    if edit:
        fig.update({k: v for k, v in edit.items() if k != "peak_rss_mib"})

    if with_qgis and not ours:
        ours = attempt(fig, "bench_render --views-only", lambda: run_json(
            [str(bench / "bench_render"), "--data", str(gpkg), "--views-only", *peer_args()], env=env, mem_cap=cap))
    if with_qgis and ours:
        views = tmp / "views.json"
        views.write_text(json.dumps(ours))
        peer = attempt(fig, "QGIS", lambda: run_json(
            ["/usr/bin/python3", str(Path(__file__).parent / "peers" / "qgis_peer.py"), "--data", str(gpkg),
             "--views", str(views), "--edit", str(copies[2]), "--edit-spatialite", str(copies[3]),
             "--edits", str(args.edits), "--peer-cartography"], env=dict(env, QT_QPA_PLATFORM="offscreen"),
            mem_cap=cap))
        if peer:
            fig.update(peer)
    if ours or with_qgis:
        view = (ours or {}).get("view_full")
        if view:
            oneshot(args, build, gpkg, view, with_qgis, tmp, fig, compare=first_round)
    for c in copies:
        for suffix in ("", "-wal", "-shm"):
            Path(str(c) + suffix).unlink(missing_ok=True)
    return fig


def stats(values):
    vs = [value(v) for v in values if v is not None]
    if not vs:
        return None
    return {"median": statistics.median(vs), "min": min(vs), "max": max(vs), "runs": len(vs)}


def fmt(x, unit):
    if x is None:
        return "—"
    if unit == "µs" or abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    if abs(x) >= 1:
        return f"{x:.2f}"
    return f"{x:.3g}"


def cell(s, unit, scale):
    if s is None:
        return "not measured"
    return f"{fmt(s['median'] * scale, unit)} ({fmt(s['min'] * scale, unit)}–{fmt(s['max'] * scale, unit)})"


def summarize(size, manifest, rounds, figures=FIGURES):
    rows = []
    for key, label, unit, scale, ours_key, peers in figures:
        ours = stats([r.get(ours_key) for r in rounds])
        entry = {"figure": key, "label": label, "unit": unit, "ours": ours, "peers": []}
        for peer_label, peer_key in peers:
            p = stats([r.get(peer_key) for r in rounds])
            # Ratio round by round: ours and the peer's of the same round, then the median of those.
            per_round = [value(r[ours_key]) / value(r[peer_key]) for r in rounds
                         if r.get(ours_key) is not None and r.get(peer_key) is not None and value(r[peer_key]) > 0]
            ratio = stats(per_round)
            entry["peers"].append({"peer": peer_label, "key": peer_key, "value": p,
                                   "ratio": ratio["median"] if ratio else None, "ratio_range": ratio})
        entry["scale"] = scale
        rows.append(entry)
    diffs = {peer: stats([r.get(f"picture_differs_{peer}") for r in rounds]) for peer in ("qgis", "mapnik")}
    return {"size": size, "manifest": manifest, "rows": rows, "raw": rounds, "picture_differs": diffs}


def markdown(results, meta):
    lines = [f"Measured {meta['date']} on {meta['machine']}; renderer: {meta['renderer']}; "
             f"{meta['runs']} round(s) per size, ours then the peers in every round; median (min–max) over "
             f"rounds; ratio = ours / peer taken round by round, median (min–max) of those (below 1: we are "
             f"faster or smaller). Load average before/after: {meta['load_before']} / {meta['load_after']}. "
             f"Commit {meta['commit']}. Command: `{meta.get('command', 'bench/run.sh')}`.", ""]
    for res in results:
        m = res["manifest"]
        lines.append(f"### {res['size']}: {m['polygon_vertices']:,} polygon vertices, "
                     + ", ".join(f"{n:,} {k}" for k, n in m["layers"].items()))
        lines.append("")
        if res.get("load"):
            lines.append(f"Load average before / after this size: {res['load'][0]:.2f} / {res['load'][1]:.2f}.")
            lines.append("")
        lines.append("| figure | unit | zhenmap | peer | peer value | ours/peer (min–max) |")
        lines.append("|---|---|---|---|---|---|")
        for row in res["rows"]:
            ours = cell(row["ours"], row["unit"], row["scale"])
            if not row["peers"]:
                lines.append(f"| {row['label']} | {row['unit']} | {ours} | — | — | — |")
            for i, p in enumerate(row["peers"]):
                rr = p.get("ratio_range")
                ratio = (f"{p['ratio']:.3g} ({rr['min']:.3g}–{rr['max']:.3g})" if rr and rr["runs"] > 1
                         else f"{p['ratio']:.3g}") if p["ratio"] is not None else "—"
                first = (row["label"], row["unit"], ours) if i == 0 else ("", "", "")
                lines.append(f"| {first[0]} | {first[1]} | {first[2]} | {p['peer']} | "
                             f"{cell(p['value'], row['unit'], row['scale'])} | {ratio} |")
        lines.append("")
        diffs = res.get("picture_differs") or {}
        said = [f"{peer}: {d['median'] * 100:.1f} %" for peer, d in diffs.items() if d]
        if said:
            lines.append("Pixels that differ noticeably (a channel by more than 48 of 255) between zhenmap's "
                         "whole-process picture and the peer's, same view and cartography: " + ", ".join(said) + ".")
            lines.append("")
        st = res.get("startup")
        if st:
            lines.append(f"Start-up steadiness: {st['runs']} whole `zhenmap render` runs in a row: median "
                         f"{st['median_s'] * 1e3:.0f} ms, min {st['min_s'] * 1e3:.0f}, max {st['max_s'] * 1e3:.0f} ms; "
                         f"slowest / median {st['max_over_median']:.2f}.")
            lines.append("")
        failures = [f for r in res["raw"] for f in r.get("failures", [])]
        for f in sorted(set(failures)):
            lines.append(f"- not measured in {failures.count(f)} round(s): {f}")
        if failures:
            lines.append("")
    return "\n".join(lines)


def save(out, results, meta):
    """Written after every size, so that a long run interrupted later still leaves its tables."""
    md = markdown(results, meta)
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.md").write_text(md + "\n")
    (out / "latest.json").write_text(json.dumps({"meta": meta, "results": results}, indent=1, ensure_ascii=False) + "\n")
    return md


def missing_figures(results, with_qgis, with_mapnik):
    bad = []
    for res in results:
        for row in res["rows"]:
            if not row["ours"] or not row["ours"]["median"] > 0:
                bad.append(f"{res['size']}: {row['figure']}")
            for p in row["peers"]:
                expected = (with_qgis or not p["key"].startswith(QGIS_PREFIX)) and (
                    with_mapnik or not p["key"].startswith("mapnik_"))
                if expected and (not p["value"] or not p["value"]["median"] > 0):
                    bad.append(f"{res['size']}: {row['figure']} vs {p['peer']}")
    return bad


def demo_project(args, root, build, data_dir):
    """The demo project: --demo PATH, or made once with `zhenmap demo` (from BUILD or build/)."""
    if args.smoke or args.demo == "none":
        return None
    if args.demo != "auto":
        return Path(args.demo)
    path = data_dir / "demo" / "jieyang_demo.sqlite"
    if path.exists():
        return path
    for exe in (build / "app" / "zhenmap", root / "build" / "app" / "zhenmap"):
        if exe.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            if subprocess.run([str(exe), "demo", "--out", str(path)], capture_output=True).returncode == 0:
                return path
    log("[demo] no zhenmap binary to make the demo project with: demo figures left out")
    return None


def main():
    root = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="small,large")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--startup-runs", type=int, default=30, help="whole `zhenmap render` runs in a row per size")
    ap.add_argument("--no-mapnik", action="store_true")
    ap.add_argument("--width", type=int, default=1920)
    ap.add_argument("--height", type=int, default=1080)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--no-qgis", action="store_true")
    ap.add_argument("--no-install", action="store_true", help="do not apt-get install QGIS when missing")
    ap.add_argument("--build-dir", default=str(root / "build-bench"))
    ap.add_argument("--data-dir", help="default: BUILD/bench-data")
    ap.add_argument("--out", help="default: bench/results (smoke: BUILD/bench-smoke)")
    ap.add_argument("--seed", type=int, default=20261129)
    ap.add_argument("--frames", type=int, default=60)
    ap.add_argument("--budget", type=float, default=20.0, help="seconds per series of frames")
    ap.add_argument("--clicks", type=int, default=1000)
    ap.add_argument("--edits", type=int, default=10000)
    ap.add_argument("--demo", default="auto",
                    help="the demo project to time with labels (auto: made with `zhenmap demo` when a zhenmap "
                         "binary is built; none: skip)")
    ap.add_argument("--mem-cap-gib", type=float, default=round(0.6 * os.sysconf("SC_PHYS_PAGES")
                                                               * os.sysconf("SC_PAGE_SIZE") / 2**30, 1),
                    help="kill a program whose resident memory passes this (default: 60%% of RAM)")
    args = ap.parse_args()
    build = Path(args.build_dir).resolve()
    if args.smoke:
        args.sizes, args.runs, args.no_qgis, args.frames, args.clicks, args.budget = "tiny", 1, True, 3, 100, 2.0
        args.no_mapnik, args.startup_runs = True, 2
    out = Path(args.out or (build / "bench-smoke" if args.smoke else root / "bench" / "results"))
    data_dir = Path(args.data_dir or build / "bench-data")
    with_qgis = not args.no_qgis and qgis_available(not args.no_install)
    args.mapnik = not args.no_mapnik and mapnik_available()
    if not args.no_mapnik and not args.mapnik:
        log("Mapnik (python3-mapnik) is not installed: its figures are left out")
    if not args.no_qgis and not with_qgis:
        log("QGIS is not available: its figures are left out")

    meta = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "runs": args.runs,
            "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
            "load_before": f"{os.getloadavg()[0]:.1f}", "load_after": "?", "qgis": with_qgis, "renderer": "?",
            "mapnik": args.mapnik, "command": os.environ.get("ZHENMAP_BENCH_COMMAND")
            or "bench/run.py " + " ".join(shlex.quote(a) for a in sys.argv[1:]),
            "commit": subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                                     text=True).stdout.strip()}
    try:
        cpu = next(l for l in open("/proc/cpuinfo") if l.startswith("model name")).split(":", 1)[1].strip()
        meta["machine"] = f"{cpu}, {os.cpu_count()} cores"
    except (OSError, StopIteration):
        pass
    results, md = [], ""
    with tempfile.TemporaryDirectory(prefix="zhenmap-bench-") as t:
        tmp = Path(t)
        for size in [s for s in args.sizes.split(",") if s]:
            manifest = ensure_workload(build, data_dir, size, args.seed)
            if args.smoke:
                again = ensure_workload(build, tmp / "again", size, args.seed)
                if again["coordinate_checksum"] != manifest["coordinate_checksum"]:
                    log(f"[{size}] the workload is not deterministic: checksums differ")
                    return 1
            rounds = []
            load_before = os.getloadavg()[0]
            for r in range(args.runs):
                log(f"[{size}] round {r + 1}/{args.runs}")
                rounds.append(one_round(args, build, data_dir / size, manifest, with_qgis, tmp, first_round=r == 0))
                if r + 1 < args.runs:  # a long run stopped early still leaves the rounds it finished
                    save(out, results + [summarize(size, manifest, rounds)], dict(meta, runs=f"{r + 1} of {args.runs}"))
            summary = summarize(size, manifest, rounds)
            view = next((r["view_full"] for r in rounds if "view_full" in r), None)
            if view and args.startup_runs > 0:
                log(f"[{size}] {args.startup_runs} whole renders in a row")
                try:
                    summary["startup"] = startup_series(args, build, data_dir / size / "workload.gpkg", view,
                                                        args.startup_runs)
                except ProgramFailed as e:
                    log(f"  start-up series: {e}")
            summary["load"] = [load_before, os.getloadavg()[0]]
            results.append(summary)
            meta["renderer"] = next((r["renderer"] for r in rounds if "renderer" in r), meta.get("renderer", "?"))
            meta["qgis_version"] = next((r["qgis_version"] for r in rounds if "qgis_version" in r), None)
            meta["load_after"] = f"{os.getloadavg()[0]:.1f}"
            md = save(out, results, meta)
        demo = demo_project(args, root, build, data_dir)
        if demo:
            rounds = []
            for r in range(args.runs):
                log(f"[demo] round {r + 1}/{args.runs}")
                fig = {}
                got = attempt(fig, "bench_render (demo)", lambda: run_json(
                    [str(build / "bench" / "bench_render"), "--data", str(demo), "--labels", "--frames", str(args.frames),
                     "--clicks", "10", "--budget", str(args.budget)],
                    env={k: v for k, v in os.environ.items() if k != "DISPLAY"}, mem_cap=args.mem_cap_gib * 2**30))
                if got:
                    fig.update(got)
                    fig["pan_fps"] = 1000.0 / got["pan_frame_ms_median"]
                    fig["pan_reuse_fps"] = 1000.0 / got["pan_reuse_frame_ms_median"]
                    fig["zoom_fps"] = 1000.0 / got["zoom_frame_ms_median"]
                    fig["zoom_preview_fps"] = 1000.0 / got["zoom_preview_frame_ms_mean"]
                rounds.append(fig)
            vertices = next((int(r["vertices"]) for r in rounds if "vertices" in r), 0)
            results.append(summarize("demo", {"polygon_vertices": vertices, "layers": {"(the demo project)": 1}},
                                     rounds, DEMO_FIGURES))
            md = save(out, results, meta)
    print(md)
    bad = missing_figures(results, with_qgis, args.mapnik)
    if bad:
        log("missing or non-positive figures: " + ", ".join(bad))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
