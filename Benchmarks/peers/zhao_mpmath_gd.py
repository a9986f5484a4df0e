"""The paper's own route (Zhao et al., ICML 2026, Section "Experiments"; MATH.md §12.3): gradient descent
in mpmath at mp.dps = 200 on the general two-layer diagonal model of Data/models/zhao2026.yaml,
    k_i = 2 a b + (a² + b² + c²) c            (i = 1, 2)
    k_i = a tanh(a) − (e^b − 1)²              (i = 3, 4)
with hand-derived gradients, on regression data (default T11: X = [[1, 0.5, 0.7, 0], [0.5, 1, 0.1, 0.7]],
y = (1, 0)). The peer of `biasflow flow --model-file Data/models/zhao2026.yaml --optimizer gd --step η`
and the reference route of Benchmarks/zhao-paper-route.sh.

Loss: BiasFlow's convention L = ½‖Xk − y‖² (the paper's is ‖Xk − y‖², i.e. the gradient doubled: the
same iterates as η doubled, the clock twice as fast; --paper-loss uses it for gradient, stop and output).
Iteration θ ← θ − η ∇L(θ), ∇_{θ_i} L = (Xᵀ(Xk − y))_i ∇k_i(θ_i), from θ(0) = s·θ* with θ* the yaml's
initialization direction (coordinate 1: a, b, c = 0.7, −0.4, 0.3; coordinates 2–4: 1, 0.5, 0.25;
s·θ* rounded once from the exact rational). The paper draws θ(0) uniform in [−s, s]; ours is the
yaml's fixed direction, so the run is reproducible and comparable with biasflow. Runs until
L ≤ 10^LOG10_LOSS (or --max-iterations) and prints one JSON object: iterations K, t = K·η, k, θ,
loss, the wall time of the loop, the requested checkpoints (--times as multiples of η, --iterations,
--every N), and per plateau value L_p (--plateaus, default 0.5, 0.1, 0.01: the loss at k = 0 and at the
saddles (0.8, 0, 0, 0), (0, 0, 1.4, 0) of T11) the k where the run arrives (|L − L_p| ≤ tol·L_p) and
where it leaves (L < (1 − tol)·L_p), and between the leaving of consecutive plateaus the smallest |k_i|
of each coordinate and its iteration (the discretization artefact of the paper: on the flow, a
coordinate that changes sign passes its initialization scale).

usage: zhao_mpmath_gd.py [--data Data/T11.csv] [--dps 200] [--step 0.1] [--scale 1e-60]
           [--log10-loss -100] [--max-iterations 1000000] [--times T1,T2,...] [--iterations K1,K2,...]
           [--every N] [--plateaus 0.5,0.1,0.01] [--plateau-tol 1e-3] [--print-digits 40] [--paper-loss]
"""
import argparse
import csv
import json
import time
from fractions import Fraction

import mpmath
from mpmath import mp

# θ* of Data/models/zhao2026.yaml, per coordinate (a, b, c).
INIT = [("0.7", "-0.4", "0.3"), ("1", "0.5", "0.25"), ("1", "0.5", "0.25"), ("1", "0.5", "0.25")]


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default="Data/T11.csv")
    p.add_argument("--dps", type=int, default=200)
    p.add_argument("--step", default="0.1")
    p.add_argument("--scale", default="1e-60")
    p.add_argument("--log10-loss", type=int, default=-100)
    p.add_argument("--max-iterations", type=int, default=1_000_000)
    p.add_argument("--times", default="")
    p.add_argument("--iterations", default="")
    p.add_argument("--every", type=int, default=0)
    p.add_argument("--plateaus", default="0.5,0.1,0.01")
    p.add_argument("--plateau-tol", default="1e-3")
    p.add_argument("--print-digits", type=int, default=40)
    p.add_argument("--paper-loss", action="store_true")
    return p.parse_args()


def exact(text):
    return Fraction(text)


def mpf_of(q):
    """The exact rational q rounded once to the working precision."""
    return mp.mpf(q.numerator) / q.denominator


