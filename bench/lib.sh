# Shared by the bench scripts (sourced): the median of numbers on standard
# input, the organisations and suppliers of each model size, and timed runs.
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
orgs() { case $1 in S) echo 10 ;; M) echo 100 ;; L) echo 1000 ;; XL) echo 10000 ;; esac; }
sups() { case $1 in S) echo 1000 ;; M) echo 10000 ;; L) echo 100000 ;; XL) echo 1000000 ;; esac; }
# run N LOG CMD...: N timed runs of CMD appending "seconds kilobytes" lines to LOG;
# secs LOG and mb LOG: the median time and peak memory of those runs.
run() {
    local n=$1 log=$2
    shift 2
    for _ in $(seq "$n"); do /usr/bin/time -f "%e %M" "$@" 2>>"$log" >/dev/null; done
}
secs() { awk '{print $1}' "$1" | median; }
mb() { awk '{printf "%.0f\n", $2 / 1024}' "$1" | median; }
