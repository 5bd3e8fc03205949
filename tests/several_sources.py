"""Several sources for one role (SPEC §11, issue 11): the demo city as a city keeps it.

The roads are split by class into four shapefiles written in GBK whose code page byte says 0x57
("ANSI", Western) and that have no .cpg, as Chinese desktop GIS exports them; two take their class from
`set: {class: …}`, one maps its own class field. The ads are split into two 台账: the odd ones in an
.xlsx with a Chinese sheet name, a title row above the header, an empty row, coordinates typed as text
(one with spaces, one in full-width digits); the even ones in a CSV saved in GBK without a BOM.

Every output must equal the single-source run of the same features: the same gaps, stretches, sites,
suggestions and ads (compared as sets of rows: sources are read in another order), results.csv the
same, and accounting.csv with one row per feature of every source plus the skipped spreadsheet rows.
usage: several_sources.py ADCOV DEMO_GPKG OUTDIR
"""
import csv
import json
import os
import shutil
import subprocess
import sys

import xlsxwriter
from osgeo import ogr, osr

adcov, demo, out = sys.argv[1:4]
shutil.rmtree(out, ignore_errors=True)
os.makedirs(f"{out}/data")
src = ogr.Open(demo)
srs = osr.SpatialReference()
srs.ImportFromEPSG(32650)

# ---- roads: one GBK shapefile per class, code page byte 0x57, no .cpg ----
road_files = {"商业大街": "路网_商业大街.shp", "主干道": "路网_主干道.shp", "次干道": "路网_次干道.shp", "支路": "路网_支路.shp"}
road_count = {}
roads = src.GetLayerByName("roads")
names = [roads.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(roads.GetLayerDefn().GetFieldCount())]
for cls, fname in road_files.items():
    path = f"{out}/data/{fname}"
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(path)
    lyr = ds.CreateLayer(fname[:-4], srs, ogr.wkbLineString, ["ENCODING=CP936"])
    for n in names:
        lyr.CreateField(ogr.FieldDefn(n, ogr.OFTString))
    roads.SetAttributeFilter(f"道路等级 = '{cls}'")
    k = 0
    for f in roads:
        g = ogr.Feature(lyr.GetLayerDefn())
        for n in names:
            if f.IsFieldSetAndNotNull(n):
                g.SetField(n, f.GetFieldAsString(n))
        g.SetGeometry(f.GetGeometryRef())
        lyr.CreateFeature(g)
        k += 1
    road_count[cls] = k
    ds = None
    os.remove(path[:-4] + ".cpg")
    with open(path[:-4] + ".dbf", "r+b") as dbf:
        dbf.seek(29)
        dbf.write(b"\x57")
roads.SetAttributeFilter(None)
assert sum(road_count.values()) == roads.GetFeatureCount(), road_count

# ---- ads: odd ones in an .xlsx, even ones in a GBK CSV ----
ads = src.GetLayerByName("ads")
cols = ["编号", "类型", "载体", "主题", "状况", "朝向", "面数", "宽", "高"]
FULL = str.maketrans("0123456789.-", "０１２３４５６７８９．－")
book = xlsxwriter.Workbook(f"{out}/data/城管局台账.xlsx")
sheet = book.add_worksheet("公益广告")
sheet.write_string(0, 0, "城管局公益广告台账（2026年12月）")
header = ["东坐标", "北坐标"] + cols
for c, h in enumerate(header):
    sheet.write_string(1, c, h)
row = 2
csv_rows = []
xlsx_ads = 0
for i, f in enumerate(ads):
    p = f.GetGeometryRef()
    x, y = repr(p.GetX()), repr(p.GetY())
    vals = [f.GetFieldAsString(c) if f.IsFieldSetAndNotNull(c) else "" for c in cols]
    if i % 2 == 0:
        csv_rows.append([x, y] + vals)
        continue
    if xlsx_ads == 3:
        row += 1  # an empty row in the middle of the sheet
    if xlsx_ads == 0:
        x = f"  {x} "  # typed with spaces
    elif xlsx_ads == 1:
        x, y = x.translate(FULL), y.translate(FULL)  # typed in full-width digits
    for c, v in enumerate([x, y] + vals):
        if v != "":
            sheet.write_string(row, c, v)
    if xlsx_ads == 2:
        sheet.write_number(row, 0, p.GetX())  # a real number cell
    row += 1
    xlsx_ads += 1
