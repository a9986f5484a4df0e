"""Independent references for argmin Q^D_mu at tiny mu (MATH.md 2.5, 3.5; issue 13).

Usage (from the repository root):

    python3 -m venv .venv-mp && .venv-mp/bin/pip install mpmath
    .venv-mp/bin/python Tests/LimitsTests/Fixtures/make_small_mu_reference.py \
        [--out Tests/LimitsTests/Fixtures/small_mu_reference.json]

What it computes. w(mu) = argmin Q^D_mu(w) subject to Z w >= 1 (classification, F1) or X w = y
(regression, T11), through the dual f(l) = mu sum_j q*_D(s_j) - b^T l, s = M^T l, w = mu h_D(s):

  D = 2: h(s) = 2 sinh s, h'(s) = 2 cosh s, q*(s) = 2 (cosh s - 1);
  D > 2: e = D/(D-2), h(s) = (1-s)^-e - (1+s)^-e, h'(s) = e((1-s)^-(e+1) + (1+s)^-(e+1)),
         q*(s) = ((D-2)/2)((1-s)^-(2/(D-2)) + (1+s)^-(2/(D-2)) - 2), domain |s| < 1.

Method (not the Swift one): the KKT system is solved with the inequality structure made explicit.
For classification every non-empty tight set S of samples is tried: Newton on the *equations*
grad_S f = Z_S w - 1 = 0 (multipliers outside S are 0), with a backtracking search on the merit
||grad||_2 that also keeps |s| < 1, started from l = 0 at mu = 1 and continued down in mu by
factors of 10 (warm starts). The tight set whose multipliers are >= 0 and whose other margins are
>= 1 satisfies the KKT conditions of the strictly convex primal, so its w is the unique minimiser
(the script checks that exactly one tight set qualifies). Each Newton solve stops at
||grad||_2 <= 10^-(base + 10) (below that the gradient is rounding noise). Regression has no inequality: S = all
rows. Each case is run at two precisions, dps = base + ((D-2)/D) log10(1/mu) + 20 with base 60 and
90 (for D > 2 the supported s_j sit at 1 - s_j ~ mu^((D-2)/D): those digits go to the cancellation
in 1 - s), and only the leading digits on which the runs agree are stored (counts in
`agreed_digits`, capped at 50). Data are read from decimal strings, never through floats.
Deterministic; only `seconds` changes between invocations.
"""

import argparse
import itertools
import json
import time

import mpmath
from mpmath import mp, mpf

F1 = [
    ["0.646", "0.822", "0.330", "-1.303", "0.905", "0.446"],
    ["0.837", "0.581", "0.365", "0.294", "0.028", "0.547"],
    ["1.036", "-0.163", "-0.482", "0.599", "0.040", "-0.292"],
    ["1.082", "-0.257", "0.008", "-0.276", "1.294", "1.007"],
]
T11_X = [["1", "0.5", "0.7", "0"], ["0.5", "1", "0.1", "0.7"]]
T11_Y = ["1", "0"]

# (name, data, depth, log10 mu): mu = 10^-k exactly.
CASES = [
    ("F1", "classification", 3, 100),
    ("F1", "classification", 2, 100),
    ("T11", "regression", 3, 300),
    ("T11", "regression", 2, 200),
]
MAX_DIGITS = 50


class Potential:
    def __init__(self, depth):
        self.depth = depth
        if depth > 2:
            self.e = mpf(depth) / (depth - 2)
            self.c = mpf(2) / (depth - 2)

    def in_domain(self, s):
        return self.depth == 2 or abs(s) < 1

    def h(self, s):
        if self.depth == 2:
            return 2 * mpmath.sinh(s)
        return (1 - s) ** (-self.e) - (1 + s) ** (-self.e)

    def dh(self, s):
        if self.depth == 2:
            return 2 * mpmath.cosh(s)
        return self.e * ((1 - s) ** (-self.e - 1) + (1 + s) ** (-self.e - 1))


