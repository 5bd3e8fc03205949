#!/usr/bin/env bash
# report.html and report.pdf as a user meets them (SPEC §8): strings from inputs shown as text, nothing
# fetched, Chinese by default and English with --lang en; the PDF renders (pdftoppm) with every font
# embedded (pdffonts); headless Chromium opens the page with no console message and prints it to a PDF
# with pages.
# usage: report_render.sh ADCOV FIXTURES OUTDIR
set -euo pipefail
adcov=$1 fixtures=$2 out=$3
rm -rf "$out" && mkdir -p "$out"
fail() { echo "report_render: $*" >&2; exit 1; }

# the scene has one gap, so adcov exits 1
set +e
"$adcov" check -c "$fixtures/report_escaping/city.yaml" -o "$out/zh" --only street.commercial >/dev/null
[ $? -eq 1 ] || fail "adcov check did not exit 1"
"$adcov" check -c "$fixtures/report_escaping/city.yaml" -o "$out/en" --only street.commercial --lang en >/dev/null
[ $? -eq 1 ] || fail "adcov check --lang en did not exit 1"
"$adcov" check -c "$fixtures/zone_walks/city.yaml" -o "$out/gpkg" --format gpkg >/dev/null
[ $? -eq 1 ] || fail "adcov check --format gpkg did not exit 1"
"$adcov" check -c "$fixtures/report_escaping/city.yaml" -o "$out/xx" --lang fr >/dev/null 2>&1
[ $? -eq 2 ] || fail "--lang fr was not refused with exit 2"
set -e

# words in the rectification list: Chinese in Chinese (状况：褪色, not faded), English with --lang en
"$adcov" check -c "$fixtures/five_quota/city.yaml" -o "$out/fq_zh" >/dev/null 2>&1 || [ $? -eq 1 ] || fail "five_quota did not run"
"$adcov" check -c "$fixtures/five_quota/city.yaml" -o "$out/fq_en" --lang en >/dev/null 2>&1 || [ $? -eq 1 ] || fail "five_quota --lang en did not run"
grep -q ',F1,.*,状况：褪色,' "$out/fq_zh/rectification.csv" || fail "the list does not say 褪色 in Chinese"
grep -q 'faded' "$out/fq_zh/rectification.csv" && fail "an English condition in the Chinese list"
grep -q ',F1,.*,condition: faded,' "$out/fq_en/rectification.csv" || fail "--lang en: the list does not say faded"

html=$out/zh/report.html
grep -qi '<script' "$html" && fail "a street named <script> reached the page as markup"
grep -qi '<img' "$html" && fail "a point named <img ...> reached the page as markup"
grep -q '&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;' "$html" || fail "the street's name is not shown as text"
grep -q 'A&amp;B &quot;城管&quot; &lt;局&gt;' "$html" || fail "the duty unit is not shown as text"
grep -q '公益广告设置检查报告' "$html" || fail "the page is not in Chinese by default"
grep -q 'K0+150–K1+000' "$html" || fail "the gap's chainage (K0+150–K1+000) is missing"
# nothing to fetch: no links, no sources, no url() but data:, no http(s) but the SVG namespace
grep -Eqi '<link|src=|<iframe|@import' "$html" && fail "the page refers to another file"
grep -Eo 'url\([^)]{0,12}' "$html" | grep -qv 'url(data:' && fail "the page has a url() that is not data:"
grep -Eo 'https?://[^" )]*' "$html" | grep -qv '^http://www.w3.org/2000/svg$' && fail "the page names a web address"
grep -q '@font-face' "$html" || fail "the font is not inside the page"
grep -q '<svg class="city"' "$html" || fail "the city map is missing"
[ "$(grep -c '<svg class="small"' "$html")" -ge 1 ] || fail "no small map of the failing stretch"
grep -q 'lang="en"' "$out/en/report.html" || fail "--lang en did not give an English page"
grep -q 'Public-service advertising check' "$out/en/report.html" || fail "--lang en: the title is not English"

