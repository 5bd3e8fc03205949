#!/usr/bin/python3
"""Draws an adcov output folder as a PNG gap map: streets by result, gaps in red, ads as dots.

    /usr/bin/python3 scripts/draw_map.py examples/demo/out docs/demo-gaps.png
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["features"]


def lines(feature):
    g = feature["geometry"]
    return [g["coordinates"]] if g["type"] == "LineString" else g["coordinates"]


def main(out_dir, png):
    cjk = False
    for name in ("Noto Sans CJK JP", "Noto Sans CJK SC", "WenQuanYi Zen Hei", "AR PL UMing CN"):
        if any(name in f.name for f in font_manager.fontManager.ttflist):
            plt.rcParams["font.family"] = name
            cjk = True
            break
    fig, ax = plt.subplots(figsize=(8, 8), dpi=110)
    colours = {"pass": "#2e7d32", "fail": "#9e9e9e", "skipped": "#cfcfcf"}
    labelled = set()
    for f in load(out_dir + "/stretches.geojson"):
        for ln in lines(f):
            xs, ys = zip(*ln)
            ax.plot(xs, ys, color=colours.get(f["properties"]["status"], "#cccccc"), lw=2.5, zorder=1)
            name = f["properties"]["street"]
            if cjk and name not in labelled:  # street names need a Chinese font (fonts-noto-cjk)
                labelled.add(name)
                vertical = abs(xs[-1] - xs[0]) < abs(ys[-1] - ys[0])
                ax.annotate(name, (xs[0], ys[0]), xytext=(0, -12) if vertical else (-30, 0),
                            textcoords="offset points", fontsize=8, ha="center", va="center",
                            rotation=0, color="#333333")
    for f in load(out_dir + "/gaps.geojson"):
        for ln in lines(f):
            xs, ys = zip(*ln)
            ax.plot(xs, ys, color="#d32f2f", lw=4, alpha=0.55, zorder=2)
    counted = [f["geometry"]["coordinates"] for f in load(out_dir + "/ads.geojson") if f["properties"]["counted_for"]]
    other = [f["geometry"]["coordinates"] for f in load(out_dir + "/ads.geojson") if not f["properties"]["counted_for"]]
    if other:
        ax.scatter(*zip(*other), s=6, color="#90a4ae", zorder=3, label="ad that counts for no rule")
    if counted:
        ax.scatter(*zip(*counted), s=10, color="#1565c0", zorder=4, label="ad counted for a rule")
    ax.plot([], [], color="#2e7d32", lw=2.5, label="stretch passes")
    ax.plot([], [], color="#9e9e9e", lw=2.5, label="stretch fails")
    ax.plot([], [], color="#d32f2f", lw=4, alpha=0.55, label="gap: a walk here sees too few")
    ax.set_aspect(1 / 0.848)  # about cos(32°): degrees of longitude are shorter
    ax.set_xticks([])
    ax.set_yticks([])
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=2, frameon=False, fontsize=9)
    ax.set_title("adcov demo: where a 500 m walk sees too few public-service ads", fontsize=11)
    fig.tight_layout()
    fig.savefig(png)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