book.close()
with open(f"{out}/data/交通局台账.csv", "w", encoding="gbk", newline="") as fcsv:
    w = csv.writer(fcsv)
    w.writerow(["x", "y"] + cols)
    w.writerows(csv_rows)

ad_fields = "{ id: 编号, kind: 类型, medium: 载体, theme: 主题, condition: 状况, facing: 朝向, sides: 面数, width_m: 宽, height_m: 高 }"
road_fields = "{ name: 道路名称, road_id: 道路编码, duty: 责任单位 }"
others = f"""  buildings: {{ path: {demo}, layer: buildings }}
  sites: {{ path: {demo}, layer: sites, fields: {{ type: 类型, name: 名称, id: 编号, duty: 责任单位 }} }}
  gates: {{ path: {demo}, layer: gates, fields: {{ site_id: 景区编号 }} }}
  bus_stops: {{ path: {demo}, layer: bus_stops, fields: {{ id: 编号, name: 名称 }} }}
  hoardings: {{ path: {demo}, layer: hoardings, fields: {{ id: 编号, height_m: 高度, duty: 施工单位 }} }}
  carriers: {{ path: {demo}, layer: carriers, fields: {{ id: 编号, class: 类别 }} }}
  inspection_points: {{ path: {demo}, layer: inspection_points, fields: {{ id: 编号, name: 名称 }} }}
"""
single = f"""panel_size: {{ width_m: 2, height_m: 1 }}
inputs:
  roads: {{ path: {demo}, layer: roads, fields: {{ name: 道路名称, class: 道路等级, road_id: 道路编码, duty: 责任单位 }},
           classes: {{ 商业大街: commercial, 主干道: main, 次干道: secondary }} }}
  ads: {{ path: {demo}, layer: ads, fields: {ad_fields} }}
""" + others
several = f"""panel_size: {{ width_m: 2, height_m: 1 }}
inputs:
  roads:
    - {{ path: data/路网_商业大街.shp, fields: {{ name: 道路名称, class: 道路等级, road_id: 道路编码, duty: 责任单位 }},
        classes: {{ 商业大街: commercial }} }}
    - {{ path: data/路网_主干道.shp, fields: {road_fields}, set: {{ class: main }} }}
    - {{ path: data/路网_次干道.shp, fields: {road_fields}, set: {{ class: secondary }} }}
    - {{ path: data/路网_支路.shp, fields: {{ name: 道路名称, class: 道路等级, road_id: 道路编码, duty: 责任单位 }} }}
  ads:
    - {{ path: data/城管局台账.xlsx, layer: 公益广告, x: 东坐标, y: 北坐标, crs: "EPSG:32650", fields: {ad_fields},
        set: {{ duty: 城管局 }} }}
    - {{ path: data/交通局台账.csv, x: x, y: y, crs: "EPSG:32650", fields: {ad_fields} }}
""" + others
for name, text in [("single", single), ("several", several)]:
    with open(f"{out}/{name}.yaml", "w", encoding="utf-8") as f:
        f.write(text)
    r = subprocess.run([adcov, "check", "-c", f"{out}/{name}.yaml", "-o", f"{out}/{name}"], capture_output=True, text=True)
    assert r.returncode == 1, (name, r.returncode, r.stderr)


def rows(run, file, drop=()):
    with open(f"{out}/{run}/{file}", encoding="utf-8") as f:
        feats = json.load(f)["features"]
    return sorted(json.dumps({k: v for k, v in ft["properties"].items() if k not in drop} | {"g": ft["geometry"]},
                             ensure_ascii=False, sort_keys=True) for ft in feats)


failures = []
for file in ["gaps.geojson", "stretches.geojson", "sites.geojson", "suggestions.geojson", "zones.geojson",
             "site_areas.geojson", "hoardings.geojson", "isovists.geojson", "ads.geojson"]:
    if not os.path.exists(f"{out}/single/{file}"):
        continue
    a, b = rows("single", file, ("source",)), rows("several", file, ("source",))
    if a != b:
        failures.append(f"{file}: {len(set(a) - set(b))} rows only in the single-source run, "
                        f"{len(set(b) - set(a))} only in the several-sources one; e.g. {sorted(set(b) - set(a))[:1]}")
gaps = rows("single", "gaps.geojson")
assert len(gaps) > 0, "the demo city has gaps on purpose"


