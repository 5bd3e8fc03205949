#!/usr/bin/python3
"""Seeded generator of a synthetic city for adcov's demo and benchmarks.

A grid of streets (commercial, main, secondary and branch roads, each street split into one
feature per block edge so that line merging has work to do), buildings set back inside each
block, and an ad inventory with realistic kinds, media, themes, conditions and facings.
Field names are the Chinese ones planners' files carry; the configs map them.

    /usr/bin/python3 scripts/gen_city.py --km 20 --seed 7 --out examples/demo/city.gpkg

Everything is in EPSG:32650 (UTM 50N, around Nanjing). The same seed gives the same city.
"""
import argparse
import math
import os
import random
import sys

from osgeo import ogr, osr

ogr.UseExceptions()

BLOCK = 200.0  # metres between parallel streets
ORIGIN = (660000.0, 3545000.0)
THEMES = ["讲文明树新风", "社会主义核心价值观", "文明健康有你有我", "文明城市创建", "中国梦", "未成年人思想道德建设",
          "图说我们的价值观", "诚信建设", "讲文明树新风；文明城市创建"]
MEDIA = [("海报", 30), ("灯箱", 10), ("电子屏", 8), ("宣传栏", 12), ("灯杆旗", 15), ("景观小品", 5), ("标语", 8),
         ("围挡", 5), ("横幅", 7)]
CONDITIONS = [("完好", 88), ("褪色", 4), ("破损", 3), ("被覆盖", 3), ("内容过时", 2)]


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for v, w in pairs:
        x -= w
        if x <= 0:
            return v
    return pairs[-1][0]


def street_class(i):
    """Class of grid line i: a few commercial streets, mains every 5th, secondaries every other."""
    if i % 7 == 3:
        return "商业大街"
    if i % 5 == 0:
        return "主干道"
    if i % 2 == 0:
        return "次干道"
    return "支路"


def grid_size(km):
    # total length of an n x n block grid: 2 * (n + 1) * n * BLOCK metres
    n = 1
    while 2 * (n + 1) * n * BLOCK / 1000.0 < km:
        n += 1
    return n


def make_layers(ds, srs):
    roads = ds.CreateLayer("roads", srs, ogr.wkbLineString)
    for name in ("道路名称", "道路等级", "道路编码", "责任单位"):
        roads.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    buildings = ds.CreateLayer("buildings", srs, ogr.wkbPolygon)
    buildings.CreateField(ogr.FieldDefn("层数", ogr.OFTInteger))
    ads = ds.CreateLayer("ads", srs, ogr.wkbPoint)
    for name, kind in (("编号", ogr.OFTString), ("类型", ogr.OFTString), ("载体", ogr.OFTString),
                       ("主题", ogr.OFTString), ("状况", ogr.OFTString), ("朝向", ogr.OFTReal),
                       ("面数", ogr.OFTInteger), ("宽", ogr.OFTReal), ("高", ogr.OFTReal)):
        ads.CreateField(ogr.FieldDefn(name, kind))
    return roads, buildings, ads


def add_roads(layer, n, rng):
    x0, y0 = ORIGIN
    duties = ["城管局", "住建局", "交通局", "街道办"]
    for axis in (0, 1):
        for i in range(n + 1):
            cls = street_class(i)
            name = ("纬%d路" if axis == 0 else "经%d路") % (i + 1)
            for k in range(n):
                f = ogr.Feature(layer.GetLayerDefn())
                f["道路名称"] = name
                f["道路等级"] = cls
                f["责任单位"] = duties[(i + k // 4) % len(duties)]
                line = ogr.Geometry(ogr.wkbLineString)
                if axis == 0:
                    line.AddPoint_2D(x0 + k * BLOCK, y0 + i * BLOCK)
                    line.AddPoint_2D(x0 + (k + 1) * BLOCK, y0 + i * BLOCK)
                else:
                    line.AddPoint_2D(x0 + i * BLOCK, y0 + k * BLOCK)
                    line.AddPoint_2D(x0 + i * BLOCK, y0 + (k + 1) * BLOCK)
                f.SetGeometry(line)
                layer.CreateFeature(f)


def rect(x0, y0, x1, y1):
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)):
        ring.AddPoint_2D(x, y)
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return poly


