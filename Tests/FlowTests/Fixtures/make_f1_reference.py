"""Independent reference values for the F1 flow (MATH.md §1.2-1.5, §9 T7/T8), computed with heyoka.

Usage (from the repository root, after scripts/install-peers.sh):

    .venv-peers/bin/python Tests/FlowTests/Fixtures/make_f1_reference.py \
        [--data ../shared/data/F1.csv] [--out Tests/FlowTests/Fixtures/f1_reference.json] \
        [--checkpoints 10,100,1000,10000]

The committed f1_reference.json is the default invocation (about 1 minute on one core);
f1_reference_1e5.json is `--checkpoints 1e5 --out Tests/FlowTests/Fixtures/f1_reference_1e5.json`
(several minutes: heyoka's step in tau saturates at a constant, so its steps grow linearly in tau).

What it integrates. F1 has all labels +1, so z_n = x_n (the script folds labels anyway). Depth
D in {2, 3}, alpha = 1, exponential sum-loss. The dual ODE in the loss clock tau (MATH.md (1.4)):

    dnu/dtau = e * L / Q,   e_n = exp(-m_n), L = sum(e), Q = sum_i H_i (Z^T e)_i^2   (= p / p^T K p)
    ds/dtau  = L^2 / Q - s,  s := t * L        (physical time, well-posed from t = 0)

from tau0 = -ln N with nu = 0, s = 0. Closed forms: D = 2: w = 2 a^2 sinh(4G), H = 8 a^2 cosh(4G);
D > 2: k = D(D-2)a^(D-2), S = kG, w = a^D((1-S)^(-D/(D-2)) - (1+S)^(-D/(D-2))),
H = D^2 a^(2D-2)((1-S)^(-(2D-2)/(D-2)) + (1+S)^(-(2D-2)/(D-2))), with G = Z^T nu.
Why s rather than t or log t: t ~ e^tau would dominate heyoka's error norm (mixed abs/rel on the
whole state) and log t is -inf at the start; s = tL = t e^-tau stays O(1/tau) and
log t = tau + ln s exactly along the flow (L = e^-tau).

Two independent runs (different precision, tolerance and therefore Taylor order and step
sequence); every number is written with the leading significant digits on which they agree.
Data are read as decimal strings and turned into heyoka reals / mpmath numbers from the strings,
never through Python floats. Post-processing (w, margins, gamma, ...) is done in mpmath from the
state at the run's precision + 64 bits. Deterministic: no randomness, checkpoints in fixed order;
only the recorded seconds differ between invocations.
"""
import argparse
import csv
import json
import os
import platform
import time

import heyoka as hy
import mpmath as mp

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DEFAULT_DATA = os.path.abspath(os.path.join(REPO, "..", "shared", "data", "F1.csv"))

DEPTHS = [2, 3]
ALPHA = "1"
CHECKPOINTS = ["10", "100", "1000", "10000"]
# (precision bits, tolerance): heyoka's Taylor order follows from tol.
RUNS = [
    {"name": "A", "prec": 256, "tol": "1e-45"},
    {"name": "B", "prec": 384, "tol": "1e-65"},
]
MAX_DIGITS = 60  # never claim more than this (run A carries ~77 digits)

# T7 / T8 double-precision values printed in MATH.md §9.
T7 = {"10": ("11.0819", "0.25508", "1.471425"), "100": ("100.3944", "0.17354", "1.442979"),
      "1000": ("1000.4082", "0.13501", "1.420326"), "10000": ("10000.4253", "0.10696", "1.408469")}
T8 = {"100": ("1.28933", "1.728702"), "1000": ("1.47065", "1.518688"), "10000": ("1.53324", "1.400839")}
W1_HAT = ["1.05546", "0.245763", "0", "-0.089145", "0", "0"]  # MATH.md §9, double


