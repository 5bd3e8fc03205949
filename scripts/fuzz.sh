#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (ASan + UBSan) and runs each for SECONDS (default 60):
# the config parser, the rulebook parser, ad inventories as GeoJSON, CSV and Excel workbooks, and configs
# of several sources per role checked on the small files of fixtures/fuzz/sources/, and the photo reader
# (headers, EXIF, decoding JPEG and PNG) on the photos of fixtures/fuzz/photo/. Seeds come from
# fixtures/fuzz/; the growing corpus and any crash are kept under build-fuzz/. Exit status 1 when a
# harness found a crash, a leak or a sanitizer error.
#   bash scripts/fuzz.sh [SECONDS]
#   bash scripts/fuzz.sh --repeatable   the test command's short run: a fixed seed and a fixed number of
#                                       inputs per harness, so every machine tries the same ones
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
limit() { echo "-max_total_time=$seconds"; }
repeatable=0
if [ "$seconds" = "--repeatable" ]; then
  repeatable=1
  limit() { case $1 in fuzz_config|fuzz_rulebook) echo "-runs=40000 -seed=1";; *) echo "-runs=3000 -seed=1";; esac; }
fi
bash scripts/setup.sh
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DBUILD_TESTING=ON -DADCOV_FUZZ=ON >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target fuzz_config fuzz_rulebook fuzz_ads fuzz_ads_csv fuzz_ads_xlsx \
  fuzz_sources fuzz_photo >/dev/null
export ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp
status=0
for pair in fuzz_config:config fuzz_rulebook:rulebook fuzz_ads:ads_geojson fuzz_ads_csv:ads_csv fuzz_ads_xlsx:ads_xlsx \
            fuzz_sources:sources_config fuzz_photo:photo; do
  h=${pair%%:*} seeds=${pair#*:}
  corpus=build-fuzz/corpus/$seeds
  [ $repeatable -eq 0 ] || rm -rf "$corpus" # the same inputs every time: start from the seeds alone
  mkdir -p "$corpus" build-fuzz/crashes/$h
  # shellcheck disable=SC2046
  if ./build-fuzz/tests/$h $(limit "$h") -max_len=8192 -timeout=10 -rss_limit_mb=4096 \
       -artifact_prefix=build-fuzz/crashes/$h/ "$corpus" fixtures/fuzz/$seeds > build-fuzz/$h.log 2>&1; then
    echo "$h: $(grep -E '^#[0-9]+.*(DONE|pulse)' build-fuzz/$h.log | tail -1 | cut -c1-120)"
  else
    echo "$h: FOUND A PROBLEM (see build-fuzz/$h.log and build-fuzz/crashes/$h/)"; tail -30 build-fuzz/$h.log
    status=1
  fi
done
exit $status
