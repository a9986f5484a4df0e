"""Cross-check of the two fixture generators against each other (not needed to build the fixtures).

Integrates the single-point problem z = (1, 2) with the heyoka tau-clock system of
make_f1_reference.py (nu-ODE plus s = t L for physical time) and compares nu, w~ and log10 t at
tau = 10 and 1e3 with single_point_reference.json (closed form + quadrature in mpmath).

    .venv-peers/bin/python Tests/FlowTests/Fixtures/crosscheck_single_point.py

Prints the relative differences; exits non-zero if any exceeds 1e-40.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_f1_reference as M  # noqa: E402
import mpmath as mp  # noqa: E402

PREC, TOL, LIMIT = 256, "1e-45", mp.mpf("1e-40")


def main():
    mp.mp.prec = PREC + 64
    Z = [["1", "2"]]
    sp = json.load(open(os.path.join(HERE, "single_point_reference.json")))
    M.CHECKPOINTS = ["10", "1e3"]
    worst = mp.mpf(0)
    for D in (2, 3):
        for alpha in ("0.1", "1", "10"):
            order, _, out = M.run(Z, D, alpha, PREC, TOL)
            for o in out:
                nu, s, tau = o["state"][:1], o["state"][1], mp.mpf(o["tau"])
                q = M.post(Z, D, alpha, nu, s, tau)
                ref = [g for g in sp["grid"]
                       if g["depth"] == D and g["alpha"] == alpha and mp.mpf(g["tau"]) == tau][0]
                rel = lambda x, r: abs(x - mp.mpf(r)) / abs(mp.mpf(r))
                dw = max(rel(q["w_normalized"][i], ref["w_normalized"][i]) for i in range(2))
                dn = rel(nu[0], ref["nu"])
                dt = rel(q["log10_time"][0], ref["log10_time"])
                worst = max(worst, dw, dn, dt)
                print(f"D={D} alpha={alpha} tau={o['tau']}: heyoka order {order} steps {o['steps']}; "
                      f"rel diff nu {mp.nstr(dn, 3)} w~ {mp.nstr(dw, 3)} log10 t {mp.nstr(dt, 3)}")
    print("worst relative difference", mp.nstr(worst, 3))
    sys.exit(0 if worst < LIMIT else 1)


if __name__ == "__main__":
    main()