def read_z(path):
    """Rows z_n = y_n x_n as exact decimal strings (labels folded by flipping the sign text)."""
    with open(path, newline="") as f:
        rows = [r for r in csv.reader(f) if r]
    header, body = rows[0], rows[1:]
    Z = []
    for r in body:
        y = r[-1].strip()
        if y not in ("1", "+1", "-1", "1.0", "-1.0"):
            raise SystemExit(f"{path}: label {y!r} is not +-1")
        neg = y.startswith("-")
        row = []
        for v in r[:-1]:
            v = v.strip()
            if neg:
                v = v[1:] if v.startswith("-") else "-" + v.lstrip("+")
            row.append(v)
        Z.append(row)
    return header, Z


def build_system(Z, D, alpha, prec):
    R = lambda s: hy.real(str(s), prec)
    N, d = len(Z), len(Z[0])
    nu = hy.make_vars(*[f"nu{n}" for n in range(N)])
    nu = [nu] if N == 1 else list(nu)  # make_vars returns a bare expression for one name
    s_var = hy.make_vars("s")
    G = [hy.sum([R(Z[n][i]) * nu[n] for n in range(N)]) for i in range(d)]
    a = R(alpha)
    if D == 2:
        w = [R(2) * a * a * hy.sinh(R(4) * G[i]) for i in range(d)]
        H = [R(8) * a * a * hy.cosh(R(4) * G[i]) for i in range(d)]
    else:
        # Exponents are integers for D = 3, 4 and rationals otherwise; pow with a real exponent.
        kappa = R(D * (D - 2)) * a ** R(D - 2)
        pw = mp.mpf(-D) / (D - 2)
        ph = mp.mpf(-(2 * D - 2)) / (D - 2)
        with mp.workprec(prec + 32):
            pw_s, ph_s = mp.nstr(pw, int(prec * 0.31) + 5), mp.nstr(ph, int(prec * 0.31) + 5)
        aD, a2D2 = a ** R(D), a ** R(2 * D - 2)
        S = [kappa * G[i] for i in range(d)]
        w = [aD * ((R(1) - S[i]) ** R(pw_s) - (R(1) + S[i]) ** R(pw_s)) for i in range(d)]
        H = [R(D * D) * a2D2 * ((R(1) - S[i]) ** R(ph_s) + (R(1) + S[i]) ** R(ph_s)) for i in range(d)]
    m = [hy.sum([R(Z[n][i]) * w[i] for i in range(d)]) for n in range(N)]
    e = [hy.exp(-m[n]) for n in range(N)]
    L = hy.sum(e)
    ZTe = [hy.sum([R(Z[n][i]) * e[n] for n in range(N)]) for i in range(d)]
    Q = hy.sum([H[i] * ZTe[i] * ZTe[i] for i in range(d)])
    eqs = [(nu[n], e[n] * L / Q) for n in range(N)] + [(s_var, L * L / Q - s_var)]
    return eqs


def mpf_of(x):
    return mp.mpf(str(x))


def post(Z, D, alpha, nu, s, tau):
    """All reported quantities from the state, in mpmath at the current working precision."""
    N, d = len(Z), len(Z[0])
    Zm = [[mp.mpf(v) for v in row] for row in Z]
    a = mp.mpf(alpha)
    G = [mp.fsum(Zm[n][i] * nu[n] for n in range(N)) for i in range(d)]
    if D == 2:
        w = [2 * a ** 2 * mp.sinh(4 * g) for g in G]
    else:
        k = D * (D - 2) * a ** (D - 2)
        p = mp.mpf(-D) / (D - 2)
        w = [a ** D * ((1 - k * g) ** p - (1 + k * g) ** p) for g in G]
    m = [mp.fsum(Zm[n][i] * w[i] for i in range(d)) for n in range(N)]
    gamma = min(m)
    # tau recomputed from the state: -logsumexp(-m), done stably around the minimum margin.
    tau_rec = gamma - mp.log(mp.fsum(mp.exp(-(mn - gamma)) for mn in m))
    wt = [wi / gamma for wi in w]
    log10_t = (tau + mp.log(s)) / mp.log(10)
    q = {
        "nu": nu, "w": w, "margins": m, "gamma": [gamma], "w_normalized": wt,
        "log10_time": [log10_t],
        "tau_recomputed": [tau_rec],
        "norm1_w_normalized": [mp.fsum(abs(x) for x in wt)],
        "dist_w1hat_double": [mp.sqrt(mp.fsum((wt[i] - mp.mpf(W1_HAT[i])) ** 2 for i in range(d)))],
        "sum_abs_w_normalized_pow_2_over_D": [mp.fsum(abs(x) ** (mp.mpf(2) / D) for x in wt)],
    }
    return q


