#!/usr/bin/env bash
# Command 1 of the README: install what is missing, build adcov, make the demo city and check it.
# The demo city has the survey crew's photos (examples/demo/photos/, some old, some taken elsewhere, some
# missing). Results land in examples/demo/out/ (report.html and report.pdf, the GeoJSON maps with their
# QGIS styles, results.csv, the rectification list with photos, evidence.pdf, photo_issues.csv,
# accounting.csv, and map.png, a picture of the gap map).
# Exit status is adcov's: 0 every rule passes, 1 some rule fails (the demo city has gaps on purpose),
# 2 bad input.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j "$(nproc)" >/dev/null
/usr/bin/python3 scripts/gen_city.py --km 20 --seed 7 --out examples/demo/city.gpkg
/usr/bin/python3 scripts/gen_photos.py examples/demo/city.gpkg examples/demo/photos --seed 7
set +e
./build/adcov check -c examples/demo/city.yaml
rc=$?
set -e
if [ $rc -le 1 ]; then
  /usr/bin/python3 scripts/draw_map.py examples/demo/out examples/demo/out/map.png
  echo "Report: examples/demo/out/report.html (open it in a browser) and report.pdf."
  echo "Map: examples/demo/out/map.png. Open examples/demo/out/gaps.geojson in QGIS, or results.csv in Excel."
fi
exit $rc
