#!/usr/bin/env bash
# End-to-end tests of the breachrank command: exit statuses, where output goes,
# no partial --output files, standard input, help and version.
# Usage: run.sh BREACHRANK SOURCE_DIR
set -u
BR=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
MET=$SRC/models/met-police-2023.yaml
WORKED=$SRC/tests/data/valid/worked-example.yaml
WRULES=$SRC/tests/data/valid/worked-example-rules.yaml
passed=0
failed=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# expect STATUS CMD...: runs CMD, keeps stdout/stderr in $TMP/out, $TMP/err.
expect() {
    local want=$1
    shift
    "$@" >"$TMP/out" 2>"$TMP/err"
    local got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "exit $got (want $want): $*"; cat "$TMP/err"; fi
}
stdout_empty() { if [ -s "$TMP/out" ]; then bad "stdout not empty: $1"; else ok; fi; }
stdout_has() { if grep -qF -- "$1" "$TMP/out"; then ok; else bad "stdout lacks '$1'"; fi; }
stderr_has() { if grep -qF -- "$1" "$TMP/err"; then ok; else bad "stderr lacks '$1'"; cat "$TMP/err"; fi; }

# --- success paths ---------------------------------------------------------
expect 0 "$BR" score "$MET"
stdout_has "id-card-printer"
stdout_has "organisation exposure"
expect 0 "$BR" score "$WORKED" --rules "$WRULES" --format json
stdout_has '"schema": "breachrank.score/2"'
stdout_has '"risk": 36.25'
expect 0 "$BR" score "$WORKED" --rules "$WRULES" --format csv --top 1
if [ "$(wc -l <"$TMP/out")" -eq 2 ]; then ok; else bad "csv --top 1 should print a header and one row"; fi
expect 0 "$BR" score "$WORKED" --rules "$WRULES" --format markdown
stdout_has "| 2 | cards | low | 36.25 |"
# '-' reads the model from standard input.
expect 0 bash -c "'$BR' score - --rules '$WRULES' --format csv < '$WORKED'"
stdout_has "2,cards,cards,supplier,low,0.05,725,725,0,exact,36.25,72.5,100,force,face-and-name;covert"
expect 0 "$BR" validate "$MET"
stdout_has "ok:"
expect 0 "$BR" validate "$MET" --rules "$SRC/rules/enisa-2013.yaml"
expect 0 "$BR" explain "$WORKED" cards --rules "$WRULES"
stdout_has "severity per record = max(0, base 3 x ease 0.75 x multiplier 3 + added 0 + circumstances 0.5) = 7.25"
stdout_has "control mfa: x 0.5"
expect 0 "$BR" explain "$WORKED" cards --rules "$WRULES" --format json
stdout_has '"schema": "breachrank.explain/2"'

# --output writes the file and nothing to stdout.
expect 0 "$BR" score "$MET" --format json --output "$TMP/result.json"
stdout_empty "score --output"
if grep -q '"vendors"' "$TMP/result.json"; then ok; else bad "--output file lacks vendors"; fi

# breach: the incident look-up.
expect 0 "$BR" breach "$WORKED" --rules "$WRULES" --entity host
stdout_has "Expected harm once the breach spreads over standing access: 431.25 (exact)."
stdout_has "cards"
expect 0 "$BR" breach "$WORKED" --rules "$WRULES" --entity host --format json
stdout_has '"schema": "breachrank.breach/2"'
stdout_has '"expected_harm": 431.25'
expect 2 "$BR" breach "$WORKED" --rules "$WRULES" --entity hots
stderr_has "did you mean 'host'?"
expect 2 "$BR" breach "$WORKED" --rules "$WRULES"
expect 2 "$BR" breach "$WORKED" --rules "$WRULES" --entity host --method linear
stderr_has "linear screen gives no reach"
# Incident day on the Met model (default pack: notify the authority at medium,
# people at high): the covert officers appear as their own segment; the CSV has
# one row per population, segment and band, then the reach; a draft notice.
expect 0 "$BR" breach "$MET" --entity id-card-printer --circumstance malicious --discovered 2023-08-30T10:15+02:00
stdout_has "Circumstances: malicious."
stdout_has "covert-officers"
stdout_has "Supervisory authority (Art. 33): must be told by 2023-09-02T08:15:00Z."
stdout_has "met-officers, segment covert-officers: 1,020 people at level very-high"
expect 0 "$BR" breach "$MET" --entity id-card-printer --format csv
stdout_has "population,owner,segment,people,share,categories,severity,level,notify"
stdout_has "met-officers,met-police,covert-officers,1020,1,name;rank;photo;vetting_level;pay_number,"
stdout_has "id,probability"
expect 0 "$BR" breach "$MET" --entity id-card-printer --unintelligible --format json
stdout_has '"required": false,'
stdout_has "Art. 34(3)(a)"
expect 0 "$BR" breach "$MET" --entity id-card-printer --format notice
stdout_has "# Draft notification of a personal data breach (GDPR Art. 33(3))"
stdout_has "| met-officers | covert-officers | 1,020 |"
stdout_has "- Proposed, to lower the risk of a repeat: "
expect 2 "$BR" breach "$MET" --entity id-card-printer --circumstance malicous
stderr_has "unknown circumstance 'malicous'; did you mean 'malicious'?"
expect 2 "$BR" breach "$MET" --entity id-card-printer --discovered 30/08/2023
stderr_has "is not an ISO 8601 date or date-time"
expect 2 "$BR" score "$MET" --format notice
# graph: DOT always, SVG through Graphviz when it is installed.
expect 0 "$BR" graph "$MET"
stdout_has "digraph"
stdout_has "style=dashed"
if command -v dot >/dev/null; then
    expect 0 "$BR" graph "$MET" --format svg --output "$TMP/met.svg"
    if grep -q "<svg" "$TMP/met.svg"; then ok; else bad "graph --format svg wrote no svg"; fi
