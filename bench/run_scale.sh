#!/usr/bin/env bash
# Whole-command runs over the four model sizes, against the Python baseline,
# saved to bench/results/scale.md with the machine they ran on. `make bench`
# installs what it needs (python3-yaml, python3-numpy, python3-scipy) and runs it.
#
#     bench/run_scale.sh [BUILD_DIR] [SIZES]        SIZES: a subset of "S M L XL" (default all)
#
# For each size: `breachrank generate --seed 1` writes the model twice, as one
# YAML file and as a YAML file naming four CSV inventories (--csv). Then
# `breachrank score --method linear` on each form (wall time and peak memory by
# /usr/bin/time, median of 3; XL once), checking the two forms' outputs are
# byte-identical; the Python baseline on the YAML form (PyYAML's C loader,
# NumPy, SciPy; median of 3 for S and M, once for L, skipped for XL), whose
# numbers must agree with breachrank's to 1e-9; then `score --method auto` on
# the CSV form once. The ratio is Python's time over breachrank's on the same
# YAML file.
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
# run N LOG CMD...: N timed runs of CMD appending "seconds kilobytes" lines to LOG
run() {
    local n=$1 log=$2
    shift 2
    for _ in $(seq "$n"); do /usr/bin/time -f "%e %M" "$@" 2>>"$log" >/dev/null; done
}
secs() { awk '{print $1}' "$1" | median; }
mb() { awk '{printf "%.0f\n", $2 / 1024}' "$1" | median; }

{
    echo "# Scale"
    echo
    echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"
    echo "$(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -sr); breachrank $("$BUILD/breachrank" --version | cut -d' ' -f2);"
    echo "Python $($PY --version | cut -d' ' -f2), NumPy $($PY -c 'import numpy; print(numpy.__version__)'), SciPy $($PY -c 'import scipy; print(scipy.__version__)')."
    echo "Models: \`breachrank generate --organisations N --suppliers N --seed 1\` (YAML) and the same with \`--csv\`"
    echo "(CSV inventories). Times are wall seconds (median of 3; XL one run), memory peak RSS in MB."
    echo
    echo "| size | organisations / suppliers | YAML MB | CSV MB | flows | access | linear, YAML s | MB | linear, CSV s | MB | same output | Python s | Python MB | ratio (YAML) | numbers agree | auto, CSV s | auto MB |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- | ---: | ---: |"
} >"$OUT"

for size in $SIZES; do
    o=$(orgs "$size")
    s=$(sups "$size")
    yaml="$TMP/$size.yaml"
    mkdir -p "$TMP/csv-$size"
    csvm="$TMP/csv-$size/$size.yaml"
    "$BUILD/breachrank" generate --organisations "$o" --suppliers "$s" --seed 1 --output "$yaml"
    "$BUILD/breachrank" generate --organisations "$o" --suppliers "$s" --seed 1 --output "$csvm" --csv
    ymb=$(awk -v b="$(stat -c %s "$yaml")" 'BEGIN {printf "%.1f", b / 1e6}')
    cmb=$(du -cb "$TMP/csv-$size"/*.csv | awk 'END {printf "%.1f", $1 / 1e6}')
    flows=$(($(wc -l <"$TMP/csv-$size/$size.flows.csv") - 1))
    edges=$(($(wc -l <"$TMP/csv-$size/$size.access.csv") - 1))
    n=3; [ "$size" = XL ] && n=1
    rm -f "$TMP"/*.log
    run "$n" "$TMP/yaml.log" "$BUILD/breachrank" score "$yaml" --method linear --format csv --output "$TMP/$size.csv"
    run "$n" "$TMP/csv.log" "$BUILD/breachrank" score "$csvm" --method linear --format csv --output "$TMP/$size-csv.csv"
    same=yes
    cmp -s "$TMP/$size.csv" "$TMP/$size-csv.csv" || same=NO
    py="-"; pymb="-"; ratio="-"; agree="-"
    if [ "$size" != XL ]; then
        runs=3; [ "$size" = L ] && runs=1
        agree=yes
        for _ in $(seq $runs); do
            /usr/bin/time -f "%e %M" $PY bench/python_baseline.py "$yaml" rules/default.yaml --check "$TMP/$size.csv" \
                >/dev/null 2>>"$TMP/py.err" || agree=NO
            tail -1 "$TMP/py.err" >>"$TMP/py.log"
        done
        py=$(secs "$TMP/py.log")
        pymb=$(mb "$TMP/py.log")
        ratio=$(awk -v a="$py" -v b="$(secs "$TMP/yaml.log")" 'BEGIN {printf "%.0fx", a / b}')
    fi
    run 1 "$TMP/auto.log" "$BUILD/breachrank" score "$csvm" --format csv --output "$TMP/auto.csv"
    echo "| $size | $o / $s | $ymb | $cmb | $flows | $edges | $(secs "$TMP/yaml.log") | $(mb "$TMP/yaml.log") | $(secs "$TMP/csv.log") | $(mb "$TMP/csv.log") | $same | $py | $pymb | $ratio | $agree | $(secs "$TMP/auto.log") | $(mb "$TMP/auto.log") |" >>"$OUT"
    echo "$size done" >&2
    rm -rf "$TMP/csv-$size" "$yaml"
done
cat "$OUT"
