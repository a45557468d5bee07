#!/usr/bin/env bash
# Whole-command runs over the four model sizes, against the Python baseline,
# saved to bench/results/scale.md with the machine they ran on.
#
#     bench/run_scale.sh [BUILD_DIR] [SIZES]        SIZES: a subset of "S M L XL" (default all)
#
# For each size: `breachrank generate` (seed 1), then `breachrank score --method
# linear` (wall time and peak memory by /usr/bin/time, median of 3) and the
# Python baseline on the same model (PyYAML's C loader, NumPy, SciPy; median
# of 3 for S-M, one run for L, skipped for XL), whose numbers must agree with
# breachrank's to 1e-9; then `score --method auto` once.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
SIZES=${2:-"S M L XL"}
OUT=bench/results/scale.md
TMP=${BENCH_TMP:-$(mktemp -d)}
trap 'rm -rf "$TMP"' EXIT
PY=/usr/bin/python3
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
orgs() { case $1 in S) echo 10 ;; M) echo 100 ;; L) echo 1000 ;; XL) echo 10000 ;; esac; }
sups() { case $1 in S) echo 1000 ;; M) echo 10000 ;; L) echo 100000 ;; XL) echo 1000000 ;; esac; }

{
    echo "# Scale"
    echo
    echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"
    echo "$(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -sr); breachrank $("$BUILD/breachrank" --version | cut -d' ' -f2);"
    echo "Python $($PY --version | cut -d' ' -f2), NumPy $($PY -c 'import numpy; print(numpy.__version__)'), SciPy $($PY -c 'import scipy; print(scipy.__version__)')."
    echo "Models: \`breachrank generate --organisations N --suppliers N --seed 1\`. Times are wall seconds (medians), memory peak RSS."
    echo
    echo "| size | organisations / suppliers | file MB | flows | access | linear s | linear MB | Python s | Python MB | ratio | numbers agree | auto s | auto MB |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |"
} >"$OUT"

for size in $SIZES; do
    o=$(orgs "$size")
    s=$(sups "$size")
    model="$TMP/$size.yaml"
    "$BUILD/breachrank" generate --organisations "$o" --suppliers "$s" --seed 1 --output "$model"
    mb=$(awk -v b="$(stat -c %s "$model")" 'BEGIN {printf "%.1f", b / 1e6}')
    flows=$(awk '/^flows:/ {f = 1; next} /^access:/ {f = 0} f' "$model" | wc -l)
    edges=$(awk '/^access:/ {f = 1; next} f' "$model" | wc -l)
    rm -f "$TMP/lin" "$TMP/py"
    for i in 1 2 3; do
        /usr/bin/time -f "%e %M" "$BUILD/breachrank" score "$model" --method linear --format csv --output "$TMP/$size.csv" 2>>"$TMP/lin"
    done
    lin=$(awk '{print $1}' "$TMP/lin" | median)
    linmb=$(awk '{printf "%.0f\n", $2 / 1024}' "$TMP/lin" | median)
    py="-"; pymb="-"; ratio="-"; agree="-"
    if [ "$size" != XL ]; then
        runs=3; [ "$size" = L ] && runs=1
        agree="yes"
        for i in $(seq $runs); do
            /usr/bin/time -f "%e %M" $PY bench/python_baseline.py "$model" rules/default.yaml --check "$TMP/$size.csv" \
                >/dev/null 2>>"$TMP/py.err" || agree="NO"
            tail -1 "$TMP/py.err" >>"$TMP/py"
        done
        py=$(awk '{print $1}' "$TMP/py" | median)
        pymb=$(awk '{printf "%.0f\n", $2 / 1024}' "$TMP/py" | median)
        ratio=$(awk -v a="$py" -v b="$lin" 'BEGIN {printf "%.0fx", a / b}')
    fi
    /usr/bin/time -f "%e %M" "$BUILD/breachrank" score "$model" --format csv --output "$TMP/auto.csv" 2>"$TMP/auto"
    auto=$(awk '{print $1}' "$TMP/auto")
    automb=$(awk '{printf "%.0f", $2 / 1024}' "$TMP/auto")
    echo "| $size | $o / $s | $mb | $flows | $edges | $lin | $linmb | $py | $pymb | $ratio | $agree | $auto | $automb |" >>"$OUT"
    echo "$size done" >&2
done
cat "$OUT"
