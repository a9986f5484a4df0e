"""limits(): exact limits are Fractions equal to the CLI's "p/q" strings, and they satisfy the
l1 max-margin optimality conditions exactly (checked here with Fractions on F1's rows)."""

from fractions import Fraction

import mpmath

import biasflow
from conftest import cli_json

F1 = [["0.646", "0.822", "0.330", "-1.303", "0.905", "0.446"], ["0.837", "0.581", "0.365", "0.294", "0.028", "0.547"],
      ["1.036", "-0.163", "-0.482", "0.599", "0.040", "-0.292"], ["1.082", "-0.257", "0.008", "-0.276", "1.294", "1.007"]]
Z = [[Fraction(x) for x in row] for row in F1]


def test_exact_l1_margin_is_fractions_equal_to_cli():
    limit = biasflow.limits("builtin:F1", kind="l1-margin")
    raw = cli_json("limits", "--data", "builtin:F1", "--kind", "l1-margin", "--exact", "--format", "json")
    timing = lambda r: {k: v for k, v in r.items() if k != "solver"}  # the solver's timings differ between runs
    assert timing(limit.raw) == timing(raw) and limit.exact
    assert all(isinstance(v, Fraction) for v in limit.w + limit.dual + [limit.objective])
    assert [str(v) for v in limit.w] == raw["w"] and [str(v) for v in limit.dual] == raw["dual"]
    assert str(limit.objective) == raw["objective"]
    assert limit.certificate.verified is True and limit.certificate.primal_objective == limit.objective


def test_exact_l1_margin_is_optimal():
    limit = biasflow.limits("builtin:F1", kind="l1-margin")
    w, lam = limit.w, limit.dual
    margins = [sum(z * x for z, x in zip(row, w)) for row in Z]
    # Primal feasible, min margin exactly 1, objective ‖w‖₁; dual feasible ‖Zᵀλ‖∞ ≤ 1, λ ≥ 0,
    # equal objectives Σλ = ‖w‖₁ (LP duality): optimal, in exact arithmetic.
    assert min(margins) == 1 and all(m >= 1 for m in margins)
    assert limit.objective == sum(abs(x) for x in w)
    assert all(l >= 0 for l in lam) and sum(lam) == limit.objective
    correlations = [sum(l * row[j] for l, row in zip(lam, Z)) for j in range(6)]
    assert max(abs(c) for c in correlations) == 1
    # Complementary slackness: λ_n > 0 only on margin-1 rows; w_j ≠ 0 only where |Zᵀλ|_j = 1.
    assert all(m == 1 for m, l in zip(margins, lam) if l > 0)
    assert all(abs(c) == 1 for c, x in zip(correlations, w) if x != 0)
    # MATH.md §9 reference (double): ŵ₁ = (1.05546, 0.245763, 0, −0.089145, 0, 0), ‖ŵ₁‖₁ = 1.3903679.
    assert [round(float(x), 6) for x in w] == [1.05546, 0.245763, 0.0, -0.089145, 0.0, 0.0]
    assert round(float(limit.objective), 7) == 1.3903679


def test_exact_l2_margin_and_decimal_output():
    exact = biasflow.limits("builtin:F1", kind="l2-margin")
    decimal = biasflow.limits("builtin:F1", kind="l2-margin", exact=False, digits=40)
    assert all(isinstance(v, Fraction) for v in exact.w)
    assert not decimal.exact and all(isinstance(v, mpmath.mpf) for v in decimal.w)
    with mpmath.workdps(60):
        for q, d in zip(exact.w, decimal.w):
            assert abs(mpmath.mpf(q.numerator) / q.denominator - d) <= mpmath.mpf(10) ** -39 * max(abs(d), 1)
    frame = exact.to_dataframe()
    assert list(frame["w_str"]) == exact.raw["w"] and list(frame["w_exact"]) == exact.w
    assert list(exact.to_dataframe("dual")["dual_exact"]) == exact.dual


def test_q_mu_has_verified_digits():
    limit = biasflow.limits("builtin:F1", kind="q-mu", mu=100, digits=20)
    raw = cli_json("limits", "--data", "builtin:F1", "--kind", "q-mu", "--mu", 100, "--digits", 20, "--format", "json")
    assert limit.raw == raw and not limit.exact
    assert limit.certificate.verified_digits >= 20
    with mpmath.workdps(30):
        assert [mpmath.nstr(v, 20, strip_zeros=False) for v in limit.w] == [mpmath.nstr(mpmath.mpf(s), 20, strip_zeros=False) for s in raw["w"]]
