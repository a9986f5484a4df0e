"""Cross-check of make_small_alpha_reference.py's two-phase integration against f1_reference.json.

Runs the same code path (phase 1 in t with state mu = t - nu to tau = 1, phase 2 in the tau clock
with the constants folded from phase 1) at alpha = 1, where f1_reference.json holds the
single-clock heyoka reference, and prints the digits on which nu, w, gamma and log10 t agree at
tau in {10, 1e2, 1e3} for D = 2 and 3. Fails (non-zero exit) below 40 digits.

    .venv-peers/bin/python Tests/FlowTests/Fixtures/crosscheck_small_alpha.py
"""
import json
import os
import sys

import mpmath as mp

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_small_alpha_reference as S  # noqa: E402


def main():
    with open(os.path.join(HERE, "f1_reference.json")) as f:
        ref = json.load(f)
    header, Z = S.read_z(S.DEFAULT_DATA)
    worst = 99
    for D in (2, 3):
        r = S.run(Z, D, "1", S.RUNS[0]["prec"] + S.extra_bits(D, "1"), S.RUNS[0]["tol"])
        mp.mp.prec = r["prec"] + 64
        cps = next(x for x in ref["depths"] if x["depth"] == D)["checkpoints"]
        for cp in r["checkpoints"]:
            q = S.post(Z, D, "1", r, cp)
            rc = next(x for x in cps if x["tau"] == cp["tau"])
            ks = []
            for key in ("nu", "w", "gamma", "log10_time"):
                refv = rc[key] if isinstance(rc[key], list) else [rc[key]]
                ours = q[key]
                k = [S.agreed_digits(a, mp.mpf(b), 60) for a, b in zip(ours, refv)]
                # the reference string holds only its agreed digits: cap by its length
                k = [min(x, len(b.replace("-", "").replace(".", "").split("e")[0].lstrip("0")))
                     for x, b in zip(k, refv)]
                ks += k
            worst = min(worst, min(ks))
            print(f"D={D} tau={cp['tau']}: min digits vs f1_reference.json {min(ks)}", flush=True)
    if worst < 40:
        raise SystemExit(f"cross-check failed: {worst} digits")
    print("cross-check passed:", worst, "digits")


if __name__ == "__main__":
    main()
