#!/usr/bin/env bash
# Spreadsheet safety (issue 11): fixtures/csv_formula_names feeds the classic formula payloads through
# street names, duty units, an ad id, a stop id and a stop name. In every CSV adcov writes, a cell that
# Excel or WPS would run (first character = + - @ tab or CR) must be a plain number or start with ';
# each payload must be there, as text; rectification.xlsx keeps them as text (no formula cell).
set -u
adcov=$1 fixtures=$2 out=$3
rm -rf "$out"
"$adcov" check -c "$fixtures/csv_formula_names/city.yaml" -o "$out" --only street.commercial,busstop.count >/dev/null
rc=$?
[ $rc -eq 1 ] || { echo "FAIL: adcov check exited $rc, not 1"; exit 1; }
exec /usr/bin/python3 - "$out" <<'PY'
import csv, re, sys, zipfile
out = sys.argv[1]
number = re.compile(r'^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$')
payloads = ['=HYPERLINK("http://evil.example/x","点我")', "@SUM(1+1)*cmd|' /C calc'!A0", "+cmd|' /C calc'!A0",
            "-2+3", "=1+1", "\tS1", "=cmd|' /C calc'!A0"]
seen = set()
for name in ["results.csv", "accounting.csv", "rectification.csv"]:
    with open(f"{out}/{name}", encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f):
            for cell in row:
                assert not cell or cell[0] not in "=+-@\t\r" or number.match(cell), (name, cell)
                for p in payloads:
                    if cell.startswith("'" + p):
                        seen.add(p)
missing = [p for p in payloads if p not in seen]
assert not missing, f"payloads not found as ' text: {missing}"
# the ad id -10 is a number and stays one
with open(f"{out}/rectification.csv", encoding="utf-8-sig", newline="") as f:
    assert any(row[2] == "-10" for row in csv.reader(f)), "the ad id -10 did not stay a number"
with zipfile.ZipFile(f"{out}/rectification.xlsx") as z:
    sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets
    for n in sheets:
        assert "<f>" not in z.read(n).decode(), f"{n} holds a formula cell"
    # texts are written inline in the sheets (constant-memory mode), or in a shared string table
    strings = "".join(z.read(n).decode() for n in z.namelist() if n in sheets or n == "xl/sharedStrings.xml")
    assert "=HYPERLINK(&quot;http://evil.example/x&quot;" in strings or '=HYPERLINK("http://evil.example/x"' in strings, \
        "the street's name is not kept as text in the .xlsx"
print("csv_safety: 1 passed, 0 failed")
PY
