#!/usr/bin/env bash
# PostGIS vs SpatiaLite store benchmark (bench_postgis) on a throwaway server started and stopped
# here (tests/postgis/pg_server.sh: fsync off, synchronous_commit off). The file store commits
# with a rollback journal and synchronous=FULL (an fsync per commit), so single commits and the
# concurrent run compare a syncing file with a non-syncing server.
# Usage: bench/bench_postgis.sh [BUILD_DIR=build] [SITES=100000] [RUNS=5]
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
build=${1:-build}
sites=${2:-100000}
runs=${3:-5}
cmake --build "$build" --target bench_postgis >/dev/null
state=$(mktemp -d /tmp/zhenmap-bench-pg.XXXXXX)
work=$(mktemp -d /tmp/zhenmap-bench-work.XXXXXX)
trap 'bash tests/postgis/pg_server.sh stop "$state" >/dev/null; rm -rf "$state" "$work"' EXIT
bash tests/postgis/pg_server.sh start "$state" >/dev/null
conn=$(cat "$state/conninfo")
psql -X -q "$conn dbname=postgres" -c "CREATE DATABASE zhenmap_bench TEMPLATE zhenmap_template"
"$build/bench/bench_postgis" "PG:$conn dbname=zhenmap_bench" "$work" "$sites" "$runs"
