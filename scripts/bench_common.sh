# Shared by the benchmarks (sourced, not run): building adcov, the generated bench cities, timing a run.

# adcov built for speed (Release) into build/, and build/bench/ made.
bench_build() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build -j "$(nproc)" --target adcov >/dev/null
  mkdir -p build/bench
}

# bench_city KM [failing]: prints the path of the bench city of KM km of road (seed 1, 24 buildings per
# block), made once; "failing": three quarters of its street PSAs removed.
bench_city() {
  local city=build/bench/city$1${2:+-failing}.gpkg
  [ -f "$city" ] || /usr/bin/python3 scripts/gen_city.py --km "$1" --seed 1 --buildings-per-block 24 \
                      ${2:+--drop-street-psas 4} --out "$city" >/dev/null
  echo "$city"
}

# wall CMD...: the wall seconds of one run of CMD (exit status 1, some rule fails, is a run like any other).
wall() {
  local s e
  s=$(date +%s.%N); "$@" >/dev/null 2>&1 || [ $? -eq 1 ] || { echo "failed: $*" >&2; exit 1; }; e=$(date +%s.%N)
  echo "$s $e" | awk '{print $2-$1}'
}

# best_of ROUNDS CMD...: the best wall seconds of CMD over ROUNDS runs.
best_of() {
  local b=999999 n=$1
  shift
  for _ in $(seq "$n"); do
    b=$(echo "$b $(wall "$@")" | awk '{print ($2<$1)?$2:$1}')
  done
  echo "$b"
}
