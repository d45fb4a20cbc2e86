#!/usr/bin/env bash
# Compares the readers of two checkouts, alternated: builds this runner once against each checkout's Aggregator.Core
# (Release), then runs ROUNDS rounds over the bench's 1M files, swapping the order every round.
# usage: tests/Aggregator.ReaderPasses/compare.sh <before checkout> <after checkout> [rounds] [passes] > results.tsv
# Columns: round, input, build, best wall s, median wall s, checksum, best thread-CPU s, median thread-CPU s, load.
set -euo pipefail
before=$(cd "$1" && pwd); after=$(cd "$2" && pwd); rounds=${3:-6}; passes=${4:-11}
data=${BENCH_DATA:-${TMPDIR:-/tmp}/aggregator-bench}
out=${TMPDIR:-/tmp}/aggregator-reader-passes
for side in before after; do
  checkout=${!side}
  dotnet build "$checkout/src/Aggregator.Core" -c Release --nologo -v q -clp:ErrorsOnly >&2
  dotnet build "$after/tests/Aggregator.ReaderPasses" -c Release -o "$out/$side" --nologo -v q -clp:ErrorsOnly >&2
  cp "$checkout/src/Aggregator.Core/bin/Release/net8.0/Aggregator.Core.dll" "$out/$side/"
done
for round in $(seq "$rounds"); do
  order="before after"; (( round % 2 == 0 )) && order="after before"
  for spec in "event dp_1000000.jsonl" "event dp_1000000.json" "event sess_1000000.jsonl" "kwh kwh_1000000.jsonl" "sensor sensor_1000000.csv"; do
    set -- $spec
    for side in $order; do
      printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$2" "$side" "$(dotnet "$out/$side/Aggregator.ReaderPasses.dll" "$1" "$data/$2" "$passes")" \
        "$(cut -d' ' -f1 /proc/loadavg)"
    done
  done
done
