#!/usr/bin/env bash
# End-to-end check of `biasflow analyze` and `biasflow transitions` (DESIGN.md §4, Docs/analyze.md):
# the JSON keys, the MATH.md T7 value at τ = 10, the table formats, and clear refusals (non-zero exit,
# message on stderr naming the problem) of bad input. Usage: scripts/check-analyze-cli.sh [path/to/biasflow]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
biasflow=${1:-$root/.build/release/biasflow}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "check-analyze-cli: FAIL: $*" >&2; exit 1; }

json=$("$biasflow" analyze --data builtin:F1 --depth 2 --alpha 1 --tau 10 --digits 12 --format json 2>/dev/null)
for key in checkpoints tau gamma mu rho lyu_li_margin lyu_li_limit regime distance l1_margin l2_margin q_mu sweep verified_digits rule_text limits; do
  grep -q "\"$key\" :" <<<"$json" || fail "analyze JSON lacks \"$key\""
done
grep -q '"l1_margin" : "0.25508391636' <<<"$json" || fail "T7: ‖w̃ − ŵ₁‖ at τ = 10 is not 0.25508391636…"
grep -q '"regime" : "transition"' <<<"$json" || fail "F1, α = 1, τ = 10 is not labelled transition"
"$biasflow" analyze --data builtin:F1 --alpha 1 --tau 10 --digits 8 --no-sweep --format latex 2>/dev/null | grep -q '\\toprule' \
  || fail "LaTeX output lacks booktabs rules"
csv=$("$biasflow" analyze --data builtin:F1 --alpha 1 --tau 10 --digits 8 --no-sweep --format csv 2>/dev/null | tr -d "\r")
[[ "${csv%%$'\n'*}" == "target,tau,gamma,mu,rho,lyu_li_margin,regime,l2_margin,l1_margin,q_mu" ]] || fail "CSV header: ${csv%%$'\n'*}"

# MATH.md T6, D = 3, α = 10 stopped at γ = 2000 (μ = 0.5) and 20000 (μ = 0.05): ‖w̃ − sweep‖ = 3.97e-4 and
# 3.90e-4 (printed 3.93e-4), ‖w̃ − argmin Q_μ‖ = 1.91e-2 at μ = 0.05 (the non-monotone case). About 30 s.
t6=$("$biasflow" analyze --data builtin:F1 --depth 3 --alpha 10 --margin 2000,20000 --digits 10 --format csv 2>/dev/null | tr -d "\r")
grep -q '^γ = 2000,.*,0\.00039666916520[0-9]*,0\.00039666916520[0-9]*,' <<<"$t6" || fail "T6: D = 3, μ = 0.5 distances"
grep -q '^γ = 20000,.*,0\.019104834246[0-9]*,0\.00039039959007[0-9]*,' <<<"$t6" || fail "T6: D = 3, μ = 0.05 distances"

printf 'x1,x2,y\n1,0.5,1\n1,0.5,-1\n0.3,2,1\n' >"$work/nonseparable.csv"
printf 'x1,x2,y\n1,2,1\n2,abc,1\n' >"$work/malformed.csv"
printf 'x1,x2,y\n1,2,0.5\n2,1,1\n' >"$work/badlabel.csv"
expect_refusal() {  # pattern command...
  local pattern=$1; shift
  local status=0
  "$@" >"$work/out" 2>"$work/err" || status=$?
  [[ $status -ne 0 ]] || fail "accepted: $*"
  [[ ! -s "$work/out" ]] || fail "printed a result before refusing: $*"
  grep -q -- "$pattern" "$work/err" || fail "message for '$*' lacks '$pattern': $(cat "$work/err")"
}
expect_refusal "not linearly separable" "$biasflow" analyze --data "$work/nonseparable.csv" --tau 10
expect_refusal "malformed.csv" "$biasflow" analyze --data "$work/malformed.csv" --tau 10
expect_refusal "badlabel.csv" "$biasflow" analyze --data "$work/badlabel.csv" --tau 10
expect_refusal "builtin:F9" "$biasflow" analyze --data builtin:F9 --tau 10
expect_refusal "at least one checkpoint" "$biasflow" analyze --data builtin:F1
expect_refusal "--alpha" "$biasflow" analyze --data builtin:F1 --alpha abc --tau 10
expect_refusal "--tau" "$biasflow" analyze --data builtin:F1 --tau 10,x
expect_refusal "depth" "$biasflow" analyze --data builtin:F1 --depth 1 --tau 10
expect_refusal "positive" "$biasflow" analyze --data builtin:F1 --tau 10 --rich-distance=-0.1
expect_refusal "start" "$biasflow" analyze --data builtin:F1 --tau=-2
expect_refusal "not one of" "$biasflow" transitions --data builtin:F1 --alpha 1 --kinds kernel
expect_refusal "depth D ≥ 2" "$biasflow" transitions --data builtin:F1 --alpha 1 --depth 2,one
expect_refusal "must be positive" "$biasflow" transitions --data builtin:F1 --alpha 0
expect_refusal "'auto', 'l1' or 'kkt'" "$biasflow" transitions --data builtin:F1 --alpha 1 --rich-limit l2
expect_refusal "'auto', 'l1' or 'kkt'" "$biasflow" analyze --data builtin:F1 --tau 10 --rich-limit wrong
echo "check-analyze-cli: all checks passed"