def main():
    args = parse()
    mp.dps = args.dps
    rows = list(csv.reader(open(args.data)))[1:]
    X = [[exact(v) for v in r[:-1]] for r in rows]
    y = [exact(r[-1]) for r in rows]
    n, d = len(X), len(X[0])
    if d != len(INIT):
        raise SystemExit(f"zhao_mpmath_gd: the model has {len(INIT)} coordinates, the data {d} features")
    Xm = [[mpf_of(v) for v in row] for row in X]
    ym = [mpf_of(v) for v in y]
    step = exact(args.step)
    eta = mpf_of(step)
    s = exact(args.scale)
    theta = [[mpf_of(s * exact(v)) for v in block] for block in INIT]
    factor = 2 if args.paper_loss else 1  # ∇‖r‖² = 2 Xᵀr J; ½‖r‖² gives Xᵀr J
    target = mp.mpf(10) ** args.log10_loss

    # Checkpoints by iteration count.
    wanted = {}
    for t in filter(None, args.times.split(",")):
        k = exact(t) / step
        if k.denominator != 1 or k < 0:
            raise SystemExit(f"zhao_mpmath_gd: time {t} is not a non-negative multiple of the step {args.step}")
        wanted[int(k)] = t
    for k in filter(None, args.iterations.split(",")):
        wanted.setdefault(int(k), None)
    plateaus = [mp.mpf(v) for v in args.plateaus.split(",") if v]
    tol = mp.mpf(args.plateau_tol)

    def fmt(v):
        return mpmath.nstr(v, args.print_digits, min_fixed=0, max_fixed=0) if v != 0 else "0"

    def evaluate(theta):
        """k, ∇k per coordinate, residual Xk − y and the loss."""
        k, grads = [], []
        for i, (a, b, c) in enumerate(theta):
            if i < 2:
                q = a * a + b * b + c * c
                k.append(2 * a * b + q * c)
                grads.append((2 * b + 2 * a * c, 2 * a + 2 * b * c, q + 2 * c * c))
            else:
                th = mp.tanh(a)
                em = mp.expm1(b)
                k.append(a * th - em * em)
                grads.append((th + a * (1 - th * th), -2 * em * (em + 1), mp.zero))
        r = [sum(Xm[m][i] * k[i] for i in range(d)) - ym[m] for m in range(n)]
        rr = sum(v * v for v in r)
        loss = rr if args.paper_loss else rr / 2
        return k, grads, r, loss

    def record(K, k, loss, theta, t_text=None):
        return {
            "iteration": K,
            "time": t_text if t_text is not None else str(step * K),
            "loss": fmt(loss),
            "k": [fmt(v) for v in k],
            "theta": [[fmt(v) for v in block] for block in theta],
        }

    checkpoints = []
    plateau_records = [{"loss_value": mpmath.nstr(L, 6), "arrive": None, "leave": None} for L in plateaus]
    next_plateau = 0  # the plateau the run may arrive at next
    on_plateau = None
    between = []  # per gap between consecutive plateaus left: min |k_i| and its iteration
    tracking = None
    started = time.perf_counter()
    K = 0
    while True:
        k, grads, r, loss = evaluate(theta)
        if K in wanted:
            checkpoints.append(record(K, k, loss, theta, wanted[K]))
        elif args.every and K % args.every == 0:
            checkpoints.append(record(K, k, loss, theta))
        # Plateaus: arrival within tol·L_p, leaving below (1 − tol)·L_p.
        if on_plateau is None and next_plateau < len(plateaus):
            L = plateaus[next_plateau]
            if abs(loss - L) <= tol * L:
                on_plateau = next_plateau
                plateau_records[on_plateau]["arrive"] = {"iteration": K, "time": str(step * K), "k": [fmt(v) for v in k]}
        if on_plateau is not None and loss < (1 - tol) * plateaus[on_plateau]:
            plateau_records[on_plateau]["leave"] = {"iteration": K, "time": str(step * K), "k": [fmt(v) for v in k]}
            if tracking is not None:
                between.append(tracking)
            tracking = {
                "from_plateau": mpmath.nstr(plateaus[on_plateau], 6),
                "min_abs_k": [abs(v) for v in k],
                "at_iteration": [K] * d,
            }
            next_plateau = on_plateau + 1
            on_plateau = None
        if tracking is not None:
            for i in range(d):
                if abs(k[i]) < tracking["min_abs_k"][i]:
                    tracking["min_abs_k"][i] = abs(k[i])
                    tracking["at_iteration"][i] = K
        if loss <= target or K >= args.max_iterations:
            break
        g = [factor * sum(Xm[m][i] * r[m] for m in range(n)) for i in range(d)]
        theta = [[p - eta * g[i] * dp for p, dp in zip(theta[i], grads[i])] for i in range(d)]
        K += 1
    seconds = time.perf_counter() - started
    if tracking is not None:
        between.append(tracking)
    for gap in between:
        gap["min_abs_k"] = [mpmath.nstr(v, 6) for v in gap["min_abs_k"]]
    out = {
        "route": "mpmath gradient descent, hand-derived gradients",
        "mpmath": mpmath.__version__,
        "backend": mpmath.libmp.BACKEND,
        "dps": args.dps,
        "loss_convention": "||Xk - y||^2 (paper)" if args.paper_loss else "1/2 ||Xk - y||^2 (BiasFlow)",
        "step": args.step,
        "scale": args.scale,
        "log10_loss_target": args.log10_loss,
        "reached": bool(loss <= target),
        "iterations": K,
        "time": str(step * K),
        "loss": fmt(loss),
        "k": [fmt(v) for v in k],
        "theta": [[fmt(v) for v in block] for block in theta],
        "seconds": round(seconds, 3),
        "checkpoints": checkpoints,
        "plateaus": plateau_records,
        "between_plateaus": between,
    }
    # One top-level field a line (checkpoints and plateaus one entry a line).
    lines = []
    for key, value in out.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            body = ",\n".join("  " + json.dumps(v, ensure_ascii=False) for v in value)
            lines.append(f' "{key}": [\n{body}\n ]')
        else:
            lines.append(f' "{key}": {json.dumps(value, ensure_ascii=False)}')
    print("{\n" + ",\n".join(lines) + "\n}")


if __name__ == "__main__":
    main()
