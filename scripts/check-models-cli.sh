#!/usr/bin/env bash
# End-to-end check of `biasflow flow --model uv|two-layer` and `--optimizer gd` (Docs/models.md):
# the u∘v flow keeps the JSON contract of DESIGN.md §4 and its limit equals `biasflow limits
# --kind q-mu` at μ = k/4; the two-layer report stays within its rate bound; the fitted GD orders
# are within 0.05 of 1 and 2; contradictory options fail with a message and a non-zero exit.
# Usage: scripts/check-models-cli.sh [path/to/biasflow]   (about a minute in release)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
biasflow=${1:-$root/.build/release/biasflow}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "check-models-cli: FAIL: $*" >&2; exit 1; }

# u∘v: α = 0.3, s = 0.5 gives k = 4α(1+s²)/(1−s²) = 2, so argmin Q_k is argmin Q²_μ at μ = k/4 = 0.5.
json=$("$biasflow" flow --data builtin:T11 --loss squared --model uv --alpha 0.3 --shape 0.5 --tau 110 --digits 20 --format json)
for key in tau log10_loss log10_time gamma w w_normalized nu verified_digits precision_bits steps; do
  grep -q "\"$key\":" <<<"$json" || fail "uv JSON lacks \"$key\""
done
flow_w=$(grep -o '"w": \[[^]]*\]' <<<"$json" | head -1 | grep -o '"-\?[0-9.]*"' | cut -c1-18)
limit_w=$("$biasflow" limits --data builtin:T11 --kind q-mu --mu 0.5 --depth 2 --digits 20 --format json \
  | grep -o '"w": \[[^]]*\]' | grep -o '"-\?[0-9.]*"' | cut -c1-18)
[ "$flow_w" = "$limit_w" ] || fail "uv flow limit $flow_w differs from argmin Q_k $limit_w"

# Two-layer: the residual stays under the imbalance rate bound at every checkpoint.
printf 'x1,x2,x3,x4,x5,y1,y2\n1,0.5,0,-0.3,0.2,1,-0.5\n0,1,0.4,0.1,-0.5,0.25,0.75\n0.3,0,1,0.6,0.1,-1,0.5\n' >"$work/two.csv"
json=$("$biasflow" flow --data "$work/two.csv" --model two-layer --outputs 2 --width 8 --seed 7 --time 1,10,30 --digits 20 --format json)
[ "$(grep -c '"within_rate_bound": true' <<<"$json")" = 3 ] || fail "two-layer residual above the rate bound"
grep -q '"min_norm_solution": \["' <<<"$json" || fail "two-layer JSON lacks the exact min-norm solution"

# GD orders at T = 1, η = 2^-6 … 2^-10.
json=$("$biasflow" flow --data builtin:T11 --alpha 0.5 --optimizer gd --time 1 --digits 25 --format json \
  --step 0.015625,0.0078125,0.00390625,0.001953125,0.0009765625)
flow_order=$(grep -o '"flow_order": "[0-9.]*"' <<<"$json" | grep -o '[0-9][0-9.]*')
modified_order=$(grep -o '"modified_flow_order": "[0-9.]*"' <<<"$json" | grep -o '[0-9][0-9.]*')
awk -v a="$flow_order" -v b="$modified_order" 'BEGIN { exit !((a - 1)^2 < 0.0025 && (b - 2)^2 < 0.0025) }' \
  || fail "GD orders $flow_order, $modified_order not within 0.05 of 1 and 2"

# Contradictory or incomplete options.
refuse() {
  local expected=$1; shift
  if "$biasflow" flow --data builtin:T11 "$@" >"$work/out" 2>"$work/err"; then fail "accepted: $*"; fi
  grep -q -- "$expected" "$work/err" || fail "'$*' did not say '$expected': $(cat "$work/err")"
  [ ! -s "$work/out" ] || fail "'$*' wrote to stdout"
}
refuse "--shape belongs to --model uv" --model diagonal --shape 0.5 --tau 1
refuse "--width belongs to --model two-layer" --model uv --width 3 --tau 1
refuse "the shape s must lie in \[0, 1)" --model uv --shape 1 --tau 1 --loss squared
refuse "take --time" --model two-layer --width 4 --tau 1
refuse "leaves no input column" --model two-layer --width 4 --time 1 --outputs 5
refuse "needs --width" --model two-layer --time 1
refuse "needs --step" --optimizer gd --time 1
refuse "is not a multiple of the step" --optimizer gd --step 0.3 --time 1
refuse "--step belongs to --optimizer gd" --step 0.1 --tau 1
refuse "--depth belongs to --model diagonal" --model uv --depth 3 --tau 1
refuse "train on the squared loss" --optimizer gd --step 0.1 --time 1 --loss logistic
echo "check-models-cli: all checks passed"
