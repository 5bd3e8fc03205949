#!/usr/bin/env bash
# scripts/slurm_cities.sh as Slurm runs it: one task per city config (SLURM_ARRAY_TASK_ID 0..2, here one
# after the other), the last to finish merging the three into one ranking (out/province/scores.csv).
# usage: slurm_array.sh ADCOV FIXTURES SCRIPTS OUTDIR
set -eu
adcov=$1 fx=$(cd "$2" && pwd) scripts=$3 out=$4
rm -rf "$out"; mkdir -p "$out/configs"
for city in 甲市 乙市 丙市; do
  sed "s#path: #path: $fx/straight_known_chainages/#g" "$fx/straight_known_chainages/city.yaml" >"$out/configs/$city.yaml"
done
for i in 0 1 2; do
  SLURM_ARRAY_TASK_ID=$i ADCOV=$adcov bash "$scripts/slurm_cities.sh" "$out/configs" "$out/runs" >"$out/task$i.log"
done
rows=$(grep -c ',all,' "$out/runs/province/scores.csv")
[ "$rows" -eq 3 ] || { echo "FAIL: $rows cities in the province's ranking, expected 3"; exit 1; }
# the three are the same city: all share rank 1
[ "$(grep -c '^1,' "$out/runs/province/scores.csv")" -ge 3 ] || { echo "FAIL: ranks"; cat "$out/runs/province/scores.csv"; exit 1; }
echo "ok: three tasks, one ranking"
