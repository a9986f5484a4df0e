"""Reference for the saddle-to-saddle flow test (MATH.md T11), independent of BiasFlow.

Gradient flow of L = 1/2 ||X beta - y||^2 on the Woodworth depth-2 diagonal network
beta = w_+^2 - w_-^2, w_+(0) = w_-(0) = alpha, in its dual form (MATH.md 3.2):

    d eta / dt = y - X beta,   beta = 2 alpha^2 sinh(4 X^T eta),   eta(0) = 0,

for alpha = 1e-30, at 60 significant digits (mpmath), reported at physical times
t = T * ln(1/alpha) / 2 for a few rescaled times T (on the plateaus of the saddles and across the
jumps).

Method: a Taylor-series integrator written here (mpmath.odefun took more than two minutes without
reaching the first point). The Taylor coefficients of s = sinh(g), c = cosh(g), g = 4 X^T eta,
follow from s' = c g', c' = s g':  k s_k = sum_{j=1..k} j g_j c_{k-j},  k c_k = sum j g_j s_{k-j},
and (k + 1) eta_{k+1} = y [k = 0] - 2 alpha^2 X s_k. Order 40, the step chosen so that the last
two terms of the series are below 1e-62 relative to max(1, |eta|), and each reported point is
checked by repeating the run with order 50 and steps 0.7 times as long (the script prints the
number of digits on which the two runs agree, and fails below 50).

Run: /work/main/.venv-peers/bin/python make_saddle_flow_reference.py > saddle_flow_reference.json
"""
import json
import sys
import mpmath as mp

mp.mp.dps = 70
X = [[mp.mpf(1), mp.mpf('0.5'), mp.mpf('0.7'), mp.mpf(0)],
     [mp.mpf('0.5'), mp.mpf(1), mp.mpf('0.1'), mp.mpf('0.7')]]
Y = [mp.mpf(1), mp.mpf(0)]
ALPHA = mp.mpf('1e-30')
SCALE = 2 * ALPHA ** 2
N, D = 2, 4


def beta_of(eta):
    return [SCALE * mp.sinh(4 * (X[0][i] * eta[0] + X[1][i] * eta[1])) for i in range(D)]


def taylor(eta, order):
    """Taylor coefficients eta_k (k = 0..order) of the solution through eta at the current time."""
    coefficients = [list(eta)]
    g0 = [4 * (X[0][i] * eta[0] + X[1][i] * eta[1]) for i in range(D)]
    g = [g0]
    s = [[mp.sinh(v) for v in g0]]
    c = [[mp.cosh(v) for v in g0]]
    for k in range(order):
        # eta_{k+1} from s_k
        nxt = []
        for n in range(N):
            value = (Y[n] if k == 0 else 0) - SCALE * sum(X[n][i] * s[k][i] for i in range(D))
            nxt.append(value / (k + 1))
        coefficients.append(nxt)
        gk = [4 * (X[0][i] * nxt[0] + X[1][i] * nxt[1]) for i in range(D)]
        g.append(gk)
        m = k + 1
        sm, cm = [], []
        for i in range(D):
            ssum = mp.mpf(0)
            csum = mp.mpf(0)
            for j in range(1, m + 1):
                ssum += j * g[j][i] * c[m - j][i]
                csum += j * g[j][i] * s[m - j][i]
            sm.append(ssum / m)
            cm.append(csum / m)
        s.append(sm)
        c.append(cm)
    return coefficients


def evaluate(coefficients, h):
    result = [mp.mpf(0)] * N
    for k in reversed(range(len(coefficients))):
        result = [result[n] * h + coefficients[k][n] for n in range(N)]
    return result


def integrate(targets, order, shrink):
    eta = [mp.mpf(0), mp.mpf(0)]
    t = mp.mpf(0)
    out = []
    for target in targets:
        while t < target:
            coeffs = taylor(eta, order)
            scale = max(mp.mpf(1), max(abs(v) for v in eta))
            # step from the decay of the last two coefficients (radius estimate)
            tail = max(max(abs(v) for v in coeffs[order]), max(abs(v) for v in coeffs[order - 1]) ** (order / (order - 1)), mp.mpf(10) ** -200)
            h = shrink * (mp.mpf(10) ** -62 * scale / tail) ** (mp.mpf(1) / order)
            h = min(h, target - t)
            eta = evaluate(coeffs, h)
            t += h
        out.append(list(eta))
    return out


def main():
    rescaled = ['2.5', '3.9', '4.5', '5.3', '7']
    unit = mp.log(1 / ALPHA) / 2
    targets = [mp.mpf(text) * unit for text in rescaled]
    first = integrate(targets, 40, mp.mpf(1))
    second = integrate(targets, 50, mp.mpf('0.7'))
    rows = []
    for text, t, a, b in zip(rescaled, targets, first, second):
        agree = min(-mp.log10(abs(x - y) / max(abs(y), mp.mpf(10) ** -60) + mp.mpf(10) ** -70) for x, y in zip(a, b))
        print(text, 'agreeing digits', mp.nstr(agree, 4), file=sys.stderr, flush=True)
        if agree < 50:
            raise SystemExit('the two reference runs agree to fewer than 50 digits at T = ' + text)
        beta = beta_of(b)
        rows.append({'rescaled_time': text, 't': mp.nstr(t, 60), 'eta': [mp.nstr(v, 60) for v in b],
                     'beta': [mp.nstr(v, 60) for v in beta], 'loss': mp.nstr(sum((Y[n] - sum(X[n][i] * beta[i] for i in range(D))) ** 2 for n in range(N)) / 2, 60)})
    json.dump({'alpha': '1e-30', 'digits': 60,
               'method': 'Taylor series, order 40 and 50 (two runs), mpmath at 70 digits', 'points': rows}, sys.stdout, indent=1)
    print()


if __name__ == '__main__':
    main()
