#!/usr/bin/env bash
# Installed like any Unix tool (issue 11): a copy of the sources is built, installed under a prefix P
# and removed; P/bin/adcov then prints its rulebook from P/share/adcov/rulebooks and checks a fixture.
set -eu
src=$1 fixtures=$2 work=$3
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$work"
mkdir -p "$work/src"
cp -r "$src/CMakeLists.txt" "$src/analyzer" "$src/geo" "$work/src/"
cmake -S "$work/src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build "$work/build" --target adcov -j "$(nproc)" >/dev/null
cmake --install "$work/build" --prefix "$work/P" >/dev/null
rm -rf "$work/src" "$work/build"
unset ADCOV_RULEBOOK_DIR
[ -x "$work/P/bin/adcov" ] || fail "no P/bin/adcov"
[ -f "$work/P/share/adcov/rulebooks/default.yaml" ] || fail "no rulebooks under P/share/adcov"
"$work/P/bin/adcov" rules > "$work/rules.txt" || fail "adcov rules failed after the source tree was gone"
grep -q "$work/P/bin/../share/adcov/rulebooks/default.yaml" "$work/rules.txt" || fail "adcov rules did not read P's rulebook: $(head -3 "$work/rules.txt")"
"$work/P/bin/adcov" rules --rulebook national-2015 | grep -q "national-2015" || fail "national-2015 not found"
cp -r "$fixtures/straight_known_chainages" "$work/city"
set +e
(cd "$work" && P/bin/adcov check -c city/city.yaml -o here --only street.commercial,street.main >/dev/null)
rc=$?
set -e
[ $rc -le 1 ] || fail "adcov check exited $rc"
[ -s "$work/here/gaps.geojson" ] || fail "-o here is not relative to the working folder"
[ -s "$work/here/report.pdf" ] || fail "no report.pdf (fonts) from the installed program"
"$work/P/bin/adcov" --help | grep -q "relative to the folder you run adcov in" || fail "--help does not say what -o is relative to"
echo "install: 1 passed, 0 failed"
