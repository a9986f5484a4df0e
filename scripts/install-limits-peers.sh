#!/usr/bin/env bash
# Installs the exact-LP peer of the Limits benchmark: QSopt_ex (Debian packages qsopt-ex, which
# provides /usr/bin/esolver, and libqsopt-ex-dev). Safe to run repeatedly: does nothing when present.
# Needs root or sudo for apt-get. SoPlex is not packaged by Debian (bookworm) nor on PyPI as an exact
# solver, so QSopt_ex is the exact peer (DESIGN.md §5).
set -euo pipefail
"$(dirname "$0")/install-deps.sh" qsopt-ex libqsopt-ex-dev
command -v esolver >/dev/null || { echo "install-limits-peers: esolver not found after install" >&2; exit 1; }
