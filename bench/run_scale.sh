#!/usr/bin/env bash
# Whole-command runs over every graph shape and model size, against the Python
# baseline, saved to bench/results/scale.md with the machine they ran on.
# `make bench` installs what it needs (python3-yaml, python3-numpy, python3-scipy)
# and runs it.
#
#     bench/run_scale.sh [BUILD_DIR] [SIZES] [SHAPES]
#         SIZES:  a subset of "S M L XL" (default all)
#         SHAPES: a subset of "tiered core clusters chains" (default all)
#
# For each shape and size: `breachrank generate --shape SHAPE --seed 1` writes
# the model twice, as one YAML file and as a YAML file naming four CSV
# inventories (--csv). Then, with wall time and peak memory by /usr/bin/time:
#  - `score --method linear --format json` on each form (median of 5; XL once),
#    checking that the two forms' outputs are byte-identical;
#  - the Python baseline on the YAML form (PyYAML's C loader, NumPy, SciPy;
#    median of 3 for S and M, once for L, skipped for XL), whose numbers must
#    agree with breachrank's `--format csv` output (an untimed run) to 1e-9;
#  - `score` (auto) with JSON output on the CSV form, once.
# The ratio is Python's time over breachrank's on the same YAML file. The
# largest strongly connected component is read from BREACHRANK_TIMINGS.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
SIZES=${2:-"S M L XL"}
SHAPES=${3:-"tiered core clusters chains"}
OUT=bench/results/scale.md
TMP=${BENCH_TMP:-$(mktemp -d)}
trap 'rm -rf "$TMP"' EXIT
PY=/usr/bin/python3
BR="$BUILD/breachrank"
# shellcheck source=bench/lib.sh
source bench/lib.sh  # the working directory is the repository root (cd above)

{
    echo "# Scale: every graph shape"
    echo
    echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"
    echo "$(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -sr); breachrank $("$BR" --version | cut -d' ' -f2);"
    echo "Python $($PY --version | cut -d' ' -f2), NumPy $($PY -c 'import numpy; print(numpy.__version__)'), SciPy $($PY -c 'import scipy; print(scipy.__version__)')."
    echo "Models: \`breachrank generate --organisations N --suppliers N --shape SHAPE --seed 1\` (YAML) and the same"
    echo "with \`--csv\` (CSV inventories). Times are wall seconds (breachrank: median of 5, XL one run; Python: median"
    echo "of 3 at S and M, one run at L), memory peak RSS in MB."
    echo "Every breachrank run writes JSON (\`--format json --output FILE\`). \"core\" is the largest strongly"
    echo "connected component of the access graph, as a share of the entities."
    echo
    echo "| shape | size | orgs / suppliers | YAML MB | CSV MB | flows | access | core | linear, YAML s | MB | linear, CSV s | MB | same output | Python s | Python MB | ratio (YAML) | numbers agree | auto, CSV s | auto MB |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- | ---: | ---: |"
} >"$OUT"
targets="$TMP/targets.md"
: >"$targets"

for shape in $SHAPES; do
    for size in $SIZES; do
        o=$(orgs "$size")
        s=$(sups "$size")
        yaml="$TMP/$size.yaml"
        mkdir -p "$TMP/csv-$size"
        csvm="$TMP/csv-$size/$size.yaml"
        "$BR" generate --organisations "$o" --suppliers "$s" --shape "$shape" --seed 1 --output "$yaml"
        "$BR" generate --organisations "$o" --suppliers "$s" --shape "$shape" --seed 1 --output "$csvm" --csv
        ymb=$(awk -v b="$(stat -c %s "$yaml")" 'BEGIN {printf "%.1f", b / 1e6}')
        cmb=$(du -cb "$TMP/csv-$size"/*.csv | awk 'END {printf "%.1f", $1 / 1e6}')
        flows=$(($(wc -l <"$TMP/csv-$size/$size.flows.csv") - 1))
        edges=$(($(wc -l <"$TMP/csv-$size/$size.access.csv") - 1))
        n=5; [ "$size" = XL ] && n=1
        rm -f "$TMP"/*.log
        run "$n" "$TMP/yaml.log" "$BR" score "$yaml" --method linear --format json --output "$TMP/$size.json"
        run "$n" "$TMP/csv.log" "$BR" score "$csvm" --method linear --format json --output "$TMP/$size-csv.json"
        same=yes
        cmp -s "$TMP/$size.json" "$TMP/$size-csv.json" || same=NO
        # The largest component, from the linear screen's own account (an untimed run, CSV for the baseline).
        largest=$(BREACHRANK_TIMINGS=1 "$BR" score "$csvm" --method linear --format csv --output "$TMP/$size.csv" 2>&1 |
            sed -n 's/.*cyclic components (largest \([0-9]*\)).*/\1/p')
        core=$(awk -v c="${largest:-1}" -v n=$((o + s)) 'BEGIN {printf "%.1f%%", 100 * c / n}')
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
        run 1 "$TMP/auto.log" "$BR" score "$csvm" --format json --output "$TMP/auto.json"
        echo "| $shape | $size | $o / $s | $ymb | $cmb | $flows | $edges | $core | $(secs "$TMP/yaml.log") | $(mb "$TMP/yaml.log") | $(secs "$TMP/csv.log") | $(mb "$TMP/csv.log") | $same | $py | $pymb | $ratio | $agree | $(secs "$TMP/auto.log") | $(mb "$TMP/auto.log") |" >>"$OUT"
        # Issue 10's targets, per shape: L linear (JSON) <= 1.5 s and 300 MB in either form, >= 25x at L and M, auto <= 10 s at L.
        if [ "$size" = L ] || [ "$size" = M ]; then
            awk -v shape="$shape" -v size="$size" -v ys="$(secs "$TMP/yaml.log")" -v ym="$(mb "$TMP/yaml.log")" \
                -v cs="$(secs "$TMP/csv.log")" -v cm="$(mb "$TMP/csv.log")" -v r="${ratio%x}" -v a="$(secs "$TMP/auto.log")" \
                -v same="$same" -v agree="$agree" 'BEGIN {
                ok = (r >= 25 && same == "yes" && agree == "yes")
                if (size == "L") ok = ok && ((ys <= 1.5 && ym <= 300) || (cs <= 1.5 && cm <= 300)) && a <= 10
                printf "| %s | %s | %s s, %s MB (YAML); %s s, %s MB (CSV) | %sx | %s | %s |\n", shape, size, ys, ym, cs, cm, r,
                    (size == "L" ? a " s" : "-"), (ok ? "met" : "MISSED")
            }' >>"$targets"
        fi
        echo "$shape $size done" >&2
        rm -rf "$TMP/csv-$size" "$yaml"
    done
done
if [ -s "$targets" ]; then
    {
        echo
        echo "Issue 10's targets, per shape: at L, \`score --method linear\` with JSON output in at most 1.5 s and 300 MB"
        echo "(YAML or CSV inventory) and at least 25x faster than the Python baseline on the same YAML file; at M at"
        echo "least 25x; \`score\` (auto) at L in at most 10 s; both forms byte-identical and the baseline in agreement."
        echo
        echo "| shape | size | linear, JSON | ratio (YAML) | auto | targets |"
        echo "| --- | --- | --- | ---: | ---: | --- |"
        cat "$targets"
    } >>"$OUT"
fi
cat "$OUT"
