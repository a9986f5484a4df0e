"""Errors: BiasFlowError with the CLI's message (file:line:column) and exit code; a missing
binary says how to build it; temporary data files are removed."""

import os
import tempfile
from fractions import Fraction

import pytest

import biasflow


def test_bad_csv_names_file_line_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("x1,x2,y\n1,2,1\n0.5,abc,1\n")
    with pytest.raises(biasflow.BiasFlowError) as caught:
        biasflow.flow(path, tau=10, digits=10)
    error = caught.value
    assert error.exit_code == 1
    assert f"{path}:3:2" in error.message and "abc" in error.message
    assert f"{path}:3:2" in str(error)


def test_ragged_csv_in_limits(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("x1,x2,y\n1,2,1\n1,2\n")
    with pytest.raises(biasflow.BiasFlowError) as caught:
        biasflow.limits(path, kind="l1-margin")
    assert f"{path}:3:3" in caught.value.message and caught.value.exit_code == 1


def test_malformed_command_line_is_an_error():
    with pytest.raises(biasflow.BiasFlowError) as caught:
        biasflow.flow("builtin:F1", tau=10, no_such_option=3)
    # ArgumentParser's usage errors: 64 before the uniform exit-code rule (issue 14), 2 after it.
    assert caught.value.exit_code in (2, 64)
    assert "no-such-option" in caught.value.message and "Usage" not in caught.value.message


def test_refused_data_in_memory_names_the_frame():
    import pandas

    frame = pandas.DataFrame({"x1": [1.0, 2.0], "y": [1, 3]})
    with pytest.raises(biasflow.BiasFlowError) as caught:
        biasflow.flow(frame, tau=10, digits=10)
    assert "<DataFrame>:3:2" in caught.value.message and "biasflow-data-" not in caught.value.message


def test_temporary_csv_is_removed(monkeypatch):
    made = []
    original = tempfile.mkdtemp

    def recording(*args, **kwargs):
        made.append(original(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(tempfile, "mkdtemp", recording)
    biasflow.limits([[1, 2, 1], [Fraction(3, 4), -1, 1]], kind="l1-margin")
    with pytest.raises(biasflow.BiasFlowError):
        biasflow.limits([[1, 2, 1], [1, 2, 5]], kind="l1-margin")
    assert len(made) == 2 and not any(os.path.exists(folder) for folder in made)


def test_values_without_exact_decimals_are_refused():
    with pytest.raises(ValueError, match="1/3"):
        biasflow.limits([[Fraction(1, 3), 1, 1]], kind="l1-margin")
    with pytest.raises(ValueError, match="finite"):
        biasflow.limits([[float("nan"), 1, 1]], kind="l1-margin")


def test_missing_binary_says_how_to_build(monkeypatch, tmp_path):
    monkeypatch.setenv("BIASFLOW_BIN", str(tmp_path / "nowhere"))
    with pytest.raises(biasflow.BiasFlowError, match="swift build -c release --product biasflow"):
        biasflow.flow("builtin:F1", tau=10)
    monkeypatch.delenv("BIASFLOW_BIN")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    # As if installed outside any checkout (this test's venv lives inside the repository).
    from biasflow import _binary as binary_module

    monkeypatch.setattr(binary_module, "__file__", str(tmp_path / "site-packages" / "biasflow" / "_binary.py"))
    with pytest.raises(biasflow.BiasFlowError) as caught:
        biasflow.find_binary()
    assert "not found" in caught.value.message and "BIASFLOW_BIN" in caught.value.message


def test_binary_found_in_repository_release_build(monkeypatch, repository):
    monkeypatch.delenv("BIASFLOW_BIN", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.chdir(repository / "Docs")
    assert biasflow.find_binary() == str(repository / ".build" / "release" / "biasflow")


def test_refused_computation_is_exit_code_1():
    with pytest.raises(biasflow.BiasFlowError) as caught:
        biasflow.flow("builtin:F1", tau=[10], digits=150, max_precision=256)
    error = caught.value
    assert error.exit_code == 1 and "150 digits" in error.message and error.result is None
