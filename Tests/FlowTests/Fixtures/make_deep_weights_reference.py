"""Reference growth-time weights of a deep (L = 3), unbalanced diagonal model, by mpmath.

The model (Data/models/deep3.yaml, MATH.md §12.1): k_i = a_i b_i c_i with the initialization
direction below. For each coordinate, a_L is the layer of smallest |a*|, mu_j^2 = a*_j^2 - a*_L^2
for the other layers, sigma = prod sign(a*_j) over the other layers, and

    t+ = G(sigma a*_L),  t- = G(-sigma a*_L),  G(c) = int_c^inf dx / prod_j sqrt(x^2 + mu_j^2).

mpmath.quad (tanh-sinh) at 60 digits, independent of BiasFlow's exp-sinh rule. For L = 3 the
integral is also an incomplete elliptic integral of the first kind; the script cross-checks
one value against mpmath.ellipf through the substitution x = mu_1 tan(phi) (mu_1 > mu_2):
int dx/sqrt((x^2+m1^2)(x^2+m2^2)) = (1/m1) F(phi | 1 - m2^2/m1^2), phi = atan(x/m1).

Run: python3 make_deep_weights_reference.py > deep_weights_reference.json
"""
import json
from fractions import Fraction
import mpmath as mp

mp.mp.dps = 60

# coordinate -> (a*, b*, c*), exact decimals (the same as in Data/models/deep3.yaml)
DIRECTION = [
    ("1", "0.8", "0.5"),
    ("0.9", "-0.6", "0.3"),
    ("0.7", "1.2", "-0.4"),
    ("1.1", "0.5", "0.75"),
]


def weights(direction):
    values = [Fraction(v) for v in direction]
    last = min(range(3), key=lambda j: (abs(values[j]), j))
    aL = values[last]
    others = [values[j] for j in range(3) if j != last]
    mu2 = [v * v - aL * aL for v in others]
    sigma = 1
    for v in others:
        sigma *= 1 if v > 0 else -1
    mu = [mp.sqrt(mp.mpf(m.numerator) / m.denominator) for m in mu2]
    f = lambda x: 1 / mp.fprod(mp.sqrt(x * x + m * m) for m in mu)
    c = mp.mpf(aL.numerator) / aL.denominator
    start = sigma * c
    plus = mp.quad(f, [start, 0, mp.inf]) if start < 0 else mp.quad(f, [start, mp.inf])
    minus = mp.quad(f, [-start, 0, mp.inf]) if -start < 0 else mp.quad(f, [-start, mp.inf])
    # Elliptic cross-check of the total integral over the real line.
    m1, m2 = max(mu), min(mu)
    total_elliptic = 2 * mp.ellipk(1 - (m2 / m1) ** 2) / m1
    assert abs((plus + minus) - total_elliptic) < mp.mpf(10) ** -50 * total_elliptic, (plus + minus, total_elliptic)
    return plus, minus


out = {"dps": 60, "direction": DIRECTION, "weights": []}
for d in DIRECTION:
    p, m = weights(d)
    out["weights"].append([mp.nstr(p, 50), mp.nstr(m, 50)])
print(json.dumps(out, indent=1))
