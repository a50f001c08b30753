#!/usr/bin/env bash
# Runs every harness built in BUILD (build-fuzz) for SECONDS each, one at a time, and prints per
# target: executions, coverage (cov: edges, ft: features) and what went wrong. An input that
# crashed, hung (-timeout), leaked or ran out of memory is copied into
# tests/fuzz_regressions/<target>/ (the regression test of the normal suite feeds it to the same
# harness). Exit 0 only when no target failed.
#   fuzz/run_fuzzers.sh SECONDS BUILD [TARGET...]
set -uo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
SECONDS_EACH=${1:?usage: fuzz/run_fuzzers.sh SECONDS BUILD [TARGET...]}
BUILD=${2:?usage: fuzz/run_fuzzers.sh SECONDS BUILD [TARGET...]}
shift 2
if [ $# -gt 0 ]; then targets=("$@"); else mapfile -t targets <"$BUILD/fuzz_targets.txt"; fi

fuzz/make_seeds.sh "$BUILD/fuzz-seeds" >/dev/null
export ASAN_OPTIONS="detect_leaks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"

report=()
failed=0
for t in "${targets[@]}"; do
  [ -n "$t" ] || continue
  exe="$BUILD/fuzz/fuzz_$t"
  corpus="$BUILD/fuzz-corpus/$t"
  artifacts="$BUILD/fuzz-artifacts/$t"
  log="$BUILD/fuzz-logs/$t.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  rm -f "$artifacts"/*
  dirs=("$corpus")
  for d in "fuzz/seeds/$t" "$BUILD/fuzz-seeds/$t" "tests/fuzz_regressions/$t"; do [ -d "$d" ] && dirs+=("$d"); done
  dict=()
  [ -f "fuzz/dicts/$t.dict" ] && dict=(-dict="fuzz/dicts/$t.dict")
  echo "== $t: ${SECONDS_EACH} s" >&2
  # One process at a time (the machine is shared): no -jobs/-workers. -timeout: one input taking
  # longer is a hang; -malloc_limit_mb: one allocation larger is a bug (bombs, unchecked sizes).
  nice -n 10 "$exe" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict[@]}" "${dirs[@]}" >"$log" 2>&1
  rc=$?
  execs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
  if [ -z "$execs" ]; then execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#'); fi
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  status=ok
  found=$(find "$artifacts" -type f | sort)
  if [ "$rc" -ne 0 ] || [ -n "$found" ]; then
    failed=1
    status="FAILED (exit $rc)"
    mkdir -p "tests/fuzz_regressions/$t"
    for a in $found; do
      cp "$a" "tests/fuzz_regressions/$t/"
      status+=" $(basename "$a" | cut -d- -f1): tests/fuzz_regressions/$t/$(basename "$a")"
    done
    echo "---- $t: tail of $log" >&2
    grep -E 'ERROR|SUMMARY|broken promise|runtime error|Timeout|timeout|leak' "$log" | head -20 >&2
  fi
  crashes=$(printf '%s' "$found" | grep -c . || true)
  report+=("$(printf '%-16s %12s execs  %-22s crashes: %s  %s' "$t" "${execs:-?}" "${cov:-cov: ?}" "$crashes" "$status")")
done

echo
echo "fuzz report: ${SECONDS_EACH} s per target (logs in $BUILD/fuzz-logs/)"
printf '%s\n' "${report[@]}"
if [ "$failed" -ne 0 ]; then
  echo "some targets failed: the inputs are saved under tests/fuzz_regressions/; fix the parser, then commit them"
  exit 1
fi
echo "no crashes, hangs or leaks"
