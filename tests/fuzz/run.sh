#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (two at a time on two cores), seeded
# from the project's inputs. A finding (crash, sanitizer report, leak, timeout,
# out-of-memory) fails the run and keeps its reproducer in tests/fuzz/findings/.
#
#     tests/fuzz/run.sh BUILD_DIR SECONDS
set -uo pipefail
BUILD=$1
SECONDS_EACH=$2
cd "$(dirname "$0")/../.."
mkdir -p tests/fuzz/findings
status=0
# Every sanitizer report is a finding (halt_on_error), except the one
# suppressed inside a third-party header (ubsan.supp says why).
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$PWD/tests/fuzz/ubsan.supp"
run() {
    local target=$1 seeds=$2 dict=""
    local corpus="$BUILD/fuzz-corpus/$target"
    # The YAML targets mutate with the syntax of anchors, aliases and repeated keys too.
    [ "$target" != fuzz_csv ] && dict="-dict=tests/fuzz/yaml.dict"
    mkdir -p "$corpus"
    # Reproducers of earlier findings are seeds too, so fixed bugs stay fixed.
    cp -n $seeds tests/fuzz/findings/"$target"-* "$corpus"/ 2>/dev/null || true
    "$BUILD/tests/fuzz/$target" $dict -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
        -print_final_stats=1 -artifact_prefix="tests/fuzz/findings/$target-" "$corpus" >"$BUILD/fuzz-$target.log" 2>&1
    local rc=$?
    echo "$target: exit $rc, $(grep -m1 -o 'stat::number_of_executed_units: [0-9]*' "$BUILD/fuzz-$target.log" | awk '{print $2}') runs in ${SECONDS_EACH}s"
    if [ $rc -ne 0 ]; then
        echo "$target: FINDING (log: $BUILD/fuzz-$target.log)"
        grep -m5 -E "ERROR|SUMMARY|Test unit written" "$BUILD/fuzz-$target.log"
        return 1
    fi
}
MODELS="tests/data/valid/*.yaml tests/data/invalid/model-*.yaml models/*.yaml"
RULES="rules/*.yaml tests/data/invalid/rules-*.yaml tests/data/valid/worked-example-rules.yaml"
SCENARIOS="examples/scenarios/*.yaml tests/data/invalid/scenario-*.yaml"
run fuzz_model "$MODELS" & a=$!
run fuzz_rules "$RULES" & b=$!
wait $a || status=1
wait $b || status=1
run fuzz_scenario "$SCENARIOS" & a=$!
run fuzz_score "$MODELS" & b=$!
wait $a || status=1
wait $b || status=1
run fuzz_csv "tests/data/valid/csv/*.csv tests/data/invalid/csv/*.csv" || status=1
[ $status -eq 0 ] && echo "fuzz: no findings" || echo "fuzz: findings kept in tests/fuzz/findings/"
exit $status