fi
expect 1 env PATH=/nonexistent "$BR" graph "$MET" --format svg --output "$TMP/none.svg"
stderr_has "not installed"
if [ -e "$TMP/none.svg" ]; then bad "graph left a file without dot"; else ok; fi
# generate: valid, deterministic.
expect 0 "$BR" generate --organisations 3 --suppliers 50 --seed 4 --output "$TMP/g1.yaml"
expect 0 "$BR" generate --organisations 3 --suppliers 50 --seed 4
if cmp -s "$TMP/out" "$TMP/g1.yaml"; then ok; else bad "generate is not deterministic"; fi
expect 0 "$BR" validate "$TMP/g1.yaml"
expect 2 "$BR" generate --organisations 0 --suppliers 5
# generate --csv: a YAML file naming four CSV inventories, scoring exactly as the YAML form does.
mkdir -p "$TMP/inv"
expect 0 "$BR" generate --organisations 3 --suppliers 50 --seed 4 --output "$TMP/inv/g1.yaml" --csv
for part in entities populations flows access; do
    if [ -s "$TMP/inv/g1.$part.csv" ]; then ok; else bad "generate --csv wrote no g1.$part.csv"; fi
done
expect 0 "$BR" score "$TMP/inv/g1.yaml" --format json --output "$TMP/inv/csv.json"
expect 0 "$BR" score "$TMP/g1.yaml" --format json --output "$TMP/inv/yaml.json"
if cmp -s "$TMP/inv/csv.json" "$TMP/inv/yaml.json"; then ok; else bad "the CSV form scores differently from the YAML form"; fi
expect 2 "$BR" generate --organisations 3 --suppliers 50 --csv
stderr_has "--csv writes files beside the model: give --output FILE"
# A CSV inventory named by a model read from standard input resolves against the current directory.
(cd "$TMP/inv" && "$BR" validate - <g1.yaml >/dev/null 2>&1) && ok || bad "a model on stdin cannot find its CSV files"
# The divergent linear screen is an input error that names the cycle.
printf 'breachrank: model/1\nentities: [{id: a, kind: supplier}, {id: b, kind: supplier}]\naccess:\n  - {from: a, to: b, probability: 1}\n  - {from: b, to: a, probability: 1}\n' >"$TMP/div.yaml"
expect 2 "$BR" score "$TMP/div.yaml" --method linear
stderr_has "a -(1)-> b -(1)-> a"
stdout_empty "divergent"
# The thread count never changes the output.
"$BR" generate --organisations 20 --suppliers 2000 --seed 3 >"$TMP/g2.yaml"
expect 0 "$BR" score "$TMP/g2.yaml" --method montecarlo --threads 1 --format json --output "$TMP/t1.json"
expect 0 "$BR" score "$TMP/g2.yaml" --method montecarlo --threads 2 --format json --output "$TMP/t2.json"
if cmp -s "$TMP/t1.json" "$TMP/t2.json"; then ok; else bad "--threads changed the output"; fi

