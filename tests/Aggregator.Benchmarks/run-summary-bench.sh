#!/usr/bin/env bash
# The summary workload beside DuckDB, in one run: per user, count, distinct events and p95 of latency_ms over 10M
# JSON Lines records. Measure-Record (-ThrottleLimit 1 and 2) against DuckDB's approx_count_distinct and
# approx_quantile (threads=1 and 2), alternated, best of N runs; then both estimates against the exact answers.
# usage: tests/Aggregator.Benchmarks/run-summary-bench.sh [runs] [records]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-3}
records=${2:-10000000}
data=${BENCH_DATA:-${TMPDIR:-/tmp}/aggregator-bench}
input="$data/summary_$((records / 1000000))M.jsonl"
stage=${TMPDIR:-/tmp}/aggregator-summary-bench
mkdir -p "$data" "$stage"
[[ -f $input ]] || python3 "$repo/tests/Aggregator.Benchmarks/gen-summary.py" "$input" "$records"
[[ -f $data/build/duck/duck.dll ]] || dotnet build "$repo/../shared/bench/cs/duck" -c Release -o "$data/build/duck" --nologo -v q -clp:ErrorsOnly
dotnet build "$repo/Aggregator.sln" -c Release --nologo -v q -clp:ErrorsOnly >/dev/null
dotnet publish "$repo/tests/Aggregator.Benchmarks/Aggregator.Benchmarks.csproj" -c Release --use-current-runtime \
  --self-contained false -p:PublishReadyToRun=true -o "$stage/runner" --nologo -v q -clp:ErrorsOnly >/dev/null
rm -rf "$stage/Aggregator" && cp -r "$repo/out/Aggregator" "$stage/Aggregator"
export AGGREGATOR_MODULE="$stage/Aggregator/Aggregator.psd1"
sql="$repo/tests/Aggregator.Benchmarks"

run() {   # name, command...: prints "name wall in-proc"
  local name=$1 start end inproc; shift
  start=$(date +%s.%N)
  "$@" 2>"$stage/err.txt" >/dev/null
  end=$(date +%s.%N)
  inproc=$(grep -o 'elapsed_s=[0-9.]*' "$stage/err.txt" | tail -1 | cut -d= -f2)
  echo "$name $(echo "$end - $start" | bc) ${inproc:-nan}"
}

: > "$stage/times.txt"
for ((i = 1; i <= runs; i++)); do
  run "DuckDB_threads=2" dotnet "$data/build/duck/duck.dll" "$sql/summary.sql" "$input" "$stage/duck2.csv" 2 >> "$stage/times.txt"
  run "Measure-Record_-ThrottleLimit_2" env AGGREGATOR_THROTTLE=2 dotnet "$stage/runner/Aggregator.Benchmarks.dll" summary "$input" "$stage/module2.csv" >> "$stage/times.txt"
  run "DuckDB_threads=1" dotnet "$data/build/duck/duck.dll" "$sql/summary.sql" "$input" "$stage/duck1.csv" 1 >> "$stage/times.txt"
  run "Measure-Record_-ThrottleLimit_1" env AGGREGATOR_THROTTLE=1 dotnet "$stage/runner/Aggregator.Benchmarks.dll" summary "$input" "$stage/module1.csv" >> "$stage/times.txt"
done
dotnet "$data/build/duck/duck.dll" "$sql/summary-exact.sql" "$input" "$stage/exact.csv" 2 2>/dev/null

python3 - "$stage" "$records" <<'PY'
import csv, sys, statistics
stage, records = sys.argv[1], int(sys.argv[2])
best = {}
for line in open(f"{stage}/times.txt"):
    name, wall, inproc = line.split()
    w, p = float(wall), float(inproc)
    b = best.setdefault(name, [w, p])
    b[0], b[1] = min(b[0], w), min(b[1], p)
def load(name):
    with open(f"{stage}/{name}.csv") as f:
        return {r["user"]: r for r in csv.DictReader(f)}
exact = load("exact")
print(f"{records:,} records, best of the runs; wall includes process start, in-proc is the query (or cmdlet) alone\n")
print("| tool | wall s | in-proc s | wall / DuckDB threads=2 | users | counts exact | distinct exact | p95 rel. error (median / max) |")
print("|---|---|---|---|---|---|---|---|")
base = best["DuckDB_threads=2"][0]
for name, out in [("DuckDB_threads=2", "duck2"), ("DuckDB_threads=1", "duck1"),
                  ("Measure-Record_-ThrottleLimit_2", "module2"), ("Measure-Record_-ThrottleLimit_1", "module1")]:
    rows = load(out)
    counts = all(rows[u]["count"] == exact[u]["count"] for u in exact) and len(rows) == len(exact)
    distinct = sum(int(float(rows[u]["distinct_events"])) == int(exact[u]["distinct_events"]) for u in exact)
    errs = [abs(float(rows[u]["p95"]) - float(exact[u]["p95"])) / float(exact[u]["p95"]) for u in exact]
    w, p = best[name]
    print(f"| {name.replace('_', ' ')} | {w:.2f} | {p:.2f} | {w / base:.2f} | {len(rows):,} | {'yes' if counts else 'NO'} | "
          f"{distinct:,} of {len(exact):,} | {statistics.median(errs):.4f} / {max(errs):.4f} |")
PY
