#!/usr/bin/python3
"""Seeded generator of a district shaped as a Chinese desktop GIS exports it (the size of Tianjin 河西区).

Unlike scripts/gen_city.py's tidy grid, the roads here are drawn the way real networks are:
  - every street is broken at every junction, and the crossing itself is an unnamed junction link
    (a 12 m piece with no name: no street, SPEC §5);
  - main roads (主干道) are dual carriageways: two lines 16 m apart, one drawn each way, each broken at
    its junctions;
  - bus stops have one point per route: 1 to 8 points a few metres apart per platform, a platform on
    each side of the street (SPEC §10);
  - ads carry a duty unit (责任单位) from their department, and about one in ten has none.
Defaults: 41 x 41 blocks of 150 m, about 8,000 road features, 2,000 stop points, 5,000 ads.

    /usr/bin/python3 scripts/gen_district.py --seed 3 --out build/district/district.gpkg

Writes the GeoPackage and district.yaml beside it (the config adcov check runs). EPSG:32650.
"""
import argparse
import os
import random
import sys

from osgeo import ogr, osr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_city import weighted  # noqa: E402  (the same seeded draws as the demo city)

ogr.UseExceptions()

ORIGIN = (670000.0, 3550000.0)
LINK = 6.0   # a named piece stops this far short of the junction's centre; the link bridges the rest
DUAL = 8.0   # each carriageway of a main road lies this far from the road's axis
THEMES = ["讲文明树新风", "社会主义核心价值观", "文明健康有你有我", "文明城市创建", "讲文明树新风；文明城市创建"]
MEDIA = [("海报", 35), ("灯箱", 10), ("电子屏", 8), ("宣传栏", 12), ("灯杆旗", 15), ("标语", 8), ("横幅", 7)]
CONDITIONS = [("完好", 86), ("褪色", 5), ("破损", 3), ("被覆盖", 4), ("内容过时", 2)]
DUTIES = ["城管局", "住建局", "交通局", "友谊路街道", "越秀路街道", "马场街道", "天塔街道"]
NAMES_X = ["大沽南路", "友谊路", "围堤道", "解放南路", "珠江道", "黑牛城道", "紫金山路", "南京路", "马场道",
           "气象台路", "佟楼大街", "宾水道", "浯水道", "洞庭路", "澧水道", "湘江道", "微山路", "平江道"]


def street_class(i):
    """A few commercial streets, a main road (a dual carriageway) every 5th line, secondaries between."""
    if i % 9 == 4:
        return "商业大街"
    if i % 5 == 0:
        return "主干道"
    if i % 2 == 0:
        return "次干道"
    return "支路"


NAMES_Y = ["友谊北路", "解放北路", "广东路", "琼州道", "利民道", "台儿庄路", "绍兴道", "梅江道", "卫津南路",
           "永安道", "吴家窑大街", "云南路", "西康路", "成都道", "体院北道", "宾西路", "环湖中道", "曲江路"]


def street_name(axis, i):
    """A street's name: from the district's lists, 大沽南路 then 大沽南二路 … when the list runs out."""
    names = NAMES_X if axis == 0 else NAMES_Y
    base, k = names[i % len(names)], i // len(names)
    return base if k == 0 else base[:-1] + "一二三四五六七八九"[k] + base[-1]


def line(points):
    g = ogr.Geometry(ogr.wkbLineString)
    for x, y in points:
        g.AddPoint_2D(x, y)
    return g


def point(x, y):
    g = ogr.Geometry(ogr.wkbPoint)
    g.AddPoint_2D(x, y)
    return g


def add_road(layer, geom, name, cls, duty):
    f = ogr.Feature(layer.GetLayerDefn())
    f["名称"] = name
    f["等级"] = cls
    f["责任单位"] = duty
    f.SetGeometry(geom)
    layer.CreateFeature(f)


def xy(axis, along, across):
    """A point of grid line `across` (axis 0: an east-west street at y = across) at `along`."""
    return (along, across) if axis == 0 else (across, along)


def add_roads(layer, n, block, rng):
    """Every street broken at every junction; junction links unnamed; main roads as two carriageways."""
    x0, y0 = ORIGIN
    count = 0
    for axis in (0, 1):
        for i in range(n + 1):
            cls, name = street_class(i), street_name(axis, i)
            across = (y0 if axis == 0 else x0) + i * block
            start = x0 if axis == 0 else y0
            duty = "" if i % 11 == 7 else DUTIES[i % len(DUTIES)]
            sides = [(-DUAL, True), (DUAL, False)] if cls == "主干道" else [(0.0, rng.random() < 0.5)]
            for off, backwards in sides:
                for k in range(n):
                    a, b = start + k * block + LINK, start + (k + 1) * block - LINK
                    pts = [xy(axis, a, across + off), xy(axis, b, across + off)]
                    add_road(layer, line(pts[::-1] if backwards else pts), name, cls, duty)
                    count += 1
                for k in range(n + 1):  # the junction links of this street (no name: no street)
                    c = start + k * block
                    lo, hi = max(c - LINK, start), min(c + LINK, start + n * block)
                    if hi - lo > 0.5:
                        add_road(layer, line([xy(axis, lo, across + off), xy(axis, hi, across + off)]), "", cls, "")
                        count += 1
    return count