# whatif and suggest.
SC=$SRC/examples/scenarios
expect 0 "$BR" whatif "$MET" "$SC/met-payroll-mfa.yaml"
stdout_has "Scenario: Require MFA from the payroll supplier"
stdout_has "payroll-provider"
expect 0 "$BR" whatif "$MET" "$SC/met-payroll-mfa.yaml" --format json
stdout_has '"schema": "breachrank.whatif/1"'
expect 0 "$BR" whatif "$MET" "$SC/met-payroll-mfa.yaml" "$SC/met-cut-printer-access.yaml" --format json
if head -c 1 "$TMP/out" | grep -q '\['; then ok; else bad "whatif with two scenarios should print a JSON array"; fi
expect 0 "$BR" whatif "$MET" "$SC/met-no-vetting-to-printer.yaml" --format markdown
stdout_has "| id-card-printer |"
expect 2 "$BR" whatif "$MET" "$SRC/tests/data/invalid/scenario-unknown-entity.yaml"
stderr_has "scenario-unknown-entity.yaml:5:5: error: add_control: no entity 'payroll-provder' in the model; did you mean 'payroll-provider'?"
stdout_empty "invalid scenario"
expect 0 "$BR" validate "$MET" --scenario "$SC/met-payroll-mfa.yaml"
stdout_has "ok: scenario 'Require MFA from the payroll supplier', 0 notes"
expect 0 "$BR" suggest "$MET" --top 3
stdout_has "cut total risk"
expect 0 "$BR" suggest "$MET" --top 3 --format json
stdout_has '"schema": "breachrank.suggest/1"'
expect 0 "$BR" suggest "$WORKED" --rules "$WRULES" --format csv
stdout_has "rank,change,vendor"

# --- help and version ------------------------------------------------------
expect 0 "$BR" --version
stdout_has "breachrank 0."
for cmd in score validate explain breach graph generate whatif suggest; do
    expect 0 "$BR" "$cmd" --help
    stdout_has "Usage"
done

# --- invalid input: exit 2, diagnostics on stderr, nothing on stdout ----------
expect 2 "$BR" validate "$SRC/tests/data/invalid/model-unknown-flow-key.yaml"
stdout_empty "invalid model"
stderr_has "model-unknown-flow-key.yaml:"
stderr_has ": error: unknown key"
expect 2 "$BR" score "$MET" --rules "$SRC/tests/data/invalid/rules-method-typo.yaml"
stdout_empty "invalid rules"
# No partial output file, and an existing one is left as it was.
echo "previous" >"$TMP/keep.json"
expect 2 "$BR" score "$SRC/tests/data/invalid/model-share-zero.yaml" --output "$TMP/keep.json"
if [ "$(cat "$TMP/keep.json")" = "previous" ]; then ok; else bad "--output overwritten on invalid input"; fi
expect 2 "$BR" score "$SRC/tests/data/invalid/model-share-zero.yaml" --output "$TMP/new.json"
if [ -e "$TMP/new.json" ]; then bad "--output created on invalid input"; else ok; fi
# Usage errors.
expect 2 "$BR" score "$MET" --format xml
stdout_empty "bad format"
stderr_has "breachrank: error:"
expect 2 "$BR" score "$MET" --method fast
# Misspelt commands and options name what was meant; --top is at least 1.
expect 2 "$BR" scroe "$MET"
stderr_has "unknown command 'scroe'; did you mean 'score'?"
expect 2 "$BR" score "$MET" --fromat json
stderr_has "unknown option '--fromat' for 'score'; did you mean '--format'?"
expect 2 "$BR" score "$MET" --top -1
expect 2 "$BR" score "$MET" --top 0
expect 2 "$BR" suggest "$MET" --top 0
expect 0 "$BR" validate "$WORKED" --rules "$WRULES"
stdout_has "1 organisation, 2 suppliers, 1 population (100 people, 0 segments), 2 flows, 1 access edge"
# Options out of the library's limits (options.hpp): a usage error stating the
# range, before any input is read, for every command that scores.
expect 2 "$BR" score "$MET" --trials 0
stderr_has "breachrank: error: --trials must be a whole number from 1 to 1000000000, found '0'"
stdout_empty "score --trials 0"
expect 2 "$BR" breach "$MET" --entity id-card-printer --trials 1000000001
stderr_has "--trials must be a whole number from 1 to 1000000000, found '1000000001'"
expect 2 "$BR" suggest "$MET" --threads 1025
stderr_has "--threads must be a whole number from 0 to 1024, found '1025'"
expect 2 "$BR" explain "$MET" id-card-printer --threads -1 --output "$TMP/never.txt"
stderr_has "--threads must be a whole number from 0 to 1024, found '-1'"
# Numbers are parsed strictly (issue 18): no wrapping, clamping or rounding,
# the range in the message; the largest seed is accepted.
for seed in -1 18446744073709551616 1e23 +5 1.5 "" 0x10; do
    expect 2 "$BR" score "$MET" --seed "$seed" --format csv
    stderr_has "--seed must be a whole number from 0 to 18446744073709551615, found '$seed'"
    stdout_empty "score --seed '$seed'"
