#!/usr/bin/env bash
# Benchmark (not a test) of the photos (SPEC §14, issue 15): the 1,000 km bench city of scripts/bench.sh
# with a phone photo for every ad (4000 x 3000 JPEG of 2-3 MB, EXIF time, made by gen_photos.py --phone:
# a pool of distinct pictures, each ad's file a hard link to one), checked without and with its photos.
# Prints the run's time both ways (best of ROUNDS, default 3), how many photos were read for their
# headers and how many decoded (the shown ones: ads to rectify, failing sites, the evidence pack),
# photos decoded per second per core (decoded photos over the decoding threads' CPU seconds), and the
# size of every output that carries photos.
#   bash scripts/bench_photos.sh [KM]        default 1000
#   FAILING=1 bash scripts/bench_photos.sh   the city with three quarters of its street PSAs removed
set -euo pipefail
cd "$(dirname "$0")/.."
km=${1:-1000}
ROUNDS=${ROUNDS:-3}
. scripts/bench_common.sh
bench_build
name=city$km${FAILING:+-failing}
city=$(bench_city "$km" ${FAILING:+failing})
photos=$PWD/build/bench/photos-$name
[ -f "$photos/.made" ] || { /usr/bin/python3 scripts/gen_photos.py "$city" "$photos" --phone --pool 24 --seed 1 &&
                            touch "$photos/.made"; }
config() { # $1: the output folder; $2: 1 with the photos
  sed "s|path: city.gpkg|path: $PWD/$city|; s|^output: out|output: $1|; s|^    photos: photos.*|    photos: $photos|" \
    examples/demo/city.yaml | if [ "$2" = 1 ]; then cat; else sed '/^    photos:/d'; fi
}
config "$PWD/build/bench/photos-out-none" 0 > build/bench/$name-nophotos.yaml
config "$PWD/build/bench/photos-out" 1 > build/bench/$name-photos.yaml
none=999999 with=999999
for _ in $(seq "$ROUNDS"); do # in turn, so that a machine slowing down for a while slows both
  none=$(echo "$none $(wall ./build/adcov check -c build/bench/$name-nophotos.yaml)" | awk '{print ($2<$1)?$2:$1}')
  with=$(echo "$with $(wall ./build/adcov check -c build/bench/$name-photos.yaml)" | awk '{print ($2<$1)?$2:$1}')
done
peak=$( { /usr/bin/time -f "%M" ./build/adcov check -c build/bench/$name-photos.yaml >/dev/null || true; } 2>&1 | tail -1)
ads=$(ogrinfo -so "$city" ads | awk '/Feature Count/{print $3}')
size=$(ls -l "$photos"/.pool*.jpg | awk '{s+=$5; n++} END {printf "%.1f", s/n/1e6}')
echo "$name: $ads ads, each with a 4000 x 3000 phone photo (~$size MB)"
printf "without photos %8.3f s\nwith photos    %8.3f s  (+%.3f s)   peak %.0f MB\n" "$none" "$with" \
  "$(echo "$with $none" | awk '{print $1-$2}')" "$(echo "$peak" | awk '{print $1/1024}')"
{ ./build/adcov check -c build/bench/$name-photos.yaml --timings 2>/dev/null || true; } | grep -E "^time:|photo"
out=build/bench/photos-out
for f in report.html report.pdf evidence.pdf rectification.xlsx photo_issues.csv; do
  printf "  %-20s %8.1f MB\n" "$f" "$(stat -c %s "$out/$f" | awk '{print $1/1e6}')"
done
