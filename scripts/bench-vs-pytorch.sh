#!/usr/bin/env bash
# MacroNet's JMH benchmarks next to the same networks in PyTorch eager (macronet-bench/pytorch/reference.py),
# one thread each (and the image network with two data-parallel workers), and the ratios. A benchmark, not a
# test: run it on a machine that is otherwise quiet. Each network's JMH run is followed at once by its PyTorch
# run, so that both sides see the same load.
#
# usage: scripts/bench-vs-pytorch.sh [OUT_DIR]            (default runs/bench-vs-pytorch)
# environment:
#   QUICK=1          a short check that everything runs (JMH -wi 1 -i 2, 1 + 2 PyTorch timings): figures noisy
#   ROUNDS=N         N rounds (default 1): the table gives each side's median over the rounds and the median (and
#                    range) of the per-round ratios; more robust where other jobs share the cores
#   JMH_ARGS         JMH's iteration options (default "-f 1 -wi 3 -w 2s -i 5 -r 2s")
#   WORKERS          data-parallel workers of the image benchmark (default 1,2: one thread, then both cores of a
#                    2-core machine; the table compares both with PyTorch's one thread)
#   PYTHON           a python3 with torch and numpy (default: python3, else /usr/bin/python3 for Debian's
#                    python3-torch)
#   PYTORCH_BLAS     a libblas.so.3 for PyTorch, preloaded (Debian's python3-torch uses the system's
#                    libblas.so.3, which is the slow reference BLAS unless an optimised one is installed)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/runs/bench-vs-pytorch}"
mkdir -p "$out"
bench="$root/macronet-bench/target"

if [[ -n "${QUICK:-}" ]]; then
  jmh_args="-f 1 -wi 1 -w 1s -i 2 -r 1s"; py_args="--warmup 1 --repeats 2"
else
  jmh_args="${JMH_ARGS:--f 1 -wi 3 -w 2s -i 5 -r 2s}"; py_args="--warmup 3 --repeats 7"
fi

python="${PYTHON:-}"
if [[ -z $python ]]; then
  for p in python3 /usr/bin/python3; do
    if command -v "$p" > /dev/null && "$p" -c 'import torch, numpy' 2> /dev/null; then python=$p; break; fi
  done
fi
if [[ -z $python ]]; then
  echo "bench-vs-pytorch: no python3 with torch and numpy (Debian: apt-get install python3-torch; or set PYTHON)" >&2
  exit 2
fi

echo "== building the benchmarks" >&2
mvn -B -q -f "$root/pom.xml" -pl macronet-bench -am -DskipTests package >&2
cp="$bench/macronet-bench-0.1.0-SNAPSHOT.jar:$(cat "$bench/classpath.txt")"
export MKL_CBWR="${MKL_CBWR:-AVX2}"  # as ./macronet
java -cp "$cp" org.macronet.bench.NetworkSizes > "$out/sizes.txt"

blas_env=()
if [[ -n "${PYTORCH_BLAS:-}" ]]; then blas_env=(LD_PRELOAD="$PYTORCH_BLAS"); fi
rounds="${ROUNDS:-1}"
jmh_files=() py_files=()
for ((r = 1; r <= rounds; r++)); do
  suffix=""; [[ $rounds -gt 1 ]] && suffix="-$r"
  jmh_json="$out/jmh$suffix.json" py_json="$out/pytorch$suffix.json"
  rm -f "$py_json"
  parts=()
  for net in dense image; do
    if [[ $net == dense ]]; then bench=(MacroNetBenchmark -p batch=512); else bench=(ImageStepBenchmark -p "workers=${WORKERS:-1,2}"); fi
    echo "== round $r/$rounds, $net: JMH ${bench[*]}, one thread ($jmh_args)" >&2
    # shellcheck disable=SC2086
    java -cp "$cp" org.openjdk.jmh.Main "${bench[@]}" $jmh_args \
      -rf json -rff "$out/jmh-$net$suffix.json" > "$out/jmh-$net$suffix.log"
    grep -E '^(MacroNetBenchmark|ImageStepBenchmark)' "$out/jmh-$net$suffix.log" >&2 || true
    parts+=("$out/jmh-$net$suffix.json")
    echo "== round $r/$rounds, $net: PyTorch eager ($python), one thread" >&2
    # shellcheck disable=SC2086
    env "${blas_env[@]}" OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
      "$python" "$root/macronet-bench/pytorch/reference.py" $py_args --only "$net" --json "$py_json" > /dev/null
  done
  "$python" -c 'import json, sys; json.dump(sum((json.load(open(f)) for f in sys.argv[2:]), []), open(sys.argv[1], "w"))' \
    "$jmh_json" "${parts[@]}"
  jmh_files+=("$jmh_json") py_files+=("$py_json")
done

echo
"$python" "$root/macronet-bench/pytorch/reference.py" --compare "$(IFS=,; echo "${jmh_files[*]}")" \
  --json "$(IFS=,; echo "${py_files[*]}")" --sizes "$out/sizes.txt" | tee "$out/table.txt"
