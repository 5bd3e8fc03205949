"""adcov init (SPEC §11, issue 11).

1. The demo city (one GeoPackage, Chinese field names and words, its photos/ folder beside it): the draft
   runs unedited, takes the folder as the ads' photos, and its outputs are byte for byte those of the
   hand-written examples/demo/city.yaml.
2. The district as a city keeps it (scripts/gen_kept.py: roads in four GBK shapefiles with a lying 0x57
   code page byte and no class column, an .xlsx 台账 in GCJ-02 with a title row, a GBK CSV, stops and
   buildings in shapefiles, the sites in a GeoPackage of several layers): the draft takes the list form
   with set: {class: …} from the file names, guesses EPSG:4326 for the 台账 and says what it could not
   decide; the draft with the README's one edit (datum: gcj02 on the .xlsx) is examples/kept/city.yaml,
   and that config gives the demo city's results: the same gaps, stretches, sites and results.csv, and the
   same suggested posters within 0.2 m (the GCJ-02 round trip moves an ad by less than 0.05 m, SPEC §3).
3. init never overwrites, and refuses a path that does not exist.
4. A GeoPackage shaped like an OpenStreetMap extract (roads with `highway`, squares and parks without a
   type column, an empty ads layer, a study-area polygon `aoi`): squares and parks become sites with
   set: {type} from their layer names, highway is the class column, the empty layer and the unnamed
   polygon layer are left out and said (a polygon taken for buildings would block every sight line).
usage: init_draft.py ADCOV GEN_KEPT DEMO_GPKG EXAMPLES OUTDIR
"""
import csv
import json
import os
import shutil
import subprocess
import sys

adcov, gen_kept, demo, examples, out = sys.argv[1:6]
shutil.rmtree(out, ignore_errors=True)
os.makedirs(f"{out}/demo")
failures = []


def run(args, cwd):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True)


def same_outputs(a, b, tolerance):
    """Every feature of the GeoJSON outputs and every row of results.csv alike (numbers within tolerance)."""
    def close(x, y):
        if isinstance(x, float) and isinstance(y, (int, float)):
            return abs(x - y) <= tolerance
        if isinstance(x, dict) and isinstance(y, dict):
            return x.keys() == y.keys() and all(close(x[k], y[k]) for k in x)
        if isinstance(x, list) and isinstance(y, list):
            return len(x) == len(y) and all(close(p, r) for p, r in zip(x, y))
        return x == y

    for file in ["gaps.geojson", "stretches.geojson", "sites.geojson", "suggestions.geojson"]:
        fa, fb = (sorted((f["properties"] for f in json.load(open(f"{d}/{file}", encoding="utf-8"))["features"]),
                         key=lambda p: json.dumps({k: v for k, v in p.items() if not isinstance(v, float)},
                                                  sort_keys=True, ensure_ascii=False)) for d in (a, b))
        if len(fa) != len(fb) or not all(close(x, y) for x, y in zip(fa, fb)):
            failures.append(f"{file} differs between {a} and {b}")
    rows = [sorted(csv.reader(open(f"{d}/results.csv", encoding="utf-8-sig"))) for d in (a, b)]
    if rows[0] != rows[1]:
        failures.append(f"results.csv differs between {a} and {b}")


# 1. the demo city: the draft runs unedited, byte for byte the hand-written config's results
shutil.copy(demo, f"{out}/demo/city.gpkg")
shutil.copy(f"{examples}/demo/city.yaml", f"{out}/demo/hand.yaml")
shutil.copytree(os.path.join(os.path.dirname(os.path.abspath(demo)), "demo_photos"), f"{out}/demo/photos")
r = run([adcov, "init", "-o", "draft.yaml", "city.gpkg"], f"{out}/demo")
assert r.returncode == 0, r.stderr
if '    photos: "photos"' not in open(f"{out}/demo/draft.yaml", encoding="utf-8").read():
    failures.append("demo: the draft does not take the photos/ folder beside city.gpkg as the ads' photos")
for cfg in ["draft", "hand"]:
    r = run([adcov, "check", "-c", f"{cfg}.yaml", "-o", f"out_{cfg}"], f"{out}/demo")
    assert r.returncode == 1, (cfg, r.returncode, r.stderr)
for file in ["gaps.geojson", "stretches.geojson", "sites.geojson", "suggestions.geojson", "ads.geojson", "zones.geojson",
             "results.csv", "accounting.csv", "rectification.csv", "photo_issues.csv"]:
    if open(f"{out}/demo/out_draft/{file}", "rb").read() != open(f"{out}/demo/out_hand/{file}", "rb").read():
        failures.append(f"demo: {file} of the draft differs from the hand-written config's")

