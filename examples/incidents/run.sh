#!/usr/bin/env bash
# Runs each incident of README.md and checks its headline (worked out by hand there).
# Usage: run.sh BREACHRANK SOURCE_DIR
set -u
BR=$1
cd "$2" || exit 1
failed=0
check() {  # check HEADLINE CMD...
    local want=$1
    shift
    local out got
    out=$("$@") || { echo "FAIL: $* exited $?"; failed=1; return; }
    got=$(printf '%s\n' "$out" | sed -n 4p)
    if [ "$got" = "$want" ]; then echo "ok: $want"; else echo "FAIL: $* printed '$got', want '$want'"; failed=1; fi
}
check "Harm 34,892 severity points to 9,483 people." \
    "$BR" breach models/psni-2023.yaml --entity psni-foi-replies --circumstance confidentiality-unknown-recipients
check "Harm 19,508 severity points to 1,230 people." \
    "$BR" breach models/norfolk-suffolk-2023.yaml --entity foi-replies --circumstance confidentiality-known-recipients
check "Harm 1,501 severity points to 207 people." \
    "$BR" breach models/south-yorkshire-2023.yaml --entity evidence-store --circumstance availability-permanent
# The Met: the covert officers are a segment of their own, every record very-high.
met=$("$BR" breach models/met-police-2023.yaml --entity id-card-printer --circumstance malicious)
if echo "$met" | grep -q "covert-officers.*very-high"; then echo "ok: Met covert officers"; else echo "FAIL: Met"; failed=1; fi
# Each model validates under both shipped packs.
for m in met-police-2023 psni-2023 norfolk-suffolk-2023 south-yorkshire-2023; do
    for r in "" "--rules rules/enisa-2013.yaml"; do
        # shellcheck disable=SC2086
        "$BR" validate models/$m.yaml $r >/dev/null || { echo "FAIL: $m does not validate $r"; failed=1; }
    done
done
exit $failed
