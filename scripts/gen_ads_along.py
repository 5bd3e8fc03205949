#!/usr/bin/python3
"""Seeded ad inventory along the real streets of a district (OpenStreetMap has no ads).

Reads the `roads` layer of a district GeoPackage (e.g. ../shared/data/nanjing_xinjiekou), and
places public-service and commercial ads 8-16 m beside the named main, secondary and tertiary
roads, facing the street, with realistic media, themes and conditions. Writes a GeoPackage
layer `ads` in WGS 84 with the canonical field names (id, kind, medium, theme, condition,
facing, sides, width_m, height_m).

    /usr/bin/python3 scripts/gen_ads_along.py --src ../shared/data/nanjing_xinjiekou/nanjing_xinjiekou.gpkg \
        --out /tmp/nanjing_ads.gpkg --seed 11
"""
import argparse
import math
import os
import random
import sys

from osgeo import ogr, osr

ogr.UseExceptions()
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_city import CONDITIONS, MEDIA, THEMES, weighted  # noqa: E402

CLASSES = ("trunk", "primary", "secondary", "tertiary")


def utm_for(lon, lat):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG((32600 if lat >= 0 else 32700) + int((lon + 180) // 6) + 1)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def lines_of(geom):
    if geom.GetGeometryType() in (ogr.wkbLineString, ogr.wkbLineString25D):
        yield geom
    else:
        for i in range(geom.GetGeometryCount()):
            yield geom.GetGeometryRef(i)


def place(rng, line, spacing):
    """(x, y, facing) of ads beside line, about one per `spacing` metres."""
    pts = [line.GetPoint_2D(i) for i in range(line.GetPointCount())]
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        seg = math.hypot(x1 - x0, y1 - y0)
        t = rng.uniform(0, spacing)
        while t < seg:
            ux, uy = (x1 - x0) / seg, (y1 - y0) / seg
            side = rng.choice((-1, 1))
            off = rng.uniform(8, 16) * side
            nx, ny = -uy * off, ux * off  # left normal times offset
            facing = math.degrees(math.atan2(-nx, -ny)) % 360  # toward the street
            yield x0 + ux * t + nx, y0 + uy * t + ny, facing
            t += rng.uniform(0.3, 1.7) * spacing


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--spacing", type=float, default=60.0, help="mean metres between ads along a road")
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    src = ogr.Open(a.src)
    roads = src.GetLayerByName("roads")
    minx, maxx, miny, maxy = roads.GetExtent()
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    utm = utm_for((minx + maxx) / 2, (miny + maxy) / 2)
    to_utm = osr.CoordinateTransformation(wgs, utm)
    to_wgs = osr.CoordinateTransformation(utm, wgs)
    if os.path.exists(a.out):
        os.remove(a.out)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(a.out)
    out = ds.CreateLayer("ads", wgs, ogr.wkbPoint)
    for name, kind in (("id", ogr.OFTString), ("kind", ogr.OFTString), ("medium", ogr.OFTString),
                       ("theme", ogr.OFTString), ("condition", ogr.OFTString), ("facing", ogr.OFTReal),
                       ("sides", ogr.OFTInteger), ("width_m", ogr.OFTReal), ("height_m", ogr.OFTReal)):
        out.CreateField(ogr.FieldDefn(name, kind))
    out.StartTransaction()
    n = 0
    for road in sorted(roads, key=lambda f: f.GetFID()):
        if road["highway"] not in CLASSES or not road["name"]:
            continue
        g = road.GetGeometryRef().Clone()
        g.Transform(to_utm)
        for line in lines_of(g):
            for x, y, facing in place(rng, line, a.spacing):
                n += 1
                f = ogr.Feature(out.GetLayerDefn())
                f["id"] = "NJ%05d" % n
                f["kind"] = "公益" if rng.random() < 0.8 else "商业"
                medium = weighted(rng, MEDIA)
                f["medium"] = medium
                f["theme"] = rng.choice(THEMES)
                f["condition"] = weighted(rng, CONDITIONS)
                if rng.random() < 0.7:
                    f["facing"] = round((facing + rng.uniform(-25, 25)) % 360, 1)
                    f["sides"] = 2 if medium in ("灯杆旗",) else 1
                pt = ogr.Geometry(ogr.wkbPoint)
                pt.AddPoint_2D(x, y)
                pt.Transform(to_wgs)
                f.SetGeometry(pt)
                out.CreateFeature(f)
    out.CommitTransaction()
    print("%s: %d ads along the %s roads of %s" % (a.out, n, "/".join(CLASSES), a.src))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
