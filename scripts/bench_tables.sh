#!/usr/bin/env bash
# Benchmark (not a test): an ad 台账 of about 100,000 ads read from an Excel workbook (x/y columns, every
# cell text as a department types it) beside the same ads in a GeoPackage and in a CSV, on a generated city
# (seed 1, KM of road, 33.4 ads per km). Prints, per form, adcov's "reading and indexing" time and the whole
# run of the street rules (best of ROUNDS), and the peak memory.
#   bash scripts/bench_tables.sh [KM]        default 3000 (about 100,000 ads)
set -euo pipefail
cd "$(dirname "$0")/.."
km=${1:-3000}
ROUNDS=${ROUNDS:-3}
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)" --target adcov >/dev/null
dir=build/bench-tables
mkdir -p "$dir"
city=$dir/city$km.gpkg
[ -f "$city" ] || /usr/bin/python3 scripts/gen_city.py --km "$km" --seed 1 --ads-per-km 33.4 --no-sites --out "$city" >/dev/null
[ -f "$dir/ads$km.xlsx" ] || /usr/bin/python3 - "$city" "$dir/ads$km" <<'PY'
import csv, sys
import xlsxwriter
from osgeo import ogr
city, out = sys.argv[1:3]
ds = ogr.Open(city)  # kept: a layer dies with its dataset
ads = ds.GetLayerByName("ads")
cols = ["编号", "类型", "载体", "主题", "状况", "朝向", "面数", "宽", "高"]
book = xlsxwriter.Workbook(out + ".xlsx", {"constant_memory": True})
sheet = book.add_worksheet("公益广告")
head = ["x", "y"] + cols
for c, h in enumerate(head):
    sheet.write_string(0, c, h)
with open(out + ".csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(head)
    for r, feat in enumerate(ads, start=1):
        p = feat.GetGeometryRef()
        row = [repr(p.GetX()), repr(p.GetY())] + [feat.GetFieldAsString(c) if feat.IsFieldSetAndNotNull(c) else "" for c in cols]
        w.writerow(row)
        for c, v in enumerate(row):
            if v != "":
                sheet.write_string(r, c, v)
book.close()
PY
ads_fields='{ id: 编号, kind: 类型, medium: 载体, theme: 主题, condition: 状况, facing: 朝向, sides: 面数, width_m: 宽, height_m: 高 }'
roads="roads: { path: $PWD/$city, layer: roads, fields: { name: 道路名称, class: 道路等级, road_id: 道路编码, duty: 责任单位 }, classes: { 商业大街: commercial, 主干道: main, 次干道: secondary } }"
buildings="buildings: { path: $PWD/$city, layer: buildings }"
printf "inputs:\n  %s\n  %s\n  ads: { path: %s, layer: ads, fields: %s }\n" "$roads" "$buildings" "$PWD/$city" "$ads_fields" > "$dir/gpkg.yaml"
printf "inputs:\n  %s\n  %s\n  ads: { path: %s, x: x, y: y, crs: \"EPSG:32650\", fields: %s }\n" "$roads" "$buildings" "$PWD/$dir/ads$km.xlsx" "$ads_fields" > "$dir/xlsx.yaml"
printf "inputs:\n  %s\n  %s\n  ads: { path: %s, x: x, y: y, crs: \"EPSG:32650\", fields: %s }\n" "$roads" "$buildings" "$PWD/$dir/ads$km.csv" "$ads_fields" > "$dir/csv.yaml"
nads=$(/usr/bin/python3 -c "from osgeo import ogr; ds = ogr.Open('$city'); print(ds.GetLayerByName('ads').GetFeatureCount())")
printf "%6s %8s %10s %10s %9s\n" form ads read_s run_s peak_MB
for form in gpkg xlsx csv; do
  best_read=999999 best_run=999999 peak=0
  for _ in $(seq "$ROUNDS"); do
    /usr/bin/time -f "%e %M" -o "$dir/time.txt" ./build/adcov check -c "$dir/$form.yaml" -o "$dir/out-$form" \
      --only street.commercial,street.main --timings > "$dir/run.txt" 2>&1 || [ $? -eq 1 ]
    read_s=$(awk '/reading and indexing/ {print $4}' "$dir/run.txt")
    best_read=$(echo "$best_read $read_s" | awk '{print ($2<$1)?$2:$1}')
    best_run=$(echo "$best_run $(tail -1 "$dir/time.txt" | cut -d' ' -f1)" | awk '{print ($2<$1)?$2:$1}')
    peak=$(tail -1 "$dir/time.txt" | cut -d' ' -f2)
  done
  printf "%6s %8s %10s %10s %9s\n" "$form" "$nads" "$best_read" "$best_run" "$((peak / 1024))"
done
