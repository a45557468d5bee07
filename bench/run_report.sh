#!/usr/bin/env bash
# The HTML report (issue 16) over every graph shape, saved to
# bench/results/report.md with the machine it ran on and where the time goes.
#
#     bench/run_report.sh [BUILD_DIR] [SIZES] [SHAPES]
#         SIZES:  a subset of "M L" (default "M L")
#         SHAPES: a subset of "tiered core clusters chains" (default all)
#
# For each size and shape: `breachrank generate --shape SHAPE --seed 1`, then
# `report MODEL --output FILE.html` (default pack, auto) three times, with wall
# time and peak memory by /usr/bin/time (medians), the page's size, the
# report's own split of its time (BREACHRANK_TIMINGS: the one baseline run and
# score, the suggestions, the loss simulation, the page), and the time
# Chromium takes to open the page (headless, through chromedriver: the time
# until the page's load event, median of 3). Beside them, in the same run, the
# analysis the report shows done by `score` and by `loss` on their own
# (JSON to a file, medians of 3): the report computes both from one baseline
# run, so "report / (score + loss)" says what the page costs beyond them,
# whatever the machine's speed that day.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
SIZES=${2:-"M L"}
SHAPES=${3:-"tiered core clusters chains"}
OUT=bench/results/report.md
TMP=${BENCH_TMP:-$(mktemp -d)}
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT
BR="$BUILD/breachrank"
# shellcheck source=bench/lib.sh
source bench/lib.sh  # the working directory is the repository root (cd above)

# open_seconds PAGE: the median of 3 openings in headless Chromium, to the load event.
open_seconds() {
    /usr/bin/python3 - "$1" <<'EOF'
import statistics, sys, time
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600"):
    options.add_argument(flag)
times = []
for _ in range(3):
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    started = time.monotonic()
    driver.get("file://" + sys.argv[1])  # returns at the load event
    rows = driver.execute_script("return document.querySelectorAll('#ranking-table tbody tr').length")
    times.append(time.monotonic() - started)
    driver.quit()
    assert rows > 0, "the ranking is empty"
print(f"{statistics.median(times):.2f}")
EOF
}

phase() { grep "timing: $1 [0-9.]* s\$" "$2" | awk '{s += $(NF-1)} END {printf "%.2f", s}'; }

{
    echo "# The HTML report on every graph shape"
    echo
    echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //');"
    echo "breachrank $("$BR" --version | cut -d' ' -f2); rule pack rules/default.yaml (embedded, with its \`loss\` section:"
    echo "10,000 simulated years), method auto, top 20. Models: \`breachrank generate --organisations N --suppliers N"
    echo "--shape SHAPE --seed 1\`. Wall time and memory: the median of 3 runs of \`report MODEL --output FILE.html\`;"
    echo "the split comes from one more run with BREACHRANK_TIMINGS. \`score\` alone and \`loss\` alone: the same model through"
    echo "those commands (JSON to a file), medians of 3 in the same run; the report computes both from one baseline run."
    echo
    echo "| size | shape | wall s | MB | page MB | load s | score s | suggestions s | loss s | page s | opens in Chromium s | \`score\` alone s | \`loss\` alone s | report / (score + loss) |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} >"$OUT"
for size in $SIZES; do
    for shape in $SHAPES; do
        yaml="$TMP/$size-$shape.yaml"
        page="$TMP/$size-$shape.html"
        "$BR" generate --organisations "$(orgs "$size")" --suppliers "$(sups "$size")" --shape "$shape" --seed 1 --output "$yaml"
        : >"$TMP/runs"
        run 3 "$TMP/runs" "$BR" report "$yaml" --output "$page"
        BREACHRANK_TIMINGS=1 "$BR" report "$yaml" --output "$page" 2>"$TMP/err"
        : >"$TMP/score" && run 3 "$TMP/score" "$BR" score "$yaml" --format json --output "$TMP/out.json"
        : >"$TMP/loss" && run 3 "$TMP/loss" "$BR" loss "$yaml" --format json --output "$TMP/out.json"
        ratio=$(awk -v r="$(secs "$TMP/runs")" -v s="$(secs "$TMP/score")" -v l="$(secs "$TMP/loss")" 'BEGIN {printf "%.2f", r / (s + l)}')
        bytes=$(stat -c %s "$page")
        opened=$(open_seconds "$page")
        echo "| $size | $shape | $(secs "$TMP/runs") | $(mb "$TMP/runs") | $(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}') |" \
            "$(phase load "$TMP/err") | $(phase 'report: score' "$TMP/err") | $(phase 'report: suggestions' "$TMP/err") |" \
            "$(phase 'report: loss' "$TMP/err") | $(phase 'report: page' "$TMP/err") | $opened |" \
            "$(secs "$TMP/score") | $(secs "$TMP/loss") | $ratio |" >>"$OUT"
        echo "$shape $size done" >&2
        rm -f "$yaml" "$page"
    done
done
cat "$OUT"
