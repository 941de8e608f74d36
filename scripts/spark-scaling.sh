#!/usr/bin/env bash
# The Spark sweep's scaling on this machine: a 400-sample Gray-Scott sweep at 64^2 (10 000 steps), run in turn
# by the plain engine on one and two threads, by Spark on local[1] and local[2], and as two independent one-thread
# sweeps at once (the machine's ceiling for two threads), ROUNDS times after one warm-up run; one line per run (wall and CPU user seconds from /usr/bin/time, the sweep's own time from its
# last line, the load average), then whether the outputs are byte-identical. A benchmark: run it on an
# otherwise quiet machine. The README's scaling table comes from it.
#
# usage: scripts/spark-scaling.sh [ROUNDS] [OUT_DIR]     (defaults 3, runs/spark-scaling)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=${1:-3}; out=${2:-$root/runs/spark-scaling}
mkdir -p "$out"; log="$out/runs.txt"; : > "$log"
args=(gray-scott --range F=0.02:0.065 --range k=0.05:0.07 --samples 400)
run() { # name, extra arguments
  local name=$1; shift
  /usr/bin/time -f "%e %U" -o "$out/time" "$root/macronet" sweep "${args[@]}" --out "$out/$name" "$@" \
    > "$out/stdout" 2> "$out/stderr"
  echo "$name wall $(cut -d' ' -f1 "$out/time") user $(cut -d' ' -f2 "$out/time")" \
    "sweep $(grep -ho 'in [0-9.]* s' "$out/stdout" "$out/stderr" | tail -1) load $(cut -d' ' -f1 /proc/loadavg)" \
    | tee -a "$log"
}
run warm --spark 'local[2]' --force
# The machine's own ceiling: two independent one-thread sweeps at once (no shared JVM, nothing to coordinate);
# 2 x t1 / (their time) is the most any two-thread run of this work can gain here.
pair() {
  rm -rf "$out/p1" "$out/p2"
  "$root/macronet" sweep "${args[@]}" --out "$out/p1" --threads 1 > "$out/p1.stdout" 2>&1 &
  "$root/macronet" sweep "${args[@]}" --out "$out/p2" --threads 1 > "$out/p2.stdout" 2>&1
  wait
  echo "pair sweeps $(grep -ho 'in [0-9.]* s' "$out/p1.stdout" | tail -1) and $(grep -ho 'in [0-9.]* s' "$out/p2.stdout" \
    | tail -1) load $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$log"
}
for r in $(seq "$rounds"); do
  rm -rf "$out/t1" "$out/t2"
  run t1 --threads 1
  run t2 --threads 2
  run s1 --spark 'local[1]' --force
  run s2 --spark 'local[2]' --force
  pair
done
if cmp -s "$out/t1/patterns.npy" "$out/s2/patterns.npy" && cmp -s "$out/t2/patterns.npy" "$out/s1/patterns.npy"; then
  echo "outputs byte-identical" | tee -a "$log"
else
  echo "outputs differ" | tee -a "$log"; exit 1
fi