def add_buildings(layer, n, per_block, rng):
    x0, y0 = ORIGIN
    setback = 20.0
    cols = max(1, int(math.sqrt(per_block)))
    rows = max(1, int(math.ceil(per_block / cols)))
    cell_w = (BLOCK - 2 * setback) / cols
    cell_h = (BLOCK - 2 * setback) / rows
    for bx in range(n):
        for by in range(n):
            for c in range(cols):
                for r in range(rows):
                    if c * rows + r >= per_block or rng.random() < 0.15:
                        continue
                    ax = x0 + bx * BLOCK + setback + c * cell_w
                    ay = y0 + by * BLOCK + setback + r * cell_h
                    w = cell_w * rng.uniform(0.55, 0.85)
                    h = cell_h * rng.uniform(0.55, 0.85)
                    f = ogr.Feature(layer.GetLayerDefn())
                    f["层数"] = rng.randint(2, 30)
                    f.SetGeometry(rect(ax, ay, ax + w, ay + h))
                    layer.CreateFeature(f)


def campaign(axis, i):
    """Streets where the city has run a 讲文明树新风 campaign: more ads, mostly of that theme."""
    return (i + axis) % 3 == 0


def add_ads(layer, n, count, rng):
    x0, y0 = ORIGIN
    span = n * BLOCK
    lines = [(axis, i) for axis in (0, 1) for i in range(n + 1)]
    weights = [4 if campaign(axis, i) else 1 for axis, i in lines]
    for k in range(count):
        axis, i = rng.choices(lines, weights)[0]
        t = rng.uniform(0, span)
        side = rng.choice((-1, 1))
        off = rng.uniform(8, 16) * side
        if axis == 0:  # along an east-west street: face north or south, toward the street
            x, y = x0 + t, y0 + i * BLOCK + off
            facing = 180.0 if side > 0 else 0.0
        else:
            x, y = x0 + i * BLOCK + off, y0 + t
            facing = 270.0 if side > 0 else 90.0
        f = ogr.Feature(layer.GetLayerDefn())
        f["编号"] = "GY%06d" % (k + 1)
        f["类型"] = "公益" if rng.random() < 0.85 else "商业"
        medium = weighted(rng, MEDIA)
        f["载体"] = medium
        f["主题"] = "讲文明树新风" if campaign(axis, i) and rng.random() < 0.6 else rng.choice(THEMES)
        f["状况"] = weighted(rng, CONDITIONS)
        if rng.random() < 0.6:
            f["朝向"] = (facing + rng.uniform(-20, 20)) % 360
            f["面数"] = 2 if medium in ("灯杆旗", "电子屏") else 1
        if medium in ("电子屏", "宣传栏") and rng.random() < 0.5:
            f["宽"] = round(rng.uniform(1.0, 4.0), 1)
            f["高"] = round(rng.uniform(0.8, 2.5), 1)
        f.SetGeometry(ogr.CreateGeometryFromWkt("POINT (%f %f)" % (x, y)))
        layer.CreateFeature(f)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--km", type=float, default=20, help="road length in km (default 20)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--ads-per-km", type=float, default=20.0)
    ap.add_argument("--buildings-per-block", type=int, default=20)
    ap.add_argument("--out", required=True, help="GeoPackage to write (replaced)")
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    n = grid_size(a.km)
    if os.path.exists(a.out):
        os.remove(a.out)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32650)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(a.out)
    roads, buildings, ads = make_layers(ds, srs)
    for layer, fill in ((roads, lambda l: add_roads(l, n, rng)),
                        (buildings, lambda l: add_buildings(l, n, a.buildings_per_block, rng)),
                        (ads, lambda l: add_ads(l, n, int(a.ads_per_km * 2 * (n + 1) * n * BLOCK / 1000), rng))):
        layer.StartTransaction()
        fill(layer)
        layer.CommitTransaction()
    print("%s: %d x %d blocks, %.0f km of road, %d road features, %d buildings, %d ads"
          % (a.out, n, n, 2 * (n + 1) * n * BLOCK / 1000, roads.GetFeatureCount(), buildings.GetFeatureCount(),
             ads.GetFeatureCount()))
    ds = None
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
