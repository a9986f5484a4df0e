#!/usr/bin/env bash
# End-to-end check of model files (Docs/model-files.md): `saddles --model-file` on the paper's
# model and T11 gives weights 1/2, the exact Algorithm 1 trace and the weighted-l1 limit with a
# verified certificate; the deep L = 3 model's weights match the mpmath fixture; `limits --kind
# weighted-l1` agrees with the saddles' limit; the built-in network as a model file reproduces
# `--model diagonal` under gradient descent to 30 digits; `flow`/`saddles --model-file` print the
# `--format` asked (a table, CSV, JSON); `analyze --model-file` gives the distance to
# the weighted-l1 limit (and says when a model has none); bad model files and options fail with
# file:line:column or a message, a non-zero exit and nothing on stdout.
# Usage: scripts/check-model-files-cli.sh [path/to/biasflow]   (about half a minute in release)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
biasflow=${1:-$root/.build/release/biasflow}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "check-model-files-cli: FAIL: $*" >&2; exit 1; }
models=$root/Data/models
t11=$root/Data/T11.csv

json=$("$biasflow" saddles --model-file "$models/zhao2026.yaml" --data "$t11")
grep -q '"weights": \[\["1/2", "1/2"\], \["1/2", "1/2"\], \["1/2", "1/2"\], \["1/2", "1/2"\]\]' <<<"$json" || fail "paper's weights are not 1/2"
for saddle in '"4/5", "0", "0", "0"' '"0", "0", "7/5", "0"' '"0", "0", "10/7", "-10/49"'; do
  grep -q "\"saddle\": \[$saddle\]" <<<"$json" || fail "missing saddle ($saddle)"
done
grep -q '"certificate": {"verified": true' <<<"$json" || fail "weighted-l1 certificate not verified"

json=$("$biasflow" saddles --model-file "$models/deep3.yaml" --data "$t11" --digits 30)
grep -q '"1.31368719726274458487803206737", "2.92981733580558151351902997546"' <<<"$json" || fail "deep weights differ from mpmath"
grep -q '"w": \["4/3", "-2/3", "0", "0"\]' <<<"$json" || fail "deep weighted-l1 limit"

json=$("$biasflow" limits --data "$t11" --kind weighted-l1 --weights "1/2:1/2,1/2,1/2,0.5" --exact)
grep -q '"w": \["0", "0", "10/7", "-10/49"\]' <<<"$json" || fail "limits --kind weighted-l1 differs from the saddles' limit"
grep -q '"objective": "40/49"' <<<"$json" || fail "weighted-l1 objective"

mine=$("$biasflow" flow --model-file "$models/diagonal2.yaml" --data "$t11" --scale 0.5 --optimizer gd --step 0.01 --time 1 --digits 30 \
  --format json | grep -o '"w": \[[^]]*\]')
builtin=$("$biasflow" flow --model diagonal --data "$t11" --alpha 0.5 --optimizer gd --step 0.01 --time 1 --digits 30 --format json \
  | grep -o '"w": \[[^]]*\]')
[ "$mine" = "$builtin" ] || fail "diagonal model file $mine differs from --model diagonal $builtin"

json=$("$biasflow" flow --model-file "$models/deep3.yaml" --data "$t11" --scale 0.5 --time 1 --digits 20 --format json)
grep -q '"initial_imbalances": \[\["0.18750000000000000000", "0.097500000000000000000"\]' <<<"$json" || fail "deep initial imbalances"
grep -q '"imbalances": \[\["0.18750000000000000000", "0.097500000000000000000"\]' <<<"$json" || fail "deep imbalances not conserved"
table=$("$biasflow" flow --model-file "$models/deep3.yaml" --data "$t11" --scale 0.5 --time 1 --digits 20)
grep -q '^  imbalance 1  a² − c² = 0.18750000000000000000, b² − c² = 0.097500000000000000000$' <<<"$table" \
  || fail "flow --model-file: the default table lacks the imbalances"
[[ $table != "{"* ]] || fail "flow --model-file printed JSON without --format json"
csv=$("$biasflow" flow --model-file "$models/deep3.yaml" --data "$t11" --scale 0.5 --time 1 --digits 20 --format csv)
[[ $(head -n 1 <<<"$csv") == target,level,time,loss,w1,w2,w3,w4,* ]] || fail "flow --model-file --format csv header"
table=$("$biasflow" saddles --model-file "$models/zhao2026.yaml" --data "$t11" --format table)
grep -q '^saddle 3: jump time T_3 = 138/49 (duration 40/49)' <<<"$table" || fail "saddles --model-file --format table"

