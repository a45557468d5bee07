#!/usr/bin/env bash
# Measures cascades and saves the results to bench/results/cascade.md:
#  - `breachrank score --method auto` (and montecarlo, linear) end to end on a
#    generated model of 100 organisations / 10,000 suppliers: wall time and peak
#    memory by /usr/bin/time, median of 5, with 1 and 2 threads;
#  - the in-process Google Benchmark (cascades per second).
#
#     bench/run_cascade.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
OUT=bench/results/cascade.md
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=bench/lib.sh
source bench/lib.sh  # the working directory is the repository root (cd above)

"$BUILD/breachrank" generate --organisations 100 --suppliers 10000 --seed 1 >"$TMP/m.yaml"
summary=$("$BUILD/breachrank" validate "$TMP/m.yaml" | sed 's/^[^:]*: ok: //')
{
    echo "# Cascades"
    echo
    echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"
    echo "$(uname -sr); breachrank $("$BUILD/breachrank" --version | cut -d' ' -f2). Medians of 5 runs."
    echo
    echo "Model: \`breachrank generate --organisations 100 --suppliers 10000 --seed 1\`: $summary."
    echo
    echo "| command | threads | wall s | peak RSS MB | vendors sampled |"
    echo "| --- | ---: | ---: | ---: | ---: |"
} >"$OUT"
for method in auto montecarlo linear; do
    for threads in 1 2; do
        [ "$method" = linear ] && [ "$threads" = 2 ] && continue
        rm -f "$TMP/t"
        for i in 1 2 3 4 5; do
            /usr/bin/time -f "%e %M" "$BUILD/breachrank" score "$TMP/m.yaml" --method "$method" --threads "$threads" \
                --format csv 2>>"$TMP/t" >"$TMP/out.csv"
        done
        wall=$(awk '{print $1}' "$TMP/t" | median)
        rss=$(awk '{printf "%.0f\n", $2 / 1024}' "$TMP/t" | median)
        sampled=$(grep -c ',montecarlo,' "$TMP/out.csv" || true)
        echo "| \`score --method $method\` | $threads | $wall | $rss | $sampled |" >>"$OUT"
    done
done
{
    echo
    echo "In process (Google Benchmark; cascades_per_s = vendors sampled x trials / wall time):"
    echo
    echo '```'
    "$BUILD/bench/bench_cascade" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true 2>/dev/null |
        grep -E "^(Benchmark|BM_.*_median|-)" || true
    echo '```'
} >>"$OUT"
cat "$OUT"
