#!/usr/bin/env bash
# A/B: two breachrank binaries on the same generated models, runs alternated
# so that the machine's drift falls on both alike. For a change that must not
# alter results or speed (a refactor): checks that the two binaries' outputs
# are byte-identical and reports each one's median wall time and peak memory,
# and their ratio, for `score --method linear` and `score` (auto), JSON out,
# and when asked for `suggest` (JSON) and `report` (HTML).
#
#     bench/run_ab.sh OLD_BINARY NEW_BINARY [SIZES] [SHAPES] [RUNS] [CASES] > RESULT.md
#         SIZES:  a subset of "S M L XL" (default L)
#         SHAPES: a subset of "tiered core clusters chains" (default all)
#         RUNS:   runs of each binary per case (default 5)
#         CASES:  a subset of "linear auto suggest report" (default "linear auto")
set -euo pipefail
OLD=$1
NEW=$2
SIZES=${3:-L}
SHAPES=${4:-"tiered core clusters chains"}
RUNS=${5:-5}
CASES=${6:-"linear auto"}
TMP=${BENCH_TMP:-$(mktemp -d)}
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

echo "# A/B: $(basename "$OLD") (old) against $(basename "$NEW") (new)"
echo
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //');"
echo "models \`generate --organisations N --suppliers N --shape SHAPE --seed 1\`; median of $RUNS runs of each binary, alternated;"
echo "wall seconds and peak MB by /usr/bin/time; ratio = new / old."
echo
echo "| shape | size | command | same output | old s | new s | ratio | old MB | new MB |"
echo "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"
for size in $SIZES; do
    for shape in $SHAPES; do
        model=$TMP/$shape-$size.yaml
        "$NEW" generate --organisations "$(orgs "$size")" --suppliers "$(sups "$size")" --shape "$shape" --seed 1 --output "$model"
        for case in $CASES; do
            case $case in
                linear) args=(score "$model" --method linear --format json) ;;
                auto) args=(score "$model" --method auto --format json) ;;
                suggest) args=(suggest "$model" --format json) ;;
                report) args=(report "$model") ;;
            esac
            "$OLD" "${args[@]}" --quiet --output "$TMP/old.out"
            "$NEW" "${args[@]}" --quiet --output "$TMP/new.out"
            same=$(cmp -s "$TMP/old.out" "$TMP/new.out" && echo yes || echo NO)
            : >"$TMP/old.log"
            : >"$TMP/new.log"
            for _ in $(seq "$RUNS"); do
                /usr/bin/time -f "%e %M" "$OLD" "${args[@]}" --quiet --output "$TMP/old.out" 2>>"$TMP/old.log" >/dev/null
                /usr/bin/time -f "%e %M" "$NEW" "${args[@]}" --quiet --output "$TMP/new.out" 2>>"$TMP/new.log" >/dev/null
            done
            os=$(awk '{print $1}' "$TMP/old.log" | median)
            ns=$(awk '{print $1}' "$TMP/new.log" | median)
            om=$(awk '{printf "%.0f\n", $2 / 1024}' "$TMP/old.log" | median)
            nm=$(awk '{printf "%.0f\n", $2 / 1024}' "$TMP/new.log" | median)
            echo "| $shape | $size | ${args[0]} ${args[2]:-} ${args[3]:-} | $same | $os | $ns | $(awk -v a="$ns" -v b="$os" 'BEGIN {printf "%.2f", a / b}') | $om | $nm |"
        done
    done
done