done
expect 0 "$BR" score "$WORKED" --rules "$WRULES" --seed 18446744073709551615 --format csv
expect 2 "$BR" generate --organisations 1 --suppliers 10 --seed -1
stderr_has "--seed must be a whole number from 0 to 18446744073709551615, found '-1'"
expect 2 "$BR" score "$MET" --top -1
stderr_has "--top must be a whole number from 1 to 9223372036854775807, found '-1'"
expect 2 "$BR" report "$MET" --top 1001 --output "$TMP/never.html"
stderr_has "--top must be a whole number from 1 to 1000, found '1001'"
expect 2 "$BR" loss "$MET" --years 0
stderr_has "--years must be a whole number from 1 to 10000000, found '0'"
expect 2 "$BR" plan "$MET" --steps 1e2
stderr_has "--steps must be a whole number from 1 to 100000, found '1e2'"
for budget in -5 nan inf 1e13; do
    expect 2 "$BR" plan "$MET" --budget "$budget"
    stderr_has "--budget must be a number from 0 to 1000000000000, found '$budget'"
done
expect 0 "$BR" plan "$WORKED" --rules "$WRULES" --budget 1e3 --steps 1 --format json
if [ -e "$TMP/never.txt" ]; then bad "an invalid option left an output file"; else ok; fi
expect 0 "$BR" score "$WORKED" --rules "$WRULES" --trials 1000000000 --threads 1024 --format csv
expect 2 "$BR" score
expect 2 "$BR"
expect 2 "$BR" frobnicate
expect 2 "$BR" score - --rules -
stderr_has "only one input can come from standard input"
expect 2 "$BR" explain "$MET" id-card-printr
stderr_has "did you mean 'id-card-printer'?"
expect 2 "$BR" explain "$MET" met-police
stderr_has "is an organisation"
expect 2 "$BR" explain "$MET" id-card-printer --format csv
expect 2 "$BR" validate "$TMP/missing.yaml"
stderr_has "missing.yaml: error: cannot open: No such file or directory"
# The whole invalid corpus through the binary: exit 2, nothing on stdout, and
# the first pinned diagnostic at its pinned position.
TINY=$SRC/tests/data/valid/tiny-model.yaml
for f in "$SRC"/tests/data/invalid/*.yaml; do
    name=$(basename "$f")
    case "$name" in
        rules-*) expect 2 "$BR" validate "$TINY" --rules "$f" ;;
        scenario-*) expect 2 "$BR" validate "$MET" --scenario "$f" ;;
        *) expect 2 "$BR" validate "$f" ;;
    esac
    stdout_empty "$name"
    first=$(grep -m1 '^# error: ' "$f" | sed 's/^# error: //')
    pos=${first%%: *}
    if [ "$pos" = "0:0" ]; then want="$f: error: ${first#*: }"
    elif [ "${pos#csv/}" != "$pos" ]; then want="$(dirname "$f")/$pos: error: ${first#*: }"  # in a CSV inventory
    else want="$f:$pos: error: ${first#*: }"; fi
    stderr_has "$want"
done

# Determinism: the same inputs and seed give byte-identical output, run after run.
expect 0 "$BR" score "$TMP/g2.yaml" --method montecarlo --format json --output "$TMP/again.json"
if cmp -s "$TMP/t1.json" "$TMP/again.json"; then ok; else bad "a second run changed the output"; fi
# A pack whose effects overflow a double is an input error, never inf in the output.
printf 'breachrank: rules/1\ncategories: {name: {weight: 1000000, identifies: 1}}\nrules:\n' >"$TMP/big.yaml"
for i in $(seq 1 60); do echo "  - {id: r$i, multiply: 1000000}" >>"$TMP/big.yaml"; done
printf 'breachrank: model/1\nentities: [{id: o, kind: organisation}, {id: s, kind: supplier}]\npopulations: [{id: p, owner: o, size: 1000, holds: [name]}]\nflows: [{from: o, to: s, population: p, categories: [name]}]\n' >"$TMP/bm.yaml"
expect 2 "$BR" score "$TMP/bm.yaml" --rules "$TMP/big.yaml" --format json
stderr_has "is not a finite number"
stdout_empty "overflow"
# CRLF line endings and a UTF-8 BOM are accepted in every format.
printf '\xef\xbb\xbfbreachrank: scenario/1\r\nname: crlf\r\nchanges:\r\n  - remove_entity: training-bookings\r\n' >"$TMP/crlf.yaml"
expect 0 "$BR" validate "$MET" --scenario "$TMP/crlf.yaml"
sed 's/$/\r/' "$SRC/rules/default.yaml" | { printf '\xef\xbb\xbf'; cat; } >"$TMP/crlf-rules.yaml"
expect 0 "$BR" validate "$MET" --rules "$TMP/crlf-rules.yaml"
# A rule pack over its documented size limit (16 MiB).
{ echo "breachrank: rules/1"; head -c 17000000 /dev/zero | tr '\0' '#'; echo; } >"$TMP/huge.yaml"
expect 2 "$BR" validate "$MET" --rules "$TMP/huge.yaml"
stderr_has "huge.yaml: error: the file is larger than the limit of 16777216 bytes"

# loss: money from the pack's loss section.
expect 0 "$BR" loss "$MET"
stdout_has "Expected annual loss: GBP"
stdout_has "1 year in 20"
expect 0 "$BR" loss "$MET" --format json --threads 1
stdout_has '"schema": "breachrank.loss/1"'
cp "$TMP/out" "$TMP/loss1.json"
expect 0 "$BR" loss "$MET" --format json --threads 2
if cmp -s "$TMP/out" "$TMP/loss1.json"; then ok; else bad "loss JSON differs between 1 and 2 threads"; fi
expect 0 "$BR" loss "$MET" --format csv --top 2
if [ "$(wc -l <"$TMP/out")" -eq 3 ]; then ok; else bad "loss csv --top 2 should print a header and two rows"; fi
expect 0 "$BR" loss "$MET" --format svg --output "$TMP/loss.svg" --curve-csv "$TMP/curve.csv"
stdout_empty "loss --output"
if head -c 4 "$TMP/loss.svg" | grep -q '<svg'; then ok; else bad "loss --format svg is not an SVG"; fi
if [ "$(head -1 "$TMP/curve.csv")" = "return_period_years,probability,loss" ] && [ "$(wc -l <"$TMP/curve.csv")" -eq 29 ]; then ok; else bad "curve CSV"; fi
expect 0 "$BR" score "$MET" --format csv --top 1
stdout_has ",expected_incident_loss,expected_incident_loss_stderr,expected_annual_loss"
expect 2 "$BR" loss "$MET" --years 0
stderr_has "--years"
stdout_empty "loss --years 0"
expect 2 "$BR" loss "$WORKED" --rules "$WRULES"
stderr_has "has no 'loss' section"
stdout_empty "loss without a loss section"
expect 2 "$BR" score "$MET" --format svg
stdout_empty "score --format svg"

# plan: greedy mitigations, written as a scenario that whatif reproduces.
expect 0 "$BR" plan "$MET" --steps 4 --scenario-out "$TMP/plan.yaml"
stdout_has "A plan: 4 steps"
expect 0 "$BR" validate "$MET" --scenario "$TMP/plan.yaml"
expect 0 "$BR" plan "$MET" --steps 4 --format json
stdout_has '"schema": "breachrank.plan/1"'
after=$(grep -A2 '"total_risk"' "$TMP/out" | sed -n 's/.*"after": \([0-9.e+-]*\).*/\1/p')
expect 0 "$BR" whatif "$MET" "$TMP/plan.yaml" --format json
stdout_has "\"after\": $after"
expect 0 "$BR" plan "$MET" --steps 2 --format csv
if [ "$(wc -l <"$TMP/out")" -eq 3 ]; then ok; else bad "plan csv --steps 2 should print a header and two rows"; fi
expect 2 "$BR" plan "$MET" --steps 0
stdout_empty "plan --steps 0"
expect 2 "$BR" plan "$MET" --budget -1
expect 0 "$BR" suggest "$MET" --format csv --top 1
stdout_has ",cost,loss_avoided,return,effects"
# suggest --vendor: only that vendor's changes; an unknown one is refused.
expect 0 "$BR" suggest "$MET" --vendor payroll-provider --top 50 --format csv
if tail -n +2 "$TMP/out" | cut -d, -f3 | grep -qv '^payroll-provider$'; then bad "suggest --vendor listed another vendor"; else ok; fi
expect 2 "$BR" suggest "$MET" --vendor payrol-provider
stderr_has "no supplier or channel has the id 'payrol-provider'"

