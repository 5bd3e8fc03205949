#!/usr/bin/env bash
# Outputs are never half-written: runs of adcov on the demo city are killed (SIGKILL) at random moments,
# and after each kill every output file is checked whole: each GeoJSON parses to the end, each CSV ends
# with a full line. A complete run first makes the "previous outputs" that a killed run may leave.
# usage: kill_outputs.sh ADCOV CONFIG OUTDIR [RUNS]
set -u
adcov=$1 config=$2 out=$3 runs=${4:-40}
rm -rf "$out"
"$adcov" check -c "$config" -o "$out" >/dev/null 2>&1
[ $? -le 1 ] || { echo "the first, complete run failed"; exit 1; }
# how long one run takes, to spread the kills over it
start=$(date +%s%N); "$adcov" check -c "$config" -o "$out" >/dev/null 2>&1; end=$(date +%s%N)
span=$(( (end - start) / 1000 + 1 ))   # microseconds
passed=0 failed=0 killed=0
check_whole() {
  /usr/bin/python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
for name in ("gaps.geojson", "stretches.geojson", "ads.geojson", "sites.geojson", "isovists.geojson"):
    json.load(open(os.path.join(out, name), encoding="utf-8"))  # raises on a cut file
for name in ("results.csv", "accounting.csv"):
    data = open(os.path.join(out, name), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n"), name
PY
}
seed=7
for i in $(seq 1 "$runs"); do
  seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
  delay=$(( seed % span ))
  "$adcov" check -c "$config" -o "$out" >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '0.%06d' "$delay")"
  kill -KILL "$pid" 2>/dev/null && killed=$((killed + 1))
  wait "$pid" 2>/dev/null
  if check_whole; then passed=$((passed + 1)); else echo "FAIL: run $i killed after ${delay} us left a cut file"; failed=$((failed + 1)); fi
done
# a later complete run removes the temporaries killed runs left behind
"$adcov" check -c "$config" -o "$out" >/dev/null 2>&1
if ls -A "$out" | grep -q '\.tmp'; then echo "FAIL: temporaries left: $(ls -A "$out" | grep '\.tmp')"; failed=$((failed + 1)); fi
echo "($killed of $runs runs killed mid-way)"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
