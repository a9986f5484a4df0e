#!/usr/bin/env bash
# Creates the peer virtualenv `.venv-peers` in the repository root and installs the peers that the
# reference fixtures and the benchmarks compare against: heyoka (Taylor integrator on MPFR) and
# mpmath, both from PyPI. Safe to run repeatedly: it does nothing when both already import.
# Prints the venv's python path on its last line. Fails loudly (non-zero exit) if anything fails.
#
# Usage: scripts/install-peers.sh            (PYTHON=python3.11 scripts/install-peers.sh to choose)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv="$root/.venv-peers"
python=${PYTHON:-python3}
packages=(heyoka mpmath)

fail() { echo "install-peers: ERROR: $*" >&2; exit 1; }

command -v "$python" >/dev/null || fail "$python not found"

if [[ ! -x "$venv/bin/python" ]]; then
  echo "install-peers: creating $venv" >&2
  "$python" -m venv "$venv" || fail "python -m venv failed (on Debian: apt-get install python3-venv)"
fi
vpy="$venv/bin/python"
"$vpy" -c 'import sys' || fail "$vpy does not run; delete $venv and retry"

missing=()
for package in "${packages[@]}"; do
  if ! "$vpy" -c "import $package" >/dev/null 2>&1; then missing+=("$package"); fi
done

if ((${#missing[@]} > 0)); then
  echo "install-peers: installing ${missing[*]}" >&2
  "$vpy" -m pip install --disable-pip-version-check -q --upgrade pip >&2 \
    || fail "pip upgrade failed"
  "$vpy" -m pip install --disable-pip-version-check -q "${missing[@]}" >&2 \
    || fail "pip install ${missing[*]} failed"
fi

for package in "${packages[@]}"; do
  "$vpy" -c "import $package" || fail "$package does not import after installation"
done
"$vpy" -c 'import heyoka, mpmath; print("install-peers: heyoka", heyoka.__version__, "mpmath", mpmath.__version__)' >&2 \
  || fail "version check failed"
echo "$vpy"
