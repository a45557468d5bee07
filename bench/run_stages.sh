#!/usr/bin/env bash
# The stage benchmarks (bench/bench_stages.cpp) over every size and graph
# shape, saved to bench/results/stages.md with the machine they ran on.
#
#     bench/run_stages.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
OUT=bench/results/stages.md
results=$("$BUILD/bench/bench_stages" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true)
{
    echo "# Stages (bench/bench_stages.cpp)"
    echo
    echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //');"
    echo "generated models of 1,000 / 10,000 / 100,000 suppliers (organisations = suppliers / 100, seed 1) of every"
    echo "shape (the label: tiered, core, clusters, chains); medians of 3 repetitions (\`make bench\` runs it). The load"
    echo "and render stages run two threads, so they are timed by the wall clock (\`real_time\`); the CPU column is"
    echo "the calling thread's alone."
    echo
    echo '```'
    echo "$results" | grep -E '_median|^Benchmark|^-'
    echo '```'
} >"$OUT"
cat "$OUT"
