#!/usr/bin/env bash
# Times two FlowBenchmark binaries (e.g. before and after a change to the engine) on the same runs,
# interleaved so that both see the same machine: F1, D = 2, α = 1, 30 digits, one engine run to each
# τ given (default 1e6 and 1e100), `rounds` times each. Prints each time, the step counts and the
# ratio of the medians (new / old).
#
#   Benchmarks/compare-flow-binaries.sh OLD/FlowBenchmark NEW/FlowBenchmark [rounds] [taus]
#   e.g. Benchmarks/compare-flow-binaries.sh /tmp/before/FlowBenchmark .build/release/FlowBenchmark 3 1e6,1e100
set -euo pipefail
old=${1:?old FlowBenchmark binary}
new=${2:?new FlowBenchmark binary}
rounds=${3:-3}
taus=${4:-1e6,1e100}
cd "$(dirname "$0")/.."
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
for tau in ${taus//,/ }; do
  : > /tmp/compare-old.$$; : > /tmp/compare-new.$$
  for ((r = 1; r <= rounds; r++)); do
    for which in old new; do
      binary=$old; [[ $which == new ]] && binary=$new
      start=$(date +%s.%N)
      line=$("$binary" --tau "$tau" --digits 30 --no-peer 2>&1 | grep -i -m1 "steps" || true)
      seconds=$(echo "$(date +%s.%N) - $start" | bc)
      echo "$seconds" >> /tmp/compare-$which.$$
      echo "τ = $tau round $r $which: ${seconds} s  ${line}"
    done
  done
  mo=$(median < /tmp/compare-old.$$); mn=$(median < /tmp/compare-new.$$)
  echo "τ = $tau: median old ${mo} s, new ${mn} s, new/old = $(echo "scale=3; $mn / $mo" | bc)"
  rm -f /tmp/compare-old.$$ /tmp/compare-new.$$
done