# report: one HTML file, only with --output; nothing written when an input is bad.
expect 0 "$BR" report "$MET" --output "$TMP/report.html" --scenario "$SRC/examples/scenarios/met-payroll-mfa.yaml"
stdout_empty "report"
if head -c 15 "$TMP/report.html" | grep -q '<!DOCTYPE html>'; then ok; else bad "report did not write an HTML page"; fi
if grep -q 'id="v-id-card-printer"' "$TMP/report.html"; then ok; else bad "report lacks the top vendor's section"; fi
expect 2 "$BR" report "$MET"
stderr_has "--output is required"
expect 2 "$BR" report "$MET" --output "$TMP/bad.html" --scenario "$SRC/tests/data/invalid/scenario-unknown-entity.yaml"
if [ -e "$TMP/bad.html" ]; then bad "report wrote a page despite a bad scenario"; else ok; fi
expect 2 "$BR" report "$MET" --output "$TMP/bad.html" --top 0
expect 2 "$BR" report "$MET" --output "$TMP/bad.html" --format json
expect 2 "$BR" whatif "$MET" - -
stderr_has "only one input can come from standard input"

# --- confined inventories (issue 18) ---------------------------------------
# A model's CSV inventories must sit in its directory or below it, after '..'
# and symbolic links are resolved, unless --allow-path allows another directory.
mkdir -p "$TMP/conf/team" "$TMP/conf/shared"
printf 'id,kind\no,organisation\ns,supplier\n' >"$TMP/conf/shared/entities.csv"
printf 'breachrank: model/1\nentities: {csv: ../shared/entities.csv}\n' >"$TMP/conf/team/up.yaml"
expect 2 "$BR" validate "$TMP/conf/team/up.yaml"
stderr_has "up.yaml:2:17: error: the CSV file '../shared/entities.csv' is outside the model's directory"
expect 0 "$BR" validate "$TMP/conf/team/up.yaml" --allow-path "$TMP/conf/shared"
stdout_has "1 organisation, 1 supplier"
# A symbolic link in the model's directory that leads out of it is outside too.
ln -s "$TMP/conf/shared/entities.csv" "$TMP/conf/team/link.csv"
printf 'breachrank: model/1\nentities: {csv: link.csv}\n' >"$TMP/conf/team/link.yaml"
expect 2 "$BR" validate "$TMP/conf/team/link.yaml"
stderr_has "the CSV file 'link.csv' is outside the model's directory"
expect 0 "$BR" validate "$TMP/conf/team/link.yaml" --allow-path "$TMP/conf"
# A link out to /etc/passwd, allowed: read, but not an inventory, and only 12 characters of it are quoted.
ln -s /etc/passwd "$TMP/conf/team/passwd.csv"
printf 'breachrank: model/1\nentities: {csv: passwd.csv}\n' >"$TMP/conf/team/passwd.yaml"
expect 2 "$BR" validate "$TMP/conf/team/passwd.yaml"
stderr_has "the CSV file 'passwd.csv' is outside the model's directory"
expect 2 "$BR" validate "$TMP/conf/team/passwd.yaml" --allow-path /etc
stderr_has "passwd.csv:1:1: error: not a CSV inventory of entities: its first row names none of its columns"
if grep -q "/bin/" "$TMP/err"; then bad "the passwd file was echoed"; else ok; fi
# Inside the directory, below it: read as ever.
mkdir -p "$TMP/conf/team/inv"
cp "$TMP/conf/shared/entities.csv" "$TMP/conf/team/inv/"
printf 'breachrank: model/1\nentities: {csv: inv/../inv/entities.csv}\n' >"$TMP/conf/team/below.yaml"
expect 0 "$BR" validate "$TMP/conf/team/below.yaml"

