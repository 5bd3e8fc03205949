#!/usr/bin/env bash
# The adcov program as a user runs it: exit status 0 / 1 / 2, --help and --version on stdout.
# usage: cli_exit_codes.sh ADCOV FIXTURES OUTDIR
set -u
adcov=$1 fx=$2 out=$3
fail=0 passed=0 failed=0
expect() { # expect STATUS ARGS...: runs adcov ARGS, checks its exit status
  local want=$1; shift
  "$adcov" "$@" >"$out/stdout" 2>"$out/stderr"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL: adcov $* exited $got, expected $want"; cat "$out/stderr"; fail=1; failed=$((failed + 1))
  else
    echo "ok: adcov $* -> $got"; passed=$((passed + 1))
  fi
}
mkdir -p "$out"
expect 0 --help
grep -q "^usage: adcov check" "$out/stdout" || { echo "FAIL: --help prints no usage"; fail=1; }
expect 0 check --help
expect 0 --version
grep -q "^adcov [0-9]" "$out/stdout" || { echo "FAIL: --version prints no version"; fail=1; }
expect 2
expect 2 frobnicate
expect 2 check
expect 2 check -c "$fx/straight_known_chainages/city.yaml" --phase weekly
expect 1 check -c "$fx/straight_known_chainages/city.yaml" -o "$out/straight"        # the gap of 702 m
expect 0 check -c "$fx/sized_panel/city.yaml" -o "$out/sized"                         # passes
expect 2 check -c "$fx/config_typo/city.yaml" -o "$out/typo"
grep -q "config_typo/city.yaml:3:inptus: unknown key 'inptus'" "$out/stderr" || { echo "FAIL: typo message"; fail=1; }
[ ! -e "$out/typo" ] || { echo "FAIL: a failed run left an output folder"; fail=1; }
expect 0 rules --rulebook national-2015
grep -q "全国文明城市测评体系（2015年版）" "$out/stdout" || { echo "FAIL: rules prints no source"; fail=1; }
# convert: the Amap CSV back to WGS 84 lands on the WGS 84 fixture's points (117.001058657, 31.996159469)
rm -rf "$out/convert"; mkdir -p "$out/convert"
expect 0 convert --from gcj02 --to wgs84 --x lng --y lat "$fx/ads_in_gcj02/ads.csv" "$out/convert/ads.geojson"
grep -q "117.0010587, 31.9961595" "$out/convert/ads.geojson" || { echo "FAIL: convert put A1 elsewhere"; fail=1; failed=$((failed + 1)); }
expect 2 convert --from gcj02 --to wgs84 --x lng --y lat "$fx/ads_in_gcj02/ads.csv" "$out/convert/ads.geojson"
expect 2 convert --from gcj --to wgs84 "$fx/ads_in_gcj02/ads.csv" "$out/convert/b.geojson"
expect 2 convert --from wgs84 --to gcj02 "$fx/straight_known_chainages/ads.geojson" "$out/convert/c.gpkg"
expect 0 convert --help
# report.pdf is written by a thread of its own: its failure is the run's, and when report.html (written
# before it, one step at a time) fails too, report.html's is the message
rm -rf "$out/blocked"; mkdir -p "$out/blocked/report.pdf/x"
expect 2 check -c "$fx/straight_known_chainages/city.yaml" -o "$out/blocked"
grep -q "blocked/report.pdf: cannot write" "$out/stderr" || { echo "FAIL: no report.pdf message"; fail=1; failed=$((failed + 1)); }
[ -s "$out/blocked/gaps.geojson" ] && [ -s "$out/blocked/report.html" ] || { echo "FAIL: the other outputs are missing"; fail=1; failed=$((failed + 1)); }
rm -f "$out/blocked/report.html"; mkdir -p "$out/blocked/report.html/x"
expect 2 check -c "$fx/straight_known_chainages/city.yaml" -o "$out/blocked"
grep -q "blocked/report.html: cannot write" "$out/stderr" || { echo "FAIL: report.html's failure is not the one told"; cat "$out/stderr"; fail=1; failed=$((failed + 1)); }
! ls -a "$out/blocked" | grep -q "tmp" || { echo "FAIL: temporaries left"; fail=1; failed=$((failed + 1)); }
# --timings: where the time went
expect 1 check -c "$fx/straight_known_chainages/city.yaml" -o "$out/straight" --timings
grep -q "^  street sight lines" "$out/stdout" || { echo "FAIL: --timings printed no timings"; fail=1; failed=$((failed + 1)); }
# piped, the run prints no progress line on stderr
expect 1 check -c "$fx/straight_known_chainages/city.yaml" -o "$out/straight"
# (warnings about the config may stand there: this fixture maps classes its one road does not have)
! grep -v '^adcov: warning: ' "$out/stderr" | grep -q . || { echo "FAIL: stderr not silent when piped"; cat "$out/stderr"; fail=1; }
# the campaign (§13): an earlier folder that is not adcov's or is broken, draws and seeds that are no
# numbers of draws: exit 2 naming what is wrong; then a run against the earlier one, and a summary
straight="$fx/straight_known_chainages/city.yaml"
expect 2 check -c "$straight" -o "$out/camp" --previous "$fx/straight_known_chainages"
grep -q "not the output folder of an adcov check (no run.json in it)" "$out/stderr" || { echo "FAIL: --previous message"; fail=1; failed=$((failed + 1)); }
rm -rf "$out/broken"; mkdir -p "$out/broken"; echo '{"adcov": "0.1.0", "format": [' >"$out/broken/run.json"
expect 2 check -c "$straight" -o "$out/camp" --previous "$out/broken"
grep -q "its run.json is broken" "$out/stderr" || { echo "FAIL: broken run.json message"; cat "$out/stderr"; fail=1; failed=$((failed + 1)); }
expect 2 check -c "$straight" -o "$out/camp" --simulate 0
expect 2 check -c "$straight" -o "$out/camp" --simulate 10 --seed -1
grep -q "^adcov: error: --seed: '-1' is not a whole number from 0 up" "$out/stderr" || { echo "FAIL: seed message"; fail=1; failed=$((failed + 1)); }
expect 2 check -c "$straight" -o "$out/camp" --seed 3
expect 1 check -c "$straight" -o "$out/camp1" --simulate 100 --seed 3
grep -q "^mock inspection: expected score" "$out/stdout" || { echo "FAIL: no mock inspection line"; fail=1; failed=$((failed + 1)); }
expect 1 check -c "$straight" -o "$out/camp2" --previous "$out/camp1"
grep -q "0 fixed, 1 still open, 0 new" "$out/stdout" || { echo "FAIL: progress line"; cat "$out/stdout"; fail=1; failed=$((failed + 1)); }
[ -s "$out/camp2/changes.csv" ] && [ ! -e "$out/camp2/simulation.csv" ] || { echo "FAIL: changes.csv or a stale simulation.csv"; fail=1; failed=$((failed + 1)); }
expect 2 check -c "$straight" -o "$out/camp3" --previous "$out/camp1" --rulebook national-2015
expect 0 summary -o "$out/summary" "$out/camp1" "$out/camp2"
[ -s "$out/summary/scores.csv" ] || { echo "FAIL: summary wrote no scores.csv"; fail=1; failed=$((failed + 1)); }
expect 2 summary -o "$out/summary" "$out/broken"
expect 2 summary
echo "$passed passed, $failed failed"
exit $fail
