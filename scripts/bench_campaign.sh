#!/usr/bin/env bash
# Benchmark (not a test) of the campaign between runs (SPEC §13), on the generated bench city of KM km
# (default 1000, the failing one: three quarters of its street PSAs removed, many problems):
#   - a plain check, the same with --simulate 10000, and the same with --previous (the plain run's folder);
#   - `adcov summary` of 300 cities' output folders (copies of one small run under 300 names).
# Each figure is the best of ROUNDS (default 5) runs.
#   bash scripts/bench_campaign.sh [KM]
set -euo pipefail
cd "$(dirname "$0")/.."
km=${1:-1000}
ROUNDS=${ROUNDS:-5}
. scripts/bench_common.sh
bench_build
bench_city "$km" failing >/dev/null
config=build/bench/city$km-failing.yaml
[ -f "$config" ] || { echo "run FAILING=1 bash scripts/bench.sh $km first (it writes $config)" >&2; exit 2; }
best() { best_of "$ROUNDS" "$@"; }
out=build/bench/campaign
rm -rf "$out"; mkdir -p "$out"
./build/adcov check -c "$config" -o "$out/first" >/dev/null || [ $? -eq 1 ]
plain=$(best ./build/adcov check -c "$config" -o "$out/plain")
sim=$(best ./build/adcov check -c "$config" -o "$out/sim" --simulate 10000 --seed 1)
prev=$(best ./build/adcov check -c "$config" -o "$out/prev" --previous "$out/first")
problems=$(($(wc -l <"$out/first/problems.csv") - 1))
printf "city %s km (failing), %s problems\n" "$km" "$problems"
printf "  plain check          %7.3f s\n" "$plain"
printf "  --simulate 10000     %7.3f s  (+%.3f s)\n" "$sim" "$(echo "$sim $plain" | awk '{print $1-$2}')"
printf "  --previous           %7.3f s  (+%.1f %%)\n" "$prev" "$(echo "$prev $plain" | awk '{print 100*($1-$2)/$2}')"
# 300 cities: one small run (the straight fixture) copied under 300 names
./build/adcov check -c fixtures/straight_known_chainages/city.yaml -o "$out/one" >/dev/null 2>&1 || [ $? -eq 1 ]
mkdir -p "$out/cities"
for i in $(seq 1 300); do cp -r "$out/one" "$out/cities/city$i"; done
summary=$(best ./build/adcov summary -o "$out/province" "$out"/cities/*/)
printf "  summary of 300 runs  %7.3f s\n" "$summary"
