#!/usr/bin/env bash
# The Python package against the CLI (issue 17), saved to bench/results/python.md.
#
#     bench/run_python.sh [BUILD_DIR] [SIZES] [SHAPES]
#         SIZES:  a subset of "M L" (default "L")
#         SHAPES: a subset of "tiered core clusters chains" (default all)
#
# For each model: the whole process, wall time, median of 5, interleaved so
# that the machine's drift falls on both sides alike:
#   CLI:    breachrank score MODEL --format json --output FILE
#   Python: python3 -c 'breachrank.score(MODEL)' (import, load, score; the
#           result's objects are built, nothing is printed)
# and, in one Python process, the time to turn the ScoreResult's vendor table
# into a NumPy structured array (to_numpy(), median of 5).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
SIZES=${2:-"L"}
SHAPES=${3:-"tiered core clusters chains"}
OUT=bench/results/python.md
TMP=${BENCH_TMP:-$(mktemp -d)}
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT
BR="$BUILD/breachrank"
PY=/usr/bin/python3
export PYTHONPATH="$BUILD/python"
# shellcheck source=bench/lib.sh
source bench/lib.sh

{
    echo "# Python against the CLI"
    echo
    echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //');"
    echo "breachrank $("$BR" --version | cut -d' ' -f2), $($PY --version), NumPy $($PY -c 'import numpy; print(numpy.__version__)')."
    echo "Models: \`breachrank generate --organisations N --suppliers N --shape SHAPE --seed 1\`; default pack, method auto."
    echo "Whole processes, wall seconds, median of 5 runs each, CLI and Python runs interleaved:"
    echo "\`breachrank score MODEL --format json --output FILE\` against"
    echo "\`python3 -c 'import breachrank; breachrank.score(MODEL)'\`. \`to_numpy()\`: the vendor table as a"
    echo "NumPy structured array, in one process, median of 5."
    echo
    echo "| size | shape | CLI s | Python s | Python / CLI | to_numpy() s | vendors |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
} >"$OUT"
for size in $SIZES; do
    for shape in $SHAPES; do
        yaml="$TMP/$size-$shape.yaml"
        "$BR" generate --organisations "$(orgs "$size")" --suppliers "$(sups "$size")" --shape "$shape" --seed 1 --output "$yaml"
        : >"$TMP/cli"
        : >"$TMP/py"
        for _ in 1 2 3 4 5; do
            run 1 "$TMP/cli" "$BR" score "$yaml" --format json --output "$TMP/out.json"
            run 1 "$TMP/py" "$PY" -c "import sys, breachrank; breachrank.score(sys.argv[1])" "$yaml"
        done
        numpy=$("$PY" - "$yaml" <<'PYEOF'
import statistics, sys, time
import breachrank
r = breachrank.score(sys.argv[1])
times = []
for _ in range(5):
    t = time.perf_counter()
    table = r.to_numpy()
    times.append(time.perf_counter() - t)
assert len(table) == len(r)
print(f"{statistics.median(times):.3f} {len(table)}")
PYEOF
)
        cli=$(secs "$TMP/cli")
        py=$(secs "$TMP/py")
        echo "| $size | $shape | $cli | $py | $(awk -v a="$py" -v b="$cli" 'BEGIN {printf "%.2f", a / b}') |" \
            "${numpy% *} | ${numpy#* } |" >>"$OUT"
        echo "$shape $size done" >&2
        rm -f "$yaml"
    done
done
cat "$OUT"
