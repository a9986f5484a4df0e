#!/usr/bin/env python3
"""Independent reference for the regime analyzer on F1 (MATH.md §9).

* ŵ₂ = argmin ‖w‖₂ s.t. Zw ≥ 1, exactly (fractions): enumerate support sets S, solve Z_S Z_Sᵀ λ = 1,
  keep the one with λ ≥ 0 and all margins ≥ 1.
* ŵ₁ = argmin ‖w‖₁ s.t. Zw ≥ 1, exactly: the LP dual max 1ᵀλ s.t. |Zᵀλ|∞ ≤ 1, λ ≥ 0 is solved by
  enumerating the vertices of its feasible polytope (all 4-subsets of the 16 constraints as
  equalities); the primal is recovered on the support where |Zᵀλ| = 1 from the tight rows, and
  both objectives are checked equal.
* The l_{2/3} KKT point of T8: (1/z_11) e₁ = (500/323) e₁, checked: feasibility and λ ≥ 0.
* Distances ‖w̃ − ŵ‖₂ (mpmath, 60 digits) from the heyoka w̃ of Tests/FlowTests/Fixtures/f1_reference.json.

Run: /work/main/.venv-peers/bin/python make_analysis_reference.py > analysis_reference.json
"""
import itertools
import json
import os
from fractions import Fraction as F

import mpmath

mpmath.mp.dps = 60
HERE = os.path.dirname(os.path.abspath(__file__))
Z = [[F(s) for s in row] for row in [
    ["0.646", "0.822", "0.330", "-1.303", "0.905", "0.446"],
    ["0.837", "0.581", "0.365", "0.294", "0.028", "0.547"],
    ["1.036", "-0.163", "-0.482", "0.599", "0.040", "-0.292"],
    ["1.082", "-0.257", "0.008", "-0.276", "1.294", "1.007"],
]]
N, d = len(Z), len(Z[0])


def solve(A, b):
    """Exact Gaussian elimination; None when singular."""
    n = len(A)
    M = [list(A[i]) + [b[i]] for i in range(n)]
    for c in range(n):
        p = next((r for r in range(c, n) if M[r][c] != 0), None)
        if p is None:
            return None
        M[c], M[p] = M[p], M[c]
        for r in range(n):
            if r != c and M[r][c] != 0:
                f = M[r][c] / M[c][c]
                M[r] = [x - f * y for x, y in zip(M[r], M[c])]
    return [M[i][n] / M[i][i] for i in range(n)]


def margins(w):
    return [sum(z * x for z, x in zip(row, w)) for row in Z]


def l2_margin():
    for k in range(1, N + 1):
        for S in itertools.combinations(range(N), k):
            G = [[sum(Z[a][i] * Z[b][i] for i in range(d)) for b in S] for a in S]
            lam = solve(G, [F(1)] * k)
            if lam is None or min(lam) < 0:
                continue
            w = [sum(lam[t] * Z[S[t]][i] for t in range(k)) for i in range(d)]
            if min(margins(w)) >= 1:
                return w
    raise RuntimeError("no l2 solution")


def l1_margin():
    # Dual constraints a·λ ≤ 1 for the rows ±(column i of Z), and -λ_n ≤ 0.
    rows = []
    for i in range(d):
        col = [Z[n][i] for n in range(N)]
        rows.append((col, F(1)))
        rows.append(([-x for x in col], F(1)))
    for n in range(N):
        rows.append(([F(-1) if m == n else F(0) for m in range(N)], F(0)))
    best = None
    for combo in itertools.combinations(range(len(rows)), N):
        lam = solve([rows[c][0] for c in combo], [rows[c][1] for c in combo])
        if lam is None:
            continue
        if all(sum(a * x for a, x in zip(r, lam)) <= rhs for r, rhs in rows):
            value = sum(lam)
            if best is None or value > best[0]:
                best = (value, lam)
    value, lam = best
    g = [sum(lam[n] * Z[n][i] for n in range(N)) for i in range(d)]
    support = [i for i in range(d) if abs(g[i]) == 1]
    tight = [n for n in range(N) if lam[n] > 0]
    # Primal: w_i = 0 off the support, sign(w_i) = g_i, tight margins = 1; pick a square subsystem.
    for A in itertools.combinations(support, len(tight)):
        w_A = solve([[Z[n][i] for i in A] for n in tight], [F(1)] * len(tight))
        if w_A is None:
            continue
        w = [F(0)] * d
        for i, x in zip(A, w_A):
            w[i] = x
        if all(x * g[i] >= 0 for i, x in enumerate(w)) and min(margins(w)) >= 1 and sum(abs(x) for x in w) == value:
            return w, value
    raise RuntimeError("no primal l1 solution")


def mp(x):
    return mpmath.mpf(x.numerator) / x.denominator


def dist(wt, ref):
    return mpmath.sqrt(sum((mpmath.mpf(a) - mp(b)) ** 2 for a, b in zip(wt, ref)))


def main():
    w2 = l2_margin()
    w1, obj1 = l1_margin()
    kkt = [F(0)] * d
    kkt[0] = 1 / Z[0][0]
    assert min(margins(kkt)) == 1 and all(Z[n][0] / Z[0][0] >= 1 for n in range(N))
    flow = json.load(open(os.path.join(HERE, "..", "..", "FlowTests", "Fixtures", "f1_reference.json")))
    out = {
        "description": "F1 analysis reference: exact limits (fractions, by enumeration) and distances of the heyoka w/gamma to them (mpmath 60 digits)",
        "generator": "Tests/AsymptoticsTests/Fixtures/make_analysis_reference.py",
        "flow_reference": "Tests/FlowTests/Fixtures/f1_reference.json",
        "w2_exact": [str(x) for x in w2],
        "w1_exact": [str(x) for x in w1],
        "w1_norm1": str(obj1),
        "l23_kkt_exact": [str(x) for x in kkt],
        "depths": [],
    }
    for block in flow["depths"]:
        D = block["depth"]
        cps = []
        for c in block["checkpoints"]:
            wt = c["w_normalized"]
            entry = {
                "tau": c["tau"],
                "gamma": c["gamma"],
                "min_agreed_digits": str(c["min_agreed_digits"]),
                "dist_l2_margin": mpmath.nstr(dist(wt, w2), 40),
                "dist_l1_margin": mpmath.nstr(dist(wt, w1), 40),
                "norm1": mpmath.nstr(sum(abs(mpmath.mpf(x)) for x in wt), 40),
                "sum_abs_pow_2_over_D": mpmath.nstr(sum(abs(mpmath.mpf(x)) ** (mpmath.mpf(2) / D) for x in wt), 40),
            }
            if D > 2:
                entry["dist_l2d_kkt"] = mpmath.nstr(dist(wt, kkt), 40)
            cps.append(entry)
        out["depths"].append({"depth": D, "checkpoints": cps})
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
