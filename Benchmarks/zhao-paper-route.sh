#!/usr/bin/env bash
# Issue 15's speed row: the paper's experiment (Zhao et al., ICML 2026; MATH.md §12.3: T11, the model of
# Data/models/zhao2026.yaml, s = 1e-60, to loss 1e-100) by `biasflow flow --model-file` (verified gradient
# flow) against the paper's own route, gradient descent in mpmath at mp.dps = 200 with step 0.1
# (Benchmarks/peers/zhao_mpmath_gd.py), in one run on the same machine: each side's wall time (whole
# process, `rounds` times interleaved, the median), its result, and the ratio mpmath / biasflow. A side
# that fails or runs out of the budget is reported as such (status and its first error line); the ratio
# is then not printed. Exit status 0 when both sides succeeded.
#
#   Benchmarks/zhao-paper-route.sh [rounds] [budget-seconds]          (defaults 1 and 600)
#
# With --gd T1,T2,… it instead checks biasflow's own gradient descent (`--optimizer gd --step 0.1`,
# MPFR) against the mpmath script at those times (multiples of 0.1): both wall times, and per time
# the digits to which the two k agree: normwise (-log10 of the max-norm distance over the max-norm) and
# the least over the components (-log10 of the relative distance of each k_i).
#
#   Benchmarks/zhao-paper-route.sh --gd 50,100,250,320,413 [digits]   (default 30)
#
# Environment: BIASFLOW (default .build/release/biasflow), PYTHON (default .venv-peers/bin/python, with
# mpmath: scripts/install-peers.sh), SCALE (default 1e-60), LOG10_LOSS (default -100, the mpmath stop),
# BIASFLOW_CHECKPOINTS (below).
set -euo pipefail
cd "$(dirname "$0")/.."
biasflow=${BIASFLOW:-.build/release/biasflow}
python=${PYTHON:-.venv-peers/bin/python}
scale=${SCALE:-1e-60}
log10_loss=${LOG10_LOSS:-"-100"}
model=Data/models/zhao2026.yaml
data=Data/T11.csv
peer=Benchmarks/peers/zhao_mpmath_gd.py

# ---- THE BIASFLOW SIDE: its checkpoints and digits (one variable). ---------------------------------
# Today `flow --model-file` takes physical times only; once it takes loss checkpoints this becomes
# "--log10-loss -100 --digits 30", the like-for-like stop of the mpmath run.
BIASFLOW_CHECKPOINTS=${BIASFLOW_CHECKPOINTS:-"--time 600 --digits 30"}
# -----------------------------------------------------------------------------------------------------