def csv_rows(run, file):
    with open(f"{out}/{run}/{file}", encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


if sorted(csv_rows("single", "results.csv")) != sorted(csv_rows("several", "results.csv")):
    failures.append("results.csv differs")
acc = csv_rows("several", "accounting.csv")
head = acc[0]
by_layer = {}
for r in acc[1:]:
    by_layer.setdefault(r[head.index("layer")], []).append(r)
want_roads = sum(road_count.values())
if len(by_layer.get("roads", [])) != want_roads:
    failures.append(f"accounting.csv: {len(by_layer.get('roads', []))} road rows, the four shapefiles hold {want_roads}")
n_ads = ads.GetFeatureCount()
ad_rows = [r for r in by_layer.get("ads", []) if r[head.index("status")] != "skipped"]
skipped = [r for r in by_layer.get("ads", []) if r[head.index("status")] == "skipped"]
if len(ad_rows) != n_ads:
    failures.append(f"accounting.csv: {len(ad_rows)} ad rows, the two 台账 hold {n_ads}")
# the .xlsx: row 1 a title (skipped), row 2 the header, one empty row (skipped)
if sorted(r[head.index("detail")] for r in skipped) != ["empty row", "title row above the header"]:
    failures.append(f"accounting.csv: skipped rows {skipped}")
sources = {r[head.index("source")] for r in ad_rows}
if sources != {"data/城管局台账.xlsx:公益广告", "data/交通局台账.csv:交通局台账"}:
    failures.append(f"accounting.csv: ad sources {sources}")
# the 城管局's ads to rectify are its own (set: duty), the others their street's
xlsx_ids = {r[head.index("id")] for r in ad_rows if r[head.index("source")].endswith(".xlsx:公益广告")}
rect = csv_rows("several", "rectification.csv")
own = [r for r in rect[1:] if r[1] == "公益广告" and r[2] in xlsx_ids]
if not own or any(r[0] != "城管局" for r in own):
    failures.append(f"rectification.csv: the .xlsx ads to rectify are not all 城管局's: {own[:2]}")
if any(r[0] == "城管局" for r in rect[1:] if r[1] == "公益广告" and r[2] not in xlsx_ids):
    failures.append("rectification.csv: an ad of the CSV took the 城管局 as its duty unit")
# the GBK names came through: no street name is mojibake, and every one is in the single run's
names_single = {json.loads(r)["street"] for r in rows("single", "stretches.geojson")}
names_several = {json.loads(r)["street"] for r in rows("several", "stretches.geojson")}
if names_single != names_several:
    failures.append(f"street names differ: {sorted(names_several - names_single)[:3]}")
# broken spreadsheets: each stops with exit 2 and one line naming the file, sheet, row or column
xlsx = "data/城管局台账.xlsx"
bad = [(f"{{ path: {xlsx}, layer: 不存在, x: 东坐标, y: 北坐标, crs: 'EPSG:32650' }}",
        f"{xlsx}:不存在::: no layer or sheet of that name in the ads source"),
       (f"{{ path: {xlsx}, crs: 'EPSG:32650' }}", f"{xlsx}:公益广告::: a spreadsheet holds no geometry"),
       (f"{{ path: {xlsx}, x: 经度, y: 纬度, crs: 'EPSG:32650' }}",
        f"{xlsx}:公益广告::经度: no such coordinate column"),
       (f"{{ path: {xlsx}, x: 东坐标, y: 编号, crs: 'EPSG:32650', fields: {ad_fields} }}",
        f"{xlsx}:公益广告:3:编号: coordinate 'GY000002' is empty or not a number")]  # row 1 title, 2 header
for i, (ads_src, want) in enumerate(bad):
    with open(f"{out}/bad{i}.yaml", "w", encoding="utf-8") as f:
        f.write(f"inputs:\n  roads: {{ path: {demo}, layer: roads, fields: {{ class: 道路等级 }} }}\n  ads: {ads_src}\n")
    r = subprocess.run([adcov, "check", "-c", f"{out}/bad{i}.yaml", "-o", f"{out}/bad{i}"], capture_output=True, text=True)
    if r.returncode != 2 or want not in r.stderr or r.stderr.count("\n") != 1:
        failures.append(f"broken spreadsheet {i}: exit {r.returncode}, said {r.stderr!r}, want {want!r}")

if failures:
    print("\n".join("FAIL: " + f for f in failures))
    sys.exit(1)
print(f"several_sources: {len(gaps)} gaps, {want_roads} roads in 4 shapefiles, {n_ads} ads in 2 台账 — 1 passed, 0 failed")
