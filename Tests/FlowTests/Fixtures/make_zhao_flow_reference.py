"""Independent reference for the flow of a model file: the general two-layer model of Zhao et al.
(ICML 2026, MATH.md §12.3; Data/models/zhao2026.yaml) on T11, from theta(0) = s theta* with
s = 1e-30, gradient flow theta' = -grad L, L = 1/2 ||X k - y||^2, integrated by heyoka (Taylor,
MPFR) in physical time to t = 20 and t = 40 (the first jump is at t ~ ln(1/s)/2 = 34.5).

Two runs (384 bits / tol 1e-90, 448 bits / tol 1e-105); the JSON keeps the leading digits on which
they agree normwise (relative to max |theta|), at most 50. The derivatives are heyoka's own
symbolic ones (hy.diff), independent of BiasFlow's expression layer.

Run: .venv-peers/bin/python Tests/FlowTests/Fixtures/make_zhao_flow_reference.py > Tests/FlowTests/Fixtures/zhao_flow_reference.json
and, across the second jump at s = 1e-60 (tolerances scaled with the state's smallest modes):
.venv-peers/bin/python Tests/FlowTests/Fixtures/make_zhao_flow_reference.py --scale 1e-60 --times 100,300 \
    --runs 640:1e-150,768:1e-180 > Tests/FlowTests/Fixtures/zhao_flow_reference_1e-60.json
"""
import argparse
import json
import heyoka as hy
import mpmath as mp

X = [["1", "0.5", "0.7", "0"], ["0.5", "1", "0.1", "0.7"]]
Y = ["1", "0"]
DIRECTION = [["0.7", "-0.4", "0.3"], ["1", "0.5", "0.25"], ["1", "0.5", "0.25"], ["1", "0.5", "0.25"]]
parser = argparse.ArgumentParser()
parser.add_argument("--scale", default="1e-30")
parser.add_argument("--times", default="20,40")
parser.add_argument("--runs", default="384:1e-90,448:1e-105", help="prec:tol of the two runs")
options = parser.parse_args()
SCALE = options.scale
TIMES = options.times.split(",")
RUNS = [(int(run.split(":")[0]), run.split(":")[1]) for run in options.runs.split(",")]


def run(prec, tol):
    R = lambda s: hy.real(s, prec)
    theta = hy.make_vars(*[f"t{i}{a}" for i in range(4) for a in range(3)])
    k = []
    for i in range(4):
        a, b, c = theta[3 * i], theta[3 * i + 1], theta[3 * i + 2]
        if i < 2:
            k.append(R("2") * a * b + (a * a + b * b + c * c) * c)
        else:
            e = hy.exp(b) - R("1")
            k.append(a * hy.tanh(a) - e * e)
    r = [hy.sum([R(X[n][i]) * k[i] for i in range(4)]) - R(Y[n]) for n in range(2)]
    L = R("0.5") * hy.sum([rn * rn for rn in r])
    eqs = [(v, -hy.diff(L, v)) for v in theta]
    with mp.workprec(prec + 64):
        start = [R(mp.nstr(mp.mpf(SCALE) * mp.mpf(v), prec // 3)) for row in DIRECTION for v in row]
    ta = hy.taylor_adaptive(eqs, start, fp_type=hy.real, prec=prec, tol=R(tol))
    out = []
    for t in TIMES:
        res = ta.propagate_until(R(t))
        if "time_limit" not in str(res[0]):
            raise SystemExit(f"stopped early at {ta.time}: {res[0]}")
        out.append([mp.mpf(str(x)) for x in ta.state])
    return out


mp.mp.prec = 512
a, b = run(*RUNS[0]), run(*RUNS[1])
checkpoints = []
for t, sa, sb in zip(TIMES, a, b):
    size = max(abs(x) for x in sb)
    diff = max(abs(x - y) for x, y in zip(sa, sb))
    digits = min(50, int(mp.floor(mp.log10(size / diff)))) if diff else 50
    # Each entry to the normwise digits: its absolute accuracy is 10^-digits * size.
    keep = lambda x: mp.nstr(x, max(1, digits + int(mp.floor(mp.log10(abs(x) / size))) + 1)) if x else "0"
    checkpoints.append({"time": t, "agreed_digits": digits, "scale": mp.nstr(size, 20), "theta": [keep(x) for x in sb]})
print(json.dumps({"model": "Data/models/zhao2026.yaml", "data": "T11", "scale": SCALE, "heyoka_version": hy.__version__,
                  "runs": [{"prec": p, "tol": t} for p, t in RUNS], "checkpoints": checkpoints}, indent=1))
