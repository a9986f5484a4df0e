"""Independent references for the F1 flow at small initialization (issue 13, "Small alpha, every phase").

Usage (from the repository root, after scripts/install-peers.sh):

    .venv-peers/bin/python Tests/FlowTests/Fixtures/make_small_alpha_reference.py \
        [--data ../shared/data/F1.csv] [--out Tests/FlowTests/Fixtures/small_alpha_reference.json] \
        [--cases 2:1e-20,2:1e-50,3:1e-20,3:1e-50]

Same problem and conventions as make_f1_reference.py (F1, z_n = y_n x_n, exponential sum-loss
L = sum e^{-m_n}, m = Z w, tau = -ln L, dual nu with G = Z^T nu, unbiased init a = alpha,
D = 2: w = 2 a^2 sinh(4G); D = 3: w = a^3((1-S)^-3 - (1+S)^-3), S = 3aG, written as
w = (1/a - 3G)^-3 - (1/a + 3G)^-3), at alpha in {1e-20, 1e-50}, checkpoints tau in {10, 1e2, 1e3}.

Why two phases. From nu(0) = 0 the loss stays at N until the first coordinate activates: for
D = 2 at t ~ ln(1/alpha^2)/(4 max_i c_i), for D = 3 at t ~ 1/(3 alpha max_i c_i) (1e49 for
alpha = 1e-50), c = Z^T 1; the tau clock freezes there (dnu/dtau ~ 1/Q ~ alpha^-2(D-1)), the
physical time does not.

Phase 1, physical time t from t = 0, state mu = t 1 - nu (mu(0) = 0):
    dmu/dt = 1 - e,   e_n = exp(-m_n),   G = c t - Z^T mu,
until L = e^{-tau_sw} (tau_sw = 1, after the plateau; L is recomputed in mpmath after every step
and the crossing solved on heyoka's dense output, see run()). The state stays O(1)
although nu ~ t ~ 1e49, and 1/a - 3G = 1/a - 3 c t + 3 Z^T mu is formed at the run's precision,
which carries (D - 2) log2(1/alpha) extra bits for this cancellation (t is held at that precision).
Phase 2, the tau clock of make_f1_reference.py from tau_sw, state rho = nu - nu_sw (rho = 0):
    drho/dtau = e L / Q,   dsig/dtau = L^2 / Q - sig,   sig := (t - t_sw) L,
Q = sum_i H_i (Z^T e)_i^2, with nu_sw's part of G folded into constants computed in mpmath from
phase 1's end state: D = 3: A_i = 1/a - 3 G_sw,i, B_i = 1/a + 3 G_sw,i, w_i = (A_i - 3x_i)^-3 -
(B_i + 3x_i)^-3, H_i = 9((A_i - 3x_i)^-4 + (B_i + 3x_i)^-4), x = Z^T rho (no cancellation
left); D = 2: K_i^+- = ln(1/a^2) -+ 4 G_sw,i, w_i = e^{4x_i - K+} - e^{-4x_i - K-},
H_i = 4(e^{4x_i - K+} + e^{-4x_i - K-}). log10 t = log10(t_sw + sig e^tau).
Step-size sentinels (both phases, values unused): a coordinate far from activation contributes
an entire function of tiny amplitude (alpha^2 e^{4G} for D = 2, (1/a - 3G)^-3 for D = 3) whose
Taylor coefficients do not reveal the activation, so heyoka's coefficient-based step could jump
across it. Extra O(1)-sized states with the activation's singularities bound the step:
D = 2: psi_i^+- = ln((ln(1/a^2) -+ 4G_i)^2 + pi^2) / (2 ln ln(1/a^2)), D = 3:
psi_i^+- = ln(1 -+ 3aG_i) / ln(1/a).

Two independent runs per case (precision base + extra bits, tolerance 1e-45 / 1e-65, so
different Taylor orders, step sequences, switch points and phase-2 constants); every number is
written with the leading significant digits on which they agree (cap MAX_DIGITS), counts under
`agreed_digits`. Data are read as decimal strings (never through floats); post-processing in
mpmath at the run precision + 64 bits. Deterministic; only the `seconds` fields change.
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

CASES = [(2, "1e-20"), (2, "1e-50"), (3, "1e-20"), (3, "1e-50"), (3, "1e-100")]
CHECKPOINTS = ["10", "100", "1000"]
TAU_SWITCH = "1"
# (base precision bits, tolerance); (D - 2) log2(1/alpha) + 32 bits are added per case.
RUNS = [
    {"name": "A", "prec": 256, "tol": "1e-45"},
    {"name": "B", "prec": 384, "tol": "1e-65"},
]
MAX_DIGITS = 60


def read_z(path):
    """Rows z_n = y_n x_n as exact decimal strings (labels folded by flipping the sign text)."""
    with open(path, newline="") as f:
        rows = [r for r in csv.reader(f) if r]
    header, body = rows[0], rows[1:]
    Z = []
    for line, r in enumerate(body, start=2):
        if len(r) != len(header):
            raise SystemExit(f"{path}:{line}: {len(r)} fields, header has {len(header)}")
        y = r[-1].strip()
        if y not in ("1", "+1", "-1", "1.0", "-1.0"):
            raise SystemExit(f"{path}:{line}: label {y!r} is not +-1")
        neg = y.startswith("-")
        row = []
        for v in r[:-1]:
            v = v.strip()
            try:
                mp.mpf(v)
            except (ValueError, TypeError):
                raise SystemExit(f"{path}:{line}: {v!r} is not a decimal number")
            if neg:
                v = v[1:] if v.startswith("-") else "-" + v.lstrip("+")
            row.append(v)
        Z.append(row)
    return header, Z


def extra_bits(D, alpha):
    return int(mp.ceil((D - 2) * mp.log(1 / mp.mpf(alpha), 2))) + 32


def rstr(x, prec):
    return mp.nstr(x, int(prec * 0.302) + 10)


def vars_(prefix, n):
    v = hy.make_vars(*[f"{prefix}{j}" for j in range(n)])
    return [v] if n == 1 else list(v)


def sentinels(D, alpha, prec, psi, Gdot, Kp, Km, lin):
    """Sentinel equations; Kp, Km: the O(1)-scaled distances to activation as expressions."""
    R = lambda s: hy.real(str(s), prec)
    eqs = []
    d = len(Gdot)
    if D == 2:
        # psi^+- = ln(K^2 + pi^2) / (2 lnl), K^+- = ln(1/a^2) -+ 4G; dK^+-/dt = -+4 Gdot.
        piR = R(rstr(mp.pi, prec))
        for i in range(d):
            for K, sg, j in ((Kp[i], 1, 2 * i), (Km[i], -1, 2 * i + 1)):
                eqs.append((psi[j], -R(4 * sg) * Gdot[i] * K / ((K * K + piR * piR) * lin)))
    else:
        # psi^+- = ln(a C^+-) / ln(1/a), C^+- = 1/a -+ 3G; dC^+-/dt = -+3 Gdot.
        for i in range(d):
            for C, sg, j in ((Kp[i], 1, 2 * i), (Km[i], -1, 2 * i + 1)):
                eqs.append((psi[j], -R(3 * sg) * Gdot[i] / (C * lin)))
    return eqs


def phase1_system(Z, D, alpha, prec):
    R = lambda s: hy.real(str(s), prec)
    N, d = len(Z), len(Z[0])
    mu = vars_("mu", N)
    psi = vars_("psi", 2 * d)
    with mp.workprec(prec + 64):
        a = mp.mpf(alpha)  # inside: 1/a - 3G cancels (D - 2) log2(1/alpha) bits
        c = [mp.fsum(mp.mpf(Z[n][i]) for n in range(N)) for i in range(d)]
        ell = mp.log(1 / a ** 2)
        # sentinel normalizer (>= 1, so alpha near 1 is allowed; equal to the log for the cases here)
        lin = max(mp.log(ell) if D == 2 else mp.log(1 / a), mp.mpf(1))
        cs = [rstr(v, prec) for v in c]
        ells, lins, ias = rstr(ell, prec), rstr(lin, prec), rstr(1 / a, prec)
    G = [R(cs[i]) * hy.time - hy.sum([R(Z[n][i]) * mu[n] for n in range(N)]) for i in range(d)]
    if D == 2:
        aR = R(alpha)
        w = [R(2) * aR * aR * hy.sinh(R(4) * G[i]) for i in range(d)]
        Kp = [R(ells) - R(4) * G[i] for i in range(d)]
        Km = [R(ells) + R(4) * G[i] for i in range(d)]
    else:
        Kp = [R(ias) - R(3) * G[i] for i in range(d)]
        Km = [R(ias) + R(3) * G[i] for i in range(d)]
        w = [R(1) / (Kp[i] * Kp[i] * Kp[i]) - R(1) / (Km[i] * Km[i] * Km[i]) for i in range(d)]
    m = [hy.sum([R(Z[n][i]) * w[i] for i in range(d)]) for n in range(N)]
    e = [hy.exp(-m[n]) for n in range(N)]
    L = hy.sum(e)
    Gdot = [hy.sum([R(Z[n][i]) * e[n] for n in range(N)]) for i in range(d)]
    eqs = [(mu[n], R(1) - e[n]) for n in range(N)]
    eqs += sentinels(D, alpha, prec, psi, Gdot, Kp, Km, R(lins))
    return eqs, c


def phase2_constants(Z, D, alpha, c, t_sw, mu_sw):
    """In mpmath (current precision): G_sw and the constants K^+- (D = 2) or A, B (D = 3)."""
    N, d = len(Z), len(Z[0])
    a = mp.mpf(alpha)
    G = [c[i] * t_sw - mp.fsum(mp.mpf(Z[n][i]) * mu_sw[n] for n in range(N)) for i in range(d)]
    if D == 2:
        ell = mp.log(1 / a ** 2)
        return G, [ell - 4 * g for g in G], [ell + 4 * g for g in G]
    return G, [1 / a - 3 * g for g in G], [1 / a + 3 * g for g in G]


def model(D, Kp, Km, x, exp, one):
    """w and H from the phase-2 constants and x = Z^T rho (works for heyoka and mpmath)."""
    if D == 2:
        Ep = [exp(4 * xi - k) for xi, k in zip(x, Kp)]
        Em = [exp(-4 * xi - k) for xi, k in zip(x, Km)]
        return [p - q for p, q in zip(Ep, Em)], [4 * (p + q) for p, q in zip(Ep, Em)]
    Cp = [k - 3 * xi for xi, k in zip(x, Kp)]
    Cm = [k + 3 * xi for xi, k in zip(x, Km)]
    w = [one / (p * p * p) - one / (q * q * q) for p, q in zip(Cp, Cm)]
    H = [9 * (one / (p * p * p * p) + one / (q * q * q * q)) for p, q in zip(Cp, Cm)]
    return w, H


def phase2_system(Z, D, alpha, prec, Kp_s, Km_s):
    R = lambda s: hy.real(str(s), prec)
    N, d = len(Z), len(Z[0])
    rho = vars_("rho", N)
    sig = hy.make_vars("sig")
    psi = vars_("psi", 2 * d)
    x = [hy.sum([R(Z[n][i]) * rho[n] for n in range(N)]) for i in range(d)]
    Kp = [R(v) for v in Kp_s]
    Km = [R(v) for v in Km_s]
    if D == 2:
        Ep = [hy.exp(R(4) * x[i] - Kp[i]) for i in range(d)]
        Em = [hy.exp(-R(4) * x[i] - Km[i]) for i in range(d)]
        w = [Ep[i] - Em[i] for i in range(d)]
        H = [R(4) * (Ep[i] + Em[i]) for i in range(d)]
        Sp = [Kp[i] - R(4) * x[i] for i in range(d)]
        Sm = [Km[i] + R(4) * x[i] for i in range(d)]
        with mp.workprec(prec + 64):
            lins = rstr(max(mp.log(mp.log(1 / mp.mpf(alpha) ** 2)), mp.mpf(1)), prec)
    else:
        Cp = [Kp[i] - R(3) * x[i] for i in range(d)]
        Cm = [Km[i] + R(3) * x[i] for i in range(d)]
        w = [R(1) / (Cp[i] * Cp[i] * Cp[i]) - R(1) / (Cm[i] * Cm[i] * Cm[i]) for i in range(d)]
        H = [R(9) * (R(1) / (Cp[i] * Cp[i] * Cp[i] * Cp[i]) + R(1) / (Cm[i] * Cm[i] * Cm[i] * Cm[i]))
             for i in range(d)]
        Sp, Sm = Cp, Cm
        with mp.workprec(prec + 64):
            lins = rstr(max(mp.log(1 / mp.mpf(alpha)), mp.mpf(1)), prec)
    m = [hy.sum([R(Z[n][i]) * w[i] for i in range(d)]) for n in range(N)]
    e = [hy.exp(-m[n]) for n in range(N)]
    L = hy.sum(e)
    ZTe = [hy.sum([R(Z[n][i]) * e[n] for n in range(N)]) for i in range(d)]
    Q = hy.sum([H[i] * ZTe[i] * ZTe[i] for i in range(d)])
    eqs = [(rho[n], e[n] * L / Q) for n in range(N)] + [(sig, L * L / Q - sig)]
    gtau = [ZTe[i] * L / Q for i in range(d)]  # dG/dtau = Z^T (e L / Q)
    eqs += sentinels(D, alpha, prec, psi, gtau, Sp, Sm, R(lins))
    return eqs


def mpf_of(x):
    return mp.mpf(str(x))


def run(Z, D, alpha, prec, tol):
    N, d = len(Z), len(Z[0])
    R = lambda s: hy.real(str(s), prec)
    out = {"prec": prec, "tol": tol}
    t0 = time.time()
    eqs, c = phase1_system(Z, D, alpha, prec)
    ta = hy.taylor_adaptive(eqs, [hy.real(0, prec)] * (N + 2 * d), time=hy.real(0, prec),
                            fp_type=hy.real, prec=prec, tol=R(tol), compact_mode=True)
    out["order"] = ta.order
    out["setup1"] = time.time() - t0
    t1 = time.time()
    # The switch: after every step L is recomputed in mpmath from the state (independently of
    # the compiled expressions); the first step that ends with L <= e^-tau_sw holds the
    # crossing, which is then solved on heyoka's dense output (the step's Taylor polynomial) by
    # Illinois false position to the run's precision.
    mp.mp.prec = prec + 64
    Zm = [[mp.mpf(v) for v in row] for row in Z]
    level = mp.exp(-mp.mpf(TAU_SWITCH))

    def loss_at(tt, muv):
        G = [c[i] * tt - mp.fsum(Zm[n][i] * muv[n] for n in range(N)) for i in range(d)]
        if D == 2:
            w = [2 * mp.mpf(alpha) ** 2 * mp.sinh(4 * g) for g in G]
        else:
            ia = 1 / mp.mpf(alpha)
            w = [(ia - 3 * g) ** -3 - (ia + 3 * g) ** -3 for g in G]
        return mp.fsum(mp.exp(-mp.fsum(Zm[n][i] * w[i] for i in range(d))) for n in range(N))

    steps = 0
    t_prev = mpf_of(ta.time)
    while True:
        oc, h = ta.step(write_tc=True)
        steps += 1
        if oc != hy.taylor_outcome.success or steps > 200000:
            raise SystemExit(f"D={D} alpha={alpha} prec={prec}: phase 1 step failed ({oc}) at t = {ta.time}")
        t_cur = mpf_of(ta.time)
        L_cur = loss_at(t_cur, [mpf_of(v) for v in ta.state[:N]])
        if L_cur <= level:
            break
        t_prev = t_cur
    dense = lambda tt: loss_at(tt, [mpf_of(v) for v in ta.update_d_output(R(rstr(tt, prec)))[:N]]) - level
    lo, hi = t_prev, t_cur
    flo, fhi = dense(lo), dense(hi)
    if not (flo > 0 >= fhi):
        raise SystemExit(f"D={D} alpha={alpha}: dense output does not bracket the switch")
    side = 0
    for _ in range(4 * prec):
        tm = hi - fhi * (hi - lo) / (fhi - flo)  # Illinois false position
        if not (lo < tm < hi):
            tm = (lo + hi) / 2
        fm = dense(tm)
        if fm > 0:
            lo, flo = tm, fm
            if side == -1:
                fhi /= 2
            side = -1
        else:
            hi, fhi = tm, fm
            if side == 1:
                flo /= 2
            side = 1
        if hi - lo <= abs(hi) * mp.mpf(2) ** (-prec) or fm == 0:
            break
    t_sw = hi if abs(fhi) < abs(flo) else lo
    mu_sw = [mpf_of(v) for v in ta.update_d_output(R(rstr(t_sw, prec)))[:N]]
    out["steps1"] = steps
    out["seconds1"] = time.time() - t1
    G_sw, Kp, Km = phase2_constants(Z, D, alpha, c, t_sw, mu_sw)
    out.update({"t_sw": t_sw, "mu_sw": mu_sw, "G_sw": G_sw, "Kp": Kp, "Km": Km})
    t0 = time.time()
    eqs = phase2_system(Z, D, alpha, prec, [rstr(v, prec) for v in Kp], [rstr(v, prec) for v in Km])
    tb = hy.taylor_adaptive(eqs, [hy.real(0, prec)] * (N + 1 + 2 * d), time=R(TAU_SWITCH),
                            fp_type=hy.real, prec=prec, tol=R(tol), compact_mode=True)
    out["setup2"] = time.time() - t0
    cps = []
    for cp in CHECKPOINTS:
        t1 = time.time()
        r2 = tb.propagate_until(R(cp))
        if r2[0] != hy.taylor_outcome.time_limit:
            raise SystemExit(f"D={D} alpha={alpha} prec={prec}: phase 2 stopped at tau = {tb.time}: {r2[0]}")
        cps.append({"tau": cp, "steps": int(r2[3]), "seconds": time.time() - t1,
                    "rho": [mpf_of(v) for v in tb.state[:N]], "sig": mpf_of(tb.state[N])})
    out["checkpoints"] = cps
    return out


def post(Z, D, alpha, r, cp):
    N, d = len(Z), len(Z[0])
    Zm = [[mp.mpf(v) for v in row] for row in Z]
    tau = mp.mpf(cp["tau"])
    rho = cp["rho"]
    x = [mp.fsum(Zm[n][i] * rho[n] for n in range(N)) for i in range(d)]
    w, _ = model(D, r["Kp"], r["Km"], x, mp.exp, mp.mpf(1))
    nu = [r["t_sw"] - r["mu_sw"][n] + rho[n] for n in range(N)]
    m = [mp.fsum(Zm[n][i] * w[i] for i in range(d)) for n in range(N)]
    gamma = min(m)
    tau_rec = gamma - mp.log(mp.fsum(mp.exp(-(mn - gamma)) for mn in m))
    t = r["t_sw"] + cp["sig"] * mp.exp(tau)
    return {"nu": nu, "w": w, "w_normalized": [wi / gamma for wi in w], "gamma": [gamma],
            "margins": m, "log10_time": [mp.log10(t)], "tau_recomputed": [tau_rec]}


def agreed_digits(a, b, cap):
    """Leading significant decimal digits on which a and b agree (b the more precise)."""
    if a == b:
        return cap
    if b == 0:
        return 0
    rel = abs(a - b) / abs(b)
    return max(0, min(cap, int(mp.floor(-mp.log10(rel)))))


def fmt(x, k):
    return mp.nstr(x, max(k, 1), strip_zeros=False, min_fixed=-4, max_fixed=8)


SCALARS = ("gamma", "log10_time", "tau_recomputed")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--out", default=os.path.join(HERE, "small_alpha_reference.json"))
    ap.add_argument("--cases", default=",".join(f"{D}:{a}" for D, a in CASES),
                    help="comma-separated D:alpha (default %(default)s); with --merge, replaces "
                         "those cases in an existing --out file")
    ap.add_argument("--merge", action="store_true")
    args = ap.parse_args()
    cases = []
    for item in args.cases.split(","):
        D, a = item.strip().split(":")
        cases.append((int(D), a))
    header, Z = read_z(args.data)
    N, d = len(Z), len(Z[0])

    result = {
        "description": "F1 flow at small alpha (issue 13): exponential sum-loss, unbiased init "
                       "alpha, D in {2, 3}; phase 1 in physical time t (state mu = t - nu) to "
                       "tau = tau_switch, phase 2 in the tau clock (state rho = nu - nu_sw, "
                       "sig = (t - t_sw) L); every number is a decimal string with the leading "
                       "significant digits on which two independent heyoka runs agree",
        "generator": "Tests/FlowTests/Fixtures/make_small_alpha_reference.py",
        "data": {"file": os.path.basename(args.data), "Z": Z, "N": N, "d": d},
        "tau0": "-ln " + str(N),
        "tau_switch": TAU_SWITCH,
        "closed_forms": "D = 2: w = 2 a^2 sinh(4G); D = 3: w = (1/a - 3G)^-3 - (1/a + 3G)^-3 "
                        "(= a^3((1-S)^-3 - (1+S)^-3), S = 3aG); G = Z^T nu; nu(0) = 0, "
                        "dnu/dt = exp(-Z w)",
        "quantities": "nu, w, w_normalized = w/gamma, gamma = min_n m_n, margins m = Z w, "
                      "log10_time = log10 t (physical time at which tau is reached), "
                      "tau_recomputed = -ln sum exp(-m) from the state (consistency)",
        "max_digits": MAX_DIGITS,
        "heyoka_version": hy.__version__,
        "mpmath_version": mp.__version__,
        "python": platform.python_version(),
        "cases": [],
    }
    if args.merge and os.path.exists(args.out):
        with open(args.out) as f:
            old = json.load(f)
        keep = [c for c in old.get("cases", []) if (c["depth"], c["alpha"]) not in set(cases)]
        result["cases"] = keep

    for D, alpha in cases:
        eb = extra_bits(D, alpha)
        t_case = time.time()
        per_run = []
        run_info = []
        for spec in RUNS:
            prec = spec["prec"] + eb
            r = run(Z, D, alpha, prec, spec["tol"])
            per_run.append(r)
            info = {"name": spec["name"], "precision_bits": prec, "tol": spec["tol"], "order": r["order"],
                    "phase1_setup_seconds": round(r["setup1"], 2), "phase1_steps": r["steps1"],
                    "phase1_seconds": round(r["seconds1"], 2),
                    "phase2_setup_seconds": round(r["setup2"], 2),
                    "phase2_steps": [c["steps"] for c in r["checkpoints"]],
                    "phase2_seconds": [round(c["seconds"], 2) for c in r["checkpoints"]]}
            run_info.append(info)
            print(f"D={D} alpha={alpha} run {spec['name']}: prec {prec} tol {spec['tol']} order "
                  f"{r['order']}; phase 1 {r['steps1']} steps {r['seconds1']:.1f}s (setup "
                  f"{r['setup1']:.1f}s), t_sw = {mp.nstr(r['t_sw'], 20)}; phase 2 steps "
                  f"{info['phase2_steps']} seconds {info['phase2_seconds']} (setup {r['setup2']:.1f}s)",
                  flush=True)
        mp.mp.prec = max(r["prec"] for r in per_run) + 64
        ra, rb = per_run
        k_sw = agreed_digits(ra["t_sw"], rb["t_sw"], MAX_DIGITS)
        entry = {"depth": D, "alpha": alpha, "runs": run_info,
                 "switch": {"tau": TAU_SWITCH, "t": fmt(rb["t_sw"], k_sw),
                            "log10_t": fmt(mp.log10(rb["t_sw"]), MAX_DIGITS if k_sw >= MAX_DIGITS else k_sw),
                            "agreed_digits": k_sw,
                            "note": "physical time t_sw at which tau = tau_switch (each run "
                                    "locates its own switch on its dense output)"},
                 "checkpoints": []}
        for ca, cb in zip(ra["checkpoints"], rb["checkpoints"]):
            qa, qb = post(Z, D, alpha, ra, ca), post(Z, D, alpha, rb, cb)
            tau = mp.mpf(cb["tau"])
            e = {"tau": cb["tau"], "log10_loss": fmt(-tau / mp.log(10), MAX_DIGITS)}
            digits = {}
            for key in qb:
                vals, ks = [], []
                for xa, xb in zip(qa[key], qb[key]):
                    k = agreed_digits(xa, xb, MAX_DIGITS)
                    vals.append(fmt(xb, k))
                    ks.append(k)
                scalar = key in SCALARS
                e[key] = vals[0] if scalar else vals
                digits[key] = ks[0] if scalar else ks
            cons = [abs(q["tau_recomputed"][0] - tau) / tau for q in (qa, qb)]
            if max(cons) > mp.mpf("1e-30"):
                raise SystemExit(f"D={D} alpha={alpha} tau={cb['tau']}: tau recomputed from the "
                                 f"state differs from the clock (A {mp.nstr(cons[0], 3)}, B "
                                 f"{mp.nstr(cons[1], 3)}): a run is wrong, nothing written for this case")
            e["agreed_digits"] = digits
            e["min_agreed_digits"] = min(min(v) if isinstance(v, list) else v for v in digits.values())
            e["tau_consistency_rel_error"] = {"A": mp.nstr(cons[0], 3), "B": mp.nstr(cons[1], 3)}
            entry["checkpoints"].append(e)
            print(f"  tau={cb['tau']}: min agreed digits {e['min_agreed_digits']} (gamma {digits['gamma']}, "
                  f"log10 t {digits['log10_time']}, nu {digits['nu']}, w {digits['w']}); log10 t = "
                  f"{e['log10_time'][:16]}, gamma = {e['gamma'][:16]}; tau consistency "
                  f"A {mp.nstr(cons[0], 3)} B {mp.nstr(cons[1], 3)}", flush=True)
        entry["seconds"] = round(time.time() - t_case, 1)
        result["cases"].append(entry)
        result["cases"].sort(key=lambda c: (c["depth"], -mp.log10(mp.mpf(c["alpha"]))))
        with open(args.out, "w") as f:  # after every case, so partial results survive
            json.dump(result, f, indent=1)
            f.write("\n")
        print(f"D={D} alpha={alpha}: {entry['seconds']} s; wrote {args.out}", flush=True)


if __name__ == "__main__":
    main()
