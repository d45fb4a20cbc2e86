#!/usr/bin/env bash
# Measures the module beside the peers in one run of the shared bench (../shared/bench by default).
# usage: tests/Aggregator.Benchmarks/run-bench.sh [bench.py options, e.g. --quick --workloads w1,w2 --tools "C# limit"]
# Builds the module in Release, publishes this runner ReadyToRun (see its .csproj), copies the module aside (so a later
# Debug build cannot replace it mid-run), then adds three rows: "Aggregator -Path" (the fast path, W1 and W2) and "Aggregator pipeline"
# (Import-EventRecord | Measure-UserEvent / Group-EventByHour), W3 (Get-EventSession -Unique), W4 (Measure-KwhUsage -Interval Hour,Day) and
# W5 (Measure-SensorReading) on the -Path row.
# AGGREGATOR_THROTTLE=N runs the -Path rows with -ThrottleLimit N (and names the row after it). The runner prints elapsed_s (cmdlets only) for the
# bench's in-proc column, and startup_s / import_s (engine start, Import-Module) on stderr, kept in the bench log.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
bench=${BENCH_DIR:-$repo/../shared/bench}
stage=${TMPDIR:-/tmp}/aggregator-bench-module
rm -rf "$stage" && mkdir -p "$stage"
# The runner (the host, not the module) is ReadyToRun like a pwsh release; the module stays as the build makes it.
dotnet publish "$repo/tests/Aggregator.Benchmarks/Aggregator.Benchmarks.csproj" -c Release --use-current-runtime \
  --self-contained false -p:PublishReadyToRun=true -o "$stage/runner" --nologo -v q -clp:ErrorsOnly
cp -r "$repo/out/Aggregator" "$stage/Aggregator"
export AGGREGATOR_MODULE="$stage/Aggregator/Aggregator.psd1"
runner="dotnet $stage/runner/Aggregator.Benchmarks.dll"
mode=${AGGREGATOR_BENCH_MODE:-path}
if [[ $mode == pipeline ]]; then
  export PROJECT_NAME="Aggregator pipeline"
  export PROJECT_CMD_W1="$runner w1-pipeline {input} {output}" PROJECT_CMD_W2="$runner w2-pipeline {input} {output}"
else
  throttle=${AGGREGATOR_THROTTLE:-1}
  export PROJECT_NAME="Aggregator -Path"
  [[ $throttle != 1 ]] && PROJECT_NAME="Aggregator -Path -ThrottleLimit $throttle"
  export PROJECT_CMD_W1="$runner w1 {input} {output}" PROJECT_CMD_W2="$runner w2 {input} {output}"
  export PROJECT_CMD_W3="$runner w3 {input} {output}" PROJECT_CMD_W4="$runner w4 {input} {output}"
  export PROJECT_CMD_W5="$runner w5 {input} {output}"
fi
cd "$bench"
exec ./run.sh --out "${BENCH_OUT:-$stage/results.md}" "$@"
