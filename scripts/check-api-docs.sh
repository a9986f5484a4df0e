#!/usr/bin/env bash
# Builds the DocC API documentation of every public library target (Sources/<Target>/<Target>.docc)
# with swift-docc-plugin and fails if DocC warns: a ``Symbol`` or <doc:Article> link that does not
# resolve, a topic that names nothing, a malformed catalog. Writes the archives to
# .build/api-docs/<Target>.doccarchive (git-ignored). Run by .ci/run after the tests.
#
#   scripts/check-api-docs.sh [TARGET ...]     # default: all six library targets
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(Multiprecision Integrators Limits Flow Asymptotics Reports)
out=.build/api-docs
mkdir -p "$out"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
for target in "${targets[@]}"; do
    start=$(date +%s)
    if ! swift package --allow-writing-to-directory "$out" generate-documentation --target "$target" \
            --output-path "$out/$target.doccarchive" > "$log" 2>&1; then
        echo "FAIL $target: generate-documentation failed"
        grep -E 'error:|warning:' "$log" | head -40 || tail -40 "$log"
        status=1
        continue
    fi
    # DocC's diagnostics of symbol and article links. (Other warnings, such as a parameter without
    # documentation in a doc comment, are listed by DocC but do not fail the check.)
    if grep -E "(warning|error): .*(doesn't exist|can't be resolved|isn't found|not found|unresolved|No symbol matched|Topic reference)" "$log"; then
        echo "FAIL $target: unresolved documentation links"
        status=1
        continue
    fi
    echo "ok   $target ($(( $(date +%s) - start )) s, $out/$target.doccarchive)"
done
exit $status
