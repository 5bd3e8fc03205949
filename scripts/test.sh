#!/usr/bin/env bash
# Command 2 of the README: install what is missing, build, and run every test four ways:
#   1. the normal build (warnings are errors),
#   2. the whole suite again built with AddressSanitizer + UndefinedBehaviorSanitizer,
#   3. the end-to-end tests under valgrind (any definite leak fails),
#   4. a short, repeatable run of each libFuzzer harness (clang, ASan + UBSan; fixed seed and count).
# .ci/run calls this script.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs=$(nproc)

echo "== build and test"
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON -DADCOV_VALGRIND=ON >/dev/null
cmake --build build-test -j "$jobs" >/dev/null
(cd build-test && ctest --output-on-failure -j "$jobs" -E valgrind)

echo "== sanitizers (ASan + UBSan)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DBUILD_TESTING=ON -DADCOV_SANITIZE=ON >/dev/null
cmake --build build-asan -j "$jobs" >/dev/null
# GDAL's own plugins are not built with ASan; leaks inside GDAL/PROJ caches are not ours.
# Allocation faults: every index in the plain build above; every sixth one here (offset turning per scene).
(cd build-asan && ADCOV_ALLOC_STEP=6 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
   LSAN_OPTIONS=suppressions=$PWD/../tests/lsan.supp:print_suppressions=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
   ctest --output-on-failure -j "$jobs")

echo "== valgrind (end-to-end)"
(cd build-test && ctest --output-on-failure -j "$jobs" -R valgrind)

echo "== fuzzing (a fixed seed and count per harness)"
bash scripts/fuzz.sh --repeatable

echo "stages: 4 passed, 0 failed"
