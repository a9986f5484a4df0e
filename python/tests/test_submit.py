"""sweep.submit / sweep.status with stand-ins for sbatch, squeue and scancel on PATH (the real
cluster run is scripts/check-slurm.sh): the scripts written, the afterok dependency, the job ids,
queue states per point, the refusal while an array is active, stale merge jobs cancelled."""

import os
import stat

import pytest

import biasflow

FAKES = {
    "sbatch": """#!/bin/sh
echo "sbatch $*" >> "$FAKE_SLURM/calls"
n=$(cat "$FAKE_SLURM/next" 2>/dev/null || echo 100)
echo $((n + 1)) > "$FAKE_SLURM/next"
echo "$n;cluster"
""",
    "squeue": """#!/bin/sh
echo "squeue $*" >> "$FAKE_SLURM/calls"
while [ $# -gt 0 ]; do [ "$1" = "-j" ] && id=$2; shift; done
grep "^$id|" "$FAKE_SLURM/queue" 2>/dev/null
exit 0
""",
    "scancel": """#!/bin/sh
echo "scancel $*" >> "$FAKE_SLURM/calls"
""",
}


@pytest.fixture
def fake_slurm(tmp_path, monkeypatch):
    folder = tmp_path / "fake-slurm"
    folder.mkdir()
    for name, text in FAKES.items():
        path = folder / name
        path.write_text(text)
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_SLURM", str(folder))
    return folder


def test_submit_writes_scripts_and_submits_both(fake_slurm, small_experiment, tmp_path):
    out = tmp_path / "store"
    job = biasflow.sweep.submit(small_experiment, out, tasks=3, partition="short", time="0:10:00", sbatch="--mem=1G --account proj")
    assert (job.array_job, job.merge_job, job.tasks) == ("100", "101", 3)
    calls = (fake_slurm / "calls").read_text().splitlines()
    assert calls == [f"sbatch --parsable {out}/slurm/sweep-array.sh", f"sbatch --parsable --dependency=afterok:100 {out}/slurm/sweep-merge.sh"]
    array = (out / "slurm" / "sweep-array.sh").read_text()
    for line in ("#SBATCH --array=0-2", "#SBATCH --partition=short", "#SBATCH --time=0:10:00", "#SBATCH --mem=1G",
                 "#SBATCH --account proj", f"#SBATCH --output={out}/slurm/logs/task-%A_%a.log"):
        assert line in array.splitlines()
    assert f"sweep run '{small_experiment}' --out '{out}' --shard auto" in array
    merge = (out / "slurm" / "sweep-merge.sh").read_text()
    assert f"sweep table '{out}' --format csv" in merge and f"'{out}/table.csv'" in merge
    assert (out / "experiment.json").is_file()


def test_status_and_resubmission(fake_slurm, small_experiment, tmp_path):
    out = tmp_path / "store"
    biasflow.sweep.submit(small_experiment, out, tasks=3)
    # Task 0 finished its point (stored here by a local shard run), task 1 runs, task 2 waits.
    biasflow.sweep.run(small_experiment, out, shard="1/3")
    (fake_slurm / "queue").write_text("100|1|RUNNING|None\n100|2|PENDING|Resources\n101|N/A|PENDING|Dependency\n")
    status = biasflow.sweep.status(out)
    assert [(p.state, p.task) for p in status.points] == [("done", None), ("running", "100_1"), ("queued", "100_2")]
    assert status.submissions[0].merge_state == "PENDING (Dependency)"
    assert (status.submissions[0].array_job, status.submissions[0].merge_job) == ("100", "101")
    with pytest.raises(biasflow.BiasFlowError, match="still has 2 task"):
        biasflow.sweep.submit(small_experiment, out, tasks=3)
    # Task 1 was cancelled, task 2 failed: the merge job can never start; resubmitting cancels it.
    (fake_slurm / "queue").write_text("101|N/A|PENDING|DependencyNeverSatisfied\n")
    assert biasflow.sweep.status(out).missing == 2
    job = biasflow.sweep.submit(small_experiment, out, tasks=2)
    assert job.cancelled_merge_jobs == ["101"] and (job.array_job, job.merge_job) == ("102", "103")
    assert "scancel 101" in (fake_slurm / "calls").read_text().splitlines()
    assert "#SBATCH --array=0-1" in (out / "slurm" / "sweep-array.sh").read_text()
    assert len((out / "slurm" / "submissions.jsonl").read_text().splitlines()) == 2


def test_submit_refusals(fake_slurm, small_experiment, tmp_path):
    with pytest.raises(biasflow.BiasFlowError, match="at most one task per point"):
        biasflow.sweep.submit(small_experiment, tmp_path / "a", tasks=4)
    with pytest.raises(biasflow.BiasFlowError, match="set by the submission"):
        biasflow.sweep.submit(small_experiment, tmp_path / "b", tasks=2, sbatch="--array=0-9")
    assert not (fake_slurm / "calls").exists()
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
