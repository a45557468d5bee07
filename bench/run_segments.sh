#!/usr/bin/env bash
# The cost of segments (issue 12), on every graph shape at one size:
#  - a model without segments, scored by the build before segments (OLD) and by
#    this build (NEW): segments must cost nothing when a model has none;
#  - the same model with 3 segments on every population (`generate --segments 3`),
#    scored by NEW: the cost of scoring each population in 4 groups.
# `score --format json`, method auto and linear, median of RUNS runs, alternated.
#
#     bench/run_segments.sh OLD_BINARY NEW_BINARY [SIZE] [RUNS] > bench/results/segments.md
set -euo pipefail
OLD=$1
NEW=$2
SIZE=${3:-L}
RUNS=${4:-5}
TMP=${BENCH_TMP:-$(mktemp -d)}
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
time_of() { /usr/bin/time -f "%e" "$@" 2>&1 >/dev/null | tail -1; }

echo "# Segments: what they cost"
echo
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //');"
echo "size $SIZE, \`generate --shape SHAPE --seed 1\` with and without \`--segments 3\`; \`score --format json\`;"
echo "median of $RUNS runs, alternated; seconds of wall time. old = the build before segments, new = this build."
echo
echo "| shape | method | old, no segments | new, no segments | new / old | new, 3 segments | segments / none |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
for shape in tiered core clusters chains; do
    plain=$TMP/$shape.yaml
    seg=$TMP/$shape-seg.yaml
    "$NEW" generate --organisations "$(orgs "$SIZE")" --suppliers "$(sups "$SIZE")" --shape "$shape" --seed 1 --output "$plain"
    "$NEW" generate --organisations "$(orgs "$SIZE")" --suppliers "$(sups "$SIZE")" --shape "$shape" --seed 1 --segments 3 --output "$seg"
    for method in auto linear; do
        : >"$TMP/o" && : >"$TMP/n" && : >"$TMP/s"
        for _ in $(seq "$RUNS"); do
            time_of "$OLD" score "$plain" --method "$method" --format json >>"$TMP/o"
            time_of "$NEW" score "$plain" --method "$method" --format json >>"$TMP/n"
            time_of "$NEW" score "$seg" --method "$method" --format json >>"$TMP/s"
        done
        o=$(median <"$TMP/o"); n=$(median <"$TMP/n"); s=$(median <"$TMP/s")
        echo "| $shape | $method | $o | $n | $(awk -v a="$n" -v b="$o" 'BEGIN {printf "%.2f", a / b}') | $s | $(awk -v a="$s" -v b="$n" 'BEGIN {printf "%.2f", a / b}') |"
    done
done
