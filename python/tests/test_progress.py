"""Progress: the CLI's progress bar, read from stderr through a pipe (BIASFLOW_PROGRESS=1)."""

import biasflow
from biasflow._cli import cli_message, parse_progress


def test_progress_records_parse():
    report = parse_progress("sweep [###############---------------] 3/6 points (last: D = 2, α = 1, 0.5 s)")
    assert report.label == "sweep" and report.fraction == 0.5 and report.status.startswith("3/6 points")
    assert parse_progress("flow [------------------------------] τ ≈ 12.5").fraction == 0
    assert parse_progress("Error: something") is None
    stderr = "\rflow [---] τ ≈ 1\x1b[K\r\x1b[KError: bad.csv:3:2 (column 'x2'): 'abc' is not a number\nUsage: biasflow flow\n"
    assert cli_message(stderr) == "bad.csv:3:2 (column 'x2'): 'abc' is not a number"


def test_flow_reports_progress():
    seen = []
    t = biasflow.flow("builtin:F1", tau=[10, 1000], digits=15, progress=seen.append)
    assert len(t.checkpoints) == 2
    assert seen and all(p.label == "flow" for p in seen)
    assert any("τ ≈" in p.status for p in seen)


def test_sweep_progress_reaches_the_end(small_experiment, tmp_path):
    seen = []
    status = biasflow.sweep.run(small_experiment, tmp_path / "out", jobs=1, progress=seen.append)
    assert status.done == 3 and status.missing == 0
    assert [p.fraction for p in seen][-1] == 1.0 and all(p.label == "sweep" for p in seen)
