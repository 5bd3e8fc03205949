#!/usr/bin/python3
"""Seeded generator of a synthetic city for adcov's demo and benchmarks.

A grid of streets (commercial, main, secondary and branch roads, each street split into one
feature per block edge so that line merging has work to do), buildings set back inside each
block, an ad inventory with realistic kinds, media, themes, conditions and facings, and the
places the site rules judge: squares, parks, scenic areas (with gates), 农贸市场, bus stops,
construction hoardings and public carriers, each with a few ads of its own. Per 1,000 km of
road: 200 squares, 100 parks, 20 scenic areas, 50 农贸市场, 2,000 stops, 500 hoardings, 5,000 carriers.
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


def make_site_layers(ds, srs):
    sites = ds.CreateLayer("sites", srs, ogr.wkbUnknown)
    for name in ("类型", "名称", "编号", "责任单位"):
        sites.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    gates = ds.CreateLayer("gates", srs, ogr.wkbPoint)
    gates.CreateField(ogr.FieldDefn("景区编号", ogr.OFTString))
    stops = ds.CreateLayer("bus_stops", srs, ogr.wkbPoint)
    for name in ("编号", "名称"):
        stops.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    hoardings = ds.CreateLayer("hoardings", srs, ogr.wkbLineString)
    for name, kind in (("编号", ogr.OFTString), ("高度", ogr.OFTReal), ("施工单位", ogr.OFTString)):
        hoardings.CreateField(ogr.FieldDefn(name, kind))
    carriers = ds.CreateLayer("carriers", srs, ogr.wkbPoint)
    for name in ("编号", "类别"):
        carriers.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    return sites, gates, stops, hoardings, carriers


def put_ad(layer, rng, k, x, y, medium=None, size=None, facing=None):
    f = ogr.Feature(layer.GetLayerDefn())
    f["编号"] = "GY%07d" % k
    f["类型"] = "公益" if rng.random() < 0.8 else "商业"
    f["载体"] = medium or weighted(rng, MEDIA)
    f["主题"] = rng.choice(THEMES)
    f["状况"] = weighted(rng, CONDITIONS)
    if facing is not None:
        f["朝向"] = facing
        f["面数"] = 1
    if size:
        f["宽"], f["高"] = size
    f.SetGeometry(ogr.CreateGeometryFromWkt("POINT (%f %f)" % (x, y)))
    layer.CreateFeature(f)


def add_sites(layers, ads, n, km, rng, first_ad):
    """Squares, parks and scenic areas in random blocks, stops, hoardings and carriers along the streets,
    and a few ads at each. Returns the next free ad number."""
    sites, gates, stops, hoardings, carriers = layers
    x0, y0 = ORIGIN
    k = first_ad
    duties = ["城管局", "园林局", "文旅局", "交通局"]

    def block():
        return x0 + rng.randrange(n) * BLOCK, y0 + rng.randrange(n) * BLOCK

    def site(kind, name, sid, geom):
        f = ogr.Feature(sites.GetLayerDefn())
        f["类型"], f["名称"], f["编号"], f["责任单位"] = kind, name, sid, rng.choice(duties)
        f.SetGeometry(geom)
        sites.CreateFeature(f)

    for i in range(max(1, round(0.2 * km))):
        bx, by = block()
        site("广场", "广场%d" % (i + 1), "SQ%d" % (i + 1), rect(bx + 30, by + 30, bx + 110, by + 90))
        for _ in range(8):
            k += 1
            put_ad(ads, rng, k, bx + rng.uniform(30, 110), by + rng.uniform(30, 90), medium="宣传栏")
    for i in range(max(1, round(0.1 * km))):
        bx, by = block()
        site("公园", "公园%d" % (i + 1), "PK%d" % (i + 1), rect(bx + 25, by + 25, bx + 175, by + 175))
        for _ in range(12):
            k += 1
            put_ad(ads, rng, k, bx + rng.uniform(25, 175), by + rng.uniform(25, 175), medium=rng.choice(("宣传栏", "海报")))
    for i in range(max(1, round(0.02 * km))):
        bx, by = block()
        sid = "SC%d" % (i + 1)
        site("景区", "景区%d" % (i + 1), sid, rect(bx + 20, by + 20, bx + 180, by + 180))
        for gx, gy in ((bx + 100, by + 20), (bx + 20, by + 100)):
            g = ogr.Feature(gates.GetLayerDefn())
            g["景区编号"] = sid
            g.SetGeometry(ogr.CreateGeometryFromWkt("POINT (%f %f)" % (gx, gy)))
            gates.CreateFeature(g)
            k += 1
            put_ad(ads, rng, k, gx + rng.uniform(-15, 15), gy + rng.uniform(5, 40))
    for i in range(round(2 * km)):
        axis, line, t = rng.randint(0, 1), rng.randint(0, n), rng.uniform(0, n * BLOCK)
        x, y = (x0 + t, y0 + line * BLOCK + 6) if axis == 0 else (x0 + line * BLOCK + 6, y0 + t)
        f = ogr.Feature(stops.GetLayerDefn())
        f["编号"], f["名称"] = "BS%d" % (i + 1), "站%d" % (i + 1)
        f.SetGeometry(ogr.CreateGeometryFromWkt("POINT (%f %f)" % (x, y)))
        stops.CreateFeature(f)
        for _ in range(rng.randint(1, 3)):
            k += 1
            put_ad(ads, rng, k, x + rng.uniform(-12, 12), y + rng.uniform(0, 4), medium=rng.choice(("灯箱", "海报", "电子屏")))
    for i in range(round(0.5 * km)):
        bx, by = block()
        f = ogr.Feature(hoardings.GetLayerDefn())
        f["编号"], f["高度"], f["施工单位"] = "HD%d" % (i + 1), 2.5, "建工%d队" % rng.randint(1, 9)
        line = ogr.Geometry(ogr.wkbLineString)
        for x, y in ((bx + 30, by + 15), (bx + 110, by + 15), (bx + 110, by + 45)):
            line.AddPoint_2D(x, y)
        f.SetGeometry(line)
        hoardings.CreateFeature(f)
        for px, py in ((bx + 50, by + 14), (bx + 90, by + 14), (bx + 111, by + 30)):
            k += 1
            put_ad(ads, rng, k, px, py, medium="围挡", size=(rng.choice((6, 8, 10)), 2.5))
    classes = ("遮阳棚", "自行车雨棚", "文体活动场所", "医院", "报刊亭")
    for i in range(round(5 * km)):
        axis, line, t = rng.randint(0, 1), rng.randint(0, n), rng.uniform(0, n * BLOCK)
        x, y = (x0 + t, y0 + line * BLOCK - 9) if axis == 0 else (x0 + line * BLOCK - 9, y0 + t)
        f = ogr.Feature(carriers.GetLayerDefn())
        f["编号"], f["类别"] = "CR%d" % (i + 1), rng.choice(classes)
        f.SetGeometry(ogr.CreateGeometryFromWkt("POINT (%f %f)" % (x, y)))
        carriers.CreateFeature(f)
        k += 1
        put_ad(ads, rng, k, x + rng.uniform(-2, 2), y + rng.uniform(-2, 2), medium="灯箱")
    # 农贸市场 (market.count, SPEC §12), last so that the places above stay as they were
    for i in range(max(1, round(0.05 * km))):
        bx, by = block()
        site("农贸市场", "农贸市场%d" % (i + 1), "MK%d" % (i + 1), rect(bx + 40, by + 40, bx + 100, by + 80))
        for _ in range(7):
            k += 1
            put_ad(ads, rng, k, bx + rng.uniform(35, 105), by + rng.uniform(35, 85), medium=rng.choice(("宣传栏", "海报")))
    return k


def add_inspection_points(ds, srs, n, km, rng):
    """实地点位: markets, schools, communities … one per 2 km of road, each somewhere in a random block."""
    points = ds.CreateLayer("inspection_points", srs, ogr.wkbPoint)
    for name in ("编号", "名称"):
        points.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    kinds = ["农贸市场", "学校", "社区", "医院", "车站"]
    x0, y0 = ORIGIN
    for i in range(max(1, round(0.5 * km))):
        f = ogr.Feature(points.GetLayerDefn())
        f["编号"], f["名称"] = "IP%d" % (i + 1), "%s%d" % (rng.choice(kinds), i + 1)
        x = x0 + rng.randrange(n) * BLOCK + rng.uniform(10, BLOCK - 10)
        y = y0 + rng.randrange(n) * BLOCK + rng.uniform(10, BLOCK - 10)
        f.SetGeometry(ogr.CreateGeometryFromWkt("POINT (%f %f)" % (x, y)))
        points.CreateFeature(f)
    return points


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--km", type=float, default=20, help="road length in km (default 20)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--ads-per-km", type=float, default=20.0)
    ap.add_argument("--buildings-per-block", type=int, default=20)
    ap.add_argument("--out", required=True, help="GeoPackage to write (replaced)")
    ap.add_argument("--no-sites", action="store_true", help="streets, buildings and street ads only")
    ap.add_argument("--drop-street-psas", type=int, default=1, metavar="K",
                    help="keep one street PSA in K (4: three quarters removed, a city where most streets fail)")
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    n = grid_size(a.km)
    if os.path.exists(a.out):
        os.remove(a.out)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32650)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(a.out)
    roads, buildings, ads = make_layers(ds, srs)
    site_layers = make_site_layers(ds, srs)
    street_ads = int(a.ads_per_km * 2 * (n + 1) * n * BLOCK / 1000)
    km = 2 * (n + 1) * n * BLOCK / 1000
    ds.StartTransaction()
    add_roads(roads, n, rng)
    add_buildings(buildings, n, a.buildings_per_block, rng)
    add_ads(ads, n, street_ads, rng)
    points = None
    if not a.no_sites:
        add_sites(site_layers, ads, n, km, rng, street_ads)
        points = add_inspection_points(ds, srs, n, km, rng)
    ds.CommitTransaction()
    if a.drop_street_psas > 1:  # the street ads are the first street_ads features; the sites' ads stay
        ds.ExecuteSQL("DELETE FROM ads WHERE 类型 = '公益' AND fid <= %d AND fid %% %d != 0"
                      % (street_ads, a.drop_street_psas))
    print("%s: %d x %d blocks, %.0f km of road, %d road features, %d buildings, %d ads, %d sites, %d stops, "
          "%d hoardings, %d carriers, %d inspection points"
          % (a.out, n, n, km, roads.GetFeatureCount(), buildings.GetFeatureCount(), ads.GetFeatureCount(),
             site_layers[0].GetFeatureCount(), site_layers[2].GetFeatureCount(), site_layers[3].GetFeatureCount(),
             site_layers[4].GetFeatureCount(), points.GetFeatureCount() if points else 0))
    ds = None
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
