#!/usr/bin/env python3
"""Writes the small photo scene fixtures/photo_evidence/ (its GeoJSON and photos) and the photo fuzzer's
seeds fixtures/fuzz/photo/: tiny JPEGs and a PNG, with EXIF written by PIL as gen_photos.py writes it.
The files are committed; this script is how they were made (run it again only to change the scene, and
work its answer out again in the scene's city.yaml).

Usage: gen_photo_fixture.py [REPO]
"""
import json
import os
import random
import sys

from osgeo import osr
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_photos  # noqa: E402

X0, Y0 = 500000, 3540000  # EPSG:32650, as every fixture


def lonlat(x, y):
    utm, wgs = osr.SpatialReference(), osr.SpatialReference()
    utm.ImportFromEPSG(32650)
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    lon, lat, _ = osr.CoordinateTransformation(utm, wgs).TransformPoint(X0 + x, Y0 + y)
    return lon, lat


def layer(path, features):
    fc = {"type": "FeatureCollection",
          "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32650"}},
          "features": [{"type": "Feature", "properties": props,
                        "geometry": {"type": kind, "coordinates": coords}} for kind, coords, props in features]}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(fc, f, ensure_ascii=False, indent=1)
        f.write("\n")


def photo(path, theme, ad_id, when, gx, gy, size=(96, 72), orientation=1):
    import datetime
    rng = random.Random(ad_id)
    img = gen_photos.picture(theme, ad_id, "海报", size, rng)
    lon, lat = lonlat(gx, gy) if gx is not None else (None, None)
    exif = gen_photos.exif_bytes(datetime.datetime.fromisoformat(when), lon, lat, orientation)
    if path.endswith(".png"):
        img.save(path, exif=exif)
    else:
        img.save(path, quality=70, exif=exif)


def ad(ad_id, x, y, condition="完好", width=None, height=None):
    return ("Point", [X0 + x, Y0 + y], {"id": ad_id, "kind": "公益", "medium": "海报", "theme": "讲文明树新风",
                                        "condition": condition, "width_m": width, "height_m": height})


def scene(root):
    d = os.path.join(root, "fixtures", "photo_evidence")
    for sub in ("photos", "stop_photos"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    layer(os.path.join(d, "roads.geojson"),
          [("LineString", [[X0, Y0], [X0 + 300, Y0]], {"name": "甲路", "class": "商业大街", "duty": "城管局"})])
    layer(os.path.join(d, "ads.geojson"), [ad("P1", 100, 10), ad("P2", 200, -10, "破损"), ad("P3", 250, 10),
                                           ad("P4", 50, -10), ad("P5", 110, -1001, width=6, height=2)])
    layer(os.path.join(d, "hoardings.geojson"),
          [("LineString", [[X0 + 100, Y0 - 1000], [X0 + 120, Y0 - 1000]], {"id": "H1", "height_m": 2, "duty": "住建局"})])
    layer(os.path.join(d, "stops.geojson"), [("Point", [X0 + 150, Y0 + 40], {"id": "S1", "name": "甲路站"})])
    photo(os.path.join(d, "photos", "P1.jpg"), "讲文明树新风", "P1", "2026-10-01 09:30:00", 100, 10)
    photo(os.path.join(d, "photos", "P2.jpg"), "讲文明树新风", "P2", "2026-10-01 09:40:00", 200, -10)
    p2 = os.path.join(d, "photos", "P2.jpg")
    with open(p2, "r+b") as f:
        f.truncate(os.path.getsize(p2) // 2)
    photo(os.path.join(d, "photos", "P3.jpg"), "讲文明树新风", "P3", "2024-05-01 15:00:00", 250, 90)
    photo(os.path.join(d, "stop_photos", "S1.png"), "甲路站", "S1", "2026-11-20 08:00:00", 150, 40)
    photo(os.path.join(d, "photos", "P5.jpg"), "讲文明树新风", "P5", "2026-11-02 14:00:00", 110, -1001)


def seeds(root):
    d = os.path.join(root, "fixtures", "fuzz", "photo")
    os.makedirs(d, exist_ok=True)
    photo(os.path.join(d, "exif_gps.jpg"), "讲文明树新风", "F1", "2026-10-01 09:30:00", 0, 0, (48, 32))
    photo(os.path.join(d, "turned.jpg"), "核心价值观", "F2", "2025-01-01 10:00:00", None, None, (32, 48), 6)
    photo(os.path.join(d, "exif.png"), "文明城市", "F3", "2026-02-02 12:00:00", 10, 10, (40, 30))
    Image.new("L", (24, 16), 128).save(os.path.join(d, "grey.jpg"), quality=50)
    Image.new("CMYK", (16, 16), (0, 80, 80, 0)).save(os.path.join(d, "cmyk.jpg"), quality=50)
    Image.new("RGB", (40, 30), (200, 30, 30)).save(os.path.join(d, "progressive.jpg"), quality=60, progressive=True)
    Image.new("P", (20, 20), 3).save(os.path.join(d, "palette.png"))
    Image.new("RGBA", (20, 20), (10, 200, 10, 100)).save(os.path.join(d, "interlaced.png"), interlace=1)
    with open(os.path.join(d, "exif_gps.jpg"), "rb") as f:
        whole = f.read()
    with open(os.path.join(d, "truncated.jpg"), "wb") as f:
        f.write(whole[: len(whole) * 2 // 3])


if __name__ == "__main__":
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    scene(root)
    seeds(root)