def add_stops(layer, n, block, rng, platforms):
    """Platforms on both sides of streets, between junctions; one point per route at each."""
    x0, y0 = ORIGIN
    count = 0
    for p in range(platforms // 2):
        axis, i, k = rng.randrange(2), rng.randrange(n + 1), rng.randrange(n)
        across = (y0 if axis == 0 else x0) + i * block
        along = (x0 if axis == 0 else y0) + k * block + block / 2
        cross = street_name(1 - axis, k)
        name = f"{street_name(axis, i)}{cross}"[:10] + "站"
        for side in (-1, 1):
            routes = rng.randint(1, 8)
            for r in range(routes):
                x, y = xy(axis, along + r * 2.5 - routes, across + side * 18)
                f = ogr.Feature(layer.GetLayerDefn())
                f["编号"] = str(100000 + count)
                f["名称"] = name
                f["线路"] = f"{rng.randint(1, 900)}路"
                f.SetGeometry(point(x, y))
                layer.CreateFeature(f)
                count += 1
    return count


def add_ads(layer, n, block, rng, count):
    x0, y0 = ORIGIN
    for a in range(count):
        axis, i = rng.randrange(2), rng.randrange(n + 1)
        along = (x0 if axis == 0 else y0) + rng.uniform(0, n * block)
        across = (y0 if axis == 0 else x0) + i * block + rng.choice((-1, 1)) * rng.uniform(12, 25)
        x, y = xy(axis, along, across)
        f = ogr.Feature(layer.GetLayerDefn())
        f["编号"] = f"GG{a + 1:05d}"
        f["类型"] = "公益" if rng.random() < 0.8 else "商业"
        f["载体"] = weighted(rng, MEDIA)
        f["主题"] = rng.choice(THEMES)
        f["状况"] = weighted(rng, CONDITIONS)
        f["责任单位"] = "" if rng.random() < 0.1 else rng.choice(DUTIES)
        f.SetGeometry(point(x, y))
        layer.CreateFeature(f)


CONFIG = """# A district shaped as a desktop GIS exports it: made by scripts/gen_district.py (seed {seed}).
rulebook: default
output: out
inputs:
  roads:
    path: {gpkg}
    layer: roads
    fields: {{ name: 名称, class: 等级, duty: 责任单位 }}
    classes: {{ 商业大街: commercial, 主干道: main, 次干道: secondary }}
  ads:
    path: {gpkg}
    layer: ads
    fields: {{ id: 编号, kind: 类型, medium: 载体, theme: 主题, condition: 状况, duty: 责任单位 }}
  bus_stops: {{ path: {gpkg}, layer: bus_stops, fields: {{ id: 编号, name: 名称 }} }}
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--blocks", type=int, default=41, help="blocks per side (default 41)")
    ap.add_argument("--block", type=float, default=150, help="metres between parallel streets (default 150)")
    ap.add_argument("--ads", type=int, default=5000)
    ap.add_argument("--platforms", type=int, default=440, help="stop platforms (default 440: ~2,000 points)")
    ap.add_argument("--out", required=True, help="GeoPackage to write (replaced)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    if os.path.exists(args.out):
        os.remove(args.out)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32650)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(args.out)
    roads = ds.CreateLayer("roads", srs, ogr.wkbLineString)
    for name in ("名称", "等级", "责任单位"):
        roads.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    stops = ds.CreateLayer("bus_stops", srs, ogr.wkbPoint)
    for name in ("编号", "名称", "线路"):
        stops.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    ads = ds.CreateLayer("ads", srs, ogr.wkbPoint)
    for name in ("编号", "类型", "载体", "主题", "状况", "责任单位"):
        ads.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    ds.StartTransaction()
    nroads = add_roads(roads, args.blocks, args.block, rng)
    nstops = add_stops(stops, args.blocks, args.block, rng, args.platforms)
    add_ads(ads, args.blocks, args.block, rng, args.ads)
    ds.CommitTransaction()
    ds = None
    cfg = os.path.join(os.path.dirname(os.path.abspath(args.out)), "district.yaml")
    with open(cfg, "w", encoding="utf-8") as f:
        f.write(CONFIG.format(seed=args.seed, gpkg=os.path.basename(args.out)))
    print(f"{args.out}: {nroads} road features, {nstops} stop points, {args.ads} ads; config {cfg}")


if __name__ == "__main__":
    main()
