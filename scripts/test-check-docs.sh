#!/usr/bin/env bash
# Test of the documentation checker itself (scripts/check-docs.sh): runs it on copies of
# scripts/fixtures/check-docs-fixture.md, pristine and altered by hand, and checks that it passes
# and fails where it must. Needs the release binary (.build/release/biasflow). About 10 s.
set -uo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fixture=scripts/fixtures/check-docs-fixture.md
passed=0 failed=0
readme_before=$(sha256sum README.md)

# expect RC NAME SED-EXPRESSION: the fixture edited by sed must make the checker exit with RC.
expect() {
    local rc=$1 name=$2 edit=$3 doc="$work/$2.md"
    sed -e "$edit" "$fixture" > "$doc"
    if [ -n "$edit" ] && cmp -s "$fixture" "$doc"; then
        echo "FAIL $name: the edit changed nothing (fixture out of date?)"; failed=$((failed + 1)); return
    fi
    scripts/check-docs.sh "$doc" > "$work/$name.log" 2>&1
    local got=$?
    if [ "$got" -eq "$rc" ]; then
        echo "ok   $name (exit $got)"; passed=$((passed + 1))
    else
        echo "FAIL $name: exit $got, expected $rc"; sed 's/^/     /' "$work/$name.log"; failed=$((failed + 1))
    fi
}

expect 0 pristine ''
expect 1 digit-altered 's/^0\.3333333333333333$/0.3333333333333334/'
expect 1 wrong-rounding 's/^0\.3333333333333333$/0.334/'
expect 0 correct-rounding 's/^0\.3333333333333333$/0.333/'
expect 1 digit-claimed-beyond-output 's/^0\.3333333333333333$/0.33333333333333330/'
expect 0 step-count-and-timing-exempt 's/^converged in 17 steps, 0\.5 s$/converged in 23 steps, 9.1 s/'
expect 1 word-altered 's/^converged in 17/settled in 17/'
expect 1 biasflow-output-altered 's/^1,2,1$/1,3,1/'
expect 1 markdown-region-altered 's/^| 0\.25 | 1\.2345 |$/| 0.25 | 1.2346 |/'
expect 0 markdown-region-padding 's/^| 0\.25 | 1\.2345 |$/|   0.25 |   1.2345 |/'
expect 1 output-line-missing '/^N is 7$/d'
expect 1 unmarked-command-block 's/^<!-- check-docs skip="never run: it would take 100 s" -->$//'
expect 1 skip-without-reason 's/skip="never run: it would take 100 s"/skip=""/'
expect 1 overwrites-repository-file 's/^\$ N=7$/$ echo changed > README.md/'

# --update regenerates an altered output: the result equals the pristine fixture.
sed -e 's/^0\.3333333333333333$/0.5/' -e 's/^1,2,1$/9,9,9/' "$fixture" > "$work/update.md"
scripts/check-docs.sh --update "$work/update.md" > "$work/update.log" 2>&1
if cmp -s "$fixture" "$work/update.md" && scripts/check-docs.sh "$work/update.md" > /dev/null 2>&1; then
    echo "ok   update-regenerates"; passed=$((passed + 1))
else
    echo "FAIL update-regenerates"; diff "$fixture" "$work/update.md" | sed 's/^/     /'; failed=$((failed + 1))
fi
# The repository's own files are never touched by a checked block.
if [ "$(sha256sum README.md)" = "$readme_before" ]; then
    echo "ok   repository-untouched"; passed=$((passed + 1))
else
    echo "FAIL repository-untouched: README.md was modified"; failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