[[ -x $biasflow ]] || { echo "zhao-paper-route: no $biasflow (swift build -c release --product biasflow)" >&2; exit 2; }
[[ -x $python ]] || { echo "zhao-paper-route: no $python (scripts/install-peers.sh)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run NAME BUDGET COMMAND…: runs the command with stdout to $work/NAME.out and stderr to $work/NAME.err,
# stopped after BUDGET seconds; sets $seconds (wall) and $status (124: stopped by the budget).
run() {
    local name=$1 budget=$2
    shift 2
    local start end
    start=$(date +%s.%N)
    set +e
    timeout "$budget" "$@" > "$work/$name.out" 2> "$work/$name.err"
    status=$?
    set -e
    end=$(date +%s.%N)
    seconds=$(echo "$end - $start" | bc)
}
failure() {  # NAME: a one-line description of a failed run
    local reason="exit status $status"
    [[ $status == 124 ]] && reason="stopped after the budget"
    echo "FAILED ($reason): $(head -c 300 "$work/$1.err" | head -n 1)"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

if [[ ${1:-} == --gd ]]; then
    times=${2:?--gd needs the times T1,T2,…}
    digits=${3:-30}
    run biasflow 1800 "$biasflow" flow --model-file "$model" --data "$data" --scale "$scale" --optimizer gd --step 0.1 \
        --time "$times" --digits "$digits" --format json
    biasflow_status=$status biasflow_seconds=$seconds
    run mpmath 1800 "$python" "$peer" --data "$data" --scale "$scale" --step 0.1 --times "$times" --print-digits 60 \
        --log10-loss -100000 --max-iterations "$("$python" -c "from fractions import Fraction as F; print(max(int(F(t) / F('0.1')) for t in '$times'.split(',')))")"
    mpmath_status=$status mpmath_seconds=$seconds
    echo "biasflow gd ($digits digits): ${biasflow_seconds} s$([[ $biasflow_status == 0 ]] || echo " $(status=$biasflow_status; failure biasflow)")"
    echo "mpmath gd (200 digits):  ${mpmath_seconds} s$([[ $mpmath_status == 0 ]] || echo " $(status=$mpmath_status; failure mpmath)")"
    [[ $biasflow_status == 0 && $mpmath_status == 0 ]] || exit 1
    echo "ratio mpmath / biasflow: $(echo "scale=2; $mpmath_seconds / $biasflow_seconds" | bc)"
    "$python" - "$work/biasflow.out" "$work/mpmath.out" << 'EOF'
import json, sys, mpmath as mp
mp.mp.dps = 80
b = json.load(open(sys.argv[1]), parse_float=str)
m = json.load(open(sys.argv[2]))
peer = {c["iteration"]: c for c in m["checkpoints"]}
print("| t | K | loss | k (biasflow gd) | agreeing digits of k, normwise | least, componentwise |")
print("|---:|---:|---:|---|---:|---:|")
def digits(dist, scale):
    return "all printed" if dist == 0 else mp.nstr(-mp.log10(dist / scale), 3)
for c in b["checkpoints"]:
    p = peer[c["iterations"]]
    kb = [mp.mpf(v) for v in c["w"]]
    km = [mp.mpf(v) for v in p["k"]]
    scale = max(abs(v) for v in km)
    dist = max(abs(u - v) for u, v in zip(kb, km))
    least = min((abs(u - v) / abs(v) if v != 0 else abs(u) for u, v in zip(kb, km)), key=lambda e: -e)
    shown = ", ".join(mp.nstr(v, 6) for v in kb)
    row = f"| {c['time']} | {c['iterations']} | {mp.nstr(mp.mpf(c['loss']), 6)} | ({shown}) | {digits(dist, scale)} | {digits(least, 1)} |"
    print(row)
EOF
    exit 0
fi

rounds=${1:-1}
budget=${2:-600}
: > "$work/biasflow.times"
: > "$work/mpmath.times"
biasflow_ok=1 mpmath_ok=1
# Records the last `run` of NAME in round r: its time, or its failure (then NAME_ok=0).
record() {
    if [[ $status == 0 ]]; then
        echo "$seconds" >> "$work/$1.times"
        echo "round $r $1: $seconds s"
    else
        printf -v "${1}_ok" 0
        echo "round $r $1: $seconds s $(failure "$1")"
    fi
}
for ((r = 1; r <= rounds; r++)); do
    # shellcheck disable=SC2086  # BIASFLOW_CHECKPOINTS is a list of options
    run biasflow "$budget" "$biasflow" flow --model-file "$model" --data "$data" --scale "$scale" $BIASFLOW_CHECKPOINTS --format json
    record biasflow
    run mpmath "$budget" "$python" "$peer" --data "$data" --scale "$scale" --step 0.1 --log10-loss "$log10_loss"
    record mpmath
done

echo "biasflow: flow --model-file $model --data $data --scale $scale $BIASFLOW_CHECKPOINTS"
if [[ $biasflow_ok == 1 ]]; then
    "$python" - "$work/biasflow.out" << 'EOF'
import json, sys
b = json.load(open(sys.argv[1]), parse_float=str)
last = b["checkpoints"][-1]
print(f"  {b['precision_bits']} bits, steps {b['steps']}; at t = {last['time']}: loss {last['loss']}, "
      f"verified digits {last.get('verified_digits')}, k = ({', '.join(last['w'])})")
EOF
    echo "  median wall $(median < "$work/biasflow.times") s over $rounds round(s)"
else
    echo "  FAILED (see above)"
fi
echo "mpmath: $peer --scale $scale --step 0.1 --log10-loss $log10_loss (mp.dps = 200, GD)"
if [[ $mpmath_ok == 1 ]]; then
    "$python" - "$work/mpmath.out" << 'EOF'
import json, sys, mpmath as mp
m = json.load(open(sys.argv[1]))
short = lambda v: mp.nstr(mp.mpf(v), 12)
print(f"  {m['iterations']} iterations (t = {m['time']}), loss {short(m['loss'])}, loop {m['seconds']} s, backend {m['backend']}; "
      f"k = ({', '.join(short(v) for v in m['k'])})")
EOF
    echo "  median wall $(median < "$work/mpmath.times") s over $rounds round(s)"
else
    echo "  FAILED (see above)"
fi
if [[ $biasflow_ok == 1 && $mpmath_ok == 1 ]]; then
    echo "ratio mpmath / biasflow (median walls): $(echo "scale=2; $(median < "$work/mpmath.times") / $(median < "$work/biasflow.times")" | bc)"
else
    echo "ratio: not available (a side failed)"
    exit 1
fi
