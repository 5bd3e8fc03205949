#!/usr/bin/python3
"""Adds the suggested posters of each city to its ads, runs adcov again, and checks that every stretch
that had suggestions now passes (SPEC §8: "Added to the ads, they make the stretch pass").

usage: suggestions_pass.py ADCOV OUTDIR CONFIG...
Each config is run as it is; its suggestions.geojson is appended to a copy of its ads layer (in the
ads layer's own CRS and field names) and the copy is run with the same config otherwise.
"""
import json
import os
import subprocess
import sys

import yaml
from osgeo import ogr, osr

ogr.UseExceptions()
osr.UseExceptions()


def run(adcov, config, out, may_refuse=False):
    """Runs a check; False when adcov refused the scene as bad input and may_refuse is set."""
    p = subprocess.run([adcov, "check", "-c", config, "-o", out], capture_output=True, text=True)
    if p.returncode == 2 and may_refuse:
        return False
    if p.returncode not in (0, 1):
        sys.exit(f"{config}: adcov exited {p.returncode}: {p.stderr}")
    return True


def features(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["features"]


def with_suggestions(config, suggestions, out):
    """Writes out/city.yaml whose ads are the config's ads plus the suggestions; None when the ads
    cannot be copied as they are (coordinates picked in a Chinese map app)."""
    with open(config, encoding="utf-8") as f:
        cfg = yaml.safe_load(f)
    base = os.path.dirname(os.path.abspath(config))
    ads = cfg["inputs"]["ads"]
    if ads.get("datum", "wgs84") != "wgs84" or "x" in ads:
        return None
    fields = {"id": "id", "kind": "kind", "medium": "medium", "theme": "theme", "condition": "condition",
              "facing": "facing"}
    fields.update(ads.get("fields", {}))
    src = ogr.Open(os.path.join(base, ads["path"]))
    layer = src.GetLayerByName(ads["layer"]) if "layer" in ads else src.GetLayer(0)
    dst_path = os.path.join(out, "ads_with_suggestions.gpkg")
    if os.path.exists(dst_path):
        os.remove(dst_path)
    dst = ogr.GetDriverByName("GPKG").CreateDataSource(dst_path)
    copy = dst.CopyLayer(layer, "ads")
    names = [copy.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(copy.GetLayerDefn().GetFieldCount())]
    for key in ("id", "kind", "medium", "theme", "condition", "facing"):
        if fields[key] not in names:
            copy.CreateField(ogr.FieldDefn(fields[key], ogr.OFTString))
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    target = layer.GetSpatialRef()
    if ads.get("crs"):
        target = osr.SpatialReference()
        target.SetFromUserInput(ads["crs"])
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_ads = osr.CoordinateTransformation(wgs84, target)
    for s in suggestions:
        p = s["properties"]
        lon, lat = s["geometry"]["coordinates"]
        x, y, _ = to_ads.TransformPoint(lon, lat)
        f = ogr.Feature(copy.GetLayerDefn())
        f.SetField(fields["id"], "SUG-" + p["id"])
        f.SetField(fields["kind"], p["kind"])
        f.SetField(fields["medium"], p["medium"])
        f.SetField(fields["theme"], p["theme"])
        f.SetField(fields["condition"], p["condition"])
        f.SetField(fields["facing"], str(p["facing"]))
        f.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({x!r} {y!r})"))
        copy.CreateFeature(f)
    dst = None
    ads = dict(ads, path=dst_path, layer="ads")
    ads.pop("encoding", None)
    ads.pop("crs", None)
    cfg["inputs"]["ads"] = ads
    for role, spec in cfg["inputs"].items():
        if role != "ads":
            spec["path"] = os.path.join(base, spec["path"])
    if "rulebook" in cfg and os.path.exists(os.path.join(base, str(cfg["rulebook"]))):
        cfg["rulebook"] = os.path.join(base, cfg["rulebook"])
    cfg["output"] = os.path.join(out, "after")
    path = os.path.join(out, "city.yaml")
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(cfg, f, allow_unicode=True)
    return path


def main():
    adcov, outdir, configs = sys.argv[1], sys.argv[2], sys.argv[3:]
    if not configs:
        sys.exit("no scenes given: a check over no scene proves nothing")
    bad = served_in_all = 0
    for config in configs:
        name = os.path.basename(os.path.dirname(os.path.abspath(config)))
        out = os.path.join(outdir, name)
        os.makedirs(out, exist_ok=True)
        if not run(adcov, config, os.path.join(out, "before"), may_refuse=True):
            print(f"{name}: refused as bad input (a scene of the error tests), skipped")
            continue
        sugg = features(os.path.join(out, "before", "suggestions.geojson"))
        if not sugg:
            continue
        cfg2 = with_suggestions(config, sugg, out)
        if not cfg2:
            print(f"{name}: ads picked in a map app's datum, not copied")
            continue
        run(adcov, cfg2, os.path.join(out, "after"))
        no_room = {(f["properties"]["rule"], f["properties"]["stretch"])
                   for f in features(os.path.join(out, "before", "stretches.geojson")) if f["properties"]["no_room"]}
        served = {(s["properties"]["rule"], s["properties"]["stretch"]) for s in sugg} - no_room
        status = {(f["properties"]["rule"], f["properties"]["stretch"]): f["properties"]["status"]
                  for f in features(os.path.join(out, "after", "stretches.geojson"))}
        still = sorted(k for k in served if status.get(k) != "pass")
        print(f"{name}: {len(sugg)} posters for {len(served)} stretches; still failing: {len(still)}"
              + (f"; {len(no_room)} stretches listed with no room for enough posters" if no_room else ""))
        for k in still:
            print(f"  {k[0]} {k[1]}: {status.get(k)}")
        bad += len(still)
        served_in_all += len(served)
    if served_in_all == 0:
        sys.exit("no scene had a stretch served by suggestions: nothing was checked")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
