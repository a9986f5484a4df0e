#!/usr/bin/env bash
# Installs the exact-LP peer of the Limits benchmark: QSopt_ex (Debian packages qsopt-ex, which
# provides /usr/bin/esolver, and libqsopt-ex-dev). Safe to run repeatedly: does nothing when present.
# Needs root or sudo for apt-get. SoPlex is not packaged by Debian (bookworm) nor on PyPI as an exact
# solver, so QSopt_ex is the exact peer (DESIGN.md §5).
set -euo pipefail

packages=(qsopt-ex libqsopt-ex-dev)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  echo "install-limits-peers: installing ${missing[*]}" >&2
  runner=()
  if [[ $(id -u) -ne 0 ]]; then runner=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${runner[@]}" apt-get update -qq
  "${runner[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v esolver >/dev/null || { echo "install-limits-peers: esolver not found after install" >&2; exit 1; }
