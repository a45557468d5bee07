#!/usr/bin/env bash
# Measures model loading at scale and saves the results to bench/results/load.md.
#
#     bench/run_load.sh [BUILD_DIR]
#
# Generates synthetic inventories of 10,000 and 100,000 suppliers (seeded), then:
#  - the whole command `breachrank validate` (read, parse, validate, coverage):
#    wall time and peak memory by /usr/bin/time, median of 5 runs;
#  - libyaml's bare event parse of the same file (the floor of any libyaml loader);
#  - the in-process Google Benchmark of load_model_file and score.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
OUT=bench/results/load.md
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# shellcheck source=bench/lib.sh
source bench/lib.sh  # the working directory is the repository root (cd above)

cc -O2 -o "$TMP/yaml_events" bench/yaml_events.c -lyaml

{
    echo "# Model loading"
    echo
    echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"
    echo "$(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -sr); breachrank $("$BUILD/breachrank" --version | cut -d' ' -f2)."
    echo "Medians of 5 runs. Models from \`bench/make_large_model.py\` (seed 1)."
    echo
    echo "| suppliers | file MB | flows | access edges | validate wall s | peak RSS MB | libyaml events only s | ratio |"
    echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} >"$OUT"

for n in 10000 100000; do
    model="$TMP/model-$n.yaml"
    python3 bench/make_large_model.py --suppliers "$n" --organisations $((n / 100)) >"$model"
    mb=$(awk -v b="$(stat -c %s "$model")" 'BEGIN {printf "%.1f", b / 1e6}')
    flows=$(awk '/^flows:/ {f = 1; next} /^access:/ {f = 0} f' "$model" | wc -l)
    edges=$(awk '/^access:/ {f = 1; next} f' "$model" | wc -l)
    # Interleaved, so that a slow spell of the machine hits both alike.
    for i in 1 2 3 4 5; do
        /usr/bin/time -f "%e %M" "$BUILD/breachrank" validate "$model" 2>>"$TMP/t-$n" >/dev/null
        /usr/bin/time -f "%e" "$TMP/yaml_events" "$model" 2>>"$TMP/y-$n" >/dev/null
    done
    wall=$(awk '{print $1}' "$TMP/t-$n" | median)
    rss=$(awk '{printf "%.0f\n", $2 / 1024}' "$TMP/t-$n" | median)
    ywall=$(median <"$TMP/y-$n")
    ratio=$(paste "$TMP/t-$n" "$TMP/y-$n" | awk '{printf "%.2f\n", $1 / $3}' | median)
    echo "| $n | $mb | $flows | $edges | $wall | $rss | $ywall | $ratio |" >>"$OUT"
done

{
    echo
    echo "In process (Google Benchmark, 100,000 suppliers):"
    echo
    echo '```'
    "$BUILD/bench/bench_load" --model="$TMP/model-100000.yaml" --benchmark_repetitions=3 \
        --benchmark_report_aggregates_only=true 2>/dev/null | grep -E "^(Benchmark|BM_|-)" || true
    echo '```'
} >>"$OUT"
cat "$OUT"