pdf=$out/zh/report.pdf
pdffonts "$pdf" > "$out/fonts.txt"
[ "$(tail -n +3 "$out/fonts.txt" | wc -l)" -ge 1 ] || fail "the PDF has no fonts"
tail -n +3 "$out/fonts.txt" | awk '$(NF-4) != "yes" { bad = 1 } END { exit bad }' || fail "a font is not embedded: $(cat "$out/fonts.txt")"
grep -q 'NotoSansCJK' "$out/fonts.txt" || fail "the PDF does not use Noto Sans CJK"
pdftoppm -r 40 -png "$pdf" "$out/page"
[ -s "$out/page-1.png" ] || fail "pdftoppm rendered no page"
pdftotext "$pdf" "$out/report.txt"
grep -q "<script>alert('x')</script>" "$out/report.txt" || fail "the PDF does not show the street's name"
grep -q 'K0+150–K1+000' "$out/report.txt" || fail "the PDF does not show the gap's chainage"

# in-zone failures first (fixtures/zone_walks: 东西路, 南北路 and stop S1 lie in zones; 远路 and S2 do not),
# and the duty units with their failures' numbers
/usr/bin/python3 - "$out/gpkg/report.html" <<'PY' || fail "failures are not listed in-zone first"
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
rows = re.findall(r'<tr( class="zone")?><td class="n">(\d+)</td><td>(是|否)</td><td>([^<]*)</td><td>([^<]*)</td>', page)
zone = [r[2] == "是" for r in rows]
assert zone == [True, True, True, False, False], rows
assert [r[4] for r in rows[:2]] == ["东西路", "南北路"], rows
assert all((r[0] != "") == (r[2] == "是") for r in rows), rows
assert "<td class=\"w\">城管局</td><td class=\"n\">3</td><td class=\"n\">2</td><td><small>1–2, 4</small>" in page
PY

# a small map is about its stretch or site: it shows that stretch's gaps (one red path each) and posters
# to add (round-capped points of one path), none on a stop's map; the city map shows them all
/usr/bin/python3 - "$out/gpkg" <<'PY' || fail "small maps do not show their own gaps and posters"
import collections, json, re, sys
d = sys.argv[1]
page = open(f"{d}/report.html", encoding="utf-8").read()
gaps = collections.Counter(f["properties"]["street"] for f in json.load(open(f"{d}/gaps.geojson"))["features"])
posters = collections.Counter(f["properties"]["street"] for f in json.load(open(f"{d}/suggestions.geojson"))["features"])
def drawn(svg):
    dots = re.findall(r'<path class="d9"[^>]* d="([^"]*)"', svg)
    return svg.count('class="k2"'), sum(p.count("h0") for p in dots)
figs = re.findall(r'<figure>(<svg class="small".*?</svg>)\s*<figcaption>#\d+ ([^ ]*) · ([^ <]*)', page, re.S)
assert len(figs) == 5, figs
for svg, place, rule in figs:
    want = (gaps[place], posters[place]) if rule.startswith("street.") else (0, 0)
    assert drawn(svg) == want, (place, rule, drawn(svg), want)
city = re.search(r'<svg class="city".*?</svg>', page, re.S).group(0)
assert drawn(city) == (sum(gaps.values()), sum(posters.values())), drawn(city)
PY

# QGIS styles beside the layers they style, naming fields those layers have; the GeoPackage holds every
# GeoJSON layer with the same features
/usr/bin/python3 - "$out/gpkg" <<'PY' || fail "QGIS styles or GeoPackage wrong"
import json, sys, xml.etree.ElementTree as ET
from osgeo import ogr
d = sys.argv[1]
for name, field in (("gaps", "in_zone"), ("sites", "status"), ("zones", None)):
    root = ET.parse(f"{d}/{name}.qml").getroot()
    r = root.find("renderer-v2")
    assert r is not None, name
    props = json.load(open(f"{d}/{name}.geojson", encoding="utf-8"))["features"][0]["properties"]
    if field:
        assert field in r.get("attr") and field in props, (name, field)
        assert len(r.find("categories")) == len(r.find("symbols")), name
