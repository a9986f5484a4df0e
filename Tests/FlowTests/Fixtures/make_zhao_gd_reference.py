"""Independent reference for gradient descent on a model file: the paper's own route (Zhao et al.,
ICML 2026, MATH.md §12.3), mpmath gradient descent with hand-derived gradients
(Benchmarks/peers/zhao_mpmath_gd.py) on the model of Data/models/zhao2026.yaml and T11, from
θ(0) = s·θ*, s = 1e-60, step η = 0.1, L = ½‖Xk − y‖², to t = 100, 250, 412.5 and 601.7 (K = 1000,
2500, 4125, 6017: on the first plateau, leaving it, leaving the second, and at L ≈ 9e-101).

Two runs, mp.dps = 200 and 300; every entry of θ and k is kept to the leading digits on which the two
agree *componentwise* (relative to the entry itself), at most 60: the small entries (down to 1e-150)
carry their own digits, which a normwise check would not see.

Run: .venv-peers/bin/python Tests/FlowTests/Fixtures/make_zhao_gd_reference.py > Tests/FlowTests/Fixtures/zhao_gd_reference.json
"""
import json
import subprocess
import sys

import mpmath as mp

TIMES = "100,250,412.5,601.7"
CAP = 60


def run(dps):
    out = subprocess.run(
        [sys.executable, "Benchmarks/peers/zhao_mpmath_gd.py", "--dps", str(dps), "--times", TIMES, "--max-iterations", "6017",
         "--log10-loss", "-1000", "--print-digits", "80"],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def agreed(u, v):
    """The decimal string of u cut to the digits on which u and v agree relatively (≤ CAP), and that count."""
    x, y = mp.mpf(u), mp.mpf(v)
    if x == y:
        return mp.nstr(x, CAP, min_fixed=0, max_fixed=0) if x != 0 else "0", CAP
    digits = min(CAP, int(mp.floor(-mp.log10(abs(x - y) / abs(y)))) - 1)
    return mp.nstr(x, digits, min_fixed=0, max_fixed=0), digits


def main():
    mp.mp.dps = 100
    a, b = run(200), run(300)
    checkpoints = []
    for p, q in zip(a["checkpoints"], b["checkpoints"]):
        theta = [agreed(u, v) for bu, bv in zip(p["theta"], q["theta"]) for u, v in zip(bu, bv)]
        k = [agreed(u, v) for u, v in zip(p["k"], q["k"])]
        loss = agreed(p["loss"], q["loss"])
        checkpoints.append({
            "time": p["time"], "iteration": p["iteration"], "agreed_digits": min(d for _, d in theta + k + [loss]),
            "loss": loss[0], "k": [s for s, _ in k], "theta": [s for s, _ in theta],
        })
    print(json.dumps({
        "model": "Data/models/zhao2026.yaml", "data": "T11", "scale": "1e-60", "step": "0.1",
        "loss": "1/2 ||Xk - y||^2", "mpmath_version": mp.__version__, "runs": [{"dps": 200}, {"dps": 300}],
        "checkpoints": checkpoints,
    }, indent=1))


if __name__ == "__main__":
    main()
