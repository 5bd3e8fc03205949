#!/usr/bin/env bash
# Every broken input under fixtures/ (a folder with an expect.txt) stops adcov with exit status 2 and
# exactly the one message line in its expect.txt, writes no output folder, and does not crash (this
# script also runs against the AddressSanitizer build). Each fixture runs in a copy, so nothing is
# written into the source tree.
# usage: broken_inputs.sh ADCOV FIXTURES OUTDIR
set -u
adcov=$1 fx=$2 out=$3
passed=0 failed=0
rm -rf "$out" && mkdir -p "$out"
for dir in "$fx"/*/; do
  name=$(basename "$dir")
  [ -f "$dir/expect.txt" ] || continue
  cp -r "$dir" "$out/$name"
  (cd "$out/$name" && "$adcov" check -c city.yaml >stdout 2>stderr)
  rc=$?
  want="adcov: error: $(cat "$dir/expect.txt")"
  got=$(cat "$out/$name/stderr")
  if [ $rc -ne 2 ]; then
    echo "FAIL $name: exit status $rc, expected 2"; echo "$got"; failed=$((failed + 1))
  elif [ "$got" != "$want" ]; then
    echo "FAIL $name:"; echo "  expected: $want"; echo "  got:      $got"; failed=$((failed + 1))
  elif [ -e "$out/$name/out" ]; then
    echo "FAIL $name: a failed run left an output folder"; failed=$((failed + 1))
  else
    passed=$((passed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ] && [ $passed -ge 40 ]
