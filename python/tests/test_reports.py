"""analyze, transitions, saddles, lp: the result objects hold the CLI's JSON, their numbers
converted without loss, and their DataFrames carry every digit."""

from fractions import Fraction

import mpmath
import pytest

import biasflow
from biasflow._numbers import significant_digits
from conftest import cli_json


def test_analyze_matches_cli():
    args = ["--data", "builtin:F1", "--depth", 2, "--alpha", 1, "--tau", "10,100", "--digits", 12]
    report = biasflow.analyze("builtin:F1", depth=2, alpha=1, tau=[10, 100], digits=12)
    assert report.raw == cli_json("analyze", *args, "--format", "json")
    c = report.checkpoints[1]
    assert isinstance(c.gamma, mpmath.mpf) and c.regime == report.raw["checkpoints"][1]["regime"]
    with mpmath.workdps(30):
        assert mpmath.nstr(c.distance.l1_margin, 12) == mpmath.nstr(mpmath.mpf(report.raw["checkpoints"][1]["distance"]["l1_margin"]), 12)
    # MATH.md T7 (F1, D = 2, α = 1): ‖w̃ − ŵ₁‖ = 0.17354 at τ = 100, γ = 100.3944.
    assert round(float(c.distance.l1_margin), 5) == 0.17354 and round(float(c.gamma), 4) == 100.3944
    frame = report.to_dataframe()
    assert list(frame["distance_l1_margin_str"]) == [x["distance"]["l1_margin"] for x in report.raw["checkpoints"]]
    assert list(frame["regime"]) == [x["regime"] for x in report.raw["checkpoints"]]


@pytest.fixture(scope="module")
def transition_report():
    return biasflow.transitions("builtin:F1", depth=2, alpha=[3, 10], kinds="kernel_exit", digits=10)


def test_transitions_match_cli(transition_report):
    raw = cli_json("transitions", "--data", "builtin:F1", "--depth", 2, "--alpha", "3,10", "--kinds", "kernel_exit",
                   "--digits", 10, "--format", "json")
    assert transition_report.raw == raw
    p = transition_report.points[1]
    assert p.alpha == Fraction(10) and p.alpha_to_depth == Fraction(100) and p.reached
    text = raw["points"][1]["log10_inverse_loss"]["value"]
    assert significant_digits(text) == raw["points"][1]["log10_inverse_loss"]["digits"]
    with mpmath.workdps(40):
        assert mpmath.nstr(p.log10_inverse_loss, significant_digits(text)) == mpmath.nstr(mpmath.mpf(text), significant_digits(text))
    frame = transition_report.to_dataframe()
    assert list(frame["log10_inverse_loss_str"]) == [x["log10_inverse_loss"]["value"] for x in raw["points"]]
    assert list(frame["log10_inverse_loss_digits"]) == [x["log10_inverse_loss"]["digits"] for x in raw["points"]]
    # Docs/analysis/transitions-f1-d2.json (published): α = 10 kernel exit at log10(1/ε*) = 45.23923446937644748.
    with mpmath.workdps(40):
        assert mpmath.nstr(p.log10_inverse_loss, 10) == mpmath.nstr(mpmath.mpf("45.23923446937644748"), 10)
    assert len(transition_report.fits_dataframe()) == 1


def test_saddles_match_cli():
    report = biasflow.saddles("builtin:T11")
    raw = cli_json("saddles", "--data", "builtin:T11", "--format", "json")
    assert report.raw == raw
    # MATH.md T11: the last saddle is the min-l1 interpolator (0, 0, 10/7, −10/49), ‖β‖₁ = 80/49.
    frame = report.to_dataframe()
    assert len(frame) >= 3
    assert report.saddles[-1].saddle == [Fraction(0), Fraction(0), Fraction(10, 7), Fraction(-10, 49)]


def test_lp_matches_cli(repository):
    path = repository / "Docs" / "examples" / "lp-small.csv"
    report = biasflow.lp(path, [Fraction(1, 2), "0.25"], digits=12)
    raw = cli_json("lp", "--data", path, "--lambda", "0.5,0.25", "--digits", 12, "--format", "json")
    assert report.raw == raw
    assert all(isinstance(x, Fraction) for x in report.optimum.x)
    frame = report.to_dataframe()
    assert list(frame["lambda"]) == [0.5, 0.25] and list(frame["x1_str"]) == [e["x"][0] for e in raw["entropic"]]
