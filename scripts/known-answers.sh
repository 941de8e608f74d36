#!/usr/bin/env bash
# Runs `train` without --macro-dims on known-answer systems and prints, per run, the K chosen, the
# exit code and the R² of each true invariant on held-out pairs (`score`), with the estimator's ceiling
# on the same rows in brackets. The figures of the README's table of known-answer systems come from
# this script. TEST_PAIRS (default 20000) sets the held-out pairs that are scored.
#
# usage: scripts/known-answers.sh OUT_DIR "SYSTEM ..." "SEED ..." [PAIRS] [extra train flags...]
#   e.g. scripts/known-answers.sh runs/known "oscillator two-oscillators" "1 2 3"
#        scripts/known-answers.sh runs/controls "independent-gaussians mixing-lag" "1 2 3" 5000 --macro-dims 1
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mn="${MN:-$root/macronet}"  # MN: another launcher (e.g. a frozen build for long experiments)
out=$1; systems=$2; seeds=$3; pairs=${4:-20000}; shift $(( $# < 4 ? $# : 4 ))
mkdir -p "$out"
for s in $systems; do
  for seed in $seeds; do
    d="$out/data-$s-$seed-$pairs-${TEST_PAIRS:-20000}"
    [[ -d $d ]] || "$mn" export-system "$s" --seed "$seed" --pairs "$pairs" \
      --test-pairs "${TEST_PAIRS:-20000}" --out "$d" > /dev/null
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
          | awk '/^r2 /{c = $6; sub(/\)/, "", c); printf "%s %s (%s) ", $2, $3, c}')"
      fi
    elif [[ $rc == 3 ]]; then
      line+=", none"
    fi
    echo "$line"
  done
done
