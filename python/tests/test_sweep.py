"""biasflow.sweep: run, table, merge, status against the CLI's own output; --shard auto from the
Slurm array variables, refused outside an array."""

import json

import pytest

import biasflow
from conftest import cli, cli_json


def test_run_table_status(small_experiment, tmp_path):
    out = tmp_path / "store"
    status = biasflow.sweep.run(small_experiment, out, jobs=2)
    assert (status.grid, status.done, status.running, status.queued, status.missing) == (3, 3, 0, 0, 0)
    assert [p.state for p in status.points] == ["done"] * 3
    table = biasflow.sweep.table(out)
    assert table.raw == cli_json("sweep", "table", out, "--format", "json")
    frame = table.to_dataframe()
    assert len(frame) == 3 and list(frame["alpha"]) == [1.0, 3.0, 10.0]
    assert list(frame["gamma_str"]) == [r["gamma"] for r in table.raw["rows"]]


def test_shards_merge_to_the_same_table(small_experiment, tmp_path):
    whole = tmp_path / "whole"
    biasflow.sweep.run(small_experiment, whole, jobs=2)
    parts = []
    for i in (1, 2):
        part = tmp_path / f"part{i}"
        status = biasflow.sweep.run(small_experiment, part, jobs=1, shard=f"{i}/2")
        assert status.done == (2 if i == 1 else 1)
        parts.append(part)
    merged = biasflow.sweep.merge(parts, tmp_path / "merged")
    assert merged.done == 3
    assert cli("sweep", "table", tmp_path / "merged", "--format", "csv").stdout == cli("sweep", "table", whole, "--format", "csv").stdout


def test_shard_auto_reads_the_array_variables(small_experiment, tmp_path, monkeypatch):
    # --array=1-2 (ids not starting at 0): task 2 is shard 2/2, the points with odd index.
    monkeypatch.setenv("SLURM_ARRAY_TASK_ID", "2")
    monkeypatch.setenv("SLURM_ARRAY_TASK_MIN", "1")
    monkeypatch.setenv("SLURM_ARRAY_TASK_MAX", "2")
    monkeypatch.setenv("SLURM_ARRAY_TASK_COUNT", "2")
    status = biasflow.sweep.run(small_experiment, tmp_path / "auto", jobs=1, shard="auto")
    assert [p.index for p in status.points if p.state == "done"] == [1]


def test_shard_auto_refused_outside_an_array(small_experiment, tmp_path, monkeypatch):
    for name in ("SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(biasflow.BiasFlowError) as caught:
        biasflow.sweep.run(small_experiment, tmp_path / "x", shard="auto")
    assert "SLURM_ARRAY_TASK_ID" in caught.value.message and caught.value.exit_code == 1
    assert not (tmp_path / "x").exists()


def test_uneven_array_is_refused(small_experiment, tmp_path, monkeypatch):
    # --array=1,2,9: three ids, not evenly spaced; some shard would never run.
    for name, value in {"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "9",
                        "SLURM_ARRAY_TASK_COUNT": "3"}.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(biasflow.BiasFlowError, match="not evenly spaced"):
        biasflow.sweep.run(small_experiment, tmp_path / "y", shard="auto")


def test_status_of_a_partial_store(small_experiment, tmp_path):
    out = tmp_path / "partial"
    biasflow.sweep.run(small_experiment, out, jobs=1, shard="1/3")
    status = biasflow.sweep.status(out)
    assert (status.done, status.missing) == (1, 2)
    assert json.loads(cli("sweep", "status", out, "--format", "json").stdout)["missing"] == 2
    text = cli("sweep", "status", out).stdout
    assert "1 done" in text and "2 missing" in text and "α = 3" in text
    with pytest.raises(biasflow.BiasFlowError, match="no result yet|missing"):
        biasflow.sweep.table(out)
    assert len(biasflow.sweep.table(out, partial=True).raw["rows"]) == 1