# --- progress and stopping (issue 18) --------------------------------------
# Not a terminal: quiet unless --progress, which gives a line per phase.
expect 0 "$BR" score "$MET" --format csv --output "$TMP/p.csv"
if [ -s "$TMP/err" ]; then bad "progress without --progress on a non-terminal"; else ok; fi
expect 0 "$BR" score "$MET" --format csv --output "$TMP/p.csv" --progress
stderr_has "breachrank: score: cascades: "
stderr_has " done in "
expect 0 "$BR" score "$MET" --format csv --output "$TMP/p.csv" --progress --quiet
if [ -s "$TMP/err" ]; then bad "--quiet printed progress"; else ok; fi
# SIGINT and SIGTERM during a long run: stopped at the next check, what and
# how far on standard error, no output file, exit 130 and 143.
for sig in INT TERM; do
    rm -f "$TMP/long.json"
    "$BR" score "$MET" --method montecarlo --trials 1000000000 --format json --output "$TMP/long.json" \
        >"$TMP/out" 2>"$TMP/err" &
    pid=$!
    sleep 1
    kill -s "$sig" "$pid"
    status=0
    wait "$pid" || status=$?
    want=$([ "$sig" = INT ] && echo 130 || echo 143)
    if [ "$status" -eq "$want" ]; then ok; else bad "SIG$sig: exit $status, expected $want"; fi
    stderr_has "breachrank: error: stopped by SIG$sig during 'score: cascades' at "
    stderr_has "; no output was written"
    if [ -e "$TMP/long.json" ] || ls -a "$TMP" | grep -q '\.tmp\.'; then bad "SIG$sig left an output"; else ok; fi
