# Shared by the bench scripts (sourced): the median of numbers on standard
# input, and the organisations and suppliers of each model size.
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
orgs() { case $1 in S) echo 10 ;; M) echo 100 ;; L) echo 1000 ;; XL) echo 10000 ;; esac; }
sups() { case $1 in S) echo 1000 ;; M) echo 10000 ;; L) echo 100000 ;; XL) echo 1000000 ;; esac; }