def run(Z, D, alpha, prec, tol):
    N = len(Z)
    R = lambda s: hy.real(str(s), prec)
    with mp.workprec(prec + 64):
        tau0 = mp.nstr(-mp.log(N), int(prec * 0.302) + 10)
    t0 = time.time()
    eqs = build_system(Z, D, alpha, prec)
    ta = hy.taylor_adaptive(eqs, [hy.real(0, prec)] * (N + 1), time=R(tau0), fp_type=hy.real,
                            prec=prec, tol=R(tol))
    t_compile = time.time() - t0
    out = []
    for cp in CHECKPOINTS:
        t1 = time.time()
        res = ta.propagate_until(R(cp))
        if "time_limit" not in str(res[0]):
            raise SystemExit(f"D={D} prec={prec}: integration stopped early at tau={ta.time}: {res[0]}")
        state = [mpf_of(x) for x in ta.state]
        out.append({"tau": cp, "steps": int(res[3]), "seconds": time.time() - t1,
                    "state": state, "time": mpf_of(ta.time)})
    return ta.order, t_compile, out


def agreed_digits(a, b, cap):
    """Leading significant decimal digits on which a and b agree (b the more precise)."""
    if a == b:
        return cap
    if b == 0:
        return 0
    rel = abs(a - b) / abs(b)
    k = int(mp.floor(-mp.log10(rel)))
    return max(0, min(cap, k))


