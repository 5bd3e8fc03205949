#!/usr/bin/env python3
"""Makes the survey crew's photos of a city's ads: one JPEG per ad, named after its id (photos/ID.jpg, as a
source's `photos:` folder wants them), each a picture of the poster with its theme written on it, with EXIF
DateTimeOriginal and GPS written as a phone writes them. On purpose, as real surveys are: some photos are old
(taken 13 to 30 months before --today), some were taken elsewhere (their GPS 80 to 300 m off), some are
missing, a few are stored on their side with an EXIF orientation, one is cut short and one is a PNG.

--phone makes 4000 x 3000 photos of 2 to 3 MB, as a phone takes them, for the benchmarks: a pool of --pool
distinct pictures, each ad's file a hard link to one of them (the decoding costs the same; the disk does not
fill).

Usage: gen_photos.py CITY.gpkg OUT_DIR [--seed S] [--today YYYY-MM-DD] [--phone] [--pool N]
"""
import argparse
import datetime
import os
import random
import sys

from osgeo import ogr, osr
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
COLOURS = {"讲文明树新风": (196, 30, 36), "核心价值观": (200, 40, 40), "文明健康": (20, 110, 70),
           "中国梦": (180, 30, 30), "文明城市": (30, 80, 160)}


def colour_of(theme):
    for key, rgb in COLOURS.items():
        if key in theme:
            return rgb
    return (120, 60, 140)


def dms(deg):
    d = int(deg)
    m = int((deg - d) * 60)
    s = (deg - d - m / 60) * 3600
    return (float(d), float(m), round(s, 4))


def exif_bytes(when, lon, lat, orientation=1):
    ex = Image.Exif()
    ex[0x0112] = orientation
    ex[0x8769] = {0x9003: when.strftime("%Y:%m:%d %H:%M:%S")}
    if lon is not None:
        ex[0x8825] = {1: "N" if lat >= 0 else "S", 2: dms(abs(lat)), 3: "E" if lon >= 0 else "W", 4: dms(abs(lon))}
    return ex.tobytes()


def picture(theme, ad_id, medium, size, rng):
    w, h = size
    img = Image.new("RGB", (w, h), (150, 180, 210))
    d = ImageDraw.Draw(img)
    d.rectangle([0, int(h * 0.62), w, h], fill=(110, 110, 105))  # the pavement
    for i in range(6):  # buildings behind
        x = int(w * i / 6)
        d.rectangle([x, int(h * rng.uniform(0.15, 0.35)), x + int(w / 6) - 4, int(h * 0.62)],
                    fill=tuple(rng.randint(150, 200) for _ in range(3)))
    px0, py0, px1, py1 = int(w * 0.18), int(h * 0.2), int(w * 0.82), int(h * 0.72)
    d.rectangle([px0 - 6, py0 - 6, px1 + 6, py1 + 6], fill=(60, 60, 60))
    d.rectangle([px0, py0, px1, py1], fill=colour_of(theme))
    font = ImageFont.truetype(FONT, max(12, int(h * 0.09)), index=0)
    small = ImageFont.truetype(FONT, max(10, int(h * 0.045)), index=0)
    text = theme[:12] or "公益广告"
    tw = d.textlength(text, font=font)
    d.text(((w - tw) / 2, py0 + (py1 - py0) * 0.3), text, font=font, fill=(255, 240, 200))
    d.text((px0 + 10, py1 - int(h * 0.07)), "%s · %s" % (medium, ad_id), font=small, fill=(255, 255, 255))
    return img


def phone_texture(img, rng):
    """Grain as a phone sensor leaves it: what makes a 12-megapixel JPEG (quality 88) weigh 2 to 3 MB."""
    noise = Image.effect_noise(img.size, 40).convert("RGB")
    return Image.blend(img, noise, 0.12)


