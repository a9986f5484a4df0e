#!/usr/bin/env bash
# End-to-end check of `biasflow limits` (DESIGN.md §4): the JSON keys, exact "p/q" output on the
# public fixtures, MATH.md reference values, and refusal of infeasible data with a verified Farkas
# certificate on stderr and a non-zero exit code. Usage: scripts/check-limits-cli.sh [path/to/biasflow]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
biasflow=${1:-$root/.build/release/biasflow}
# The public fixtures: ../shared/data beside the checkout, else the repository's byte-identical copies.
data=${BIASFLOW_DATA:-$root/../shared/data}
[[ -f $data/F1.csv && -f $data/T11.csv ]] || data=$root/Tests/DatasetsTests/Fixtures/csv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "check-limits-cli: FAIL: $*" >&2; exit 1; }

json=$("$biasflow" limits --data "$data/F1.csv" --kind l1-margin --exact --format json)
for key in kind w dual objective exact certificate; do
  grep -q "\"$key\":" <<<"$json" || fail "l1-margin JSON lacks \"$key\""
done
grep -q '"verified": true' <<<"$json" || fail "l1-margin certificate not verified"
grep -q '"objective": "[0-9]*/[0-9]*"' <<<"$json" || fail "l1-margin --exact objective is not p/q"

# MATH.md §9: ‖ŵ₁‖₁ = 1.3903679 (F1); MATH.md T11: the min-l1 interpolator is (0, 0, 10/7, −10/49).
"$biasflow" limits --data "$data/F1.csv" --kind l1-margin --digits 8 | grep -q '"objective": "1.3903679"' || fail "F1 ‖ŵ₁‖₁"
"$biasflow" limits --data "$data/T11.csv" --kind l1-interpolation --exact \
  | grep -q '"w": \["0", "0", "10/7", "-10/49"\]' || fail "T11 min-l1 interpolator"
"$biasflow" limits --data "$data/F1.csv" --kind l2-margin --digits 6 \
  | grep -q '"dual": \["0.257255", "0.257622", "0.545610", "0"\]' || fail "F1 SVM dual"
"$biasflow" limits --data "$data/F1.csv" --kind q-mu --mu 0.05 --depth 3 --digits 5 \
  | grep -q '"dual": \["0.28050", "0.26048", "0.23068", "0"\]' || fail "T6 argmin Q_mu multipliers"
"$biasflow" limits --data "$data/F1.csv" --kind sweep --mu 0.05 --depth 3 --digits 5 \
  | grep -q '"dual": \["0.28540", "0.23772", "0.24747", "0"\]' || fail "T6 sweep multipliers"

# MATH.md T11: at α = 1e−30 (D = 2) the Q_α minimiser still has β₁ ≈ 4.7e−5.
"$biasflow" limits --data "$data/T11.csv" --kind q-mu --alpha 1e-30 --depth 2 --digits 2 \
  | grep -q '"w": \["4.7e-5", ' || fail "T11 Q_alpha minimiser at alpha = 1e-30"

# Infeasible inputs: exit code non-zero, exact certificate on stderr.
printf 'x1,x2,y\n1,0.5,1\n1,0.5,-1\n0.3,2,1\n' >"$work/nonseparable.csv"
printf 'x1,x2,y\n1,2,1\n2,4,3\n' >"$work/inconsistent.csv"
printf 'x1,x2,y\n1,2,1\n2,abc,1\n' >"$work/malformed.csv"
expect_refusal() {  # file kind pattern
  local status=0
  "$biasflow" limits --data "$1" --kind "$2" >"$work/out" 2>"$work/err" || status=$?
  [[ $status -ne 0 ]] || fail "$2 on $(basename "$1") exited 0"
  [[ ! -s "$work/out" ]] || fail "$2 on $(basename "$1") printed to stdout"
  grep -q "$3" "$work/err" || fail "$2 on $(basename "$1"): stderr lacks '$3': $(cat "$work/err")"
}
for kind in l1-margin l2-margin; do
  expect_refusal "$work/nonseparable.csv" $kind 'not linearly separable.*λ = \[1/2, 1/2, 0\] (verified exactly)'
done
for kind in l1-interpolation l2-interpolation; do
  expect_refusal "$work/inconsistent.csv" $kind 'no solution.*v = \[-2, 1\] (verified exactly)'
done
expect_refusal "$work/malformed.csv" l1-margin 'malformed.csv:3:2'
echo "check-limits-cli: all checks passed"
