#!/usr/bin/env bash
# Measures `breachrank suggest` and saves the results to bench/results/suggest.md:
# every candidate change of the Met Police model, and of a generated model of
# 100 organisations / 10,000 suppliers, with 1 and 2 threads (median of 5).
#
#     bench/run_suggest.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
OUT=bench/results/suggest.md
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=bench/lib.sh
source bench/lib.sh  # the working directory is the repository root (cd above)

"$BUILD/breachrank" generate --organisations 100 --suppliers 10000 --seed 1 >"$TMP/m.yaml"
{
    echo "# suggest"
    echo
    echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"
    echo "$(uname -sr); breachrank $("$BUILD/breachrank" --version | cut -d' ' -f2). Medians of 5 runs; default method (auto)."
    echo
    echo "| model | candidates | threads | wall s | peak RSS MB |"
    echo "| --- | ---: | ---: | ---: | ---: |"
} >"$OUT"
for model in models/met-police-2023.yaml "$TMP/m.yaml"; do
    name=$([ "$model" = "$TMP/m.yaml" ] && echo "generated 100 / 10,000 (seed 1)" || echo "Met Police 2023")
    candidates=$("$BUILD/breachrank" suggest "$model" --top 1000000000 --format csv | tail -n +2 | wc -l)
    for threads in 1 2; do
        rm -f "$TMP/t"
        for i in 1 2 3 4 5; do
            /usr/bin/time -f "%e %M" "$BUILD/breachrank" suggest "$model" --threads "$threads" --top 10 2>>"$TMP/t" >/dev/null
        done
        wall=$(awk '{print $1}' "$TMP/t" | median)
        rss=$(awk '{printf "%.0f\n", $2 / 1024}' "$TMP/t" | median)
        echo "| $name | $candidates that reduce risk | $threads | $wall | $rss |" >>"$OUT"
    done
done
cat "$OUT"
