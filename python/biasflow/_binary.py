"""Where the ``biasflow`` executable is: ``BIASFLOW_BIN``, then ``PATH``, then a repository's
release build (``.build/release/biasflow`` in the current directory or one of its parents, or in
the checkout this package was installed from in editable mode)."""

import os
import shutil
from pathlib import Path

from .errors import BiasFlowError

BUILD_HINT = (
    "build it in the BiasFlow repository with\n"
    "    swift build -c release --product biasflow\n"
    "then either put .build/release on PATH, set BIASFLOW_BIN=/path/to/.build/release/biasflow, "
    "or run Python from inside the repository"
)


def _release_builds():
    seen = set()
    starts = [Path.cwd(), Path(__file__).resolve().parent]
    for start in starts:
        for folder in [start, *start.parents]:
            if folder in seen:
                continue
            seen.add(folder)
            if (folder / "Package.swift").is_file():
                yield folder / ".build" / "release" / "biasflow"


def find_binary():
    """The path of the biasflow executable; raises BiasFlowError saying how to build it."""
    explicit = os.environ.get("BIASFLOW_BIN")
    if explicit:
        path = Path(explicit)
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
        raise BiasFlowError(f"BIASFLOW_BIN={explicit} is not an executable file; {BUILD_HINT}", exit_code=None)
    on_path = shutil.which("biasflow")
    if on_path:
        return on_path
    for candidate in _release_builds():
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise BiasFlowError(
        "the biasflow executable was not found (BIASFLOW_BIN is not set, no biasflow on PATH, no "
        f".build/release/biasflow in a repository around {Path.cwd()}); {BUILD_HINT}",
        exit_code=None,
    )
