#!/usr/bin/env bash
# Installs breachrank from BUILD_DIR into a temporary prefix, then configures,
# builds and runs a consumer that finds it with find_package(breachrank).
set -eu
BUILD=$1
SRC=$2
FLAGS=${3:-}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cmake --install "$BUILD" --prefix "$TMP/prefix" >/dev/null
cmake -S "$SRC/tests/find-package" -B "$TMP/build" -DCMAKE_PREFIX_PATH="$TMP/prefix" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS="$FLAGS" -DCMAKE_EXE_LINKER_FLAGS="$FLAGS" >/dev/null
cmake --build "$TMP/build" >/dev/null
out=$("$TMP/build/consumer" "$SRC/models/met-police-2023.yaml")
echo "$out"
case "$out" in
    "breachrank "*": 9 vendors, riskiest "*) echo "1 passed, 0 failed" ;;
    *) echo "0 passed, 1 failed"; exit 1 ;;
esac
