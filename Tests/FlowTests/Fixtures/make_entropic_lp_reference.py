"""Reference for the LP-flow test (MATH.md 6.2, T14), independent of BiasFlow.

LP (Docs/examples/lp-small.csv): min x1 + 2 x2 + 3 x3 + 0.5 x4  s.t.  x1 + x2 + x3 + x4 = 1,
x1 - x2 + 2 x3 - x4 = 0.5, x >= 0.  The flow of x = u o u from x0 = exp(-c/lambda) converges to
the entropic LP  min c^T x + lambda sum(x log x - x)  s.t.  Ax = b,  whose solution is
x = exp(-(c + A^T mu)/lambda) with A x = b.  Solved here for mu by mpmath.findroot (multidimensional
Newton) at 60 digits for each lambda, and checked by the residual |Ax - b| < 1e-55.

Run: /work/main/.venv-peers/bin/python make_entropic_lp_reference.py > entropic_lp_reference.json
"""
import json
import sys
import mpmath as mp

mp.mp.dps = 60
A = [[mp.mpf(1), mp.mpf(1), mp.mpf(1), mp.mpf(1)], [mp.mpf(1), mp.mpf(-1), mp.mpf(2), mp.mpf(-1)]]
B = [mp.mpf(1), mp.mpf('0.5')]
C = [mp.mpf(1), mp.mpf(2), mp.mpf(3), mp.mpf('0.5')]


def x_of(mu, lam):
    return [mp.exp(-(C[j] + A[0][j] * mu[0] + A[1][j] * mu[1]) / lam) for j in range(4)]


def solve(lam):
    def equations(m0, m1):
        x = x_of([m0, m1], lam)
        return [sum(A[i][j] * x[j] for j in range(4)) - B[i] for i in range(2)]
    # Start from the LP dual (mu* = -y* = (-3/4, -1/4)), where the equations are well scaled.
    mu = mp.findroot(equations, (mp.mpf('-0.75'), mp.mpf('-0.25')), tol=mp.mpf(10) ** -110, maxsteps=200)
    mu = [mu[0], mu[1]]
    x = x_of(mu, lam)
    residual = max(abs(sum(A[i][j] * x[j] for j in range(4)) - B[i]) for i in range(2))
    if residual > mp.mpf(10) ** -55:
        raise SystemExit('residual too large at lambda = %s' % lam)
    return mu, x


def main():
    rows = []
    for text in ['0.5', '0.1']:
        mu, x = solve(mp.mpf(text))
        rows.append({'lambda': text, 'mu': [mp.nstr(v, 50) for v in mu], 'x': [mp.nstr(v, 50) for v in x]})
    json.dump({'lp': 'Docs/examples/lp-small.csv', 'digits': 50, 'method': 'mpmath.findroot on A exp(-(c + A^T mu)/lambda) = b, 60 digits',
               'points': rows}, sys.stdout, indent=1)
    print()


if __name__ == '__main__':
    main()
