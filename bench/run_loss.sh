#!/usr/bin/env bash
# Money (issue 14) over every graph shape, against the NumPy baseline, saved to
# bench/results/loss.md with the machine they ran on.
#
#     [RULES=PACK] bench/run_loss.sh [BUILD_DIR] [SIZES] [SHAPES]
#         SIZES:  a subset of "M L" (default both)
#         SHAPES: a subset of "tiered core clusters chains" (default all)
#         RULES:  a rule pack with a `loss` section (default rules/default.yaml)
#
# For each size and shape: `breachrank generate --shape SHAPE --seed 1` writes the
# model, then, with wall time and peak memory by /usr/bin/time, 10,000 simulated years:
#  - `loss --format json`, the pack's method (auto: cascades enumerated or
#    sampled, and the simulation replays them), median of 3;
#  - `loss --method linear --format json`, median of 3;
#  - bench/loss_baseline.py on the same linear problem (PyYAML's C loader, NumPy,
#    SciPy; median of 3 at M, one run at L), checking breachrank's linear output:
#    every vendor's expected annual loss to 1e-9, the simulated means within 4
#    standard errors (its exit status).
# The ratio is the baseline's time over breachrank's linear time.
set -euo pipefail
[ -n "${RULES:-}" ] && RULES=$(realpath "$RULES")  # before cd: relative to the caller
cd "$(dirname "$0")/.."
BUILD=${1:-build}
SIZES=${2:-"M L"}
SHAPES=${3:-"tiered core clusters chains"}
RULES=${RULES:-rules/default.yaml}
YEARS=10000
OUT=bench/results/loss.md
TMP=${BENCH_TMP:-$(mktemp -d)}
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT
PY=/usr/bin/python3
BR="$BUILD/breachrank"
# shellcheck source=bench/lib.sh
source bench/lib.sh  # the working directory is the repository root (cd above)
if ! grep -q '^loss:' "$RULES"; then
    echo "run_loss.sh: $RULES has no 'loss' section; set RULES to a pack with one" >&2
    exit 2
fi

{
    echo "# Money: breachrank's loss against a NumPy baseline"
    echo
    echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"
    echo "$(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -sr); breachrank $("$BR" --version | cut -d' ' -f2);"
    echo "Python $($PY --version | cut -d' ' -f2), NumPy $($PY -c 'import numpy; print(numpy.__version__)'), SciPy $($PY -c 'import scipy; print(scipy.__version__)')."
    echo "Models: \`breachrank generate --organisations N --suppliers N --shape SHAPE --seed 1\`; rule pack"
    echo "\`$RULES\`; $YEARS simulated years. Times are wall seconds (breachrank: median of 3; NumPy: median of 3"
    echo "at M, one run at L), memory peak RSS in MB (median)."
    echo
    echo "Both sides compute the same thing: the linear screen's money (SPEC §4 \"Loss\"). The people of each costed"
    echo "level that a breach exposes are solved through the access graph, U_l = (I - damping Q)^-1 d_l, giving every"
    echo "vendor's expected annual loss without simulation; then $YEARS years in which each vendor is breached with"
    echo "its likelihood, each incident costing X_breach + sum_l U_l X_l with every X drawn once per incident; the"
    echo "years' mean, percentiles, exceedance curve, appetite check and each vendor's share of the 1-in-20 and"
    echo "1-in-100-year tails (a second pass). The NumPy baseline (\`bench/loss_baseline.py\`) draws a vendor x year"
    echo "matrix of Bernoulli trials in bounded chunks; breachrank draws the gaps between incidents. \"check\" means"
    echo "every vendor's expected annual loss agreed to 1e-9 and the two simulated means (different random numbers)"
    echo "agreed within 4 standard errors of their difference (shown). \"auto\" is breachrank's own default instead:"
    echo "each vendor's cascade enumerated (up to 16 reachable edges) or sampled by Monte Carlo, and the simulated"
    echo "years draw whole breach sets from those cascades (the sampled trials replayed): not the problem the baseline"
    echo "solves, shown for what the default costs."
} >"$OUT"

for size in $SIZES; do
    o=$(orgs "$size")
    s=$(sups "$size")
    {
        echo
        echo "## $size: $o organisations, $s suppliers"
        echo
        echo "| shape | breachrank auto s | MB | breachrank linear s | NumPy s | NumPy MB | ratio | check |"
        echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    } >>"$OUT"
    for shape in $SHAPES; do
        yaml="$TMP/$size-$shape.yaml"
        "$BR" generate --organisations "$o" --suppliers "$s" --shape "$shape" --seed 1 --output "$yaml"
        rm -f "$TMP"/*.log "$TMP/py.err"
        run 3 "$TMP/auto.log" "$BR" loss "$yaml" --rules "$RULES" --years "$YEARS" --format json --output "$TMP/auto.json"
        run 3 "$TMP/linear.log" "$BR" loss "$yaml" --rules "$RULES" --method linear --years "$YEARS" --format json \
            --output "$TMP/linear.json"
        runs=3; [ "$size" = L ] && runs=1
        agree=pass
        for _ in $(seq $runs); do
            /usr/bin/time -f "%e %M" $PY bench/loss_baseline.py "$yaml" "$RULES" --years "$YEARS" \
                --check "$TMP/linear.json" >/dev/null 2>>"$TMP/py.err" || agree=FAIL
            tail -1 "$TMP/py.err" >>"$TMP/py.log"
        done
        if [ $agree = FAIL ]; then
            echo "run_loss.sh: $shape $size: the NumPy baseline disagrees with breachrank:" >&2
            grep -v '^[0-9.]* [0-9]*$' "$TMP/py.err" | tail -12 >&2
        fi
        # The last run's distance between the simulated means, in standard errors.
        z=$(sed -n 's/.*: \([0-9.]*\) standard errors apart.*/\1/p' "$TMP/py.err" | tail -1)
        py=$(secs "$TMP/py.log")
        ratio=$(awk -v a="$py" -v b="$(secs "$TMP/linear.log")" 'BEGIN {printf "%.0fx", a / b}')
        echo "| $shape | $(secs "$TMP/auto.log") | $(mb "$TMP/auto.log") | $(secs "$TMP/linear.log") | $py | $(mb "$TMP/py.log") | $ratio | $agree (means ${z:-?} se apart) |" >>"$OUT"
        echo "$shape $size done" >&2
        rm -f "$yaml"
    done
done
{
    echo
    echo "Targets (issue 14, on 2 cores): \`loss\` with $YEARS years at most 2 s at M and 20 s and 1 GB at L (the"
    echo "\"auto\" and \"linear\" columns), and at least 10x faster than the NumPy baseline at L (\"ratio\"). Memory"
    echo "does not grow with years x vendors: the simulation keeps one number a year and a few a vendor (see the"
    echo "README, \"Money\"); the NumPy baseline's chunks bound its own."
} >>"$OUT"
cat "$OUT"
