"""Sweeps (``biasflow sweep …``): experiments over (depth, α) grids in resumable result
directories; ``submit``/``status`` run them as Slurm job arrays (Docs/sweeps.md)."""

import json
import os

from . import _cli
from .results import Record, SweepTable, convert


def run(experiment, out, jobs=None, shard=None, progress=None):
    """``biasflow sweep run``: computes the grid points of ``experiment`` (a YAML path) not yet
    stored in ``out``; shard "i/n" or "auto" (inside a Slurm array task). Returns ``status(out)``."""
    args = ["sweep", "run", os.fspath(experiment), "--out", os.fspath(out), *_cli.options(jobs=jobs, shard=shard)]
    _cli.run(args, progress=progress)
    return status(out)


def table(directory, partial=False):
    """``biasflow sweep table --format json``: a ``SweepTable`` (``to_dataframe()``: one row per
    grid point and record, floats beside full-digit strings)."""
    args = ["sweep", "table", os.fspath(directory), "--format", "json", *_cli.options(partial=partial)]
    out, _ = _cli.run(args)
    return SweepTable.from_json(out)


def merge(directories, out):
    """``biasflow sweep merge``: merges result directories (shards) of one experiment into ``out``."""
    _cli.run(["sweep", "merge", *[os.fspath(d) for d in directories], "--out", os.fspath(out)])
    return status(out)


def submit(experiment, out, tasks, partition=None, time=None, sbatch=None):
    """``biasflow sweep submit``: writes the Slurm array script and the merge job (afterok) into
    ``out``, submits both with sbatch; returns a Record with ``array_job``, ``merge_job`` and the
    script paths."""
    args = ["sweep", "submit", os.fspath(experiment), "--out", os.fspath(out),
            *_cli.options(tasks=tasks, partition=partition, time=time, sbatch=sbatch), "--format", "json"]
    out_text, _ = _cli.run(args)
    raw = json.loads(out_text)
    return Record({k: v for k, v in raw.items()}, raw)


def status(directory):
    """``biasflow sweep status --format json``: points ``done``, ``running``, ``queued`` and
    ``missing`` (counts), and ``points`` (index, depth, α, state)."""
    out, _ = _cli.run(["sweep", "status", os.fspath(directory), "--format", "json"])
    raw = json.loads(out)
    return convert(raw)