done

# --- outputs that never destroy (issue 19) ---------------------------------
# The target keeps its permissions; a read-only target, and an output that is
# one of the inputs, are refused (exit 2) and left as they were.
cp "$WORKED" "$TMP/own-model.yaml"
expect 2 "$BR" score "$TMP/own-model.yaml" --rules "$WRULES" --output "$TMP/own-model.yaml"
stderr_has "refusing to write '$TMP/own-model.yaml': it is the input '$TMP/own-model.yaml'"
if cmp -s "$WORKED" "$TMP/own-model.yaml"; then ok; else bad "the model given as --output was overwritten"; fi
expect 2 "$BR" score "$WORKED" --rules "$WRULES" --output "$WRULES"
stderr_has "it is the input '$WRULES'"
echo keep >"$TMP/ro.txt"
chmod 444 "$TMP/ro.txt"
expect 2 "$BR" score "$WORKED" --rules "$WRULES" --output "$TMP/ro.txt"
stderr_has "refusing to write '$TMP/ro.txt': it is read-only"
if [ "$(cat "$TMP/ro.txt")" = keep ] && [ "$(stat -c %a "$TMP/ro.txt")" = 444 ]; then ok; else bad "a read-only output was replaced"; fi
echo old >"$TMP/mode.txt"
chmod 640 "$TMP/mode.txt"
expect 0 "$BR" score "$WORKED" --rules "$WRULES" --output "$TMP/mode.txt"
if [ "$(stat -c %a "$TMP/mode.txt")" = 640 ] && grep -q host "$TMP/mode.txt"; then ok; else bad "the output's mode was not kept"; fi
# A FIFO (and, as root, a device made in the scratch folder) is written to, not renamed over.
mkfifo "$TMP/fifo"
cat "$TMP/fifo" >"$TMP/from-fifo" &
reader=$!
expect 0 "$BR" score "$WORKED" --rules "$WRULES" --format csv --output "$TMP/fifo"
wait "$reader"
if [ -p "$TMP/fifo" ] && grep -q "^1,host," "$TMP/from-fifo"; then ok; else bad "a FIFO output was replaced"; fi
if [ "$(id -u)" = 0 ] && mknod "$TMP/null" c 1 3 2>/dev/null; then
    expect 0 "$BR" score "$WORKED" --rules "$WRULES" --output "$TMP/null"
    if [ -c "$TMP/null" ]; then ok; else bad "a device output became a regular file"; fi
fi
if ls -a "$TMP" | grep -q '\.tmp\.'; then bad "a temporary file was left"; else ok; fi
# Standard output that cannot be written: exit 1 with a message, never 0.
if [ -w /dev/full ]; then
    "$BR" score "$MET" --format json >/dev/full 2>"$TMP/err"
    status=$?
    if [ "$status" -eq 1 ]; then ok; else bad "score >/dev/full exited $status"; fi
    stderr_has "cannot write to standard output: No space left on device"
fi
# Overflows of either sign are an error naming the figure, never a silent 0.
printf 'breachrank: rules/1\ncategories: {name: {weight: 1, identifies: 1}}\nrules:\n  - {id: a, when: {any: [name]}, add: -1e308}\n  - {id: b, when: {any: [name]}, add: -1e308}\nlikelihood: {base: {organisation: 0.05, supplier: 0.1}}\n' >"$TMP/ovf.yaml"
printf 'breachrank: model/1\nentities: [{id: o, kind: organisation}, {id: s, kind: supplier}]\npopulations: [{id: p, owner: o, size: 10, holds: [name]}]\nflows: [{from: o, to: s, population: p, categories: [name]}]\n' >"$TMP/ovf-model.yaml"
expect 2 "$BR" score "$TMP/ovf-model.yaml" --rules "$TMP/ovf.yaml"
stderr_has "the direct impact of 's' is not a finite number"