def solve_tight(rows, rhs, depth, mus, start, tol_digits):
    """Newton on grad f = M w - b = 0 over the rows given, continued along `mus`, each solve to
    ||grad||_2 <= 10^-tol_digits."""
    pot = Potential(depth)
    n, d = len(rows), len(rows[0])
    lam = list(start)

    def evaluate(lam, mu):
        s = [mpmath.fsum(rows[i][j] * lam[i] for i in range(n)) for j in range(d)]
        if not all(pot.in_domain(x) for x in s):
            return None
        w = [mu * pot.h(x) for x in s]
        g = [mpmath.fsum(rows[i][j] * w[j] for j in range(d)) - rhs[i] for i in range(n)]
        return s, w, g

    tol = mpf(10) ** (-tol_digits)
    for mu in mus:
        s, w, g = evaluate(lam, mu)
        for _ in range(400):
            norm = mpmath.sqrt(mpmath.fsum(x * x for x in g))
            if norm <= tol:
                break
            weights = [mu * pot.dh(x) for x in s]
            H = mpmath.matrix(n, n)
            for a in range(n):
                for b in range(n):
                    H[a, b] = mpmath.fsum(rows[a][j] * weights[j] * rows[b][j] for j in range(d))
            step = mpmath.lu_solve(H, mpmath.matrix([-x for x in g]))
            t = mpf(1)
            for _ in range(200):
                trial = [lam[i] + t * step[i] for i in range(n)]
                got = evaluate(trial, mu)
                if got is not None and mpmath.sqrt(mpmath.fsum(x * x for x in got[2])) < norm:
                    lam = trial
                    s, w, g = got
                    break
                t /= 2
            else:
                return None
        else:
            return None
    return lam, w


def solve_case(data, depth, k, base):
    mp.dps = base + int(((depth - 2) / depth) * k) + 20
    mu = mpf(10) ** (-k)
    mus = [mpf(10) ** (-j) for j in range(0, k + 1)]
    if data == "classification":
        rows = [[mpf(x) for x in r] for r in F1]
        rhs = [mpf(1)] * len(rows)
    else:
        rows = [[mpf(x) for x in r] for r in T11_X]
        rhs = [mpf(y) for y in T11_Y]
    n = len(rows)
    subsets = [tuple(range(n))] if data == "regression" else [
        c for size in range(1, n + 1) for c in itertools.combinations(range(n), size)
    ]
    found = []
    for tight in subsets:
        got = solve_tight([rows[i] for i in tight], [rhs[i] for i in tight], depth, mus, [mpf(0)] * len(tight), base + 10)
        if got is None:
            continue
        lam_s, w = got
        margins = [mpmath.fsum(rows[i][j] * w[j] for j in range(len(w))) for i in range(n)]
        slack = mpf(10) ** (-(base // 2))
        if data == "classification":
            if any(x < 0 for x in lam_s) or any(margins[i] < 1 - slack for i in range(n) if i not in tight):
                continue
        lam = [mpf(0)] * n
        for i, x in zip(tight, lam_s):
            lam[i] = x
        found.append((tight, lam, w))
    assert len(found) == 1, f"{len(found)} tight sets satisfy the KKT conditions"
    return found[0]


def agreed(a, b):
    """Leading significant digits on which a and b agree (normwise over the vector)."""
    scale = max(abs(x) for x in b)
    diff = max(abs(x - y) for x, y in zip(a, b))
    if diff == 0:
        return MAX_DIGITS
    return max(0, min(MAX_DIGITS, int(mpmath.floor(-mpmath.log10(diff / scale)))))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="Tests/LimitsTests/Fixtures/small_mu_reference.json")
    args = parser.parse_args()
    out = []
    for name, data, depth, k in CASES:
        started = time.time()
        low = solve_case(data, depth, k, 60)
        high = solve_case(data, depth, k, 90)
        assert low[0] == high[0]
        digits_w, digits_l = agreed(low[2], high[2]), agreed(low[1], high[1])
        out.append({
            "data": name,
            "kind": data,
            "depth": depth,
            "mu": f"1e-{k}",
            "tight_set": [i + 1 for i in high[0]] if data == "classification" else None,
            "w": [mpmath.nstr(x, digits_w, strip_zeros=False) for x in high[2]],
            "dual": [mpmath.nstr(x, digits_l, strip_zeros=False) for x in high[1]],
            "agreed_digits": {"w": digits_w, "dual": digits_l},
            "seconds": round(time.time() - started, 1),
        })
        print(name, depth, k, digits_w, digits_l, out[-1]["seconds"], flush=True)
    with open(args.out, "w") as f:
        json.dump({"generator": "make_small_mu_reference.py", "cases": out}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
