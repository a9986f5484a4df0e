"""Shared helpers: the CLI run directly (to compare the package's objects with its JSON), the
repository root, and small experiment files."""

import json
import os
import subprocess
from pathlib import Path

import pytest

REPOSITORY = Path(os.environ.get("BIASFLOW_REPOSITORY", Path(__file__).resolve().parents[2]))


def binary():
    return os.environ.get("BIASFLOW_BIN") or str(REPOSITORY / ".build" / "release" / "biasflow")


def cli(*args, check=True):
    """The CLI's stdout, run directly."""
    done = subprocess.run([binary(), *map(str, args)], capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"biasflow {' '.join(map(str, args))} failed: {done.stderr}")
    return done


def cli_json(*args):
    return json.loads(cli(*args).stdout)


@pytest.fixture
def repository():
    return REPOSITORY


@pytest.fixture
def small_experiment(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text("name: small\ndata: builtin:F1\nquantity: checkpoints\ndepths: [2]\nalphas: [1, 3, 10]\n"
                    "tau: [10]\ndigits: 10\n")
    return path