# People figures are doubles: a model holding more than 2^53 people in all is
# refused where the total passes it (900,720 populations of 10^10 reach
# 9,007,200,000,000,000 > 2^53 = 9,007,199,254,740,992), never summed inexactly.
mkdir -p "$TMP/many"
awk 'BEGIN { print "id,owner,size,holds"; for (i = 1; i <= 900720; i++) print "p" i ",o,10000000000,name" }' \
    >"$TMP/many/populations.csv"
printf 'breachrank: model/1\nentities: [{id: o, kind: organisation}]\npopulations: {csv: populations.csv}\n' \
    >"$TMP/many/model.yaml"
expect 2 "$BR" validate "$TMP/many/model.yaml"
stderr_has "populations.csv:900721:11: error: the model's populations hold more than 9007199254740992 people in all from here"
rm -rf "$TMP/many"

# Hostile sizes (issue 19): a 1 MB anchored scalar aliased 70 times is 70 MB
# of text from a 1 MB file: refused at the alias that passes 64 MiB.
{
    printf 'breachrank: model/1\nname: &a '
    head -c 1000000 /dev/zero | tr '\0' x
    printf '\ntags: ['
    awk 'BEGIN { for (i = 0; i < 70; i++) printf "%s*a", (i ? ", " : ""); print "]" }'
} >"$TMP/aliases.yaml"
expect 2 "$BR" validate "$TMP/aliases.yaml"
stderr_has "aliases expand to more than 67108864 bytes of text (an alias bomb?)"
# One key repeated 100,000 times, and a scenario of 100,000 additions: read and
# applied (their times are in bench/results/hostile.md, not asserted here).
awk 'BEGIN { printf "breachrank: model/1\nentities:\n  - {id: o, kind: organisation"; for (i = 0; i < 100000; i++) printf ", name: x"; print "}" }' \
    >"$TMP/keys.yaml"
expect 2 "$BR" validate "$TMP/keys.yaml"
stderr_has "duplicate key 'name' (first at line 3, column 33)"
awk 'BEGIN { print "breachrank: scenario/1\nname: many\nchanges:"; for (i = 0; i < 100000; i++) print "  - add_entity: {id: n" i ", kind: supplier}" }' \
    >"$TMP/many-changes.yaml"
expect 0 "$BR" validate "$MET" --scenario "$TMP/many-changes.yaml"
stdout_has "scenario 'many', 0 notes"

# An output that is a symbolic link writes the file it names (the link stays);
# a CSV inventory, or standard input, given as the output is refused.
echo old >"$TMP/real.txt"
ln -s "$TMP/real.txt" "$TMP/link.txt"
expect 0 "$BR" score "$WORKED" --rules "$WRULES" --format csv --output "$TMP/link.txt"
if [ -L "$TMP/link.txt" ] && grep -q "^1,host," "$TMP/real.txt"; then ok; else bad "an output link was replaced"; fi
mkdir -p "$TMP/inv"
printf 'id,kind\no,organisation\ns,supplier\n' >"$TMP/inv/entities.csv"
printf 'breachrank: model/1\nentities: {csv: entities.csv}\n' >"$TMP/inv/model.yaml"
expect 2 "$BR" score "$TMP/inv/model.yaml" --output "$TMP/inv/entities.csv"
stderr_has "refusing to write '$TMP/inv/entities.csv': it is the input"
if grep -q "^s,supplier" "$TMP/inv/entities.csv"; then ok; else bad "the inventory was overwritten"; fi
cp "$WORKED" "$TMP/stdin-model.yaml"
"$BR" score - --rules "$WRULES" --output "$TMP/stdin-model.yaml" <"$TMP/stdin-model.yaml" >"$TMP/out" 2>"$TMP/err"
status=$?
if [ "$status" -eq 2 ]; then ok; else bad "an output that is standard input's file: exit $status"; fi
stderr_has "it is the input 'standard input'"
if cmp -s "$WORKED" "$TMP/stdin-model.yaml"; then ok; else bad "the model read from standard input was overwritten"; fi

# --- run-time failures: exit 1 --------------------------------------------
expect 1 "$BR" score "$MET" --output "$TMP/no/such/dir/out.json"
stderr_has "does not exist"
stdout_empty "unwritable output"
# An output path that is a directory, or below a file: exit 1, and nothing left behind.
mkdir -p "$TMP/adir"
expect 1 "$BR" score "$MET" --output "$TMP/adir"
stderr_has "cannot write"
if [ -z "$(ls -A "$TMP/adir")" ] && ! ls -a "$TMP" | grep -q '\.tmp\.'; then ok; else bad "a temporary file was left"; fi
expect 1 "$BR" score "$MET" --output "$TMP/keep.json/x"
stderr_has "does not exist"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
