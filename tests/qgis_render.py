#!/usr/bin/python3
"""Every map layer adcov writes opens in QGIS as what it is, with its style (SPEC §8).

usage: qgis_render.py ADCOV DEMO_GPKG OUTDIR [README_PNG]
Checks the demo city (scripts/gen_city.py, seed 7: squares, parks, a scenic area, hoardings, stops,
carriers) with examples/demo/city.yaml, then opens each GeoJSON output in QGIS headless (Debian's
python3-qgis, QT_QPA_PLATFORM=offscreen) as an OGR layer: the layer must be valid and of the one
geometry type the file holds; its .qml style must load and be the categorized style adcov wrote; each is
rendered alone to OUTDIR/NAME.png, and must show the colours its style gives to what the data holds.
All layers together go to OUTDIR/all.png (and README_PNG when given: the README's QGIS picture).
"""
import json
import os
import subprocess
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (QgsApplication, QgsMapRendererSequentialJob, QgsMapSettings, QgsRectangle,  # noqa: E402
                       QgsVectorLayer, QgsWkbTypes)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

adcov, gpkg, out = sys.argv[1:4]
readme_png = sys.argv[4] if len(sys.argv) > 4 else None
os.makedirs(out, exist_ok=True)
here = os.path.dirname(os.path.abspath(__file__))
config = open(os.path.join(here, "..", "examples", "demo", "city.yaml"), encoding="utf-8").read()
config = config.replace("path: city.gpkg", "path: " + os.path.abspath(gpkg)).replace("output: out", "output: run")
config = config.replace("photos: photos", "photos: " + os.path.join(os.path.dirname(os.path.abspath(gpkg)), "demo_photos"))
with open(os.path.join(out, "city.yaml"), "w", encoding="utf-8") as f:
    f.write(config)
p = subprocess.run([adcov, "check", "-c", os.path.join(out, "city.yaml")], capture_output=True, text=True)
if p.returncode not in (0, 1):
    sys.exit(f"adcov exited {p.returncode}: {p.stderr}")
run = os.path.join(out, "run")

# file, the geometry type QGIS must see, the colours (r, g, b) its style draws for the statuses present
FAIL, PASS, UNKNOWN = (211, 47, 47), (46, 125, 50), (117, 117, 117)
LAYERS = [("gaps", QgsWkbTypes.LineGeometry), ("sites", QgsWkbTypes.PointGeometry),
          ("site_areas", QgsWkbTypes.PolygonGeometry), ("hoardings", QgsWkbTypes.LineGeometry),
          ("zones", QgsWkbTypes.PolygonGeometry)]

app = QgsApplication([], False)
app.setPrefixPath("/usr", True)
app.initQgis()
failures = []


def render(layers, extent, png):
    s = QgsMapSettings()
    s.setLayers(layers)
    s.setBackgroundColor(QColor(255, 255, 255))
    s.setOutputSize(QSize(800, 800))
    s.setDestinationCrs(layers[0].crs())
    s.setExtent(extent)
    job = QgsMapRendererSequentialJob(s)
    job.start()
    job.waitForFinished()
    img = job.renderedImage()
    img.save(png)
    return img


def colours(img):
    seen = set()
    for y in range(0, img.height(), 2):
        for x in range(0, img.width(), 2):
            c = QColor(img.pixel(x, y))
            seen.add((c.red(), c.green(), c.blue()))
    return seen


def near(seen, rgb, tol=40):
    """A drawn colour close to rgb (fills are drawn half transparent over white, hence the tolerance
    applied to the colour blended halfway with white too)."""
    half = tuple((v + 255 * 1.3) / 2.3 for v in rgb)
    return any(all(abs(a - b) <= tol for a, b in zip(c, want)) for c in seen for want in (rgb, half))


# the map layers without a style of their own open too, each as its one geometry type
for name, gtype in (("stretches", QgsWkbTypes.LineGeometry), ("ads", QgsWkbTypes.PointGeometry),
                    ("suggestions", QgsWkbTypes.PointGeometry), ("isovists", QgsWkbTypes.PolygonGeometry)):
    path = os.path.join(run, name + ".geojson")
    n = len(json.load(open(path, encoding="utf-8"))["features"])
    plain = QgsVectorLayer(path, name, "ogr")
    if not plain.isValid() or plain.geometryType() != gtype or plain.featureCount() != n:
        failures.append(f"{name}: QGIS opens it as type {plain.geometryType()} with {plain.featureCount()} of {n}")
    del plain

opened = []
extent = None
layer = None
for name, gtype in LAYERS:
    path = os.path.join(run, name + ".geojson")
    data = json.load(open(path, encoding="utf-8"))
    kinds = {f["geometry"]["type"] for f in data["features"] if f["geometry"]}
    layer = QgsVectorLayer(path, name, "ogr")
    if not layer.isValid():
        failures.append(f"{name}: QGIS cannot open it")
        continue
    if layer.geometryType() != gtype:
        failures.append(f"{name}: QGIS sees geometry type {layer.geometryType()}, not {gtype} (file holds {kinds})")
    if layer.featureCount() != len(data["features"]):
        failures.append(f"{name}: QGIS shows {layer.featureCount()} of {len(data['features'])} features")
    msg, ok = layer.loadNamedStyle(os.path.join(run, name + ".qml"))
    if not ok:
        failures.append(f"{name}.qml does not load: {msg}")
    renderer = layer.renderer().type()
    want = "singleSymbol" if name == "zones" else "categorizedSymbol"
    if renderer != want:
        failures.append(f"{name}: the style gives a {renderer} renderer, not {want}")
    if layer.featureCount() == 0:
        failures.append(f"{name}: the demo city should give this layer features")
        continue
    ext = layer.extent()
    ext.scale(1.05)
    img = render([layer], ext, os.path.join(out, name + ".png"))
    if len(colours(img)) < 2:
        failures.append(f"{name}: nothing drawn")
    if name in ("sites", "site_areas", "hoardings"):
        # each status alone (rows may lie on each other: the demo has two hoardings in one place)
        statuses = {f["properties"]["status"] for f in data["features"] if f["geometry"]}
        for status, rgb in (("fail", FAIL), ("pass", PASS), ("unknown", UNKNOWN)):
            if status not in statuses:
                continue
            layer.setSubsetString(f"\"status\" = '{status}'")
            if not near(colours(render([layer], ext, os.path.join(out, f"{name}_{status}.png"))), rgb):
                failures.append(f"{name}: rows with status {status} are not drawn in their colour {rgb}")
        layer.setSubsetString("")
    opened.append(layer)
    if extent is None:
        extent = QgsRectangle(ext)
    else:
        extent.combineExtentWith(ext)

top_first = []
if opened:
    order = {"zones": 0, "site_areas": 1, "gaps": 2, "hoardings": 3, "sites": 4}
    top_first = sorted(opened, key=lambda l: -order[l.name()])
    render(top_first, extent, os.path.join(out, "all.png"))
    if readme_png:
        render(top_first, extent, readme_png)
# the layers go before QGIS does (a layer outliving exitQgis crashes the interpreter at its exit)
nopened = len(opened)
del layer, top_first
opened.clear()
app.exitQgis()
if failures:
    sys.exit("qgis_render: " + "; ".join(failures))
print(f"qgis_render: {nopened} layers opened with their styles and rendered into {out}")