refuse() {
  local expected=$1; shift
  if "$biasflow" "$@" >"$work/out" 2>"$work/err"; then fail "accepted: $*"; fi
  grep -q -- "$expected" "$work/err" || fail "'$*' did not say '$expected': $(cat "$work/err")"
  [ ! -s "$work/out" ] || fail "'$*' wrote to stdout"
}
printf 'parameters: [a, b]\ncoordinates:\n  - where: all\n    k: a*b + tanh(q)\ninit:\n  - where: all\n    a: 1\n    b: 1\n' >"$work/unknown.yaml"
refuse "unknown.yaml:4:19: k: unknown name 'q'" flow --model-file "$work/unknown.yaml" --data "$t11" --scale 0.1 --time 1
printf 'parameters: [a, b]\ncoordinates:\n  - where: "1-3"\n    k: a*b\ninit:\n  - where: all\n    a: 1\n    b: 1\n' >"$work/cover.yaml"
refuse "cover.yaml:2:1: coordinate 4 has no k" saddles --model-file "$work/cover.yaml" --data "$t11"
printf 'parameters: [a, b]\ncoordinates:\n  - where: all\n    k: a^2 + b^2\ninit:\n  - where: all\n    a: 1\n    b: 1\n' >"$work/convex.yaml"
refuse "fails λ_1 < min{0, λ_2}" saddles --model-file "$work/convex.yaml" --data "$t11"
printf 'parameters: [a, b]\ncoordinates:\n  - where: all\n    k: a/b + log(a)\ninit:\n  - where: all\n    a: 1\n    b: 0\n' >"$work/domain.yaml"
refuse "outside the domain" flow --model-file "$work/domain.yaml" --data "$t11" --scale 0.1 --time 1
refuse "the Hessian of k at 0 is not finite" saddles --model-file "$work/domain.yaml" --data "$t11"
refuse "needs --scale" flow --model-file "$models/deep3.yaml" --data "$t11" --time 1
refuse "loss levels must deepen" flow --model-file "$models/deep3.yaml" --data "$t11" --scale 0.1 --log10-loss -5,-2
refuse "--margin needs classification data" flow --model-file "$models/deep3.yaml" --data "$t11" --scale 0.1 --margin 1
refuse "is not one of sign, support" flow --model-file "$models/deep3.yaml" --data "$t11" --scale 0.1 --tau 1 --events signs
json=$("$biasflow" flow --model-file "$models/zhao2026.yaml" --data "$t11" --scale 1e-3 --tau 5 --events sign --digits 10 --format json)
grep -q '"tau": "5"' <<<"$json" || fail "flow --model-file --tau: no checkpoint at the level"
grep -q '"event": "sign"' <<<"$json" || fail "flow --model-file --events sign: no sign event"
refuse "2 weight pairs for 4 features" limits --data "$t11" --kind weighted-l1 --weights "1:1,1"
refuse "--weights belongs to --kind weighted-l1" limits --data "$t11" --kind l1-interpolation --weights "1"
json=$("$biasflow" analyze --model-file "$models/zhao2026.yaml" --data "$t11" --scale 1e-3 --time 80 --digits 12 --format json)
grep -q '"weighted_l1" : "0.48965215522' <<<"$json" || fail "analyze --model-file: distance to the weighted-l1 limit at s = 1e-3"
json=$("$biasflow" analyze --model-file "$work/convex.yaml" --data "$t11" --scale 0.1 --time 1 --digits 12 --format json)
grep -q '"weighted_l1_unavailable"' <<<"$json" || fail "analyze --model-file: a model without a weighted limit should say so"
refuse "--alpha does not apply to --model-file" analyze --model-file "$models/zhao2026.yaml" --data "$t11" --scale 1e-3 --time 1 --alpha 2
refuse "--depth does not apply to --model-file" analyze --model-file "$models/zhao2026.yaml" --data "$t11" --scale 1e-3 --time 1 --depth 3
refuse "--scale belongs to --model-file" analyze --data builtin:F1 --scale 1e-3 --tau 10
printf 'data: %s\nmodel_file: %s\nquantity: distances\nscales: [1e-3]\ntime: [1]\ndigits: 12\n' "$t11" "$work/unknown.yaml" >"$work/exp.yaml"
refuse "unknown.yaml:4:19: k: unknown name 'q'" sweep run "$work/exp.yaml" --out "$work/sweep"
[ ! -e "$work/sweep" ] || fail "a sweep with a broken model file created its result directory"
echo "check-model-files-cli: all checks passed"
