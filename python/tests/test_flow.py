"""flow(): every number of the Trajectory equals the CLI's JSON to every digit, as an mpf at the
precision its digits need; invariants of the mathematics hold on the returned numbers."""

from fractions import Fraction

import mpmath
import pytest

import biasflow
from biasflow._numbers import significant_digits
from conftest import cli_json

F1_ROWS = [[0.646, 0.822, 0.330, -1.303, 0.905, 0.446, 1], [0.837, 0.581, 0.365, 0.294, 0.028, 0.547, 1],
           [1.036, -0.163, -0.482, 0.599, 0.040, -0.292, 1], [1.082, -0.257, 0.008, -0.276, 1.294, 1.007, 1]]


def same_number(value, text):
    """The mpf is the decimal rounded to its own digits: printing it with as many significant digits
    as the text has gives back the text's value, and it is within half a unit of the last digit."""
    digits = significant_digits(text)
    assert isinstance(value, mpmath.mpf)
    with mpmath.workdps(digits + 30):
        exact = mpmath.mpf(text)
        assert abs(value - exact) <= abs(exact) * mpmath.mpf(10) ** (-digits - 1) or value == exact
        assert mpmath.mpf(mpmath.nstr(value, digits)) == mpmath.mpf(mpmath.nstr(exact, digits))


@pytest.fixture(scope="module")
def trajectory_and_json():
    args = dict(depth=2, alpha=1, tau=[10, 100], digits=25)
    t = biasflow.flow("builtin:F1", **args)
    raw = cli_json("flow", "--data", "builtin:F1", "--depth", 2, "--alpha", 1, "--tau", "10,100", "--digits", 25, "--format", "json")
    return t, raw


def test_trajectory_equals_cli_json(trajectory_and_json):
    t, raw = trajectory_and_json
    assert t.raw == raw
    assert len(t.checkpoints) == len(raw["checkpoints"]) == 2
    for c, j in zip(t.checkpoints, raw["checkpoints"]):
        assert c.target == j["target"] and c.verified_digits == j["verified_digits"] >= 25
        assert c.precision_bits == j["precision_bits"] and c.steps == j["steps"]
        for name in ("tau", "log10_loss", "log10_time", "gamma"):
            same_number(getattr(c, name), j[name])
        for name in ("w", "w_normalized", "nu"):
            assert len(getattr(c, name)) == len(j[name])
            for value, text in zip(getattr(c, name), j[name]):
                same_number(value, text)


def test_mpf_carries_all_digits(trajectory_and_json):
    t, raw = trajectory_and_json
    text = raw["checkpoints"][1]["w_normalized"][0]
    assert significant_digits(text) >= 25
    value = t.checkpoints[1].w_normalized[0]
    digits = significant_digits(text)
    # More digits than binary64 holds survive (mpmath prints and computes at its working
    # precision: the mpf itself keeps every bit it was made with).
    with mpmath.workdps(digits + 10):
        assert mpmath.nstr(value, digits, strip_zeros=False) == mpmath.nstr(mpmath.mpf(text), digits, strip_zeros=False)
        assert mpmath.mpf(float(value)) != value


def test_invariants_of_the_returned_numbers(trajectory_and_json):
    t, _ = trajectory_and_json
    for c in t.checkpoints:
        with mpmath.workdps(40):
            # τ = −ln L, reported as log10 L = −τ / ln 10.
            assert abs(c.log10_loss + c.tau / mpmath.log(10)) <= mpmath.mpf(10) ** -20 * abs(c.log10_loss)
            # w̃ = w / γ with γ = min_n z_n·w (F1's rows are the z_n).
            for wi, wn in zip(c.w, c.w_normalized):
                assert abs(wi / c.gamma - wn) <= mpmath.mpf(10) ** -18 * max(abs(wn), mpmath.mpf(10) ** -3)
            margins = [mpmath.fsum(mpmath.mpf(str(x)) * wi for x, wi in zip(row[:6], c.w)) for row in F1_ROWS]
            assert abs(min(margins) - c.gamma) <= mpmath.mpf(10) ** -18 * c.gamma


def test_dataframe_keeps_full_digits(trajectory_and_json):
    t, raw = trajectory_and_json
    frame = t.to_dataframe()
    assert len(frame) == 2
    for i, j in enumerate(raw["checkpoints"]):
        assert frame.loc[i, "tau_str"] == j["tau"] and frame.loc[i, "tau"] == float(j["tau"])
        assert frame.loc[i, "gamma_str"] == j["gamma"]
        assert [frame.loc[i, f"w_normalized{k + 1}_str"] for k in range(6)] == j["w_normalized"]
        assert [frame.loc[i, f"nu{k + 1}"] for k in range(4)] == [float(x) for x in j["nu"]]
        assert frame.loc[i, "verified_digits"] == j["verified_digits"]


def test_huge_checkpoints_stay_exact():
    t = biasflow.flow("builtin:F1", tau=["1e30"], digits=10)
    c = t.checkpoints[0]
    digits = significant_digits(c.text["tau"])
    with mpmath.workdps(digits + 20):
        assert abs(c.tau / mpmath.mpf("1e30") - 1) < mpmath.mpf(10) ** -digits
        # log10 L = −1e30/ln 10 keeps its digits beyond binary64's 16.
        assert mpmath.nstr(c.log10_loss, digits) == mpmath.nstr(-mpmath.mpf(10) ** 30 / mpmath.log(10), digits) and digits > 17


@pytest.mark.parametrize("make", ["frame", "array", "rows", "fractions"])
def test_in_memory_data_is_written_exactly(make, trajectory_and_json):
    import numpy
    import pandas

    if make == "frame":
        data = pandas.DataFrame(F1_ROWS, columns=["x1", "x2", "x3", "x4", "x5", "x6", "y"])
    elif make == "array":
        data = numpy.array(F1_ROWS)
    elif make == "rows":
        data = F1_ROWS
    else:
        data = [[Fraction(str(v)) for v in row] for row in F1_ROWS]
    t = biasflow.flow(data, depth=2, alpha=1, tau=[10, 100], digits=25)
    # The floats 0.646, … are written as "0.646", …: the same rationals as builtin:F1, so the same run.
    _, raw = trajectory_and_json
    strip = lambda r: [{k: v for k, v in c.items()} for c in r["checkpoints"]]
    assert strip(t.raw) == strip(raw)