def fmt(x, k):
    return mp.nstr(x, max(k, 1), strip_zeros=False, min_fixed=-4, max_fixed=8)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--out", default=os.path.join(HERE, "f1_reference.json"))
    ap.add_argument("--checkpoints", default=",".join(CHECKPOINTS),
                    help="comma-separated tau checkpoints, increasing (default %(default)s)")
    args = ap.parse_args()
    CHECKPOINTS[:] = [c.strip() for c in args.checkpoints.split(",")]
    header, Z = read_z(args.data)
    N, d = len(Z), len(Z[0])
    mp.mp.prec = max(r["prec"] for r in RUNS) + 64

    result = {
        "description": "F1 reference flow, dual nu-ODE in the loss clock tau (MATH.md 1.4), "
                       "exponential sum-loss, alpha = 1; every number is a decimal string with the "
                       "leading significant digits on which two independent heyoka runs agree",
        "generator": "Tests/FlowTests/Fixtures/make_f1_reference.py",
        "data": {"file": os.path.basename(args.data), "Z": Z, "N": N, "d": d},
        "alpha": ALPHA,
        "tau0": "-ln " + str(N),
        "equations": "dnu/dtau = e L / Q, ds/dtau = L^2/Q - s (s = t L), e = exp(-Z w(nu)), "
                     "L = sum e, Q = sum_i H_i (Z^T e)_i^2; log10_time = (tau + ln s)/ln 10",
        "heyoka_version": hy.__version__,
        "mpmath_version": mp.__version__,
        "python": platform.python_version(),
        "runs": [],
        "depths": [],
    }
    report = []
    for D in DEPTHS:
        per_run = []
        for r in RUNS:
            order, tc, out = run(Z, D, ALPHA, r["prec"], r["tol"])
            per_run.append(out)
            result["runs"].append({
                "depth": D, "name": r["name"], "precision_bits": r["prec"], "tol": r["tol"],
                "order": order, "setup_seconds": round(tc, 3),
                "steps": [o["steps"] for o in out],
                "seconds": [round(o["seconds"], 3) for o in out],
                "cumulative_steps": sum(o["steps"] for o in out),
            })
            print(f"D={D} run {r['name']}: prec={r['prec']} tol={r['tol']} order={order} "
                  f"setup {tc:.2f}s steps {[o['steps'] for o in out]} "
                  f"seconds {[round(o['seconds'], 2) for o in out]}", flush=True)
        cps = []
        for j, cp in enumerate(CHECKPOINTS):
            tau = mp.mpf(cp)
            qa = post(Z, D, ALPHA, per_run[0][j]["state"][:N], per_run[0][j]["state"][N], tau)
            qb = post(Z, D, ALPHA, per_run[1][j]["state"][:N], per_run[1][j]["state"][N], tau)
            entry = {"tau": cp,
                     "log10_loss": fmt(-tau / mp.log(10), MAX_DIGITS),
                     "log10_loss_note": "exact -tau/ln 10 (loss = sum of exp(-m_n) = e^-tau)"}
            digits = {}
            for key in qb:
                vals, ks = [], []
                for xa, xb in zip(qa[key], qb[key]):
                    k = agreed_digits(xa, xb, MAX_DIGITS)
                    vals.append(fmt(xb, k))
                    ks.append(k)
                scalar = len(qb[key]) == 1 and key in ("gamma", "log10_time", "tau_recomputed",
                                                       "norm1_w_normalized", "dist_w1hat_double",
                                                       "sum_abs_w_normalized_pow_2_over_D")
                entry[key] = vals[0] if scalar else vals
                digits[key] = ks[0] if scalar else ks
            # Internal consistency: tau recomputed from the state vs the integration variable.
            cons = [abs(q["tau_recomputed"][0] - tau) / tau for q in (qa, qb)]
            entry["agreed_digits"] = digits
            entry["min_agreed_digits"] = min(min(v) if isinstance(v, list) else v for v in digits.values())
            entry["tau_consistency_rel_error"] = {"A": mp.nstr(cons[0], 3), "B": mp.nstr(cons[1], 3)}
            cps.append(entry)
            report.append((D, cp, qa, qb, digits, cons))
        result["depths"].append({"depth": D, "checkpoints": cps})

    # Comparison with the double-precision values printed in MATH.md §9.
    checks = []
    for D, cp, qa, qb, digits, cons in report:
        if D == 2 and cp in T7:
            g, dist, n1 = T7[cp]
            checks.append(("T7", D, cp, "gamma", g, qb["gamma"][0]))
            checks.append(("T7", D, cp, "dist_w1hat", dist, qb["dist_w1hat_double"][0]))
            checks.append(("T7", D, cp, "norm1_wt", n1, qb["norm1_w_normalized"][0]))
        if D == 3 and cp in T8:
            w1, s23 = T8[cp]
            checks.append(("T8", D, cp, "wt_1", w1, qb["w_normalized"][0]))
            checks.append(("T8", D, cp, "sum|wt|^(2/3)", s23, qb["sum_abs_w_normalized_pow_2_over_D"][0]))
    result["math_md_checks"] = []
    for name, D, cp, what, printed, ours in checks:
        dec = len(printed.split(".")[1]) if "." in printed else 0
        ours_rounded = mp.nstr(ours, 30)
        match = abs(ours - mp.mpf(printed)) <= mp.mpf(10) ** (-dec) / 2
        result["math_md_checks"].append({"test": name, "depth": D, "tau": cp, "quantity": what,
                                         "printed": printed, "ours": ours_rounded,
                                         "matches_printed_digits": bool(match)})
        print(f"{name} D={D} tau={cp} {what}: printed {printed} ours {mp.nstr(ours, 12)} "
              f"{'MATCH' if match else 'DIFFER'}")
    for D, cp, qa, qb, digits, cons in report:
        flat = [v for vs in digits.values() for v in (vs if isinstance(vs, list) else [vs])]
        print(f"D={D} tau={cp}: agreed digits min {min(flat)} "
              f"(gamma {digits['gamma']}, log10 t {digits['log10_time']}, "
              f"nu {digits['nu']}, w~ {digits['w_normalized']}); "
              f"tau consistency rel err A {mp.nstr(cons[0], 3)} B {mp.nstr(cons[1], 3)}")

    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    print("wrote", args.out)


if __name__ == "__main__":
    main()
