#!/usr/bin/python3
"""The report of a whole district still reads (issue 12): a district the size of Tianjin 河西区 made by
scripts/gen_district.py (8,300 road features with junction links and dual carriageways, 2,052 stop
points one per route, 5,000 ads, seven duty units and none), checked, then read as a planner would.

usage: district_report.py ADCOV OUTDIR
"""
import collections
import csv
import json
import os
import re
import subprocess
import sys

adcov, out = sys.argv[1:3]
here = os.path.dirname(os.path.abspath(__file__))
gpkg = os.path.join(out, "district.gpkg")
subprocess.run(["/usr/bin/python3", os.path.join(here, "..", "scripts", "gen_district.py"), "--out", gpkg],
               check=True, capture_output=True)
p = subprocess.run([adcov, "check", "-c", os.path.join(out, "district.yaml")], capture_output=True, text=True)
if p.returncode != 1:
    sys.exit(f"district_report: adcov exited {p.returncode}, not 1: {p.stderr}")
run = os.path.join(out, "out")
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


# streets as walked: junction links are no streets, each main road is walked once
acc = list(csv.DictReader(open(os.path.join(run, "accounting.csv"), encoding="utf-8-sig")))
roads = collections.Counter(r["status"] for r in acc if r["layer"] == "roads")
stops = collections.Counter(r["status"] for r in acc if r["layer"] == "bus_stops")
check(roads["unnamed"] > 2000, f"junction links not accounted unnamed: {roads}")
check(roads["dual"] > 0, f"no other carriageway found: {roads}")
stretches = json.load(open(os.path.join(run, "stretches.geojson"), encoding="utf-8"))["features"]
walked = collections.Counter(f["properties"]["street"] for f in stretches if f["properties"]["status"] in ("pass", "fail"))
check(all(n == 1 for n in walked.values()), f"a street walked in pieces or twice: {walked.most_common(3)}")
check(not any("unnamed" in f["properties"]["street"] for f in stretches), "an unnamed piece became a street")
# stops: one per platform, the other route points merged into it
sites = json.load(open(os.path.join(run, "sites.geojson"), encoding="utf-8"))["features"]
judged = [f for f in sites if f["properties"]["rule"] == "busstop.count"]
check(len(judged) == stops["checked"] and stops["merged"] == 2052 - len(judged),
      f"stops: {len(judged)} judged, accounting {stops}")
check(len(judged) <= 440, f"{len(judged)} stops judged for 440 platforms")

page = open(os.path.join(run, "report.html"), encoding="utf-8").read()
# no cell runs over a page: a duty unit's failures are ranges, cut to a count past twelve
for cell in re.findall(r'<td class="w">[^<]*</td><td class="n">\d+</td><td class="n">\d+</td><td><small>([^<]*)</small>',
                       page):
    check(len(cell) < 160, f"a duty unit's failure numbers run to {len(cell)} characters: {cell[:80]}…")
check("未指定责任单位" in page, "failures without a duty unit are not listed as such")
# no total across rules that count different things
rules_table = page.split("<h2>规则与结果</h2>", 1)[1].split("</table>", 1)[0]
check("合计" not in rules_table, "the rules table sums stretches and stops")
# the city map draws what matters and says what it left out; every colour it uses is in the legend
city = re.search(r'<svg class="city".*?</svg>', page, re.S).group(0)
check('class="d3"' not in city and 'class="d4"' not in city, "the city map draws 5,000 ad dots")
check("5000 处广告" in page, "the city map does not say it left the ads out")
legend = re.search(r'<p class="legend">(.*?)</p>', page, re.S).group(1)
legend_colours = set(re.findall(r"background:#([0-9A-F]{6})", legend))
css = dict(re.findall(r"\.k(\d+)\{stroke:#([0-9A-F]{6})", page))
css.update({k: v for k, v in re.findall(r"\.d(\d+)\{stroke:#([0-9A-F]{6})", page)})
used = set(re.findall(r'class="[kd](\d+)"', city))
for k in used:
    check(css.get(k) in legend_colours, f"ink {k} (#{css.get(k)}) on the city map is not in the legend")
# detail maps name their streets
smalls = re.findall(r'<svg class="small".*?</svg>', page, re.S)
street_maps = [s for s in smalls if 'class="k2"' in s]
named = [s for s in street_maps if '<text class="lbl"' in s]
check(street_maps and len(named) == len(street_maps), f"{len(street_maps) - len(named)} street maps without names")
# two platforms of one stop are told apart in the failure list
places = re.findall(r'<td>busstop\.count</td><td>([^<]*)</td>', page)
check(places and len(set(places)) == len(places), "failing stops share a place name in the list")

# the PDF: no total row, no page-long cell
pdf = os.path.join(run, "report.pdf")
text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
check("合计" not in text, "report.pdf sums across rules")
pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
check(pages < 45, f"report.pdf has {pages} pages")

if failures:
    sys.exit("district_report: " + "; ".join(failures))
print(f"district_report: {sum(walked.values())} stretches, {len(judged)} stops, {pages} PDF pages read well")
