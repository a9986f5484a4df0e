#!/usr/bin/env bash
# The test command of the README: installs what is missing (MPFR, GMP, pkg-config), then builds
# and runs every test target in release mode (the multiprecision work is 10-50x slower in debug).
# -enable-testing lets the @testable imports of some suites compile in release.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release -Xswiftc -enable-testing --build-tests
swift test -c release -Xswiftc -enable-testing --skip-build "$@"
