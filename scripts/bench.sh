#!/usr/bin/env bash
# Benchmark (not a test): every rule end to end on generated cities of growing size, beside the time
# GDAL alone takes to read the same inputs (ogr2ogr into the Memory driver: every feature and geometry
# read and copied, nothing computed). Prints one row per city size.
#   bash scripts/bench.sh [KM ...]        default: 100 1000 10000
#   ONLY=street.commercial,street.main bash scripts/bench.sh    the street rules alone, on a city of
#                                         streets, buildings and street ads (no sites), against the
#                                         reading of those three layers
#   FAILING=1 bash scripts/bench.sh       the same cities with three quarters of their street PSAs removed:
#                                         most streets fail, with posters to suggest and long reports
# Cities are generated once into build/bench/ (seed 1, ~20 ads per km, 24 buildings per block).
# Each figure is the best of ROUNDS (default 5) rounds, the GDAL read and adcov timed in turn.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 10000)
. scripts/bench_common.sh
bench_build
ROUNDS=${ROUNDS:-5}
# best wall seconds of the GDAL read ($read) and of adcov ($run) over ROUNDS rounds, the two taken in turn
# within a round: a machine that slows down for a while slows both, not one of them
best_pair() {
  read_s=999999 run_s=999999
  for _ in $(seq "$ROUNDS"); do
    read_s=$(echo "$read_s $(wall "${read[@]}")" | awk '{print ($2<$1)?$2:$1}')
    run_s=$(echo "$run_s $(wall "${run[@]}")" | awk '{print ($2<$1)?$2:$1}')
  done
}
printf "%8s %8s %8s %10s %10s %10s %7s %9s\n" km roads ads buildings read_s adcov_s ratio peak_MB
for km in "${sizes[@]}"; do
  name=city$km${ONLY:+-streets}${FAILING:+-failing}
  city=build/bench/$name.gpkg
  [ -f "$city" ] || /usr/bin/python3 scripts/gen_city.py --km "$km" --seed 1 --buildings-per-block 24 \
                      ${ONLY:+--no-sites} ${FAILING:+--drop-street-psas 4} --out "$city" >/dev/null
  cfg=build/bench/$name.yaml
  sed "s|path: city.gpkg|path: $PWD/$city|; s|^output: out|output: $PWD/build/bench/out$km|; /^    photos:/d" examples/demo/city.yaml |
    if [ -n "${ONLY:-}" ]; then sed '/^  buildings:/q'; else cat; fi > "$cfg"  # no sites: up to the buildings
  if [ -n "${ONLY:-}" ]; then
    read=(ogr2ogr -f Memory mem "$city" roads ads buildings)
    args=(--only "$ONLY")
  else
    read=(ogr2ogr -f Memory mem "$city")
    args=()
  fi
  run=(./build/adcov check -c "$cfg" "${args[@]}")
  best_pair
  peak=$( { /usr/bin/time -f "%M" ./build/adcov check -c "$cfg" "${args[@]}" >/dev/null || true; } 2>&1 | tail -1)
  count() { ogrinfo -so "$city" "$1" | awk '/Feature Count/{print $3}'; }
  printf "%8s %8s %8s %10s %10.3f %10.3f %7.2f %9.0f\n" "$km" "$(count roads)" "$(count ads)" "$(count buildings)" \
    "$read_s" "$run_s" "$(echo "$run_s $read_s" | awk '{print $1/$2}')" "$(echo "$peak" | awk '{print $1/1024}')"
done
# where the time of the last city went, rule by rule
./build/adcov check -c "$cfg" "${args[@]}" --timings 2>/dev/null | sed -n '/^time:/,$p' || true