# 2. the district as a city keeps it
kept = f"{out}/kept"
r = run(["/usr/bin/python3", gen_kept, "--city", demo, "--out", f"{kept}/data"], out)
assert r.returncode == 0, r.stderr
r = run([adcov, "init", "-o", "draft.yaml", "data"], kept)
assert r.returncode == 0, r.stderr
said = r.stdout
draft = open(f"{kept}/draft.yaml", encoding="utf-8").read()
for want in ['- path: "data/路网_主干道.shp"', "set: { class: main }", "set: { class: secondary }",
             "set: { class: commercial }", "set: { class: unclassified }", 'x: "经度"', 'y: "纬度"', 'x: "lng"',
             'crs: "EPSG:4326"    # guessed', 'layer: "sites"', 'path: "data/公交站点.shp"', 'path: "data/建筑物.shp"']:
    if want not in draft:
        failures.append(f"kept: the draft lacks {want!r}")
for want in ["data/路网_支路.shp: roads without a class column", "panel_size"]:
    if want not in said:
        failures.append(f"kept: init did not say {want!r}: {said}")
xlsx = draft.index("城管局公益广告台账.xlsx")
datum = draft.index("# datum: gcj02", xlsx)
edited = draft[:datum] + "datum: gcj02   " + draft[datum + len("# datum: gcj02"):]  # the README's edit
if edited != open(f"{examples}/kept/city.yaml", encoding="utf-8").read():
    failures.append("examples/kept/city.yaml is not the draft with the README's edit: draft anew and edit it")
shutil.copy(f"{examples}/kept/city.yaml", f"{kept}/city.yaml")
r = run([adcov, "check", "-c", "city.yaml", "-o", "out"], kept)
assert r.returncode == 1, (r.returncode, r.stderr)
same_outputs(f"{out}/demo/out_hand", f"{kept}/out", 0.2)

# 3. never over an existing file; a missing path is a usage error
before = open(f"{kept}/draft.yaml", "rb").read()
r = run([adcov, "init", "-o", "draft.yaml", "data"], kept)
if r.returncode != 2 or "never overwrites" not in r.stderr or open(f"{kept}/draft.yaml", "rb").read() != before:
    failures.append(f"init overwrote or did not refuse: {r.returncode} {r.stderr}")
r = run([adcov, "init", "-o", "other.yaml", "nowhere"], kept)
if r.returncode != 2 or os.path.exists(f"{kept}/other.yaml"):
    failures.append(f"init on a missing path: {r.returncode} {r.stderr}")

# 4. an OpenStreetMap-shaped GeoPackage, written here
from osgeo import ogr, osr
osm = f"{out}/osm"
os.makedirs(osm)
srs = osr.SpatialReference()
srs.ImportFromEPSG(4326)
ds = ogr.GetDriverByName("GPKG").CreateDataSource(f"{osm}/district.gpkg")
def layer(name, gtype, fields, rows):
    lyr = ds.CreateLayer(name, srs, gtype)
    for fname in fields:
        lyr.CreateField(ogr.FieldDefn(fname, ogr.OFTString))
    for vals, wkt in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        for k, v in vals.items():
            f.SetField(k, v)
        f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        lyr.CreateFeature(f)
square = "POLYGON((118.770 32.040,118.771 32.040,118.771 32.041,118.770 32.041,118.770 32.040))"
layer("roads", ogr.wkbLineString, ["name", "highway"], [({"name": "中山路", "highway": "primary"},
      "LINESTRING(118.76 32.04,118.78 32.04)")])
layer("squares", ogr.wkbPolygon, ["name"], [({"name": "新街口广场"}, square)])
layer("parks", ogr.wkbPolygon, ["name"], [({"name": "公园"}, square)])
layer("aoi", ogr.wkbPolygon, [], [({}, square)])
layer("ads", ogr.wkbPoint, ["name"], [])
ds = None
r = run([adcov, "init", "-o", "osm.yaml", "district.gpkg"], osm)
draft = open(f"{osm}/osm.yaml", encoding="utf-8").read() if r.returncode == 0 else ""
for want in ['layer: "squares"', "set: { type: square }", "set: { type: park }", 'class: "highway"',
             '# class "primary" (1): unknown']:
    if want not in draft:
        failures.append(f"osm: the draft lacks {want!r}: {r.stderr}")
for unwanted in ['layer: "aoi"', 'layer: "ads"']:
    if unwanted in draft:
        failures.append(f"osm: the draft holds {unwanted!r}")
for want in ["district.gpkg:ads: no features (left out)", "district.gpkg:aoi: cannot tell what it holds"]:
    if want not in r.stdout:
        failures.append(f"osm: init did not say {want!r}: {r.stdout}")

if failures:
    print("\n".join("FAIL: " + f for f in failures))
    sys.exit(1)
print("init_draft: 1 passed, 0 failed")
