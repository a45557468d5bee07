#!/usr/bin/env bash
# Plans (issue 15) over every graph shape, saved to bench/results/plan.md with
# the machine they ran on and where the time goes (BREACHRANK_TIMINGS).
#
#     bench/run_plan.sh [BUILD_DIR] [SIZES] [SHAPES]
#         SIZES:  a subset of "M L" (default M; L takes 0.5 to 2 minutes a shape)
#         SHAPES: a subset of "tiered core clusters chains" (default all)
#
# For each size and shape: `breachrank generate --shape SHAPE --seed 1`, then one
# `plan --steps 10 --format json` (default pack, auto) with wall time and peak
# memory by /usr/bin/time, and the plan's own split of its time (summed over
# the steps): each step's baseline run of the model (whose scores also give
# the previous step's loss avoided), the evaluation of the candidates not
# carried over, the bookkeeping around it (listing and keying candidates,
# finding what carries over, keeping the outcomes), applying the chosen change,
# and scoring the last model. The Met Police model is timed too (median of 5).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
SIZES=${2:-"M"}
SHAPES=${3:-"tiered core clusters chains"}
OUT=bench/results/plan.md
TMP=${BENCH_TMP:-$(mktemp -d)}
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT
BR="$BUILD/breachrank"
# shellcheck source=bench/lib.sh
source bench/lib.sh  # the working directory is the repository root (cd above)

met=$(for _ in 1 2 3 4 5; do
    t0=$EPOCHREALTIME
    "$BR" plan models/met-police-2023.yaml --format json >/dev/null
    awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.3f\n", b - a}'
done | median)
{
    echo "# Plans: 10 greedy steps on every graph shape"
    echo
    echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //');"
    echo "breachrank $("$BR" --version | cut -d' ' -f2); rule pack rules/default.yaml (embedded), method auto."
    echo "Models: \`breachrank generate --organisations N --suppliers N --shape SHAPE --seed 1\`. One run each"
    echo "(wall seconds, peak RSS); the split comes from the plan's own timing note."
    echo
    echo "Met Police 2023 model, \`plan --steps 10\`: $met s (median of 5; target 0.1 s)."
    echo
    echo "| size | shape | wall s | MB | baseline s | evaluation s | bookkeeping s | apply s | last score s | candidates evaluated (all steps) |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} >"$OUT"
for size in $SIZES; do
    for shape in $SHAPES; do
        yaml="$TMP/$size-$shape.yaml"
        "$BR" generate --organisations "$(orgs "$size")" --suppliers "$(sups "$size")" --shape "$shape" --seed 1 --output "$yaml"
        BREACHRANK_TIMINGS=1 /usr/bin/time -f "time %e %M" "$BR" plan "$yaml" --steps 10 --format json \
            --output "$TMP/plan.json" 2>"$TMP/err"
        read -r secs kb < <(sed -n 's/^time //p' "$TMP/err")
        note=$(grep 'timing: plan: ' "$TMP/err")
        phase() { grep "timing: suggest: $1 [0-9.]* s\$" "$TMP/err" | awk '{s += $(NF-1)} END {printf "%.2f", s}'; }
        base=$(phase baseline)
        eval=$(phase evaluation)
        book=$(awk -v a="$(phase 'candidates and indexes')" -v b="$(phase 'carrying over')" \
            -v c="$(phase 'keeping the evaluations')" -v d="$(phase results)" 'BEGIN {printf "%.2f", a + b + c + d}')
        n=$(sed -n 's/.*suggest: [0-9]* candidates, \([0-9]*\) evaluated.*/\1/p' "$TMP/err" | awk '{s += $1} END {print s}')
        app=$(sed -n 's/.*apply \([0-9.]*\) s.*/\1/p' <<<"$note")
        res=$(sed -n 's/.*last score \([0-9.]*\) s.*/\1/p' <<<"$note")
        echo "| $size | $shape | $secs | $((kb / 1024)) | $base | $eval | $book | $app | $res | $n |" >>"$OUT"
        echo "$shape $size done" >&2
        rm -f "$yaml"
    done
done
cat "$OUT"
