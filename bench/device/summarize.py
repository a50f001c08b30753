#!/usr/bin/env python3
"""Table of bench/device/run.sh's figures beside the llvmpipe and QGIS figures of a bench/run.sh run.

    bench/device/summarize.py RESULTS.jsonl [--local bench/results/latest.json] [--out FILE.md]

The GPU figures come from one run on the GPU machine; its same-run baseline is the empty frame
(clear only). The llvmpipe and QGIS columns come from the local run named in --local, on another
machine: those ratios compare machines as well as renderers, and the table says so.
"""
import argparse
import json
import re
import statistics
from pathlib import Path

ROWS = [  # (key, label, unit scale to ms or s, QGIS key)
    ("load_to_first_frame_s", "Open data → first complete frame (4× MSAA)", "s", "qgis_open_first_frame_s"),
    ("empty_frame_1x_ms_median", "Frame with no layers (clear only), single-sampled", "ms", None),
    ("full_frame_ms_median", "Full extent, at rest (4× MSAA)", "ms", "qgis_full_ms"),
    ("full_frame_1x_ms_median", "Full extent, single-sampled", "ms", "qgis_full_ms"),
    ("pan_frame_ms_median", "Panning, whole frames", "ms", "qgis_pan_ms"),
    ("pan_reuse_frame_ms_median", "Panning, as the viewer draws it (re-uses the picture)", "ms", "qgis_pan_ms"),
    ("zoom_frame_ms_median", "Zooming, whole frames", "ms", "qgis_zoom_ms"),
    ("zoom_preview_frame_ms_mean", "Zooming as the viewer draws it (mean over previews and whole frames)", "ms", None),
    ("zoomed_frame_1x_ms_median", "Zoomed in 16×, single-sampled", "ms", "qgis_zoomed_ms"),
    ("zoomed_pan_frame_ms_median", "Zoomed in 16×, panning, whole frames", "ms", "qgis_zoomed_ms"),
    ("zoomed_pan_reuse_frame_ms_median", "Zoomed in 16×, panning as the viewer draws it", "ms", "qgis_zoomed_ms"),
]


def load_jsonl(path):
    text = Path(path).read_text()
    text = text.replace('"wall_s": ,', '"wall_s": null,')  # the first run's wall clock needed bc, absent there
    dec, i, runs = json.JSONDecoder(), 0, []
    while i < len(text):
        while i < len(text) and text[i].isspace():
            i += 1
        if i < len(text):
            obj, i = dec.raw_decode(text, i)
            runs.append(obj)
    return runs


def med(values):
    """Median (min, max) over rounds; a round that holds a list of frames counts as its median."""
    values = [statistics.median(v) if isinstance(v, list) else v for v in values if v is not None]
    return (statistics.median(values), min(values), max(values)) if values else None


def fmt(v, unit):
    if v is None:
        return "–"
    return f"{v:.2f}" if unit == "s" or v >= 10 else f"{v:.3f}"


def times(x):
    return f"{x:,.0f}×" if x >= 100 else f"{x:.1f}×"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results")
    ap.add_argument("--local", default=str(Path(__file__).resolve().parent.parent / "results" / "latest.json"))
    ap.add_argument("--out")
    args = ap.parse_args()
    runs = load_jsonl(args.results)
    local = json.loads(Path(args.local).read_text())
    meta = local["meta"]
    renderer = next((r["result"]["gl_renderer"] for r in runs if r.get("result")), "?")
    lines = [f"# Real-GPU frame times: {renderer}", "",
             "Made by `bench/device/pack.sh` here, `bench/device/run.sh` on the GPU machine, and "
             "`bench/device/summarize.py`. Medians over 3 rounds (min–max), 1920×1080, the same workloads "
             "(same seed and coordinate checksums) and views as `bench/run.sh`.", "",
             f"The llvmpipe and QGIS columns are from `bench/run.sh` on {meta['machine']} ({meta['date']}, "
             f"commit {meta['commit']}): another machine, so the last two columns compare machines as well "
             "as renderers. The empty frame is this run's own baseline. N× means the GPU frame took 1/N of the time.", ""]
    for size in ("demo", "small", "large"):
        rounds = [r["result"] for r in runs if re.fullmatch(size + r"\d", r["run"]) and r.get("result")]
        if not rounds:
            continue
        loc = next(r for r in local["results"] if r["size"] == size)["raw"]
        head = "labels on" if size == "demo" else f"{rounds[0]['vertices']:,} vertices, no labels"
        lines += [f"## {size} ({head})", "",
                  "| figure | GPU | llvmpipe | QGIS 3.22 | QGIS ÷ GPU | llvmpipe ÷ GPU |", "|---|---|---|---|---|---|"]
        for key, label, unit, qkey in ROWS:
            g = med([r.get(key) for r in rounds])
            if g is None:
                continue
            l = med([r.get(key) for r in loc])
            q = med([r.get(qkey) for r in loc]) if qkey else None
            cell = f"{fmt(g[0], unit)} {unit} ({fmt(g[1], unit)}–{fmt(g[2], unit)})"
            lines.append(f"| {label} | {cell} | {fmt(l[0], unit) + ' ' + unit if l else '–'} | "
                         f"{fmt(q[0], unit) + ' ' + unit if q else '–'} | "
                         f"{times(q[0] / g[0]) if q else '–'} | {times(l[0] / g[0]) if l else '–'} |")
        if size == "demo":
            for key, label in (("pan_frame_ms_median", "panning, whole frames"),
                               ("zoom_frame_ms_median", "zooming, whole frames"),
                               ("zoom_preview_frame_ms_mean", "zooming as the viewer draws it")):
                g, l = med([r.get(key) for r in rounds]), med([r.get(key) for r in loc])
                if g:
                    lines.append(f"| fps {label} | {1000 / g[0]:.0f} | {f'{1000 / l[0]:.0f}' if l else '–'} | – | – | – |")
        gpu = med([r.get("gpu_bytes") for r in rounds])
        if gpu:
            lines.append(f"| GPU buffer memory | {gpu[0] / 2**20:.0f} MiB | | | | |")
        lines.append("")
    extra = [r for r in runs if r["run"] in ("large_4k", "demo_8k") and r.get("result")]
    if extra:
        lines += ["## Larger pictures (one round each)", "",
                  "| run | size | full extent 4× MSAA | panning, whole | zooming, whole | zoomed in, single-sampled |",
                  "|---|---|---|---|---|---|"]
        for r in extra:
            x = r["result"]
            lines.append(f"| {r['run']} | {x['width']}×{x['height']} | {x['full_frame_ms_median']:.2f} ms | "
                         f"{x['pan_frame_ms_median']:.2f} ms | {x['zoom_frame_ms_median']:.2f} ms | "
                         f"{x['zoomed_frame_1x_ms_median']:.2f} ms |")
        lines.append("")
    text = "\n".join(lines)
    if args.out:
        Path(args.out).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
