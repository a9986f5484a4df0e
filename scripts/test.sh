#!/usr/bin/env bash
# The test command of the README: installs what is missing (MPFR, GMP, pkg-config), then builds
# and runs every test target in release mode (the multiprecision work is 10-50x slower in debug).
# -enable-testing lets the @testable imports of some suites compile in release.
# The leak check reads a process-wide count of live MPFR values, so it runs in its own process,
# after the rest, where no other suite allocates beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release -Xswiftc -enable-testing --build-tests
swift test -c release -Xswiftc -enable-testing --skip-build --skip LeakTests "$@"
swift test -c release -Xswiftc -enable-testing --skip-build --filter LeakTests
# The Python package against the release CLI (its own virtual environment .venv-python).
scripts/test-python.sh
