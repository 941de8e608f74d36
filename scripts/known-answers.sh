#!/usr/bin/env bash
# Runs `train` without --macro-dims on known-answer systems and prints, per run, the K chosen, the
# exit code and the R² of each true invariant on held-out pairs (`score`). The figures of the README's
# table of known-answer systems come from this script.
#
# usage: scripts/known-answers.sh OUT_DIR "SYSTEM ..." "SEED ..." [PAIRS] [extra train flags...]
#   e.g. scripts/known-answers.sh runs/known "oscillator two-oscillators" "1 2 3"
#        scripts/known-answers.sh runs/controls "independent-gaussians mixing-lag" "1 2 3" 5000 --macro-dims 1
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mn="$root/macronet"
out=$1; systems=$2; seeds=$3; pairs=${4:-20000}; shift $(( $# < 4 ? $# : 4 ))
mkdir -p "$out"
for s in $systems; do
  for seed in $seeds; do
    d="$out/data-$s-$seed-$pairs"
    [[ -d $d ]] || "$mn" export-system "$s" --seed "$seed" --pairs "$pairs" --out "$d" > /dev/null
    m="$out/model-$s-$seed"
    start=$(date +%s)
    "$mn" train --x "$d/x.npy" --y "$d/y.npy" --seed "$seed" --out "$m" --force --quiet "$@" > "$m.log" 2>&1
    rc=$?
    line="$s seed $seed: exit $rc, $(( $(date +%s) - start )) s"
    if [[ $rc == 0 ]]; then
      line+=", K $(grep -o '"macro_dims" : [0-9]*' "$m/metrics.json" | grep -o '[0-9]*$')"
      line+=", without evidence $(tr -d ' \n' < "$m/metrics.json" | grep -o '"coordinates_without_evidence":\[[0-9,]*\]' | cut -d: -f2)"
      if [[ -f $d/test_invariants.npy ]]; then
        line+=", R² $("$mn" score --model "$m" --x "$d/test_x.npy" --invariants "$d/test_invariants.npy" 2> /dev/null \
          | awk '/^r2 /{printf "%s %s ", $2, $3}')"
      fi
    elif [[ $rc == 3 ]]; then
      line+=", none"
    fi
    echo "$line"
  done
done
