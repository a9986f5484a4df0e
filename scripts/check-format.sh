#!/usr/bin/env bash
# Fails when any Swift file differs from what `swift-format` (shipped with the toolchain) makes of it
# under the repository's .swift-format (4 spaces, 140 columns). Run by .ci/run; to reformat:
#   swift-format format -i -r --parallel Sources Tests Benchmarks Examples
set -euo pipefail
cd "$(dirname "$0")/.."
dirs=(Sources Tests Benchmarks)
[ -d Examples ] && dirs+=(Examples)
out=$(swift-format lint --strict -r --parallel "${dirs[@]}" 2>&1) || true
if [ -n "$out" ]; then
    echo "$out" | head -40
    echo "check-format: $(echo "$out" | wc -l) finding(s); run: swift-format format -i -r --parallel ${dirs[*]}" >&2
    exit 1
fi
echo "check-format: every Swift file is formatted"
