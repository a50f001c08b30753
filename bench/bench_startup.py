#!/usr/bin/python3
"""Start-up steadiness of the one-shot `zhenmap render` (issue 24): runs the same render N times in a
row and reports the whole-process wall time (median, max, max/median) and, from the ZHENMAP_TIMING
marks the binary prints, each stage's median and max, with the CPU share of every run (a stall shows
as a long run at low CPU).

  bench/bench_startup.py ZHENMAP [--runs 30] [--out FILE.json] -- RENDER-ARGS...

e.g. bench/bench_startup.py build/app/zhenmap --runs 30 -- BUILD/bench-data/small/workload.gpkg --size 1920x1080
"""
import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

MARK = re.compile(r"^timing: (.+) at ([0-9.]+) ms \(\+([0-9.]+) ms\)$")


def one_run(exe, render_args, out_png):
    env = dict(os.environ, ZHENMAP_TIMING="1")
    env.pop("DISPLAY", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([exe, "render", *render_args, "--out", out_png], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"error: zhenmap render failed ({proc.returncode}): {proc.stderr.strip()[-400:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    stages = {}
    for line in proc.stderr.splitlines():
        m = MARK.match(line)
        if m:
            stages[m.group(1)] = float(m.group(3))
    return {"wall_s": wall, "cpu_s": cpu, "stages_ms": stages}


def summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("zhenmap")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--out", help="write every run and the summary as JSON here")
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)
    a = ap.parse_args(argv[:cut])
    args = argv[cut + 1:]
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="zhenmap-startup-") as tmp:
        runs = [one_run(a.zhenmap, args, os.path.join(tmp, "out.png")) for _ in range(a.runs)]
    walls = [r["wall_s"] for r in runs]
    med = statistics.median(walls)
    stage_names = list(dict.fromkeys(s for r in runs for s in r["stages_ms"]))
    result = {
        "command": " ".join([a.zhenmap, "render", *args]),
        "runs": a.runs, "load_before": load_before, "load_after": os.getloadavg()[0],
        "wall_s": summary(walls), "max_over_median": max(walls) / med,
        "cpu_share": summary([r["cpu_s"] / r["wall_s"] for r in runs]),
        "stages_ms": {s: summary([r["stages_ms"][s] for r in runs if s in r["stages_ms"]]) for s in stage_names},
        "each": runs,
    }
    print(f"{a.runs} runs of: {result['command']}")
    print(f"load average {load_before:.2f} before, {result['load_after']:.2f} after")
    print(f"wall: median {med * 1e3:.0f} ms, min {min(walls) * 1e3:.0f}, max {max(walls) * 1e3:.0f} ms; "
          f"max/median {result['max_over_median']:.2f}")
    cs = result["cpu_share"]
    print(f"CPU share (CPU time / wall): median {cs['median']:.2f}, min {cs['min']:.2f}")
    for s, v in result["stages_ms"].items():
        print(f"  {s:45s} median {v['median']:7.1f} ms   max {v['max']:7.1f} ms")
    if a.out:
        with open(a.out, "w") as f:
            json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
