#!/usr/bin/env bash
# The Python package's tests (python/tests, and the notebooks of Docs/notebooks run by nbclient)
# against the release build of the CLI (.build/release/biasflow, built here if missing).
# Makes its own virtual environment .venv-python (reused when present; its packages from PyPI),
# installs ./python into it, and runs pytest. Fails if pytest fails or finds no tests.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN="$ROOT/.build/release/biasflow"
if [ ! -x "$BIN" ]; then
    swift build -c release -Xswiftc -enable-testing --product biasflow
fi
VENV="$ROOT/.venv-python"
PYTHON=${PYTHON:-python3}
if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PYTHON" -c "import ensurepip, venv" 2>/dev/null; then
        apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv >/dev/null
    fi
    "$PYTHON" -m venv "$VENV"
fi
STAMP="$VENV/.biasflow-requirements"
REQUIREMENTS="setuptools wheel pytest mpmath numpy pandas matplotlib nbclient nbformat ipykernel"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$REQUIREMENTS" ]; then
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    # shellcheck disable=SC2086
    "$VENV/bin/python" -m pip install --quiet $REQUIREMENTS
    echo "$REQUIREMENTS" > "$STAMP"
fi
# A plain (not editable) install, as a user would have it: tests import the installed package.
"$VENV/bin/python" -m pip install --quiet --no-deps --no-build-isolation --force-reinstall ./python
"$VENV/bin/python" -m ipykernel install --sys-prefix --name python3 >/dev/null
cd "$ROOT/python"
status=0
BIASFLOW_BIN="$BIN" BIASFLOW_REPOSITORY="$ROOT" MPLBACKEND=Agg "$VENV/bin/python" -m pytest -q tests "$@" || status=$?
if [ "$status" -eq 5 ]; then echo "test-python.sh: pytest collected no tests" >&2; exit 1; fi
exit "$status"