def ads_of(path):
    ds = ogr.Open(path)
    layer = ds.GetLayerByName("ads")
    srs = layer.GetSpatialRef()
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(srs, wgs)
    out = []
    for f in layer:
        g = f.GetGeometryRef()
        lon, lat, _ = ct.TransformPoint(g.GetX(), g.GetY())
        names = [layer.GetLayerDefn().GetFieldDefn(k).GetName() for k in range(f.GetFieldCount())]
        pick = lambda *keys: next((f[k] or "" for k in keys if k in names), "")  # noqa: E731
        out.append((pick("编号", "id") or str(f.GetFID()), pick("主题", "theme"), pick("载体", "medium"), lon, lat))
    return out


def offset(lon, lat, rng, metres):
    a = rng.uniform(0, 6.283185307)
    import math
    return (lon + metres * math.cos(a) / (111320 * math.cos(math.radians(lat))), lat + metres * math.sin(a) / 110540)


def when(today, rng, old):
    days = rng.randint(400, 900) if old else rng.randint(5, 300)
    t = datetime.datetime.combine(today, datetime.time(9, 0)) - datetime.timedelta(days=days)
    return t + datetime.timedelta(minutes=rng.randint(0, 600))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("city")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--today", default=None, help="the date the photos' ages count back from (default today)")
    ap.add_argument("--phone", action="store_true", help="4000 x 3000 photos of 2-3 MB, hard-linked from a pool")
    ap.add_argument("--pool", type=int, default=24)
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    today = datetime.date.fromisoformat(a.today) if a.today else datetime.date.today()
    os.makedirs(a.out, exist_ok=True)
    for name in os.listdir(a.out):  # photos of an earlier city
        if name.lower().endswith((".jpg", ".png")):
            os.remove(os.path.join(a.out, name))
    ads = ads_of(a.city)
    if a.phone:
        pool = []
        for i in range(min(a.pool, len(ads))):
            ad_id, theme, medium, lon, lat = ads[i]
            img = phone_texture(picture(theme, "P%02d" % i, medium, (4000, 3000), rng), rng)
            path = os.path.join(a.out, ".pool%02d.jpg" % i)
            img.save(path, quality=88, exif=exif_bytes(when(today, rng, False), None, None))
            pool.append(path)
        for k, (ad_id, *_rest) in enumerate(ads):
            os.link(pool[k % len(pool)], os.path.join(a.out, ad_id + ".jpg"))
        print("%s: %d photos (%d distinct, %.1f MB each on average)" % (
            a.out, len(ads), len(pool), sum(os.path.getsize(p) for p in pool) / len(pool) / 1e6))
        return 0
    counts = {"photos": 0, "missing": 0, "old": 0, "far": 0, "turned": 0}
    for k, (ad_id, theme, medium, lon, lat) in enumerate(ads):
        r = rng.random()
        if r < 0.05:
            counts["missing"] += 1
            continue
        old = 0.05 <= r < 0.13
        far = 0.13 <= r < 0.18
        counts["old"] += old
        counts["far"] += far
        plon, plat = offset(lon, lat, rng, rng.uniform(80, 300)) if far else offset(lon, lat, rng, rng.uniform(0, 12))
        img = picture(theme, ad_id, medium, (640, 480), rng)
        orientation = 1
        if rng.random() < 0.08:  # held upright: stored on its side, as phones store it
            img = img.rotate(90, expand=True)
            orientation = 6
            counts["turned"] += 1
        path = os.path.join(a.out, ad_id + ".jpg")
        if k == 1:  # a screenshot someone sent instead: a PNG without EXIF, under the name the folder wants
            img.save(os.path.join(a.out, ad_id + ".png"))
        else:
            img.save(path, quality=85, exif=exif_bytes(when(today, rng, old), plon, plat, orientation))
        if k == 2:  # the upload was cut short
            with open(path, "r+b") as f:
                f.truncate(os.path.getsize(path) // 2)
        counts["photos"] += 1
    print("%s: %d photos of %d ads (%d missing, %d old, %d taken elsewhere, %d stored on their side, "
          "1 cut short, 1 PNG)" % (a.out, counts["photos"], len(ads), counts["missing"], counts["old"],
                                   counts["far"], counts["turned"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
