#!/usr/bin/env bash
# Checks a province's cities on a Slurm cluster, one city per task of a job array, then (the last task
# to finish) merges their scores into one ranking with `adcov summary`.
#
#   n=$(ls configs/*.yaml | wc -l)
#   sbatch --array=0-$((n - 1)) scripts/slurm_cities.sh configs out
#
# Each task checks configs/<its index>.yaml (in name order) into out/<config name>/; a task's exit
# status 1 (some rule fails) is a result, not a failure. ADCOV may name the program (default: adcov on
# the PATH, else ./build/adcov). Options for every check go in ADCOV_OPTS (e.g. "--simulate 10000").
#SBATCH --job-name=adcov
#SBATCH --cpus-per-task=2
#SBATCH --mem=8G
#SBATCH --time=00:30:00
set -euo pipefail
configs=${1:?usage: slurm_cities.sh CONFIG_DIR OUT_DIR}
out=${2:?usage: slurm_cities.sh CONFIG_DIR OUT_DIR}
adcov=${ADCOV:-$(command -v adcov || echo ./build/adcov)}
mapfile -t all < <(find "$configs" -maxdepth 1 -name '*.yaml' | sort)
index=${SLURM_ARRAY_TASK_ID:?run it as a Slurm job array (sbatch --array=0-N)}
config=${all[$index]:?no config number $index in $configs}
name=$(basename "$config" .yaml)
mkdir -p "$out"
status=0
# shellcheck disable=SC2086 # ADCOV_OPTS holds several options
"$adcov" check -c "$config" -o "$out/$name" ${ADCOV_OPTS:-} || status=$?
[ "$status" -le 1 ] || { echo "adcov: $config: exit $status" >&2; exit "$status"; }
# the last city to finish merges them all (a lock, so that two finishing at once merge once each, whole)
touch "$out/.done.$name"
if [ "$(find "$out" -maxdepth 1 -name '.done.*' | wc -l)" -eq "${#all[@]}" ]; then
  dirs=()
  for c in "${all[@]}"; do dirs+=("$out/$(basename "$c" .yaml)"); done
  flock "$out/.summary.lock" "$adcov" summary -o "$out/province" "${dirs[@]}"
fi
