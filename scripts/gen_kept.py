#!/usr/bin/python3
"""The demo city written the way a city office keeps its data (issue 11, SPEC §11).

From the GeoPackage of scripts/gen_city.py it writes, into one folder:
  - 路网_主干道.shp, 路网_次干道.shp, 路网_商业大街.shp, 路网_支路.shp: one shapefile per road class, as a
    Chinese desktop GIS exports them: no class column (the file name says it), text in GBK while the
    .dbf's code page byte says 0x57 ("ANSI", Western), no .cpg;
  - 城管局公益广告台账.xlsx: the city management bureau's 台账 of every odd ad, a title row above the header,
    positions picked in a phone map app (GCJ-02 longitude/latitude, 经度/纬度), some typed as text, one in
    full-width digits, and an empty row;
  - 交通局台账.csv: the transport bureau's even ads, WGS 84 longitude/latitude from a GPS unit (lng/lat),
    saved by Excel on Chinese Windows (GBK, no BOM);
  - 公交站点.shp (GBK, 0x57) and 建筑物.shp: bus stops and buildings;
  - 创城点位.gpkg: the squares, parks and scenic areas (sites), their gates, hoardings, carriers and
    inspection points, one layer each.
The same city gives the same files.

    /usr/bin/python3 scripts/gen_kept.py --city examples/demo/city.gpkg --out examples/kept/data
"""
import argparse
import csv
import math
import os
import shutil

import xlsxwriter
from osgeo import ogr, osr

ogr.UseExceptions()

A, EE = 6378245.0, 0.00669342162296594323  # Krasovsky 1940, as the GCJ-02 offset uses it


def _offset_lat(x, y):
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _offset_lon(x, y):
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lon, lat):
    """What a Chinese map app shows for a WGS 84 position (the published GCJ-02 offset)."""
    dlat, dlon = _offset_lat(lon - 105.0, lat - 35.0), _offset_lon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - EE * math.sin(rad) ** 2
    sq = math.sqrt(magic)
    dlat = dlat * 180.0 / ((A * (1 - EE)) / (magic * sq) * math.pi)
    dlon = dlon * 180.0 / (A / sq * math.cos(rad) * math.pi)
    return lon + dlon, lat + dlat


def shapefile(path, srs, gtype, names, rows, gbk):
    """rows: (values by name, geometry). GBK text under a lying 0x57 byte, no .cpg, when gbk."""
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(path)
    lyr = ds.CreateLayer(os.path.basename(path)[:-4], srs, gtype, ["ENCODING=CP936"] if gbk else [])
    for n in names:
        lyr.CreateField(ogr.FieldDefn(n, ogr.OFTString))
    for vals, geom in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        for n in names:
            if vals.get(n) not in (None, ""):
                f.SetField(n, vals[n])
        f.SetGeometry(geom)
        lyr.CreateFeature(f)
    ds = None
    if gbk:
        os.remove(path[:-4] + ".cpg")
        with open(path[:-4] + ".dbf", "r+b") as dbf:
            dbf.seek(29)
            dbf.write(b"\x57")


def values(f, names):
    return {n: f.GetFieldAsString(n) for n in names if f.GetFieldIndex(n) >= 0 and f.IsFieldSetAndNotNull(n)}


def write_roads(city, out, srs):
    roads = city.GetLayerByName("roads")
    names = ["道路名称", "道路编码", "责任单位"]
    for cls in ["主干道", "次干道", "商业大街", "支路"]:
        roads.SetAttributeFilter(f"道路等级 = '{cls}'")
        rows = [(values(f, names), f.GetGeometryRef().Clone()) for f in roads]
        shapefile(f"{out}/路网_{cls}.shp", srs, ogr.wkbLineString, names, rows, True)
    roads.SetAttributeFilter(None)


def write_ads(city, out):
    ads = city.GetLayerByName("ads")
    cols = ["编号", "类型", "载体", "主题", "状况", "朝向", "面数", "宽", "高"]
    to_wgs = osr.CoordinateTransformation(ads.GetSpatialRef(), wgs84())
    full = str.maketrans("0123456789.", "０１２３４５６７８９．")
    book = xlsxwriter.Workbook(f"{out}/城管局公益广告台账.xlsx")
    sheet = book.add_worksheet("公益广告")
    sheet.write_string(0, 0, "城管局公益广告台账（2026年12月，手机地图采集）")
    for c, h in enumerate(["编号", "经度", "纬度"] + cols[1:]):
        sheet.write_string(1, c, h)
    row, kept, transport = 2, 0, []
    for i, f in enumerate(ads):
        lon, lat, _ = to_wgs.TransformPoint(f.GetGeometryRef().GetX(), f.GetGeometryRef().GetY())
        vals = [f.GetFieldAsString(c) if f.IsFieldSetAndNotNull(c) else "" for c in cols]
        if i % 2 == 0:
            transport.append([vals[0], f"{lon:.8f}", f"{lat:.8f}"] + vals[1:])
            continue
        glon, glat = wgs84_to_gcj02(lon, lat)
        if kept == 5:
            row += 1  # an empty row
        sheet.write_string(row, 0, vals[0])
        if kept % 3 == 0:  # typed as text, one of them in full-width digits
            text = f"{glon:.8f}"
            sheet.write_string(row, 1, text.translate(full) if kept == 3 else f" {text} ")
        else:
            sheet.write_number(row, 1, round(glon, 8))
        sheet.write_number(row, 2, round(glat, 8))
        for c, v in enumerate(vals[1:]):
            if v != "":
                sheet.write_string(row, 3 + c, v)
        row += 1
        kept += 1
    book.close()
    with open(f"{out}/交通局台账.csv", "w", encoding="gbk", newline="") as fcsv:
        w = csv.writer(fcsv)
        w.writerow(["编号", "lng", "lat"] + cols[1:])
        w.writerows(transport)


def wgs84():
    s = osr.SpatialReference()
    s.ImportFromEPSG(4326)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def copy_layer(city, name, out_ds, out_name=None):
    src = city.GetLayerByName(name)
    out_ds.CopyLayer(src, out_name or name)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--city", required=True, help="the GeoPackage scripts/gen_city.py wrote")
    ap.add_argument("--out", required=True, help="the folder to write (made anew)")
    a = ap.parse_args()
    shutil.rmtree(a.out, ignore_errors=True)
    os.makedirs(a.out)
    city = ogr.Open(a.city)
    srs = city.GetLayerByName("roads").GetSpatialRef()
    write_roads(city, a.out, srs)
    write_ads(city, a.out)
    stops = city.GetLayerByName("bus_stops")
    shapefile(f"{a.out}/公交站点.shp", srs, ogr.wkbPoint, ["编号", "名称"],
              [(values(f, ["编号", "名称"]), f.GetGeometryRef().Clone()) for f in stops], True)
    buildings = city.GetLayerByName("buildings")
    shapefile(f"{a.out}/建筑物.shp", srs, ogr.wkbPolygon, [],
              [({}, f.GetGeometryRef().Clone()) for f in buildings], False)
    points = ogr.GetDriverByName("GPKG").CreateDataSource(f"{a.out}/创城点位.gpkg")
    for name in ["sites", "gates", "hoardings", "carriers", "inspection_points"]:
        copy_layer(city, name, points)
    points = None


if __name__ == "__main__":
    main()