gpkg = ogr.Open(f"{d}/adcov.gpkg")
for name in ("gaps", "stretches", "ads", "sites", "zones", "suggestions", "isovists"):
    n = len(json.load(open(f"{d}/{name}.geojson", encoding="utf-8"))["features"])
    assert gpkg.GetLayerByName(name).GetFeatureCount() == n, name
PY

# photos (SPEC §14, fixtures/photo_evidence): report.html shows the failing stop's photo as data: and
# nothing else it would fetch; evidence.pdf renders with its fonts embedded, its cover dated, and each
# caption's 时间/地点/主题/载体, the street's chainages and the photo issues in words, in Chinese and English
"$adcov" check -c "$fixtures/photo_evidence/city.yaml" -o "$out/ph_zh" --date 2026-12-03 >/dev/null 2>&1 &&
  fail "photo_evidence did not fail"
"$adcov" check -c "$fixtures/photo_evidence/city.yaml" -o "$out/ph_en" --date 2026-12-03 --lang en >/dev/null 2>&1 &&
  fail "photo_evidence --lang en did not fail"
[ "$(grep -o 'src="[^"]\{0,11\}' "$out/ph_zh/report.html" | sort -u)" = 'src="data:image/' ] ||
  fail "report.html's photos are not all data: images"
grep -Eqi '<link|<iframe|@import' "$out/ph_zh/report.html" && fail "the photo page refers to another file"
pdffonts "$out/ph_zh/evidence.pdf" | tail -n +3 | awk '$(NF-4) != "yes" { bad = 1 } END { exit bad }' ||
  fail "a font of evidence.pdf is not embedded"
pdftoppm -r 30 -png "$out/ph_zh/evidence.pdf" "$out/ph_zh/ev"
[ -s "$out/ph_zh/ev-3.png" ] || fail "evidence.pdf did not render three pages"
pdftotext "$out/ph_zh/evidence.pdf" "$out/ph_zh/ev.txt"
for want in '检查日期 2026-12-03；规则库 default（日常）' 'street.commercial：1 页' 'hoarding.area：1 页' \
            '时间：2026-10-01 09:30:00（照片EXIF）' '地点：甲路 K0+100' '主题：讲文明树新风' '载体：海报（P1）' \
            '照片问题：拍摄时间过久、拍摄位置偏离' '时间：无' '载体：海报（P5）'; do
  grep -qF "$want" "$out/ph_zh/ev.txt" || fail "evidence.pdf does not say $want"
done
pdftotext "$out/ph_en/evidence.pdf" "$out/ph_en/ev.txt"
for want in 'Checked on 2026-12-03; rulebook default (daily)' 'Time: 2026-10-01 09:30:00 (photo EXIF)' \
            'Theme: 讲文明树新风' 'Photo issue: old, far'; do
  grep -qF "$want" "$out/ph_en/ev.txt" || fail "evidence.pdf (en) does not say $want"
done

# headless Chromium, no network: no console message, and print-to-PDF gives pages
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
  --host-resolver-rules='MAP * ~NOTFOUND' --enable-logging=stderr --v=0 --no-pdf-header-footer \
  --print-to-pdf="$out/chromium.pdf" "file://$(realpath "$html")" 2> "$out/chromium.log" || fail "chromium failed: $(tail -5 "$out/chromium.log")"
grep -q ':CONSOLE' "$out/chromium.log" && fail "console messages: $(grep ':CONSOLE' "$out/chromium.log")"
pages=$(pdfinfo "$out/chromium.pdf" | awk '/^Pages:/ { print $2 }')
[ "${pages:-0}" -ge 1 ] || fail "Chromium's print-to-PDF has no pages"
echo "report_render: html and pdf checked; Chromium printed $pages A4 pages"
