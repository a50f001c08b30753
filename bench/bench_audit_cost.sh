#!/usr/bin/env bash
# What the database-enforced audit costs (issue 21): the commit of 10,000 audited attribute edits
# by bench_edit, built from an older commit (default 9cec8b3, the last one whose client wrote the
# audit rows itself, without triggers or the hash chain) in a git worktree, against this tree's
# build, each on a fresh copy of its own workload of the same size and seed, rounds interleaved
# (old, new, old, new ...). Prints each round and the median of the per-round ratios new / old
# for the commit alone and for recording the edits in the buffer plus the commit.
# Usage: bench/bench_audit_cost.sh [BUILD_DIR=build] [SIZE=small] [ROUNDS=7] [OLD_COMMIT=9cec8b3]
# SpatiaLite only: the PostGIS side needs both commits' server schemas (not done here).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
build=${1:-build}
size=${2:-small}
rounds=${3:-7}
old_commit=${4:-9cec8b3}
seed=20261129
old_tree=$(mktemp -d /tmp/zhenmap-audit-old.XXXXXX)
work=$(mktemp -d /tmp/zhenmap-audit-work.XXXXXX)
cleanup() {
  git worktree remove --force "$old_tree" >/dev/null 2>&1 || rm -rf "$old_tree"
  rm -rf "$work"
}
trap cleanup EXIT

cmake --build "$build" --target bench_edit bench_workload >/dev/null
git worktree add --detach -f "$old_tree" "$old_commit" >/dev/null 2>&1
cmake -S "$old_tree" -B "$old_tree/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$old_tree/build" --target bench_edit bench_workload >/dev/null
"$build/bench/bench_workload" --size "$size" --seed "$seed" --out "$work/new" >/dev/null
"$old_tree/build/bench/bench_workload" --size "$size" --seed "$seed" --out "$work/old" >/dev/null

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$rounds"); do
  for which in old new; do
    if [ "$which" = old ]; then bin=$old_tree/build/bench/bench_edit; else bin=$build/bench/bench_edit; fi
    cp "$work/$which/workload.sqlite" "$work/edit.sqlite"
    rm -f "$work/edit.sqlite-journal"
    "$bin" --store "$work/edit.sqlite" --edits 10000 --singles 5 >"$work/$which-$r.json"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work" "$rounds" "$old_commit" "$(git rev-parse --short HEAD)" <<'PY'
import json, statistics, sys
work, rounds, old_commit, new_commit = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rows = []
for r in range(1, rounds + 1):
    o = json.load(open(f"{work}/old-{r}.json"))
    n = json.load(open(f"{work}/new-{r}.json"))
    rows.append((o["commit_10k_s"], n["commit_10k_s"], o["edit_10k_total_s"], n["edit_10k_total_s"]))
    print(f"round {r}: commit {o['commit_10k_s']:.3f} s ({old_commit}) / {n['commit_10k_s']:.3f} s ({new_commit}); "
          f"buffer + commit {o['edit_10k_total_s']:.3f} / {n['edit_10k_total_s']:.3f} s")
def summary(i, j):
    ratios = [row[j] / row[i] for row in rows]
    return (statistics.median(row[i] for row in rows), statistics.median(row[j] for row in rows),
            statistics.median(ratios), min(ratios), max(ratios))
for name, (i, j) in (("commit of 10,000 audited edits", (0, 1)), ("buffer + commit", (2, 3))):
    o, n, ratio, lo, hi = summary(i, j)
    print(f"{name}: {old_commit} {o:.3f} s, {new_commit} {n:.3f} s; new / old {ratio:.2f} (rounds {lo:.2f}-{hi:.2f})")
PY
