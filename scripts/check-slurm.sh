#!/usr/bin/env bash
# Runs a sweep on a real Slurm cluster made here: installs slurm-wlm and munge (apt-get) if
# missing, starts a single-node cluster (munged, slurmctld, slurmd; own sockets, ports, state
# and logs under a temporary folder; no systemd), then
#   1. runs a small experiment locally (the reference table),
#   2. submits it as a 3-task array (`biasflow sweep submit`), cancels one task mid-way (scancel)
#      and shows what `sweep status` reports,
#   3. resubmits and checks that the merge job's table is byte-identical to the local one, with
#      every grid point stored exactly once and only the lost points computed again.
# Stops every daemon it started, whatever happens (trap). Needs root (the daemons run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
START=$(date +%s)
say() { echo "[check-slurm $(( $(date +%s) - START ))s] $*"; }
fail() { echo "check-slurm: FAILED: $*" >&2; exit 1; }

BIN="$ROOT/.build/release/biasflow"
[ -x "$BIN" ] || swift build -c release -Xswiftc -enable-testing --product biasflow
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
    say "installing slurm-wlm and munge"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge >/dev/null
fi

WORK=$(mktemp -d /tmp/biasflow-slurm.XXXXXX)
mkdir -p "$WORK/munge" "$WORK/state" "$WORK/spool"
PIDS=()
cleanup() {
    status=$?
    if [ -n "${SLURM_CONF:-}" ] && [ "${#PIDS[@]}" -gt 1 ]; then
        scancel --full --quiet --user=root 2>/dev/null || true
        for _ in $(seq 1 20); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.5; done
    fi
    for (( i=${#PIDS[@]}-1; i>=0; i-- )); do kill "${PIDS[$i]}" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ "$status" -ne 0 ]; then
        echo "--- slurmctld log (tail) ---" >&2; tail -n 20 "$WORK/slurmctld.log" 2>/dev/null >&2 || true
        echo "--- slurmd log (tail) ---" >&2; tail -n 20 "$WORK/slurmd.log" 2>/dev/null >&2 || true
        for log in "$WORK"/cluster/slurm/logs/*.log; do [ -f "$log" ] && { echo "--- $log ---" >&2; cat "$log" >&2; }; done
        echo "check-slurm: files kept in $WORK" >&2
    else
        rm -rf "$WORK"
    fi
    say "stopped every daemon started (${#PIDS[@]})"
    exit "$status"
}
trap cleanup EXIT INT TERM

# --- the cluster -------------------------------------------------------------------------------
say "starting munged"
cp /etc/munge/munge.key "$WORK/munge/munge.key" 2>/dev/null || dd if=/dev/urandom of="$WORK/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 600 "$WORK/munge/munge.key"
chmod 711 "$WORK/munge"
munged --foreground --force --socket="$WORK/munge/munge.socket" --key-file="$WORK/munge/munge.key" \
    --pid-file="$WORK/munge/munged.pid" --log-file="$WORK/munge/munged.log" --seed-file="$WORK/munge/munged.seed" \
    > "$WORK/munge/munged.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 50); do [ -S "$WORK/munge/munge.socket" ] && break; sleep 0.1; done
[ -S "$WORK/munge/munge.socket" ] || fail "munged did not start"

NODE_LINE=$(slurmd -C | head -n 1)
HOST=$(echo "$NODE_LINE" | sed -n 's/^NodeName=\([^ ]*\).*/\1/p')
export SLURM_CONF="$WORK/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=biasflow-check
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$WORK/munge/munge.socket
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
MinJobAge=600
$NODE_LINE NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=check Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
say "starting slurmctld and slurmd ($NODE_LINE)"
slurmctld -D -i -f "$SLURM_CONF" > "$WORK/slurmctld.out" 2>&1 &
PIDS+=($!)
slurmd -D -f "$SLURM_CONF" > "$WORK/slurmd.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 60); do
    state=$(sinfo -h -n "$HOST" -o %T 2>/dev/null || true)
    [ "$state" = "idle" ] && break
    sleep 0.5
done
[ "$state" = "idle" ] || fail "the node did not come up (state '$state')"
say "cluster up: $(sinfo -h -o '%P %D %T %c')"

# --- the experiment ----------------------------------------------------------------------------
EXP="$WORK/check.yaml"
cat > "$EXP" <<YAML
name: slurm-check
data: builtin:F1
quantity: checkpoints
depths: [2, 3]
alphas: [1, 3, 10]
tau: [10, 100]
digits: 10
YAML
say "local reference run"
"$BIN" sweep run "$EXP" --out "$WORK/local" --jobs 2
"$BIN" sweep table "$WORK/local" --format csv > "$WORK/local.csv"

# --- first submission, one task cancelled mid-way ----------------------------------------------
OUT="$WORK/cluster"
say "sweep submit --tasks 3"
"$BIN" sweep submit "$EXP" --out "$OUT" --tasks 3 --time 0:10:00 | tee "$WORK/submit1.txt"
ARRAY=$(sed -n 's/^submitted array job \([0-9]*\).*/\1/p' "$WORK/submit1.txt")
MERGE1=$(sed -n 's/^submitted merge job \([0-9]*\).*/\1/p' "$WORK/submit1.txt")
[ -n "$ARRAY" ] && [ -n "$MERGE1" ] || fail "no job ids printed"
# Task 1 (shard 2/3) holds points 1 and 4: cancel it once point 1 is stored, while 4 is in flight.
for _ in $(seq 1 600); do [ -f "$OUT/points/point-00001.json" ] && break; sleep 0.2; done
[ -f "$OUT/points/point-00001.json" ] || fail "task ${ARRAY}_1 stored nothing"
"$BIN" sweep status "$OUT"
say "scancel ${ARRAY}_1"
scancel "${ARRAY}_1"
for _ in $(seq 1 600); do
    [ -z "$(squeue -h -r -j "$ARRAY" -o %K 2>/dev/null)" ] && break
    sleep 0.5
done
# afterok can no longer be satisfied: Slurm marks the merge job so on its next scheduling pass.
for _ in $(seq 1 60); do
    [ "$(squeue -h -j "$MERGE1" -o %r 2>/dev/null)" = "DependencyNeverSatisfied" ] && break
    sleep 0.5
done
"$BIN" sweep status "$OUT" | tee "$WORK/status1.txt"
[ ! -f "$OUT/points/point-00004.json" ] || fail "point 4 was stored although its task was cancelled before"
grep -q "1 missing" "$WORK/status1.txt" || fail "sweep status does not report the lost point as missing"

# --- resubmission ------------------------------------------------------------------------------
say "sweep submit again (resume)"
"$BIN" sweep submit "$EXP" --out "$OUT" --tasks 3 --time 0:10:00 | tee "$WORK/submit2.txt"
grep -q "cancelled merge job $MERGE1" "$WORK/submit2.txt" || fail "the stale merge job $MERGE1 was not cancelled"
MERGE2=$(sed -n 's/^submitted merge job \([0-9]*\).*/\1/p' "$WORK/submit2.txt")
ARRAY2=$(sed -n 's/^submitted array job \([0-9]*\).*/\1/p' "$WORK/submit2.txt")
for _ in $(seq 1 900); do
    [ -z "$(squeue -h -r -j "$ARRAY2,$MERGE2" -o %i 2>/dev/null)" ] && break
    sleep 0.5
done
[ -f "$OUT/table.csv" ] || fail "the merge job wrote no table (see $OUT/slurm/logs)"
"$BIN" sweep status "$OUT"
say "resubmitted tasks:"
grep -h "were stored already" "$OUT"/slurm/logs/task-"${ARRAY2}"_*.log | sed 's/^/    /'
computed=$(grep -h "were stored already" "$OUT"/slurm/logs/task-"${ARRAY2}"_*.log | sed -n 's/.* \([0-9]*\) computed now.*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
[ "$computed" = "1" ] || fail "the resubmission computed $computed points; only the lost point 4 was missing"
points=$(ls "$OUT/points" | grep -c '^point-[0-9]*\.json$')
strays=$(ls -A "$OUT/points" | grep -vc '^point-[0-9]*\.json$' || true)
[ "$points" = "6" ] && [ "$strays" = "0" ] || fail "$points point files and $strays other files in $OUT/points (want 6 and 0)"
cmp "$WORK/local.csv" "$OUT/table.csv" || fail "the cluster's merged table differs from the local run's"
rows=$(($(wc -l < "$OUT/table.csv") - 1))
say "merged table = local table, byte for byte ($(wc -c < "$OUT/table.csv") bytes, $rows rows: 6 grid points x 2 checkpoints)"
for f in md tex json; do [ -s "$OUT/table.$f" ] || fail "table.$f missing"; done
say "PASSED"
