#!/usr/bin/env bash
# Fuzzes the readers with AFL++ through SharpFuzz, one target after another, for a given time each.
#   tests/Aggregator.Fuzz/run-fuzz.sh [seconds per target, default 60] [target ...]   (default: every target)
# Needs afl-fuzz (Debian package afl++; installed with apt-get when missing and allowed) and the sharpfuzz dotnet
# tool (.config/dotnet-tools.json). Findings land in out/fuzz/findings/<target>; a crash or hang is copied into
# tests/Aggregator.Fuzz/regressions/<target>/ so the core tests replay it, and the script exits 1.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(json jsonl auto csv gzip graph sensor kwh)

if ! command -v afl-fuzz >/dev/null 2>&1; then
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get install -y afl++ >/dev/null || { $sudo_cmd apt-get update >/dev/null && $sudo_cmd apt-get install -y afl++ >/dev/null; }
fi

bin="$repo/out/fuzz/bin"
replay="$repo/out/fuzz/replay"   # the same build, not instrumented: instrumented code needs afl-fuzz's shared memory
cd "$repo"
dotnet tool restore >/dev/null
rm -rf "$bin" "$replay"
dotnet publish tests/Aggregator.Fuzz -c Release -o "$bin" --nologo -v q >/dev/null
cp -r "$bin" "$replay"
# Instrument the code under test only; the harness and the framework stay as they are.
dotnet sharpfuzz "$bin/Aggregator.Core.dll" >/dev/null

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
found=0
for target in "${targets[@]}"; do
    out="$repo/out/fuzz/findings/$target"
    rm -rf "$out"
    mkdir -p "$(dirname "$out")"
    echo "fuzzing $target for ${seconds}s"
    # -t: a .NET start-up can be slow on a loaded machine; an input taking 10 s counts as a hang.
    afl-fuzz -i "$here/seeds/$target" -o "$out" -V "$seconds" -t 10000 -m none -- \
        dotnet "$bin/Aggregator.Fuzz.dll" "$target" > "$out.log" 2>&1 || { echo "afl-fuzz failed for $target:"; tail -20 "$out.log"; exit 2; }
    stats="$out/default/fuzzer_stats"
    echo "  $(grep -E '^(execs_done|corpus_count|saved_crashes|saved_hangs) ' "$stats" | awk '{printf "%s=%s ", $1, $3}')"
    for kind in crashes hangs; do
        for finding in "$out/default/$kind"/id:*; do
            [ -e "$finding" ] || continue
            found=1
            mkdir -p "$here/regressions/$target"
            name="$(basename "$finding" | tr ':,' '__' | cut -c1-40)"
            cp "$finding" "$here/regressions/$target/$kind-$name"
            echo "  $kind: $finding"
            dotnet "$replay/Aggregator.Fuzz.dll" "$target" "$finding" || true
        done
    done
done
exit $found
